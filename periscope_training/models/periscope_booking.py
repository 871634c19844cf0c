# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, models
from odoo.exceptions import UserError

from .flags import is_raised
from .periscope_training_slot import FROM_SLOT

# what only the slot of a training session or of an event of the hub changes
# in its booking: its time, its space, and its customer (the event's organizer)
SLOT_FIELDS = {"space_id", "start", "stop", "partner_id"}


class PeriscopeBooking(models.Model):
    _inherit = "periscope.booking"

    def write(self, vals):
        # only the slot moves or cancels its booking (the flag is raised by
        # the slot's own methods, never by a caller's context)
        if not is_raised(self.env, FROM_SLOT, self) and (SLOT_FIELDS & set(vals) or vals.get("state") == "cancelled"):
            # sudo: reception may move bookings without reading the sessions
            slot = (
                self.env["periscope.training.slot"]
                .sudo()
                .search([("booking_id", "in", self.ids), ("state", "=", "planned")], limit=1)
            )
            if slot:
                raise UserError(
                    _(
                        "The booking %(booking)s is the room of the slot %(slot)s: "
                        "move or cancel the slot in its event, or change its organizer, instead.",
                        booking=slot.booking_id.display_name,
                        slot=slot.display_name,
                    )
                )
        return super().write(vals)

    def _periscope_confirm_for_training(self):
        """Confirm the bookings of training slots. The hub does not invoice
        itself: a booking whose customer is the company's own partner (a
        session the hub organises) is priced at nothing by the coworking
        addon's rates, on every path."""
        return self.action_confirm()
