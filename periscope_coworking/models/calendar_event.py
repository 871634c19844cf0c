# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, fields, models
from odoo.exceptions import UserError


class CalendarEvent(models.Model):
    _inherit = "calendar.event"

    periscope_booking_id = fields.Many2one(
        comodel_name="periscope.booking",
        string="Booking",
        index="btree_not_null",
        ondelete="set null",
        readonly=True,
    )

    def write(self, vals):
        res = super().write(vals)
        if self.env.context.get("periscope_from_booking"):
            return res
        moved = {key: vals[key] for key in ("start", "stop") if key in vals}
        if moved:
            # moved or resized in the calendar: the booking follows, or the
            # move is refused with the reason (the transaction is undone)
            for event in self.filtered("periscope_booking_id"):
                event.periscope_booking_id.with_context(
                    periscope_from_event=True
                ).write({"start": event.start, "stop": event.stop})
        return res

    def unlink(self):
        if not self.env.context.get("periscope_from_booking"):
            booked = self.filtered(
                lambda e: e.periscope_booking_id.state in ("draft", "confirmed", "done")
            )
            if booked:
                raise UserError(
                    _(
                        "This event is the booking %s: cancel the booking instead.",
                        booked[0].periscope_booking_id.display_name,
                    )
                )
        return super().unlink()
