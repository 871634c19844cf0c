# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import Command, _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import float_compare, format_amount

from ..tools.flags import is_raised, raised
from ..tools.hub_time import first_of_month
from ..tools.organisation import check_organisation, organisation_field
from .periscope_assembly import lock_rows

# raised by the loans' own buttons for the loans whose status they move
LOAN_STATE = "staff_loan_state"
# the loans whose hours hold the person's time
COMMITTED_STATES = ("active", "closed")
# the terms agreed between the two organisations, frozen once the loan runs
TERMS = frozenset(
    {
        "lender_id",
        "borrower_id",
        "employee_id",
        "date_start",
        "date_end",
        "hours_per_month",
        "cost_price",
        "hourly_rate",
        "company_id",
    }
)
# a month has at most 31 days of 24 hours
MAX_MONTH_HOURS = 744.0


class PeriscopeStaffLoan(models.Model):
    """A "mise à disposition de personnel": an organisation (a member, the
    employers' group, the hub itself) lends a salaried person's time to
    another, so many hours a month, at cost price — a loan of staff makes no
    profit. Each month the lender declares the hours done and the borrower
    validates them (``periscope.staff.loan.month``); when the hub lends, it
    invoices the validated months at cost. The hours lent at once, across the
    person's loans, stay within their declared working time."""

    _name = "periscope.staff.loan"
    _description = "Staff Loan"
    _inherit = ["mail.thread", "mail.activity.mixin", "periscope.number.mixin"]
    _order = "date_start desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Mission", required=True, tracking=True, help="What the person does for the borrower.")
    lender_id = organisation_field("Lender")
    borrower_id = organisation_field("Borrower")
    employee_id = fields.Many2one(
        comodel_name="res.partner",
        string="Person lent",
        required=True,
        index=True,
        tracking=True,
        domain="[('is_company', '=', False), ('parent_id', '=', lender_id)]",
    )
    # names for both organisations' members, who read no other organisation
    lender_name = fields.Char(related="lender_id.name", string="Lender's name")
    borrower_name = fields.Char(related="borrower_id.name", string="Borrower's name")
    employee_name = fields.Char(related="employee_id.name", string="Name of the person lent")
    employee_monthly_hours = fields.Float(related="employee_id.periscope_monthly_hours")
    date_start = fields.Date(string="From", required=True, tracking=True)
    date_end = fields.Date(string="Until", required=True, tracking=True)
    hours_per_month = fields.Float(string="Hours a month", required=True, tracking=True)
    cost_price = fields.Monetary(
        string="Declared hourly cost",
        required=True,
        tracking=True,
        help="What an hour of the person costs the lender: gross salary, employer's contributions and the "
        "expenses of the job, by hour worked, as the lender declares it.",
    )
    hourly_rate = fields.Monetary(
        string="Hourly rate",
        required=True,
        tracking=True,
        help="What the borrower pays for an hour. A loan of staff makes no profit: at most the declared cost.",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    company_id = fields.Many2one(
        comodel_name="res.company", required=True, index=True, default=lambda self: self.env.company
    )
    state = fields.Selection(
        selection=[("draft", "Draft"), ("active", "Running"), ("closed", "Ended"), ("cancelled", "Cancelled")],
        required=True,
        default="draft",
        readonly=True,
        tracking=True,
        group_expand=True,
    )
    month_ids = fields.One2many(comodel_name="periscope.staff.loan.month", inverse_name="loan_id", string="Months")
    is_hub_lender = fields.Boolean(
        string="Lent by the hub",
        compute="_compute_is_hub_lender",
        help="The hub lends its own staff: it invoices the validated months at cost.",
    )
    hours_validated = fields.Float(compute="_compute_totals", string="Hours validated")
    amount_validated = fields.Monetary(compute="_compute_totals", string="Amount validated")
    note = fields.Html(string="Agreement", help="The terms of the agreement signed by both organisations.")

    _sql_constraints = [
        ("periscope_staff_loan_dates", "CHECK(date_end >= date_start)", "A loan ends after it starts."),
        (
            "periscope_staff_loan_hours",
            f"CHECK(hours_per_month > 0 AND hours_per_month <= {MAX_MONTH_HOURS})",
            "A loan lends some hours a month.",
        ),
        (
            "periscope_staff_loan_at_cost",
            "CHECK(cost_price >= 0 AND hourly_rate >= 0 AND hourly_rate <= cost_price)",
            "A loan of staff makes no profit: its rate is at most the declared cost.",
        ),
        (
            "periscope_staff_loan_parties",
            "CHECK(lender_id <> borrower_id)",
            "An organisation does not lend its staff to itself.",
        ),
    ]

    def _periscope_number_bounds(self):
        return {"hours_per_month": (0.0, MAX_MONTH_HOURS), "cost_price": (0.0, 10000.0), "hourly_rate": (0.0, 10000.0)}

    @api.depends("lender_name", "borrower_name", "employee_name")
    def _compute_display_name(self):
        for loan in self:
            # the related names: each organisation's members read the name
            # of the other, not its record
            loan.display_name = _(
                "%(person)s: %(lender)s → %(borrower)s",
                person=loan.employee_name or "",
                lender=loan.lender_name or "",
                borrower=loan.borrower_name or "",
            )

    @api.depends("lender_id", "company_id")
    def _compute_is_hub_lender(self):
        for loan in self:
            loan.is_hub_lender = bool(loan.lender_id) and loan.lender_id == loan.company_id.partner_id

    @api.depends("month_ids.state", "month_ids.hours", "month_ids.amount")
    def _compute_totals(self):
        for loan in self:
            validated = loan.month_ids.filtered(lambda month: month.state == "validated")
            loan.hours_validated = sum(validated.mapped("hours"))
            loan.amount_validated = sum(validated.mapped("amount"))

    # ------------------------------------------------------------ rules
    @api.constrains("lender_id", "borrower_id", "employee_id")
    def _check_parties(self):
        for loan in self:
            if loan.lender_id == loan.borrower_id:
                raise ValidationError(_("An organisation does not lend its staff to itself."))
            check_organisation(loan.lender_id)
            check_organisation(loan.borrower_id)
            if loan.employee_id.is_company or loan.employee_id.parent_id != loan.lender_id:
                raise ValidationError(
                    _(
                        "%(person)s is not a person of %(organisation)s, the lender.",
                        person=loan.employee_id.display_name,
                        organisation=loan.lender_id.display_name,
                    )
                )

    @api.constrains("date_start", "date_end", "hours_per_month", "cost_price", "hourly_rate")
    def _check_terms(self):
        for loan in self:
            if loan.date_end < loan.date_start:
                raise ValidationError(_("A loan ends after it starts."))
            if float_compare(loan.hours_per_month, 0.0, precision_digits=2) <= 0:
                raise ValidationError(_("A loan lends some hours a month."))
            if loan.currency_id.compare_amounts(loan.hourly_rate, loan.cost_price) > 0:
                raise ValidationError(
                    _(
                        "A loan of staff makes no profit: the hourly rate (%(rate)s) cannot exceed the declared "
                        "cost (%(cost)s).",
                        rate=format_amount(self.env, loan.hourly_rate, loan.currency_id),
                        cost=format_amount(self.env, loan.cost_price, loan.currency_id),
                    )
                )

    @api.constrains("state", "employee_id", "date_start", "date_end", "hours_per_month")
    def _check_working_time(self):
        """The hours lent at once across the person's running loans stay
        within their working time. Every loan write that can commit time has
        touched the person's row first (``_lock_people``): two loans of the
        same person committed at the same moment are serialised, the second
        tried again by Odoo sees the first here."""
        committed = self.filtered(lambda loan: loan.state in COMMITTED_STATES)
        for person in committed.employee_id:
            committed.filtered(lambda loan, person=person: loan.employee_id == person)._check_person_time(person)

    def _check_person_time(self, person):
        others = self.sudo().search(
            [
                ("employee_id", "=", person.id),
                ("state", "in", COMMITTED_STATES),
                ("date_start", "<=", max(self.mapped("date_end"))),
                ("date_end", ">=", min(self.mapped("date_start"))),
            ]
        )
        working = person.periscope_monthly_hours
        for loan in self:
            # the most hours lent at once start with one of the loans
            overlapping = others.filtered(
                lambda o, loan=loan: o.date_start <= loan.date_end and o.date_end >= loan.date_start
            )
            for moment in overlapping.mapped("date_start"):
                lent = sum(
                    overlapping.filtered(lambda o, moment=moment: o.date_start <= moment <= o.date_end).mapped(
                        "hours_per_month"
                    )
                )
                if float_compare(lent, working, precision_digits=2) > 0:
                    raise ValidationError(loan._over_committed_message(person, lent, working, moment))

    def _over_committed_message(self, person, lent, working, moment):
        if not working:
            return _("Declare the working time of %s (hours a month) before lending their time.", person.name)
        return _(
            "%(person)s would be lent %(lent)s hours a month from %(date)s, more than their working time "
            "(%(working)s hours a month).",
            person=person.name,
            lent=round(lent, 2),
            date=fields.Date.to_string(moment),
            working=round(working, 2),
        )

    def _lock_people(self, vals_list=()):
        """Touch the rows of the people lent (those of ``self`` and of
        ``vals_list``): see ``_check_working_time``."""
        people = set(self.employee_id.ids) | {vals["employee_id"] for vals in vals_list if vals.get("employee_id")}
        lock_rows(self.env, "res_partner", sorted(people))

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(vals.get("state", "draft") != "draft" for vals in vals_list):
            raise AccessError(_("A loan starts as a draft: it runs by its button."))
        for vals in vals_list:
            # the database's checks refuse a bad loan at its insert, before
            # the constraints: the user reads the constraint's clearer words
            draft = self.new(self._add_missing_default_values(vals))
            draft._check_parties()
            draft._check_terms()
        return super().create(vals_list)

    def write(self, vals):
        if "state" in vals and not (self.env.su or is_raised(self.env, LOAN_STATE, self)):
            raise AccessError(_("A loan runs, ends or is cancelled by its buttons."))
        if TERMS & set(vals) and self.filtered(lambda loan: loan.state != "draft"):
            raise UserError(
                _("The terms of a running loan are those both organisations agreed: cancel it or agree a new one.")
            )
        if "employee_id" in vals or vals.get("state") in COMMITTED_STATES:
            self._lock_people([vals])
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if self.filtered(lambda loan: loan.state not in ("draft", "cancelled")):
            raise UserError(_("A loan that has run is kept: end it or cancel it."))

    # ------------------------------------------------------------ actions
    def _set_state(self, state):
        with raised(self.env, LOAN_STATE, self):
            self.write({"state": state})

    def _months_between(self):
        self.ensure_one()
        month, last = first_of_month(self.date_start), first_of_month(self.date_end)
        while month <= last:
            yield month
            month += relativedelta(months=1)

    def action_activate(self):
        """Both organisations agreed: the loan runs, its months are opened
        for the lender to declare the hours done."""
        if self.filtered(lambda loan: loan.state != "draft"):
            raise UserError(_("Only a draft loan starts running."))
        for loan in self:
            loan.check_access("write")
            existing = set(loan.month_ids.mapped("month"))
            loan.sudo().month_ids = [
                Command.create({"month": month}) for month in loan._months_between() if month not in existing
            ]
        self._set_state("active")
        return True

    def action_close(self):
        """The loan ends: the months still to declare are dropped."""
        if self.filtered(lambda loan: loan.state != "active"):
            raise UserError(_("Only a running loan ends."))
        self.check_access("write")
        self.month_ids.filtered(lambda month: month.state == "todo").sudo().unlink()
        self._set_state("closed")
        return True

    def action_cancel(self):
        if self.filtered(lambda loan: loan.state not in ("draft", "active")):
            raise UserError(_("Only a draft or running loan is cancelled."))
        if self.month_ids.filtered(lambda month: month.state == "validated"):
            raise UserError(_("Months of this loan are validated: end it instead."))
        self.check_access("write")
        self.month_ids.sudo().unlink()
        self._set_state("cancelled")
        return True

    def action_draft(self):
        if self.filtered(lambda loan: loan.state != "cancelled"):
            raise UserError(_("Only a cancelled loan goes back to draft."))
        self.check_access("write")
        self._set_state("draft")
        return True
