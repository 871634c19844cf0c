# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import AccessError

# what a coworking invoice's lines say they bill: a billing run writes them
BILLING_LINK_FIELDS = {"periscope_booking_id", "periscope_occupancy_id", "periscope_rent_month", "periscope_rent_part"}


def check_billing_links(model, vals_list, names):
    """What a billing run invoiced is written by the billing run alone, with
    the superuser's rights: an accountant unlinking a booking from its
    invoice line would have it billed twice, linking one would freeze a
    booking nobody invoiced."""
    if model.env.su:
        return
    for vals in vals_list:
        written = names.intersection(vals)
        # an empty value on a new line bills nothing: refused only on a write
        if written and (model or any(vals[name] for name in written)):
            raise AccessError(
                _(
                    "Only a coworking billing run says what an invoice bills (%(fields)s).",
                    fields=", ".join(model._fields[name]._description_string(model.env) for name in sorted(written)),
                )
            )


class AccountMove(models.Model):
    _inherit = "account.move"

    periscope_billing_run_id = fields.Many2one(
        comodel_name="periscope.billing.run",
        string="Coworking billing run",
        copy=False,
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
    )

    @api.model_create_multi
    def create(self, vals_list):
        check_billing_links(self, vals_list, {"periscope_billing_run_id"})
        return super().create(vals_list)

    def write(self, vals):
        if self:
            check_billing_links(self, [vals], {"periscope_billing_run_id"})
        return super().write(vals)


class AccountMoveLine(models.Model):
    """What a line of a coworking invoice bills: one booking, or one part
    (rent or charges) of one month of a resident office. The unique
    constraints make the database refuse to bill the same thing twice."""

    _inherit = "account.move.line"

    periscope_booking_id = fields.Many2one(
        comodel_name="periscope.booking",
        string="Booking",
        copy=False,
        readonly=True,
        index="btree_not_null",
        ondelete="restrict",
    )
    periscope_occupancy_id = fields.Many2one(
        comodel_name="periscope.occupancy",
        string="Resident office",
        copy=False,
        readonly=True,
        index="btree_not_null",
        ondelete="restrict",
    )
    periscope_rent_month = fields.Date(
        string="Rent month", copy=False, readonly=True, help="The first day of the month whose rent the line bills."
    )
    periscope_rent_part = fields.Selection(
        selection=[("rent", "Rent"), ("charges", "Charges")], string="Rent part", copy=False, readonly=True
    )

    _sql_constraints = [
        ("periscope_booking_billed_once", "UNIQUE(periscope_booking_id)", "This booking is already invoiced."),
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

    @api.model_create_multi
    def create(self, vals_list):
        check_billing_links(self, vals_list, BILLING_LINK_FIELDS)
        return super().create(vals_list)

    def write(self, vals):
        if self:
            check_billing_links(self, [vals], BILLING_LINK_FIELDS)
        return super().write(vals)
