# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from odoo.addons.periscope_members.tools.billing import billing_link


class AccountMove(models.Model):
    _inherit = "account.move"

    periscope_billing_run_id = billing_link("periscope.billing.run", "Coworking billing run", ondelete="set null")
    periscope_charge_allocation_id = billing_link(
        "periscope.charge.allocation", "Shared charges allocation", ondelete="set null"
    )

    @api.model
    def _periscope_billing_link_fields(self):
        return super()._periscope_billing_link_fields() | {"periscope_billing_run_id", "periscope_charge_allocation_id"}


class AccountMoveLine(models.Model):
    """What a line of a coworking invoice bills: one booking, one part (rent
    or charges) of one month of a resident office, or a resident's part of a
    month's shared charges. The unique constraints make the database refuse
    to bill the same thing twice."""

    _inherit = "account.move.line"

    periscope_booking_id = billing_link("periscope.booking", "Booking")
    periscope_occupancy_id = billing_link("periscope.occupancy", "Resident office")
    periscope_charge_line_id = billing_link("periscope.charge.allocation.line", "Shared charges of a resident")
    periscope_rent_month = fields.Date(
        string="Rent month", copy=False, readonly=True, help="The first day of the month whose rent the line bills."
    )
    periscope_rent_part = fields.Selection(
        selection=[("rent", "Rent"), ("charges", "Charges")], string="Rent part", copy=False, readonly=True
    )

    _sql_constraints = [
        ("periscope_booking_billed_once", "UNIQUE(periscope_booking_id)", "This booking is already invoiced."),
        (
            "periscope_charge_line_billed_once",
            "UNIQUE(periscope_charge_line_id)",
            "This share of the shared charges is already invoiced.",
        ),
        (
            "periscope_rent_billed_once",
            "UNIQUE(periscope_occupancy_id, periscope_rent_month, periscope_rent_part)",
            "The rent of this office for this month is already invoiced.",
        ),
        (
            "periscope_rent_complete",
            (
                "CHECK(periscope_occupancy_id IS NULL OR "
                "(periscope_rent_month IS NOT NULL "
                "AND periscope_rent_part IS NOT NULL))"
            ),
            "A rent line names its month and whether it bills the rent or the charges.",
        ),
    ]

    @api.model
    def _periscope_billing_link_fields(self):
        return super()._periscope_billing_link_fields() | {
            "periscope_booking_id",
            "periscope_occupancy_id",
            "periscope_charge_line_id",
            "periscope_rent_month",
            "periscope_rent_part",
        }
