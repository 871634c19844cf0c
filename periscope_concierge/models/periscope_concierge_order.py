# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import secrets
from collections import defaultdict
from datetime import timedelta

from markupsafe import Markup

from odoo import Command, _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, is_html_empty

from odoo.addons.periscope_members.tools.billing import analytic_distribution, billed_once

from .number_bounds import check_numbers

# the way of an order through the desk, one step at a time
STATES = [
    ("draft", "Draft"),
    ("deposited", "Deposited"),
    ("at_provider", "At the provider"),
    ("ready", "Ready"),
    ("at_desk", "At the desk"),
    ("collected", "Collected"),
    ("cancelled", "Cancelled"),
]
NEXT_STATE = {
    "draft": "deposited",
    "deposited": "at_provider",
    "at_provider": "ready",
    "ready": "at_desk",
    "at_desk": "collected",
}
CANCELLABLE = ("draft", "deposited", "at_provider", "ready", "at_desk")
# a member cancels an order of their organisation while it is still at the desk
MEMBER_CANCELLABLE = ("draft", "deposited")
# the concierge desk (the managers too): it moves the orders through the steps
DESK_GROUP = "periscope_concierge.group_periscope_concierge_user"
STEP_DATES = {
    "deposited": "date_deposited",
    "at_provider": "date_at_provider",
    "ready": "date_ready",
    "at_desk": "date_at_desk",
    "collected": "date_collected",
    "cancelled": "date_cancelled",
}
# no 0/O, 1/I/L: read aloud at the desk
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6


def add_working_days(day, days):
    """``day`` plus ``days`` working days (Monday to Friday)."""
    while days > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day


class PeriscopeConciergeOrder(models.Model):
    _name = "periscope.concierge.order"
    _description = "Concierge Order"
    _inherit = ["mail.thread", "mail.activity.mixin", "portal.mixin"]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(string="Reference", required=True, readonly=True, copy=False, default="/")
    beneficiary_id = fields.Many2one(
        comodel_name="res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        help="The person who drops the order off and collects it.",
    )
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Invoiced to",
        required=True,
        index=True,
        tracking=True,
        compute="_compute_partner_id",
        store=True,
        readonly=False,
        precompute=True,
        help="Who pays: the person, or their organisation when its concierge "
        "agreement bills the employees' orders to the company.",
    )
    agreement_id = fields.Many2one(
        comodel_name="periscope.concierge.agreement",
        string="Concierge agreement",
        compute="_compute_partner_id",
        store=True,
        readonly=True,
        precompute=True,
        help="The agreement of the customer's organisation: its orders billed to "
        "the company are invoiced with the monthly fee.",
    )
    company_id = fields.Many2one(comodel_name="res.company", required=True, default=lambda self: self.env.company)
    currency_id = fields.Many2one(related="company_id.currency_id")
    user_id = fields.Many2one(
        comodel_name="res.users", string="Taken by", default=lambda self: self.env.user, tracking=True
    )
    state = fields.Selection(
        selection=STATES,
        default="draft",
        required=True,
        index=True,
        tracking=True,
        copy=False,
        group_expand="_group_expand_states",
    )
    # the desk reads every code; a customer reads their own through
    # my_pickup_code, not their colleagues'
    pickup_code = fields.Char(
        string="Pick-up code",
        required=True,
        readonly=True,
        copy=False,
        groups=DESK_GROUP,
        help="Given when the order is saved, never changed: asked when the customer collects the order.",
    )
    my_pickup_code = fields.Char(
        string="Your pick-up code",
        compute="_compute_my_pickup_code",
        help="The pick-up code, for the desk, the customer of the order and who ordered it; empty for anyone else.",
    )
    line_ids = fields.One2many(
        comodel_name="periscope.concierge.order.line", inverse_name="order_id", string="Services", copy=True
    )
    amount_total = fields.Monetary(string="Total", compute="_compute_amounts", store=True)
    provider_share_total = fields.Monetary(
        string="Providers' share", compute="_compute_amounts", store=True, groups="base.group_user"
    )
    provider_ids = fields.Many2many(comodel_name="res.partner", string="Providers", compute="_compute_provider_ids")
    expected_date = fields.Date(
        string="Expected at the desk",
        compute="_compute_expected_date",
        store=True,
        help="The drop-off day plus the longest turnaround of its services, in working days.",
    )
    date_deposited = fields.Datetime(string="Deposited on", readonly=True, copy=False)
    date_at_provider = fields.Datetime(string="At the provider since", readonly=True, copy=False)
    date_ready = fields.Datetime(string="Ready on", readonly=True, copy=False)
    date_at_desk = fields.Datetime(string="At the desk since", readonly=True, copy=False)
    date_collected = fields.Datetime(string="Collected on", readonly=True, copy=False)
    date_cancelled = fields.Datetime(string="Cancelled on", readonly=True, copy=False)
    invoice_id = fields.Many2one(
        comodel_name="account.move", compute="_compute_invoice_id", store=True, index="btree_not_null"
    )
    is_invoiced = fields.Boolean(string="Invoiced", compute="_compute_invoice_id", store=True)
    note = fields.Text(help="What the provider needs to know.")
    color = fields.Integer()

    _sql_constraints = [("pickup_code_unique", "UNIQUE(pickup_code)", "This pick-up code is already taken.")]

    @api.model
    def _draw_pickup_code(self):
        return "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))

    def _new_pickup_codes(self, count):
        """``count`` pick-up codes drawn at random, different from each other
        and from every order's: the codes are unique (the desk finds an order
        by its code), and among 10,000 orders two random codes of six
        characters already meet once in twenty hubs; a code taken is drawn
        again. One query a batch of orders."""
        self.flush_model(["pickup_code"])
        codes = set()
        while len(codes) < count:
            drawn = {self._draw_pickup_code() for _i in range(count - len(codes))} - codes
            self.env.cr.execute(
                SQL("SELECT pickup_code FROM periscope_concierge_order WHERE pickup_code = ANY(%s)", list(drawn))
            )
            codes |= drawn - {code for (code,) in self.env.cr.fetchall()}
        return list(codes)

    def _new_pickup_code(self):
        return self._new_pickup_codes(1)[0]

    @api.model
    def _group_expand_states(self, states, domain):
        return [key for key, _label in STATES if key != "cancelled"]

    @api.depends("beneficiary_id", "create_uid")
    @api.depends_context("uid")
    def _compute_my_pickup_code(self):
        user = self.env.user
        desk = user.has_group(DESK_GROUP)
        for order in self:
            mine = desk or order.beneficiary_id == user.partner_id or order.create_uid == user
            # sudo: the code itself is the desk's field; it is given here to
            # the customer of the order and to whoever ordered it
            order.my_pickup_code = order.sudo().pickup_code if mine else False

    @api.depends("beneficiary_id")
    def _compute_partner_id(self):
        Agreement = self.env["periscope.concierge.agreement"]
        today = fields.Date.context_today(self)
        for order in self:
            beneficiary = order.beneficiary_id
            agreement = Agreement.browse()
            if beneficiary:
                agreement = Agreement._for_organisation(beneficiary.commercial_partner_id, today)
            order.agreement_id = agreement
            if agreement.billing == "company":
                order.partner_id = agreement.partner_id
            else:
                order.partner_id = beneficiary

    @api.depends("line_ids.price_subtotal", "line_ids.provider_share")
    def _compute_amounts(self):
        for order in self:
            order.amount_total = sum(order.line_ids.mapped("price_subtotal"))
            order.provider_share_total = sum(order.line_ids.mapped("provider_share"))

    @api.depends("line_ids.provider_id")
    def _compute_provider_ids(self):
        for order in self:
            order.provider_ids = order.line_ids.provider_id

    @api.depends("date_deposited", "line_ids.product_id", "state")
    def _compute_expected_date(self):
        for order in self:
            if order.state == "cancelled":
                order.expected_date = False
                continue
            start = (
                fields.Date.context_today(order, order.date_deposited)
                if order.date_deposited
                else fields.Date.context_today(order)
            )
            days = max(order.line_ids.product_id.mapped("concierge_turnaround_days") or [0])
            order.expected_date = add_working_days(start, days)

    @api.depends("line_ids.invoice_line_ids")
    def _compute_invoice_id(self):
        for order in self:
            invoice_lines = order.line_ids.invoice_line_ids
            order.invoice_id = invoice_lines[:1].move_id
            order.is_invoiced = bool(invoice_lines)

    def _compute_access_url(self):
        res = super()._compute_access_url()
        for order in self:
            order.access_url = f"/my/concierge/{order.id}"
        return res

    @api.depends("name", "beneficiary_id")
    def _compute_display_name(self):
        for order in self:
            order.display_name = f"{order.name} — {order.beneficiary_id.name}" if order.beneficiary_id else order.name

    # ------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        # who may create, before what they send is looked at
        self.check_access("create")
        vals_list = [self._checked_numbers(vals) for vals in vals_list]
        codes = self._new_pickup_codes(len(vals_list))
        for vals, code in zip(vals_list, codes, strict=True):
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("periscope.concierge.order") or _("New")
            if vals.get("state", "draft") != "draft":
                raise UserError(_("A concierge order starts as a draft."))
            # the code is the server's, drawn once when the order is saved
            # (never shown before, never chosen by who creates it)
            vals["pickup_code"] = code
        return super().create(vals_list)

    def write(self, vals):
        # who may write, before what they send is looked at
        self.check_access("write")
        vals = self._checked_numbers(vals)
        if "pickup_code" in vals and not self.env.su:
            raise UserError(_("The pick-up code of an order is given once, when it is saved."))
        if "state" in vals:
            self._check_transition(vals["state"])
            vals = self._with_step_date(vals)
        locked = set(vals) & {"beneficiary_id", "partner_id", "company_id"}
        if locked and self.filtered(lambda o: o.state in ("collected", "cancelled")):
            raise UserError(_("A collected or cancelled order cannot change its customer."))
        return super().write(vals)

    def onchange(self, values, field_names, fields_spec):
        # the form of who may write them: a portal user computes nothing here
        # (who pays, an organisation's rates) on any partner they name
        self.browse().check_access("write")
        # a number out of bounds typed in the desk's form: a message, not an
        # overflow of the ORM while it rounds the number
        self._checked_numbers(values, onchange=True)
        return super().onchange(values, field_names, fields_spec)

    def _checked_numbers(self, vals, onchange=False):
        """``vals`` with the numbers of the order and of its services checked
        (see ``check_numbers``), before anything is written or computed."""
        vals = check_numbers(self, vals)
        commands = vals.get("line_ids")
        if not isinstance(commands, list | tuple):
            return vals
        Line = self.env["periscope.concierge.order.line"]
        checked = []
        for command in commands:
            if (
                isinstance(command, list | tuple)
                and len(command) == 3
                and command[0] in (Command.CREATE, Command.UPDATE)
                and isinstance(command[2], dict)
            ):
                line_vals = Line._checked_numbers(command[2], onchange=onchange)
                command = (command[0], command[1], line_vals)
            checked.append(command)
        return dict(vals, line_ids=checked)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if self.filtered(lambda o: o.state != "draft"):
            raise UserError(_("Only a draft order can be deleted: cancel the others instead."))

    # ------------------------------------------------------------ the steps
    @staticmethod
    def _with_step_date(vals):
        """``vals`` with the time of the step it moves the orders to."""
        if vals["state"] in STEP_DATES:
            return dict(vals, **{STEP_DATES[vals["state"]]: fields.Datetime.now()})
        return vals

    def _check_transition(self, new_state, collecting=False):
        """One step forward at a time; cancelling before collection; the
        collection goes through action_collect and its code (``collecting``
        is given by ``_collect`` only, once the code is checked)."""
        for order in self:
            if order.state == new_state:
                continue
            if new_state == "cancelled":
                if order.state not in CANCELLABLE:
                    raise UserError(
                        _(
                            "%(order)s is %(state)s: it can no longer be cancelled.",
                            order=order.name,
                            state=order._state_label(),
                        )
                    )
                continue
            if NEXT_STATE.get(order.state) != new_state:
                raise UserError(
                    _(
                        "%(order)s is %(state)s: its next step is %(next)s, not "
                        "%(asked)s. An order goes through the desk one step at a "
                        "time and never back.",
                        order=order.name,
                        state=order._state_label(),
                        next=order._state_label(NEXT_STATE.get(order.state)) or "—",
                        asked=order._state_label(new_state),
                    )
                )
            if new_state == "collected" and not collecting:
                raise UserError(_("%s is collected with its pick-up code: use Collect.", order.name))
            if new_state == "deposited":
                order._check_lines()

    def _state_label(self, state=None):
        return dict(self._fields["state"]._description_selection(self.env)).get(state or self.state, "")

    def _check_lines(self):
        self.ensure_one()
        if not self.line_ids:
            raise ValidationError(_("%s has no service: add what the customer drops off.", self.name))
        without = self.line_ids.filtered(lambda line: not line.provider_id)
        if without:
            raise ValidationError(
                _(
                    "These services have no provider to carry them out: %s.",
                    ", ".join(without.mapped("product_id.display_name")),
                )
            )

    def _check_desk(self):
        """The steps of an order are the desk's: reading an order (a member
        reads their organisation's) is not enough to move it."""
        if self.env.su:
            return
        if not self.env.user.has_group(DESK_GROUP):
            raise AccessError(_("Only the concierge desk moves an order through its steps: ask the desk."))
        self.check_access("write")

    def action_deposit(self):
        self._check_desk()
        self.write({"state": "deposited"})
        self.line_ids.write({"state": "pending"})
        return True

    def action_send_to_provider(self):
        self._check_desk()
        self.write({"state": "at_provider"})
        self.line_ids.write({"state": "at_provider"})
        return True

    def action_mark_ready(self):
        """The desk marks every line ready for the providers."""
        self._check_desk()
        not_there = self.filtered(lambda o: o.state != "at_provider")
        if not_there:
            raise UserError(_("Only an order at the provider can be ready: %s.", ", ".join(not_there.mapped("name"))))
        self.line_ids.filtered(lambda line: line.state != "ready").action_mark_ready()
        return True

    def _update_ready(self):
        """An order at the provider is ready when all its lines are."""
        for order in self.filtered(lambda o: o.state == "at_provider"):
            if all(line.state == "ready" for line in order.line_ids):
                order.write({"state": "ready"})

    def action_at_desk(self):
        self._check_desk()
        self.write({"state": "at_desk"})
        template = self.env.ref("periscope_concierge.mail_template_order_at_desk", raise_if_not_found=False)
        if template:
            # a note e-mailed to the customer only: the pick-up code is in
            # it, neither for the followers nor for the portal users who read
            # the order (a note is hidden from them)
            for order in self.filtered(lambda o: o.beneficiary_id.email):
                order.message_post_with_source(template, message_type="comment", subtype_xmlid="mail.mt_note")
        return True

    def action_open_collect(self):
        self.ensure_one()
        self._check_desk()
        return {
            "type": "ir.actions.act_window",
            "name": _("Collect %s", self.name),
            "res_model": "periscope.concierge.collect",
            "view_mode": "form",
            "target": "new",
            "context": {"default_order_id": self.id},
        }

    def action_collect(self, code):
        """Hand the order back: the customer gives the pick-up code. The
        invoice is drafted then, unless the organisation's agreement bills
        its employees' orders monthly."""
        self.ensure_one()
        self._check_desk()
        if self.state != "at_desk":
            raise UserError(
                _(
                    "%(order)s is %(state)s: only an order at the desk is collected.",
                    order=self.name,
                    state=self._state_label(),
                )
            )
        given = (code or "").strip().upper().replace(" ", "")
        if not secrets.compare_digest(given, self.pickup_code):
            raise UserError(_("Wrong pick-up code for %s: ask the customer for the code on their receipt.", self.name))
        self._collect()
        if self.agreement_id.sudo().billing != "company":
            self._create_invoices()
        return True

    def _collect(self):
        """The only way to the step "collected", which ``write`` refuses: for
        the callers that have checked the pick-up code (``action_collect``)."""
        self._check_transition("collected", collecting=True)
        # the write of the models it inherits (the tracking of mail.thread),
        # past this model's own, which refuses the step
        return super().write(self._with_step_date({"state": "collected"}))

    def action_cancel(self):
        self._check_desk()
        self.write({"state": "cancelled"})
        return True

    def _cancel_by_member(self):
        """A member cancels an order of their organisation (that their record
        rule lets them read) while it is still at the desk."""
        self.check_access("read")
        late = self.filtered(lambda o: o.state not in MEMBER_CANCELLABLE)
        if late:
            raise UserError(
                _(
                    "%(order)s is %(state)s: it can no longer be cancelled here, ask the concierge desk.",
                    order=late[0].name,
                    state=late[0]._state_label().lower(),
                )
            )
        # sudo: members only read orders; these are theirs, still at the desk
        return self.sudo().action_cancel()

    # ------------------------------------------------------------ invoicing
    @api.model
    def _sale_journal(self, company):
        return self.env["account.journal"]._periscope_journal(
            company, "sale", _("Create a sales journal to invoice the concierge.")
        )

    def _invoice_line_vals(self):
        """The invoice lines of the orders' services not invoiced yet."""
        analytic = self.env.ref("periscope_concierge.analytic_account_concierge", raise_if_not_found=False)
        vals_list = []
        # sudo: whether a line is invoiced, without the right to read invoices
        for line in self.sudo().line_ids.filtered(lambda line: not line.invoice_line_ids):
            vals_list.append(
                {
                    "periscope_concierge_line_id": line.id,
                    "product_id": line.product_id.id,
                    "product_uom_id": line.product_id.uom_id.id,
                    "name": _("%(order)s — %(service)s", order=line.order_id.name, service=line.name),
                    "quantity": line.quantity,
                    "price_unit": line.price_unit,
                    "analytic_distribution": analytic_distribution(analytic),
                }
            )
        return vals_list

    def _create_invoices(self):
        """One draft invoice per customer for the collected orders."""
        by_partner = {}
        for order in self.filtered(lambda o: o.state == "collected"):
            by_partner.setdefault(order.partner_id, self.browse())
            by_partner[order.partner_id] |= order
        vals_list = []
        for partner, orders in by_partner.items():
            lines = orders._invoice_line_vals()
            if not lines:
                continue
            vals_list.append(
                {
                    "move_type": "out_invoice",
                    "journal_id": self._sale_journal(orders.company_id[:1]).id,
                    "company_id": orders.company_id[:1].id,
                    "partner_id": partner.id,
                    "invoice_origin": ", ".join(orders.mapped("name")),
                    "invoice_line_ids": [Command.create(vals) for vals in lines],
                }
            )
        # sudo: the desk drafts the invoice that the accountant posts; the
        # amounts are the order's, fixed when it was taken
        with billed_once(
            self.env,
            _(
                "Some of these orders have just been invoiced by someone else: "
                "invoice them again, only the rest will be invoiced."
            ),
        ):
            moves = self.env["account.move"]._periscope_create_drafts(vals_list)
        return moves

    # ------------------------------------------------------------ personal data
    def _erase_customer_messages(self):
        """The messages of the orders name their reference only, and keep
        nothing of what people wrote or were sent: returns them."""
        messages = self.env["mail.message"].search([("model", "=", self._name), ("res_id", "in", self.ids)])
        # the display name of an order, copied into each of its messages,
        # names its customer: the messages keep the reference only
        by_reference = defaultdict(lambda: messages.browse())
        references = dict(zip(self.ids, self.mapped("name"), strict=True))
        for message in messages:
            by_reference[references[message.res_id]] |= message
        for reference, named in by_reference.items():
            named.write({"record_name": reference})
        # what people wrote or were sent, not the logs of the steps
        written = messages.filtered(lambda m: m.message_type != "notification" and not is_html_empty(m.body))
        written.write(
            {
                "body": Markup("<p>%s</p>") % _("Message erased on the customer's request."),
                "subject": False,
                "email_from": False,
                "reply_to": False,
            }
        )
        return messages

    def _periscope_erase_customer_data(self):
        """Erase what these orders keep of their customer, at the customer's
        request (``res.partner._periscope_erase_personal_data``, run as
        superuser): the instructions they gave, the descriptions typed on the
        services (back to the service's name), the pick-up code they were
        given (replaced by one nobody was told), the link to the order sent to
        them, and the chatter of the orders -- the bodies of the messages people
        wrote or were sent (the e-mail of the order at the desk names them and
        gives the code; the logs of the steps say nothing of them), the
        customer's name in every message's record name, its attachments, its
        e-mails not sent yet and its activities. The reference, the services,
        quantities and prices, the steps and their times, the invoices and
        the providers' settlements are kept, as the accounting law asks. No
        message is posted: it would repeat what is erased."""
        for order in self.with_context(tracking_disable=True):
            order.write({"note": False, "access_token": False, "pickup_code": self._new_pickup_code()})
        for line in self.line_ids:
            described = line.product_id.display_name
            if line.name != described:
                line.name = described
        messages = self._erase_customer_messages()
        # their copies: the attachments, the e-mails still to send or failed
        attachments = messages.attachment_ids | self.env["ir.attachment"].search(
            [("res_model", "=", self._name), ("res_id", "in", self.ids)]
        )
        attachments.unlink()
        self.env["mail.mail"].search([("mail_message_id", "in", messages.ids)]).unlink()
        self.env["mail.activity"].search([("res_model", "=", self._name), ("res_id", "in", self.ids)]).unlink()
        # a collection being typed: the code asked to the customer
        self.env["periscope.concierge.collect"].search([("order_id", "in", self.ids)]).unlink()
        return True
