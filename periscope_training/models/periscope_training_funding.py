# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_amount

from odoo.addons.periscope_members.models.number_bounds import check_numbers
from odoo.addons.periscope_members.tools.billing import analytic_distribution

# the line of section C of the BPF (origin of the training organisation's
# income) that each kind of funder counts in
FUNDER_TYPE_BPF_LINES = {
    "company": "C-1",
    "opco_apprenticeship": "C-2 a",
    "opco_pro": "C-2 b",
    "opco_pro_a": "C-2 c",
    "transitions_pro": "C-2 d",
    "opco_cpf": "C-2 e",
    "opco_job_seekers": "C-2 f",
    "self_employed_fund": "C-2 g",
    "opco_skills": "C-2 h",
    "public_employer": "C-3",
    "europe": "C-4",
    "public_state": "C-5",
    "public_region": "C-6",
    "france_travail": "C-7",
    "public_other": "C-8",
    "individual": "C-9",
    "training_org": "C-10",
    "other": "C-11",
}
# what an invoiced funding line keeps
INVOICED_FIELDS = {"registration_id", "funder_id", "funder_type", "amount"}
# collected by a registration while it writes its funding lines (see
# flags.py and event.registration._deferring_funding_check): it checks their
# sum once they are all written, and the sum of any other registration whose
# lines were written meanwhile
DEFERRED_CHECK = "funding_check_deferred"
# the funders' kinds that pay for a person's own training: the person's own
# money or their personal training account; only the trainee sees it
PRIVATE_FUNDER_TYPES = ("individual", "opco_cpf")


class PeriscopeTrainingFunding(models.Model):
    """Who pays what of a trainee's registration: the funding lines of a
    confirmed registration add up exactly to its agreed price, and each is
    invoiced once, to its funder (see event.event.action_invoice_funders)."""

    _name = "periscope.training.funding"
    _description = "Training Funding"
    _order = "registration_id, sequence, id"

    sequence = fields.Integer(default=10)
    registration_id = fields.Many2one(comodel_name="event.registration", required=True, index=True, ondelete="cascade")
    event_id = fields.Many2one(related="registration_id.event_id", store=True, index=True, string="Session")
    trainee_name = fields.Char(related="registration_id.name", string="Trainee")
    funder_id = fields.Many2one(
        comodel_name="res.partner",
        required=True,
        index=True,
        help="Who is invoiced this amount: the employer, the OPCO, France Travail, the Region, the trainee themselves…",
    )
    funder_type = fields.Selection(
        selection=[
            ("company", "Company, for its employees (BPF C-1)"),
            ("opco_apprenticeship", "OPCO, apprenticeship contract (BPF C-2 a)"),
            ("opco_pro", "OPCO, professionalisation contract (BPF C-2 b)"),
            ("opco_pro_a", "OPCO, retraining or promotion by work-study, Pro-A (BPF C-2 c)"),
            ("transitions_pro", "Transitions Pro, professional transition project (BPF C-2 d)"),
            ("opco_cpf", "Personal training account, CPF (BPF C-2 e)"),
            ("opco_job_seekers", "OPCO, scheme for job seekers (BPF C-2 f)"),
            ("self_employed_fund", ("Training fund of self-employed workers, e.g. AGEFICE, FIFPL (BPF C-2 g)")),
            ("opco_skills", "OPCO, skills development plan or other schemes (BPF C-2 h)"),
            ("public_employer", "Public employer, for its staff (BPF C-3)"),
            ("europe", "European funds, e.g. the ESF (BPF C-4)"),
            ("public_state", "The State (BPF C-5)"),
            ("public_region", "Regional council (BPF C-6)"),
            ("france_travail", "France Travail (BPF C-7)"),
            ("public_other", "Other public funds (BPF C-8)"),
            ("individual", "The trainee, at their own expense (BPF C-9)"),
            ("training_org", "Another training organisation (BPF C-10)"),
            ("other", "Other (BPF C-11)"),
        ],
        string="Kind of funder",
        required=True,
        help="The line of section C of the Bilan Pédagogique et Financier that counts this income.",
    )
    reference = fields.Char(
        string="Funder's reference", help="E.g. the number of the OPCO's funding agreement, shown on the invoice."
    )
    currency_id = fields.Many2one(related="registration_id.currency_id")
    amount = fields.Monetary(required=True)
    company_id = fields.Many2one(related="registration_id.company_id", store=True, index="btree_not_null")
    invoice_line_ids = fields.One2many(
        comodel_name="account.move.line",
        inverse_name="periscope_training_funding_id",
        string="Invoice lines",
        readonly=True,
    )
    invoice_line_id = fields.Many2one(
        comodel_name="account.move.line", string="Invoice line", compute="_compute_invoice_line_id"
    )
    invoice_id = fields.Many2one(comodel_name="account.move", compute="_compute_invoice_line_id")

    _sql_constraints = [("amount_positive", "CHECK(amount > 0)", "The amount of a funding line is more than zero.")]

    @api.depends("invoice_line_ids")
    def _compute_invoice_line_id(self):
        # sudo: whether a line is invoiced, without the right to read invoices
        for funding in self:
            line = funding.sudo().invoice_line_ids[:1]
            funding.invoice_line_id = line
            funding.invoice_id = line.move_id

    @api.depends("funder_id", "amount")
    def _compute_display_name(self):
        for funding in self:
            amount = format_amount(self.env, funding.amount, funding.currency_id)
            funding.display_name = _(
                "%(funder)s: %(amount)s", funder=funding.funder_id.display_name or "", amount=amount
            )

    @api.constrains("registration_id")
    def _check_training_registration(self):
        for funding in self:
            if not funding.registration_id.event_id.is_training:
                raise ValidationError(
                    _(
                        "Only the registrations of a training session are funded: %(registration)s is not one.",
                        registration=funding.registration_id.display_name,
                    )
                )

    # ------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            check_numbers(self, vals, in_place=True)
        fundings = super().create(vals_list)
        fundings.registration_id._check_training_funding_now_or_later()
        return fundings

    def write(self, vals):
        check_numbers(self, vals, in_place=True)
        if INVOICED_FIELDS & set(vals):
            self._check_not_invoiced()
        registrations = self.registration_id
        res = super().write(vals)
        (registrations | self.registration_id)._check_training_funding_now_or_later()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_invoiced(self):
        self._check_not_invoiced()

    def unlink(self):
        registrations = self.registration_id
        res = super().unlink()
        registrations.exists()._check_training_funding_now_or_later()
        return res

    def _check_not_invoiced(self):
        invoiced = self.filtered("invoice_line_id")
        if invoiced:
            raise UserError(
                _(
                    "The funding line %(funding)s of %(trainee)s is invoiced: it no longer changes.",
                    funding=invoiced[0].display_name,
                    trainee=invoiced[0].registration_id.display_name,
                )
            )

    def _invoice_line_vals(self, product, analytic, dates):
        """The line of the funder's invoice that bills this funding line."""
        self.ensure_one()
        registration = self.registration_id
        label = _(
            "%(session)s — %(trainee)s, %(dates)s",
            session=registration.event_id.name,
            trainee=registration.name or registration.partner_id.name or "",
            dates=dates,
        )
        if self.reference:
            label += _(" (your reference %(reference)s)", reference=self.reference)
        return {
            "periscope_training_funding_id": self.id,
            "product_id": product.id,
            "product_uom_id": product.uom_id.id,
            "name": label,
            "quantity": 1.0,
            "price_unit": self.amount,
            "analytic_distribution": analytic_distribution(analytic),
        }
