# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models

# the states in which a registration takes a seat (core event)
SEAT_STATES = ("open", "done")


class EventRegistration(models.Model):
    _inherit = "event.registration"

    @api.model_create_multi
    def create(self, vals_list):
        events = self.env["event.event"].browse(
            {vals["event_id"] for vals in vals_list if vals.get("event_id")}
        )
        events._check_training_registrations_open()
        # before core checks the seat limit
        events._lock_training_seats()
        return super().create(vals_list)

    def write(self, vals):
        events = self.env["event.event"]
        if vals.get("event_id"):
            events = events.browse(vals["event_id"])
            events._check_training_registrations_open()
        if self._takes_more_seats(vals):
            (events | self.event_id)._lock_training_seats()
        return super().write(vals)

    def _takes_more_seats(self, vals):
        """Whether writing ``vals`` may take seats that were free."""
        if {"event_id", "event_ticket_id"} & set(vals):
            return True
        if vals.get("active"):
            return True
        if vals.get("state") in SEAT_STATES:
            return any(registration.state not in SEAT_STATES for registration in self)
        return False
