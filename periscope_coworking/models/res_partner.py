# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from .periscope_booking import month_bounds


class ResPartner(models.Model):
    _inherit = "res.partner"

    periscope_included_hours_left = fields.Float(
        string="Included hours left this month",
        compute="_compute_periscope_included_hours_left",
        help="Meeting-room hours of this month that the membership still includes.",
    )

    def _compute_periscope_included_hours_left(self):
        month_start, month_stop = month_bounds(fields.Datetime.now())
        for partner in self:
            organisation = partner.commercial_partner_id
            included = organisation.periscope_member_type_id.included_booking_hours
            if not included:
                partner.periscope_included_hours_left = 0.0
                continue
            # sudo: a member sees what remains without reading every booking
            used = (
                self.env["periscope.booking"]
                .sudo()
                ._included_hours_used(organisation, month_start, month_stop)
            )
            partner.periscope_included_hours_left = max(included - used, 0.0)
