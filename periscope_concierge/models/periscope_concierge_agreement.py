# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from dateutil.relativedelta import relativedelta

from odoo import Command, _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_date

from odoo.addons.periscope_members.tools.billing import analytic_distribution, billed_once
from odoo.addons.periscope_members.tools.hub_time import local_month_bounds
from odoo.addons.periscope_members.tools.organisation import organisation_field

from .number_bounds import MAX_PRICE

NUMBER_BOUNDS = {"fee_per_employee": (0, MAX_PRICE), "employee_count": (0, 100000)}


class PeriscopeConciergeAgreement(models.Model):
    """An organisation's concierge agreement: a monthly fee per employee,
    and whether its employees' orders are billed to the company (with the fee,
    in one monthly invoice) or to each employee at collection."""

    _name = "periscope.concierge.agreement"
    _description = "Concierge Agreement"
    _inherit = ["mail.thread", "periscope.exclusion.mixin", "periscope.number.mixin"]
    _order = "date_start desc, id desc"
    _check_company_auto = True

    partner_id = organisation_field()
    date_start = fields.Date(string="From", required=True, tracking=True)
    date_end = fields.Date(string="Until", tracking=True, help="Empty: no end yet.")
    fee_per_employee = fields.Monetary(string="Monthly fee per employee", tracking=True)
    employee_count = fields.Integer(string="Employees", default=1, tracking=True)
    billing = fields.Selection(
        selection=[("company", "To the company, monthly"), ("employee", "To each employee, at collection")],
        string="Employees' orders billed",
        required=True,
        default="company",
        tracking=True,
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(comodel_name="res.company", required=True, default=lambda self: self.env.company)
    currency_id = fields.Many2one(related="company_id.currency_id")
    note = fields.Text()

    _sql_constraints = [
        ("end_after_start", "CHECK(date_end IS NULL OR date_end >= date_start)", "An agreement ends after it starts."),
        (
            "amounts_not_negative",
            "CHECK(fee_per_employee >= 0 AND employee_count >= 0)",
            "The fee and the number of employees cannot be negative.",
        ),
        (
            "one_at_a_time",
            ("EXCLUDE USING gist (partner_id WITH =, daterange(date_start, date_end, '[]') WITH &&) WHERE (active)"),
            "This organisation already has a concierge agreement at that time.",
        ),
    ]

    def _periscope_number_bounds(self):
        return NUMBER_BOUNDS

    @api.depends("partner_id", "date_start")
    def _compute_display_name(self):
        for agreement in self:
            agreement.display_name = _("Agreement %(organisation)s", organisation=agreement.partner_id.name or "")

    @api.constrains("partner_id")
    def _check_organisation(self):
        for agreement in self:
            if not agreement.partner_id.is_company:
                raise ValidationError(
                    _("A concierge agreement is signed by an organisation, not by %s.", agreement.partner_id.name)
                )

    @api.model
    def _for_organisation(self, organisation, day):
        """The organisation's agreement in force on ``day``."""
        if not organisation:
            return self.browse()
        # sudo: the agreement decides who pays, whoever takes the order (a
        # member on the portal, the desk): returned as sudo for that reading
        return self.sudo().search(
            [
                ("partner_id", "=", organisation.id),
                ("date_start", "<=", day),
                "|",
                ("date_end", "=", False),
                ("date_end", ">=", day),
            ],
            limit=1,
        )

    # ------------------------------------------------------------ invoicing
    @api.model
    def _invoice_month(self, month):
        """One draft invoice per agreement in force in the month of
        ``month``: the month's fee (per employee) and, when the company pays
        for its employees, their orders collected in the month. Whatever is
        already invoiced is left out (the database refuses it twice)."""
        # the agreements' managers only: the invoices are made as superuser
        self.check_access("create")
        first = month.replace(day=1)
        last = first + relativedelta(months=1, days=-1)
        start, stop = local_month_bounds(first)
        # sudo: the desk manager runs it; the amounts come from the agreements
        # and the orders, not from the user
        agreements = self.sudo().search(
            [("date_start", "<=", last), "|", ("date_end", "=", False), ("date_end", ">=", first)]
        )
        if not agreements:
            return self.env["account.move"]
        orders = (
            self.env["periscope.concierge.order"]
            .sudo()
            .search(
                [
                    ("agreement_id", "in", agreements.ids),
                    ("state", "=", "collected"),
                    ("date_collected", ">=", start),
                    ("date_collected", "<", stop),
                    ("is_invoiced", "=", False),
                ],
                order="date_collected, id",
            )
        )
        label = format_date(self.env, first, date_format="MMMM y")
        fee_billed = agreements._fee_billed(first)
        vals_list = [
            vals
            for agreement in agreements
            if (vals := agreement._month_invoice_vals(first, label, fee_billed, orders))
        ]
        with billed_once(
            self.env,
            _(
                "Another run has just invoiced some of these agreements for "
                "that month: run this one again, it will add only the rest."
            ),
        ):
            moves = self.env["account.move"]._periscope_create_drafts(vals_list)
        return moves

    def _month_invoice_vals(self, first, label, fee_billed, orders):
        """The draft invoice of the agreement for the month that begins on
        ``first``: its fee unless billed (``fee_billed``), and the ``orders``
        of its employees when the company pays for them; none when nothing
        is left to bill."""
        self.ensure_one()
        lines = [] if self.id in fee_billed else self._fee_line_vals(first, label)
        if self.billing == "company":
            lines += orders.filtered(lambda o: o.agreement_id == self)._invoice_line_vals()
        if not lines:
            return None
        return {
            "move_type": "out_invoice",
            "journal_id": self.env["periscope.concierge.order"]._sale_journal(self.company_id).id,
            "company_id": self.company_id.id,
            "partner_id": self.partner_id.id,
            "invoice_origin": _("Concierge %s", label),
            "invoice_line_ids": [Command.create(vals) for vals in lines],
        }

    def _fee_billed(self, first):
        """The ids of these agreements whose fee of the month that begins on
        ``first`` is invoiced already."""
        return set(
            self.env["account.move.line"]
            .sudo()
            .search([("periscope_agreement_id", "in", self.ids), ("periscope_agreement_month", "=", first)])
            .periscope_agreement_id.ids
        )

    def _fee_line_vals(self, first, label):
        """The invoice line of the agreement's fee of the month that begins
        on ``first`` (``label`` names it), none without a fee."""
        self.ensure_one()
        if not (self.fee_per_employee and self.employee_count):
            return []
        fee_product = self.env.ref("periscope_concierge.product_agreement_fee")
        analytic = self.env.ref("periscope_concierge.analytic_account_concierge", raise_if_not_found=False)
        return [
            {
                "periscope_agreement_id": self.id,
                "periscope_agreement_month": first,
                "product_id": fee_product.id,
                "product_uom_id": fee_product.uom_id.id,
                "name": _(
                    "Concierge agreement, %(month)s: %(count)s employees", month=label, count=self.employee_count
                ),
                "quantity": self.employee_count,
                "price_unit": self.fee_per_employee,
                "analytic_distribution": analytic_distribution(analytic),
            }
        ]
