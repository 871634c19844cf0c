# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import math

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .number_bounds import MAX_PRICE, MAX_QUANTITY, check_numbers, parse_number
from .periscope_concierge_order import DESK_GROUP

# what a line keeps once its order has left the desk, is invoiced or settled
PRICED_FIELDS = {"product_id", "quantity", "price_unit", "provider_id"}
# what the desk, the portal or a program may enter
NUMBER_BOUNDS = {"quantity": (0, MAX_QUANTITY), "price_unit": (0, MAX_PRICE)}


class PeriscopeConciergeOrderLine(models.Model):
    """A service of an order, routed to the service's ESS provider, who
    marks it ready."""

    _name = "periscope.concierge.order.line"
    _description = "Concierge Order Line"
    _order = "order_id desc, sequence, id"
    _check_company_auto = True

    order_id = fields.Many2one(comodel_name="periscope.concierge.order", required=True, index=True, ondelete="cascade")
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(related="order_id.company_id", store=True)
    currency_id = fields.Many2one(related="order_id.currency_id")
    order_state = fields.Selection(related="order_id.state", string="Order status")
    product_id = fields.Many2one(
        comodel_name="product.product",
        string="Service",
        required=True,
        check_company=True,
        domain=[("is_concierge_service", "=", True)],
    )
    name = fields.Text(string="Description", compute="_compute_name", store=True, readonly=False, precompute=True)
    quantity = fields.Float(default=1.0, required=True, digits="Product Unit of Measure")
    price_unit = fields.Float(
        string="Unit price",
        digits="Product Price",
        compute="_compute_price_unit",
        store=True,
        readonly=False,
        precompute=True,
        help="The customer's rate when the order is taken: the member rate of "
        "their organisation's membership type, or the public price.",
    )
    price_subtotal = fields.Monetary(string="Subtotal", compute="_compute_amounts", store=True)
    provider_id = fields.Many2one(
        comodel_name="res.partner",
        compute="_compute_provider_id",
        store=True,
        readonly=True,
        precompute=True,
        index=True,
    )
    # the hub's figures: for its staff, not for the providers nor the
    # customers on the portal
    provider_share = fields.Monetary(
        string="Provider's share",
        compute="_compute_amounts",
        store=True,
        groups="base.group_user",
        help="What the provider is paid for this line, rounded to the cent.",
    )
    commission = fields.Monetary(
        string="Hub's commission", compute="_compute_amounts", store=True, groups="base.group_user"
    )
    state = fields.Selection(
        selection=[("pending", "To send"), ("at_provider", "To do"), ("ready", "Ready")],
        string="Provider status",
        default="pending",
        required=True,
        copy=False,
    )
    date_ready = fields.Datetime(string="Ready on", readonly=True, copy=False)
    ready_by_id = fields.Many2one(comodel_name="res.users", string="Marked ready by", readonly=True, copy=False)
    beneficiary_id = fields.Many2one(related="order_id.beneficiary_id", string="Customer")
    expected_date = fields.Date(related="order_id.expected_date")
    note = fields.Text(related="order_id.note", string="Instructions")
    settlement_id = fields.Many2one(
        comodel_name="periscope.concierge.settlement",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="restrict",
        help="The provider's monthly settlement that pays this line.",
    )
    invoice_line_ids = fields.One2many(
        comodel_name="account.move.line",
        inverse_name="periscope_concierge_line_id",
        string="Invoice lines",
        readonly=True,
    )

    _sql_constraints = [
        (
            "quantity_positive",
            "CHECK(quantity > 0 AND quantity <= 10000)",
            "The quantity of a service must be positive, and at most 10,000.",
        ),
        (
            "price_not_negative",
            "CHECK(price_unit >= 0 AND price_unit <= 100000)",
            "The price of a service cannot be negative, nor above 100,000.",
        ),
    ]

    @api.depends("product_id")
    def _compute_name(self):
        for line in self:
            line.name = line.product_id.display_name or line.name

    @api.depends("product_id", "quantity", "order_id.partner_id")
    def _compute_price_unit(self):
        for line in self:
            if not line.product_id:
                line.price_unit = 0.0
                continue
            order = line.order_id
            pricelist = (order.beneficiary_id or order.partner_id)._periscope_rates_pricelist()
            quantity = line.quantity
            if not (math.isfinite(quantity) and 0 < quantity <= MAX_QUANTITY):
                # being typed, out of bounds: the price of one
                quantity = 1.0
            line.price_unit = (
                pricelist._get_product_price(line.product_id, quantity, uom=line.product_id.uom_id)
                if pricelist
                else line.product_id.lst_price
            )

    @api.depends("product_id")
    def _compute_provider_id(self):
        for line in self:
            line.provider_id = line.product_id.product_tmpl_id.concierge_provider_id

    @api.depends("quantity", "price_unit", "product_id", "currency_id")
    def _compute_amounts(self):
        for line in self:
            currency = line.currency_id or self.env.company.currency_id
            if not line._numbers_within_bounds():
                # a quantity typed in the desk's form (1e307, nan): no amount
                # until it is corrected, and the save refuses it
                line.price_subtotal = line.provider_share = line.commission = 0.0
                continue
            subtotal = currency.round(line.quantity * line.price_unit)
            share = (
                currency.round(line.product_id.product_tmpl_id._concierge_share(subtotal, line.quantity))
                if line.product_id
                else 0.0
            )
            line.price_subtotal = subtotal
            line.provider_share = share
            line.commission = subtotal - share

    def _numbers_within_bounds(self):
        self.ensure_one()
        return all(
            math.isfinite(self[name]) and low <= self[name] <= high for name, (low, high) in NUMBER_BOUNDS.items()
        )

    @api.constrains("quantity", "product_id")
    def _check_line(self):
        for line in self:
            if line.quantity <= 0:
                raise ValidationError(_("The quantity of %s must be positive.", line.product_id.display_name))
            if not line.product_id.is_concierge_service:
                raise ValidationError(_("%s is not a concierge service.", line.product_id.display_name))
            if not line.provider_id:
                raise ValidationError(
                    _("The service %s has no provider to carry it out.", line.product_id.display_name)
                )

    @api.constrains("provider_id")
    def _check_provider(self):
        # the provider who is settled for a line is its service's: it is not
        # chosen on the line (a new service gets the provider of its product)
        for line in self:
            if line.provider_id != line.product_id.concierge_provider_id:
                raise ValidationError(
                    _(
                        "%(service)s is carried out by %(provider)s: its lines go to that provider.",
                        service=line.product_id.display_name,
                        provider=line.product_id.concierge_provider_id.display_name,
                    )
                )

    def _checked_numbers(self, vals, onchange=False):
        """``vals`` with its numbers checked before anything is written or
        computed (a quantity of 0 is let through while it is being typed)."""
        quantity = parse_number(vals.get("quantity"))
        if not onchange and quantity is not None and quantity <= 0:
            raise ValidationError(_("The quantity of a service must be positive."))
        return check_numbers(self, vals, NUMBER_BOUNDS)

    def onchange(self, values, field_names, fields_spec):
        # the form of who may write them: a portal user computes nothing here
        # (who pays, an organisation's rates) on any partner they name
        self.browse().check_access("write")
        # a number out of bounds typed in the desk's form: a message, not an
        # overflow of the ORM while it rounds the number
        self._checked_numbers(values, onchange=True)
        return super().onchange(values, field_names, fields_spec)

    @api.model_create_multi
    def create(self, vals_list):
        # who may create, before what they send is looked at
        self.check_access("create")
        vals_list = [self._checked_numbers(vals) for vals in vals_list]
        lines = super().create(vals_list)
        lines._check_order_open()
        return lines

    def write(self, vals):
        # who may write, before what they send is looked at
        self.check_access("write")
        vals = self._checked_numbers(vals)
        if set(vals) & PRICED_FIELDS:
            self._check_order_open()
        settled = self.filtered("settlement_id")
        if settled and set(vals) & {"settlement_id", "provider_share"}:
            raise UserError(
                _(
                    "%(service)s of %(order)s is settled with its provider: its "
                    "share and its settlement can no longer change.",
                    service=settled[0].name,
                    order=settled[0].order_id.name,
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_taken(self):
        self._check_order_open()

    def _check_order_open(self):
        """Services are added or changed while the order is a draft or just
        deposited; never once invoiced."""
        for line in self:
            # sudo: whether the line is invoiced, without reading invoices
            if line.order_id.state not in ("draft", "deposited") or (line.sudo().invoice_line_ids):
                raise UserError(
                    _(
                        "%(order)s is %(state)s: its services can no longer change.",
                        order=line.order_id.name,
                        state=line.order_id._state_label(),
                    )
                )

    def action_mark_ready(self):
        """The provider has done the work: marked by the provider on the
        portal (their organisation's lines only), or by the desk for them."""
        self._check_provider_or_desk()
        # the step of the order as a related field: a provider does not read
        # the orders
        not_there = self.filtered(lambda line: line.state != "at_provider" or line.order_state != "at_provider")
        if not_there:
            raise UserError(
                _("Only a service at the provider can be marked ready: %s.", ", ".join(not_there.mapped("name")))
            )
        # sudo: the caller was checked above, the desk or the provider of each
        # line; a provider marks their lines without the right to write them,
        # nor the order
        self.sudo().write({"state": "ready", "date_ready": fields.Datetime.now(), "ready_by_id": self.env.user.id})
        self.order_id.sudo()._update_ready()
        return True

    def _check_provider_or_desk(self):
        """Only the desk, or the provider of every line of ``self``, acts for
        the providers: reading a line (a customer reads the lines of their
        organisation's orders) is not enough."""
        if self.env.su:
            return
        if self.env.user.has_group(DESK_GROUP):
            self.check_access("write")
            return
        self.check_access("read")
        organisation = self.env.user.partner_id.commercial_partner_id
        # sudo: which of these lines, readable by the user, are routed to
        # their organisation, as the providers' record rule has it
        theirs = (
            self.sudo()
            .search([("id", "in", self.ids), ("provider_id", "child_of", organisation.id)])
            .with_env(self.env)
        )
        others = self - theirs
        if others:
            raise AccessError(
                _(
                    "Only the provider of a service, or the concierge desk, marks "
                    "it ready: %s is not routed to your organisation.",
                    ", ".join(others.sudo().mapped("name")),
                )
            )
