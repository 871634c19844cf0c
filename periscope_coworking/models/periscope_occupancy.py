# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.periscope_members.tools.organisation import organisation_field

from .bounds import MAX_PRICE, check_dates, check_numbers

NUMBER_BOUNDS = {"monthly_rent": (0, MAX_PRICE), "monthly_charges": (0, MAX_PRICE)}


class PeriscopeOccupancy(models.Model):
    """A resident organisation's office, rented by the month: while it runs,
    nobody else can book the office."""

    _name = "periscope.occupancy"
    _description = "Resident Office"
    _inherit = ["mail.thread", "periscope.exclusion.mixin"]
    _order = "date_start desc, id desc"
    _check_company_auto = True

    space_id = fields.Many2one(
        comodel_name="periscope.space",
        string="Office",
        required=True,
        index=True,
        check_company=True,
        domain=[("space_type", "=", "office")],
        tracking=True,
    )
    partner_id = organisation_field("Resident")
    date_start = fields.Date(string="From", required=True, tracking=True)
    date_end = fields.Date(string="Until", tracking=True, help="Empty: no end yet.")
    monthly_rent = fields.Monetary(tracking=True)
    monthly_charges = fields.Monetary(tracking=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    company_id = fields.Many2one(comodel_name="res.company", required=True, default=lambda self: self.env.company)
    note = fields.Text()

    _sql_constraints = [
        ("end_after_start", "CHECK(date_end IS NULL OR date_end >= date_start)", "An occupancy ends after it starts."),
        (
            "no_overlap",
            ("EXCLUDE USING gist (space_id WITH =, daterange(date_start, date_end, '[]') WITH &&)"),
            "This office is already rented to another resident at that time.",
        ),
        (
            "amounts_not_negative",
            "CHECK(monthly_rent >= 0 AND monthly_charges >= 0)",
            "The rent and the charges cannot be negative.",
        ),
    ]

    @api.depends("space_id", "partner_id")
    def _compute_display_name(self):
        for occupancy in self:
            occupancy.display_name = " — ".join(filter(None, (occupancy.space_id.name, occupancy.partner_id.name)))

    @api.constrains("space_id", "partner_id", "date_start", "date_end")
    def _check_occupancy(self):
        for occupancy in self:
            if occupancy.space_id.space_type != "office":
                raise ValidationError(_("%s is not an office: only offices are rented.", occupancy.space_id.name))
            bookings = occupancy._foreign_bookings()
            if bookings:
                raise ValidationError(
                    _(
                        "%(office)s is booked by others during this occupancy: "
                        "%(bookings)s. Cancel or move those bookings first.",
                        office=occupancy.space_id.name,
                        bookings=", ".join(bookings.mapped("display_name")),
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        return super().create([self._check_values(vals) for vals in vals_list])

    def write(self, vals):
        return super().write(self._check_values(vals))

    def _check_values(self, vals):
        """The amounts and the dates of ``vals`` read and within their bounds
        (see ``bounds.py``)."""
        vals = check_numbers(self, vals, NUMBER_BOUNDS)
        return check_dates(self, vals, ("date_start", "date_end"))

    def _foreign_bookings(self):
        """Confirmed bookings of the office by anyone but the resident."""
        self.ensure_one()
        domain = [
            ("space_id", "=", self.space_id.id),
            ("state", "in", ("confirmed", "done")),
            ("partner_id.commercial_partner_id", "!=", self.partner_id.id),
            ("stop", ">", fields.Datetime.to_datetime(self.date_start)),
        ]
        if self.date_end:
            domain.append(("start", "<", fields.Datetime.to_datetime(self.date_end) + timedelta(days=1)))
        # sudo: the check must see every booking of the office, whoever may
        # read them; only their names are shown
        return self.env["periscope.booking"].sudo().search(domain)
