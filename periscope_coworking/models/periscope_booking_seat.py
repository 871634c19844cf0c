# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.tools import SQL


class PeriscopeBookingSeat(models.Model):
    """One seat of a space held by a confirmed booking, for its time and the
    space's buffer. The database refuses two rows of the same seat of the same
    space at overlapping times (an exclusion constraint): two bookings of a
    one-seat room never overlap, and the seats of a desk pool are never
    overbooked, whatever concurrent transactions do."""

    _name = "periscope.booking.seat"
    _inherit = ["periscope.exclusion.mixin"]
    _description = "Seat Held by a Booking"
    _order = "space_id, start, seat"
    _log_access = False

    booking_id = fields.Many2one(comodel_name="periscope.booking", required=True, index=True, ondelete="cascade")
    space_id = fields.Many2one(comodel_name="periscope.space", required=True, ondelete="cascade")
    seat = fields.Integer(required=True)
    start = fields.Datetime(required=True)
    stop = fields.Datetime(required=True, help="The end of the booking plus the buffer.")

    _sql_constraints = [
        ("seat_positive", "CHECK(seat > 0)", "Seats are numbered from 1."),
        ("stop_after_start", "CHECK(stop > start)", "A seat is held for some time."),
    ]

    def init(self):
        self.env.cr.execute(
            SQL(
                """
                DO $$ BEGIN
                    ALTER TABLE %(table)s ADD CONSTRAINT %(name)s EXCLUDE USING gist (
                        space_id WITH =, seat WITH =, tsrange(start, stop, '[)') WITH &&
                    );
                EXCEPTION WHEN duplicate_object OR duplicate_table THEN NULL;
                END $$;
                """,
                table=SQL.identifier(self._table),
                name=SQL.identifier(f"{self._table}_no_overlap"),
            )
        )
