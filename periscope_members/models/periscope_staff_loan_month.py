# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from odoo import Command, _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import float_compare, format_amount, format_date

from ..tools.billing import analytic_distribution, billed_once
from ..tools.flags import is_raised, raised
from ..tools.hub_time import first_of_month, set_first_of_month
from .number_bounds import parse_number
from .periscope_sharing_offer import MAX_TEXT
from .periscope_staff_loan import MAX_MONTH_HOURS

# raised by the months' own buttons for the months whose hours they write
MONTH_STATE = "staff_loan_month_state"
STATE_FIELDS = frozenset(
    {"hours", "state", "declared_by_id", "declared_on", "validated_by_id", "validated_on", "dispute_reason"}
)
STAFF_GROUP = "periscope_members.group_periscope_members_user"


class PeriscopeStaffLoanMonth(models.Model):
    """One month of a staff loan: the lender declares the hours the person
    worked for the borrower, the borrower validates them (or disputes them,
    saying why, and the lender declares again). A statement of the month is
    printed for both; when the hub lends, the validated month is invoiced at
    cost, once (the database refuses a second invoice line for it)."""

    _name = "periscope.staff.loan.month"
    _description = "Staff Loan Month"
    _inherit = ["mail.thread", "periscope.number.mixin"]
    _order = "month desc, id desc"
    _check_company_auto = True

    loan_id = fields.Many2one(comodel_name="periscope.staff.loan", required=True, index=True, ondelete="cascade")
    month = fields.Date(required=True, help="The first day of the month.")
    month_label = fields.Char(string="Month in words", compute="_compute_month_label")
    is_open = fields.Boolean(
        string="Open", compute="_compute_is_open", help="The loan runs and the month has begun: its hours are declared."
    )
    lender_id = fields.Many2one(related="loan_id.lender_id", store=True, index=True)
    borrower_id = fields.Many2one(related="loan_id.borrower_id", store=True, index=True)
    employee_id = fields.Many2one(related="loan_id.employee_id", store=True)
    lender_name = fields.Char(related="loan_id.lender_name")
    borrower_name = fields.Char(related="loan_id.borrower_name")
    employee_name = fields.Char(related="loan_id.employee_name")
    hours_per_month = fields.Float(related="loan_id.hours_per_month")
    hourly_rate = fields.Monetary(related="loan_id.hourly_rate")
    currency_id = fields.Many2one(related="loan_id.currency_id")
    company_id = fields.Many2one(related="loan_id.company_id", store=True, index=True)
    hours = fields.Float(string="Hours done", readonly=True, tracking=True)
    amount = fields.Monetary(compute="_compute_amount", store=True)
    state = fields.Selection(
        selection=[
            ("todo", "To declare"),
            ("declared", "Declared"),
            ("disputed", "Disputed"),
            ("validated", "Validated"),
        ],
        required=True,
        default="todo",
        readonly=True,
        tracking=True,
        group_expand=True,
    )
    declared_by_id = fields.Many2one(comodel_name="res.users", string="Declared by", readonly=True)
    declared_on = fields.Datetime(readonly=True)
    validated_by_id = fields.Many2one(comodel_name="res.users", string="Validated by", readonly=True)
    validated_on = fields.Datetime(readonly=True)
    dispute_reason = fields.Text(readonly=True, tracking=True)
    invoice_line_ids = fields.One2many(
        comodel_name="account.move.line",
        inverse_name="periscope_staff_loan_month_id",
        string="Invoice lines",
        groups="account.group_account_invoice",
    )
    invoice_id = fields.Many2one(
        comodel_name="account.move", compute="_compute_invoice_id", groups="account.group_account_invoice"
    )

    _sql_constraints = [
        ("periscope_staff_loan_month_once", "UNIQUE(loan_id, month)", "A loan has one statement a month."),
        ("periscope_staff_loan_month_hours", "CHECK(hours >= 0)", "The hours done are zero or more."),
    ]

    def _periscope_number_bounds(self):
        return {"hours": (0.0, MAX_MONTH_HOURS)}

    @api.depends("loan_id", "month")
    def _compute_display_name(self):
        for line in self:
            line.display_name = _(
                "%(loan)s, %(month)s",
                loan=line.loan_id.display_name or "",
                month=format_date(self.env, line.month, date_format="MMMM y") if line.month else "",
            )

    @api.depends("month")
    @api.depends_context("lang")
    def _compute_month_label(self):
        for line in self:
            line.month_label = format_date(self.env, line.month, date_format="MMMM y") if line.month else False

    @api.depends("month", "loan_id.state")
    def _compute_is_open(self):
        today = fields.Date.context_today(self)
        for line in self:
            line.is_open = line.loan_id.state == "active" and bool(line.month) and line.month <= today

    @api.depends("hours", "loan_id.hourly_rate")
    def _compute_amount(self):
        for line in self:
            line.amount = line.loan_id.currency_id.round(line.hours * line.loan_id.hourly_rate)

    @api.depends("invoice_line_ids.move_id")
    def _compute_invoice_id(self):
        for line in self:
            line.invoice_id = line.invoice_line_ids[:1].move_id

    @api.constrains("month", "loan_id")
    def _check_month(self):
        for line in self:
            loan = line.loan_id
            if not first_of_month(loan.date_start) <= line.month <= loan.date_end:
                raise ValidationError(
                    _("%(month)s is outside the loan %(loan)s.", month=line.month, loan=loan.display_name)
                )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(STATE_FIELDS & set(vals) for vals in vals_list):
            raise AccessError(_("The hours of a month are declared and validated with their buttons."))
        return super().create([set_first_of_month(vals, "month") for vals in vals_list])

    def write(self, vals):
        if STATE_FIELDS & set(vals) and not (self.env.su or is_raised(self.env, MONTH_STATE, self)):
            raise AccessError(_("The hours of a month are declared and validated with their buttons."))
        if {"loan_id", "month"} & set(vals) and not self.env.su:
            raise UserError(_("A month stays the month of its loan."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_validated(self):
        if self.filtered(lambda line: line.state == "validated"):
            raise UserError(_("A validated month is kept: it is the record of the hours lent."))

    # ------------------------------------------------------------ actions
    def _check_side(self, side):
        """The caller acts for the lender (``side``: ``lender_id``) or the
        borrower (``borrower_id``) of every month: a person of that
        organisation, or the hub's staff."""
        self.check_access("read")
        if self.env.su or self.env.user.has_group(STAFF_GROUP):
            return
        organisation = self.env.user.commercial_partner_id
        if self.filtered(lambda line: line[side] != organisation):
            if side == "lender_id":
                raise AccessError(_("Only the lender declares the hours done."))
            raise AccessError(_("Only the borrower validates the hours done."))

    def _check_states(self, states):
        wrong = self.filtered(lambda line: line.state not in states or line.loan_id.state != "active")
        if wrong:
            raise UserError(
                _(
                    "%(month)s is %(state)s: it cannot be so now.",
                    month=wrong[0].display_name,
                    state=dict(self._fields["state"]._description_selection(self.env))[wrong[0].state],
                )
            )

    def _move(self, vals, message):
        with raised(self.env, MONTH_STATE, self):
            # sudo: members read the months; the caller's side was checked
            self.sudo().write(vals)
        for line in self.sudo():
            followers = line.loan_id.lender_id | line.loan_id.borrower_id
            line.message_subscribe(partner_ids=followers.ids)
            line.message_post(body=message(line), message_type="comment", subtype_xmlid="mail.mt_comment")
        return True

    def action_declare(self, hours):
        """The lender declares the hours done in the month (once it has
        begun), again while the borrower has not validated them."""
        self._check_side("lender_id")
        self._check_states(("todo", "declared", "disputed"))
        today = fields.Date.context_today(self)
        if self.filtered(lambda line: line.month > today):
            raise UserError(_("The hours of a month are declared once it has begun."))
        hours = parse_number(hours)
        if hours is None:
            raise ValidationError(_("The hours done are a number."))
        for line in self:
            if hours < 0 or float_compare(hours, line.hours_per_month, precision_digits=2) > 0:
                raise ValidationError(
                    _(
                        "%(month)s: between 0 and %(hours)s hours, the hours lent a month.",
                        month=line.display_name,
                        hours=round(line.hours_per_month, 2),
                    )
                )
        return self._move(
            {
                "hours": hours,
                "state": "declared",
                "declared_by_id": self.env.uid,
                "declared_on": fields.Datetime.now(),
                "dispute_reason": False,
            },
            lambda line: line.env._("%(hours)s hours declared, to validate.", hours=round(line.hours, 2)),
        )

    def action_validate(self):
        self._check_side("borrower_id")
        self._check_states(("declared",))
        return self._move(
            {"state": "validated", "validated_by_id": self.env.uid, "validated_on": fields.Datetime.now()},
            lambda line: line.env._(
                "%(hours)s hours validated: %(amount)s.",
                hours=round(line.hours, 2),
                amount=format_amount(line.env, line.amount, line.currency_id),
            ),
        )

    def action_dispute(self, reason=None):
        self._check_side("borrower_id")
        self._check_states(("declared",))
        reason = (reason or "").strip()
        if not reason:
            raise UserError(_("Say why the hours declared are disputed."))
        return self._move(
            {"state": "disputed", "dispute_reason": reason[:MAX_TEXT]},
            lambda line: line.env._("Hours disputed: %s", line.dispute_reason),
        )

    def action_print_statement(self):
        self.check_access("read")
        return self.env.ref("periscope_members.action_report_staff_loan_statement").report_action(self)

    # ------------------------------------------------------------ invoicing
    @api.model
    def _to_invoice_domain(self):
        return [("state", "=", "validated"), ("invoice_line_ids", "=", False), ("loan_id.state", "!=", "cancelled")]

    def _invoice_line_vals(self, product, analytic):
        self.ensure_one()
        return {
            "periscope_staff_loan_month_id": self.id,
            "product_id": product.id,
            "product_uom_id": product.uom_id.id,
            "name": _(
                "Staff loan at cost — %(person)s, %(mission)s, %(month)s",
                person=self.employee_id.name,
                mission=self.loan_id.name,
                month=format_date(self.env, self.month, date_format="MMMM y"),
            ),
            "quantity": self.hours,
            "price_unit": self.hourly_rate,
            "analytic_distribution": analytic_distribution(analytic),
        }

    def _create_invoices(self):
        """One draft invoice per borrower and month, at cost, for the validated
        months of the hub's own loans not invoiced yet among ``self``; the
        database refuses to invoice a month twice."""
        months = self.filtered_domain(self._to_invoice_domain()).filtered(lambda line: line.loan_id.is_hub_lender)
        if not months:
            return self.env["account.move"]
        product = self.env.ref("periscope_members.product_staff_loan")
        analytic = self.env.ref("periscope_members.analytic_account_staff_loans", raise_if_not_found=False)
        grouped = defaultdict(lambda: self.browse())
        for line in months:
            grouped[line.company_id, line.borrower_id, line.month] |= line
        vals_list = []
        for (company, borrower, month), lines in grouped.items():
            journal = self.env["account.journal"]._periscope_journal(
                company, "sale", _("Create a sales journal to invoice the staff loans.")
            )
            vals_list.append(
                {
                    "move_type": "out_invoice",
                    "journal_id": journal.id,
                    "company_id": company.id,
                    "partner_id": borrower.id,
                    "invoice_date": False,
                    "invoice_origin": _("Staff loans, %s", format_date(self.env, month, date_format="MMMM y")),
                    "invoice_line_ids": [Command.create(line._invoice_line_vals(product, analytic)) for line in lines],
                }
            )
        with billed_once(
            self.env, _("Some of these months have just been invoiced: run it again, it will add only the rest.")
        ):
            return self.env["account.move"]._periscope_create_drafts(vals_list)

    def action_create_invoices(self):
        """The accountant's button: the draft invoices of the validated months
        of the hub's loans among the selected ones."""
        if not (self.env.su or self.env.user.has_group("account.group_account_invoice")):
            raise AccessError(_("The accountant invoices the staff loans."))
        self.check_access("read")
        moves = self.sudo()._create_invoices()
        if not moves:
            raise UserError(_("No validated month of the hub's loans is left to invoice."))
        action = self.env["ir.actions.act_window"]._for_xml_id("account.action_move_out_invoice_type")
        action["domain"] = [("id", "in", moves.ids)]
        return action

    @api.model
    def _cron_invoice_staff_loans(self):
        """Daily: the draft invoices of the months validated since."""
        self.search(self._to_invoice_domain())._create_invoices()
