# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import secrets

from odoo import fields, models

from .periscope_booking import month_bounds


class ResPartner(models.Model):
    _inherit = "res.partner"

    periscope_included_hours_left = fields.Float(
        string="Included hours left this month",
        compute="_compute_periscope_included_hours_left",
        help="Meeting-room hours of this month that the membership still includes.",
    )
    periscope_booking_feed_token = fields.Char(
        string="Bookings calendar token",
        copy=False,
        groups="base.group_system",
        index="btree_not_null",
        help="The secret in the address of the organisation's private calendar "
        "of bookings; a new one revokes the old address.",
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

    def _periscope_reset_booking_feed_token(self):
        """Give each organisation a new secret for the calendar of its bookings:
        the address with the old secret stops working. Returns the last one."""
        token = False
        for partner in self:
            token = secrets.token_urlsafe(32)
            partner.periscope_booking_feed_token = token
        return token
