# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command, _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import format_amount, format_date

from odoo.addons.periscope_members.models.number_format import format_number
from odoo.addons.periscope_members.tools.billing import analytic_distribution, billed_once
from odoo.addons.periscope_members.tools.hub_time import first_of_previous_month, local_month_bounds, set_first_of_month

from .bounds import check_dates
from .charge_split import largest_remainder
from .flags import ALLOCATION, is_raised, raised
from .periscope_booking import HOLDING_STATES

# what the split depends on: changed, a computed split is out of date
SPLIT_FIELDS = {"month", "company_id", "key_id", "analytic_account_id"}
# what the allocation's own actions write, never a user
COMPUTED_FIELDS = {"state", "cost", "cost_line_count"}
# the vendor bills (and their refunds) whose lines are the month's costs
COST_MOVE_TYPES = ("in_invoice", "in_refund")


class PeriscopeChargeAllocation(models.Model):
    """The shared costs of a month — the lines of the posted vendor bills on
    an analytic account of shared services (rent, energy, cleaning, internet,
    reception) — split among the residents (the organisations renting an
    office during the month) by a key: *Compute* shows the split, *Create
    invoices* makes one draft invoice per resident. One allocation per
    month, company and analytic account: each category of costs (its own
    analytic account) may have its own key. The parts add up to the month's
    costs to the cent (largest remainders); an invoice line is linked to its
    allocation line under a unique index, so nothing is invoiced twice."""

    _name = "periscope.charge.allocation"
    _description = "Shared Charges Allocation"
    _inherit = ["mail.thread"]
    _order = "month desc, id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    month = fields.Date(
        required=True,
        tracking=True,
        default=lambda self: first_of_previous_month(self),
        help="Any day of the month whose costs are split; kept as its first day.",
    )
    period_stop = fields.Date(string="Last day", compute="_compute_period_stop", store=True)
    company_id = fields.Many2one(comodel_name="res.company", required=True, default=lambda self: self.env.company)
    currency_id = fields.Many2one(related="company_id.currency_id")
    key_id = fields.Many2one(
        comodel_name="periscope.charge.key",
        required=True,
        check_company=True,
        tracking=True,
        help="How the costs are split: it must be valid for the month.",
    )
    method = fields.Selection(related="key_id.method")
    analytic_account_id = fields.Many2one(
        comodel_name="account.analytic.account",
        string="Shared costs",
        required=True,
        check_company=True,
        tracking=True,
        default=lambda self: self.env.ref(
            "periscope_coworking.analytic_account_shared_services", raise_if_not_found=False
        ),
        help="The analytic account of the costs to split: the lines of the month's posted vendor bills on it.",
    )
    state = fields.Selection(
        selection=[("draft", "Draft"), ("computed", "Computed"), ("invoiced", "Invoiced")],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
    )
    cost = fields.Monetary(
        string="Costs of the month", readonly=True, copy=False, help="What the split shares out, when computed."
    )
    cost_line_count = fields.Integer(string="Cost lines", readonly=True, copy=False)
    line_ids = fields.One2many(
        comodel_name="periscope.charge.allocation.line",
        inverse_name="allocation_id",
        string="Split",
        readonly=True,
        copy=False,
    )
    invoice_ids = fields.One2many(
        comodel_name="account.move", inverse_name="periscope_charge_allocation_id", string="Invoices", readonly=True
    )
    invoice_count = fields.Integer(compute="_compute_invoice_count")

    _sql_constraints = [
        (
            "month_account_unique",
            "UNIQUE(company_id, month, analytic_account_id)",
            "The costs of this analytic account are already split for this month.",
        )
    ]

    @api.depends("month", "analytic_account_id")
    def _compute_name(self):
        for allocation in self:
            allocation.name = (
                _(
                    "%(account)s, %(month)s",
                    account=allocation.analytic_account_id.name or _("Shared charges"),
                    month=format_date(self.env, allocation.month, date_format="MMMM y"),
                )
                if allocation.month
                else _("New allocation")
            )

    @api.depends("month")
    def _compute_period_stop(self):
        for allocation in self:
            allocation.period_stop = allocation.month and (allocation.month + relativedelta(day=31))

    @api.depends("invoice_ids")
    def _compute_invoice_count(self):
        # sudo: how many drafts the allocation made, whatever the user's
        # accounting rights (the coworking manager reads no invoice)
        for allocation in self:
            allocation.invoice_count = len(allocation.sudo().invoice_ids)

    @api.constrains("key_id", "month")
    def _check_key_valid(self):
        for allocation in self:
            if not allocation.key_id._covers(allocation.month):
                raise ValidationError(
                    _(
                        "The key %(key)s is not valid in %(month)s: choose the key of that month.",
                        key=allocation.key_id.name,
                        month=format_date(self.env, allocation.month, date_format="MMMM y"),
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [check_dates(self, vals, ("month",)) for vals in vals_list]
        self._check_state_written(vals_list, creating=True)
        for vals in vals_list:
            set_first_of_month(vals, "month")
        return super().create(vals_list)

    def write(self, vals):
        vals = check_dates(self, vals, ("month",))
        self._check_state_written([vals])
        set_first_of_month(vals, "month")
        if SPLIT_FIELDS.intersection(vals):
            # sudo: whether an allocation invoiced, whatever the user's rights
            if self.sudo().filtered(lambda a: a.state == "invoiced" or a.invoice_ids):
                raise UserError(_("The month, the key and the costs of an invoiced allocation cannot change."))
            computed = self.filtered(lambda a: a.state == "computed")
            if computed:
                # the split is out of date: computed again from the draft
                computed._clear_split()
        return super().write(vals)

    def _check_state_written(self, vals_list, creating=False):
        """An allocation is computed and invoiced by its buttons only: its
        state and its costs are never a user's to write."""
        if self.env.su or not (self or creating):
            return
        # on a create, a default given in the context is written too
        written = any(COMPUTED_FIELDS.intersection(vals) for vals in vals_list) or (
            creating and any(f"default_{name}" in self.env.context for name in COMPUTED_FIELDS)
        )
        if written and not is_raised(self.env, ALLOCATION, None if creating else self):
            raise AccessError(_("An allocation is computed and invoiced by its buttons, never by hand."))

    @api.ondelete(at_uninstall=False)
    def _unlink_except_invoiced(self):
        # sudo: whether an allocation invoiced, whatever the user's rights
        if self.sudo().filtered(lambda a: a.state == "invoiced" or a.invoice_ids):
            raise UserError(_("An allocation that created invoices cannot be deleted."))

    def _clear_split(self):
        """Back to draft, the split removed."""
        # sudo: the lines are the computation's, never a user's to write
        self.sudo().line_ids.unlink()
        with raised(self.env, ALLOCATION, self):
            self.write({"state": "draft", "cost": 0.0, "cost_line_count": 0})

    # ------------------------------------------------------------ the costs
    def _cost_domain(self):
        self.ensure_one()
        return [
            ("company_id", "=", self.company_id.id),
            ("parent_state", "=", "posted"),
            ("move_id.move_type", "in", COST_MOVE_TYPES),
            ("display_type", "=", "product"),
            ("date", ">=", self.month),
            ("date", "<=", self.period_stop),
            ("analytic_distribution", "in", [self.analytic_account_id.id]),
        ]

    def _cost(self):
        """``(amount, lines)``: the month's costs on the analytic account —
        each line's balance times its percentage on the account (a refund
        counts less) — and the lines."""
        self.ensure_one()
        # sudo: the manager splits the costs without reading the vendor bills
        lines = self.env["account.move.line"].sudo().search(self._cost_domain())
        account = str(self.analytic_account_id.id)
        amount = 0.0
        for line in lines:
            for accounts, percentage in (line.analytic_distribution or {}).items():
                if account in accounts.split(","):
                    amount += line.balance * percentage / 100
        return self.currency_id.round(amount), lines

    # ------------------------------------------------------------ the residents
    def _residents(self):
        """``{organisation: {"days": days present, "area": m² of its
        offices, "area_days": m² times days}}`` of the organisations that
        rent an office some day of the month."""
        self.ensure_one()
        first, last = self.month, self.period_stop
        # sudo: the leases are the coworking managers', the accountant splits
        occupancies = (
            self.env["periscope.occupancy"]
            .sudo()
            .search(
                [
                    ("company_id", "=", self.company_id.id),
                    ("date_start", "<=", last),
                    "|",
                    ("date_end", "=", False),
                    ("date_end", ">=", first),
                ],
                order="partner_id, date_start, id",
            )
        )
        days = defaultdict(set)
        residents = defaultdict(lambda: {"area": 0.0, "area_days": 0.0, "spaces": set()})
        for occupancy in occupancies:
            start, stop = max(occupancy.date_start, first), min(occupancy.date_end or last, last)
            resident = residents[occupancy.partner_id]
            occupied = {start + timedelta(days=n) for n in range((stop - start).days + 1)}
            days[occupancy.partner_id] |= occupied
            resident["area_days"] += occupancy.space_id.area * len(occupied)
            if occupancy.space_id not in resident["spaces"]:
                resident["spaces"].add(occupancy.space_id)
                resident["area"] += occupancy.space_id.area
        for partner, resident in residents.items():
            resident["days"] = len(days[partner])
        return residents

    def _usage_hours(self, residents):
        """``{organisation: hours}`` of the confirmed bookings of the
        residents (or of their people) that start in the month, Paris time."""
        self.ensure_one()
        tz_name = self.env.ref("periscope_coworking.resource_calendar_hub", raise_if_not_found=False).tz
        start, stop = local_month_bounds(self.month, tz_name)
        partners = self.env["res.partner"].concat(*residents)
        # sudo: the accountant splits by the bookings without being reception
        groups = (
            self.env["periscope.booking"]
            .sudo()
            ._read_group(
                [
                    ("company_id", "=", self.company_id.id),
                    ("state", "in", HOLDING_STATES),
                    ("start", ">=", start),
                    ("start", "<", stop),
                    ("partner_id", "child_of", partners.ids),
                ],
                ["partner_id"],
                ["duration:sum"],
            )
        )
        hours = defaultdict(float)
        for partner, duration in groups:
            hours[partner.commercial_partner_id] += duration
        return hours

    def _fte(self, residents):
        """``{organisation id: FTE}`` declared for the year of the month."""
        partners = self.env["res.partner"].concat(*residents)
        # sudo: the split reads the organisations' declared FTE, whoever
        # computes it; only the figure of the year is read
        figures = (
            self.env["periscope.key.figure"]
            .sudo()
            .search_read([("partner_id", "in", partners.ids), ("year", "=", self.month.year)], ["partner_id", "fte"])
        )
        return {figure["partner_id"][0]: figure["fte"] for figure in figures}

    def _bases(self, residents):
        """``{organisation: (basis, weight)}``: what the key counts of each
        resident, and its weight in the split (the basis prorated to the days
        present in the month; the hours booked as they are)."""
        self.ensure_one()
        month_days = (self.period_stop - self.month).days + 1
        method = self.key_id.method
        if method == "usage":
            hours = self._usage_hours(residents)
            return {partner: (hours[partner], hours[partner]) for partner in residents}
        if method == "area":
            return {
                partner: (resident["area"], resident["area_days"] / month_days)
                for partner, resident in residents.items()
            }
        if method == "fte":
            counts = self._fte(residents)
        else:
            counts = {line.partner_id.id: line.share for line in self.key_id.line_ids}
        bases = {}
        for partner, resident in residents.items():
            basis = counts.get(partner.id, 0.0)
            bases[partner] = (basis, basis * resident["days"] / month_days)
        return bases

    def _split(self):
        """``(cost, cost lines, [line values])``: the month's costs and their
        split among the residents, nothing written; raises a translated
        ``UserError`` when there is nothing to split or no basis."""
        self.ensure_one()
        cost, cost_lines = self._cost()
        if cost <= 0:
            raise UserError(
                _(
                    "No shared cost to split: no posted vendor bill of %(month)s is on %(account)s.",
                    month=format_date(self.env, self.month, date_format="MMMM y"),
                    account=self.analytic_account_id.name,
                )
            )
        residents = self._residents()
        if not residents:
            raise UserError(_("No organisation rents an office in %s: nobody shares the costs.", self.name))
        bases = self._bases(residents)
        partners = sorted(residents, key=lambda partner: (partner.name or "", partner.id))
        weights = [bases[partner][1] for partner in partners]
        if not any(weight > 0 for weight in weights):
            raise UserError(
                _(
                    "The key %(key)s gives no basis to any resident of %(month)s (no area, FTE, hours or share): "
                    "complete it or choose another key.",
                    key=self.key_id.name,
                    month=format_date(self.env, self.month, date_format="MMMM y"),
                )
            )
        amounts = largest_remainder(cost, weights, self.currency_id.decimal_places)
        lines = [
            {
                "partner_id": partner.id,
                "basis": bases[partner][0],
                "days": residents[partner]["days"],
                "weight": bases[partner][1],
                "amount": amount,
            }
            for partner, amount in zip(partners, amounts, strict=True)
        ]
        return cost, cost_lines, lines

    # ------------------------------------------------------------ actions
    def action_compute(self):
        """The split of the month's costs, shown line by line; nothing is
        invoiced."""
        for allocation in self:
            if allocation.state == "invoiced":
                raise UserError(_("%s is already invoiced.", allocation.name))
            cost, cost_lines, line_vals = allocation._split()
            # sudo: the lines are the computation's, never a user's to write
            allocation.sudo().line_ids.unlink()
            self.env["periscope.charge.allocation.line"].sudo().create(
                [dict(vals, allocation_id=allocation.id) for vals in line_vals]
            )
            with raised(self.env, ALLOCATION, allocation):
                allocation.write({"state": "computed", "cost": cost, "cost_line_count": len(cost_lines)})
        return True

    def _check_split_unchanged(self):
        """The split computed is the one of today's costs, residents and key:
        otherwise it is computed again before being invoiced."""
        self.ensure_one()
        cost, _cost_lines, line_vals = self._split()
        computed = {(line.partner_id.id, line.amount) for line in self.line_ids}
        current = {(vals["partner_id"], vals["amount"]) for vals in line_vals}
        if cost != self.cost or computed != current:
            raise UserError(
                _(
                    "The costs, the residents or the key of %s changed since the split was computed: "
                    "compute it again, then create the invoices.",
                    self.name,
                )
            )

    def action_create_invoices(self):
        """One draft invoice per resident with a share, from the split
        computed; returns the drafts, or says that nothing is left to
        invoice."""
        self.ensure_one()
        if self.state == "draft":
            raise UserError(_("Compute the split of %s before creating its invoices.", self.name))
        if self.state == "computed":
            self._check_split_unchanged()
        vals_list = self._invoice_vals_list()
        if not vals_list:
            self._mark_invoiced()
            return self._notify_nothing_left()
        # sudo: the coworking manager prepares drafts that the accountant
        # posts; the values come from the split, not from the user. No
        # "invoice created" message in each draft's chatter.
        with billed_once(
            self.env,
            _(
                "Another user has just invoiced this allocation: open it again, "
                "its invoices are there, nothing is invoiced twice."
            ),
        ):
            moves = self.env["account.move"]._periscope_create_drafts(vals_list)
        self._mark_invoiced()
        self._message_log(
            body=_(
                "%(count)s draft invoices created, %(amount)s untaxed.",
                count=len(moves),
                amount=format_amount(self.env, sum(moves.mapped("amount_untaxed")), self.currency_id),
            )
        )
        return self.action_view_invoices()

    def _mark_invoiced(self):
        if self.state != "invoiced":
            with raised(self.env, ALLOCATION, self):
                self.write({"state": "invoiced"})

    def _invoice_vals_list(self):
        """The draft invoices of the lines with an amount not invoiced yet,
        one per resident."""
        self.ensure_one()
        # sudo: whether a line is invoiced, whatever the user's rights
        lines = self.sudo().line_ids.filtered(lambda line: line.amount and not line.invoice_line_ids)
        if not lines:
            return []
        journal = self.env["account.journal"]._periscope_journal(
            self.company_id, "sale", _("Create a sales journal to invoice the shared charges.")
        )
        product = self.env.ref("periscope_coworking.product_office_charges")
        return [
            {
                "move_type": "out_invoice",
                "journal_id": journal.id,
                "company_id": self.company_id.id,
                "partner_id": line.partner_id.id,
                "invoice_origin": self.name,
                "periscope_charge_allocation_id": self.id,
                "invoice_line_ids": [Command.create(self._invoice_line_vals(line, product))],
            }
            for line in lines
        ]

    def _invoice_line_vals(self, line, product):
        month_days = (self.period_stop - self.month).days + 1
        label = _(
            "%(allocation)s — %(key)s: %(basis)s %(unit)s, %(share)s %% of %(cost)s",
            allocation=self.name,
            key=self.key_id.name,
            basis=format_number(self.env, line.basis),
            unit=line.basis_unit,
            share=format_number(self.env, line.share_percent),
            cost=format_amount(self.env, self.cost, self.currency_id),
        )
        if line.days < month_days:
            label += _(" (%(days)s of %(month_days)s days)", days=line.days, month_days=month_days)
        return {
            "periscope_charge_line_id": line.id,
            "product_id": product.id,
            "product_uom_id": product.uom_id.id,
            "name": label,
            "quantity": 1.0,
            "price_unit": line.amount,
            "analytic_distribution": analytic_distribution(self.analytic_account_id),
        }

    def _notify_nothing_left(self):
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "info",
                "message": _("Nothing is left to invoice for %s.", self.name),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def action_view_invoices(self):
        self.ensure_one()
        self.check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id("account.action_move_out_invoice_type")
        action["domain"] = [("periscope_charge_allocation_id", "=", self.id)]
        action["context"] = {"default_move_type": "out_invoice", "create": False}
        return action

    def action_view_costs(self):
        """The vendor bill lines of the month's costs."""
        self.ensure_one()
        self.check_access("read")
        return {
            "type": "ir.actions.act_window",
            "name": _("Costs of %s", self.name),
            "res_model": "account.move.line",
            "view_mode": "list",
            "domain": self._cost_domain(),
            "context": {"create": False},
        }


class PeriscopeChargeAllocationLine(models.Model):
    """One resident's part of a month's shared costs: written by the
    allocation's computation only (users read it)."""

    _name = "periscope.charge.allocation.line"
    _description = "Shared Charges of a Resident"
    _order = "allocation_id, partner_id, id"

    allocation_id = fields.Many2one(
        comodel_name="periscope.charge.allocation", required=True, index=True, ondelete="cascade"
    )
    partner_id = fields.Many2one(comodel_name="res.partner", string="Resident", required=True, index=True)
    month = fields.Date(related="allocation_id.month", store=True)
    key_id = fields.Many2one(related="allocation_id.key_id", store=True)
    company_id = fields.Many2one(related="allocation_id.company_id", store=True)
    currency_id = fields.Many2one(related="allocation_id.currency_id")
    method = fields.Selection(related="allocation_id.method")
    basis = fields.Float(digits=(16, 2), aggregator="sum", help="What the key counts: m², FTE, hours or share.")
    basis_unit = fields.Char(string="Unit", compute="_compute_basis_unit")
    days = fields.Integer(
        string="Days present", aggregator="max", help="Days of the month the resident rents an office."
    )
    weight = fields.Float(digits=(16, 4), help="The basis prorated to the days present (hours as booked).")
    share_percent = fields.Float(string="Share (%)", digits=(16, 2), compute="_compute_share_percent")
    amount = fields.Monetary()
    invoice_line_ids = fields.One2many(
        comodel_name="account.move.line",
        inverse_name="periscope_charge_line_id",
        string="Invoiced lines",
        readonly=True,
    )
    invoice_id = fields.Many2one(comodel_name="account.move", compute="_compute_invoice_id")

    @api.depends("method")
    def _compute_basis_unit(self):
        units = {"area": _("m²"), "fte": _("FTE"), "usage": _("h"), "fixed": _("share")}
        for line in self:
            line.basis_unit = units.get(line.method, "")

    @api.depends("weight", "allocation_id.line_ids.weight")
    def _compute_share_percent(self):
        for line in self:
            total = sum(line.allocation_id.line_ids.mapped("weight"))
            line.share_percent = total and line.weight * 100 / total

    @api.depends("invoice_line_ids")
    def _compute_invoice_id(self):
        # sudo: which draft bills the line, whatever the user's accounting
        # rights; the invoice is shown by its name only
        for line in self:
            line.invoice_id = line.sudo().invoice_line_ids[:1].move_id
