# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from freezegun import freeze_time
from psycopg2 import errors

from odoo.tests import tagged
from odoo.tools import SQL, mute_logger

from .common import PeriscopeCoworkingCase


@tagged("post_install", "-at_install")
@freeze_time("2026-03-02 07:00:00")
class TestSeatConstraint(PeriscopeCoworkingCase):
    """The database keeps its guarantee after a fresh install and after an
    upgrade (``-u periscope_coworking``; scripts/test runs this class again on
    an upgraded database): the exclusion constraint is there, and the bookings
    made before keep their seats."""

    def _column(self, query):
        self.env.flush_all()
        self.env.cr.execute(query)
        return [row[0] for row in self.env.cr.fetchall()]

    def _constraint(self):
        return self._column(
            SQL(
                "SELECT pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid = 'periscope_booking_seat'::regclass "
                "AND contype = 'x'"
            )
        )

    def _holding_without_seats(self):
        return self._column(
            SQL(
                "SELECT b.id FROM periscope_booking b WHERE b.state IN "
                "('confirmed', 'done') AND NOT EXISTS (SELECT 1 FROM "
                "periscope_booking_seat s WHERE s.booking_id = b.id)"
            )
        )

    def _assert_guarded(self, booking):
        self.assertEqual(len(self._constraint()), 1, self._constraint())
        self.assertIn("tsrange(start, stop", self._constraint()[0])
        self.assertFalse(self._holding_without_seats())
        self.assertEqual(len(booking.seat_ids), 1)
        # a second row of the same seat at the same time: the database says no
        with mute_logger("odoo.sql_db"), self.assertRaises(errors.ExclusionViolation), self.env.cr.savepoint():
            self.env.cr.execute(
                SQL(
                    "INSERT INTO periscope_booking_seat "
                    "(booking_id, space_id, seat, start, stop) "
                    "VALUES (%s, %s, 1, %s, %s)",
                    booking.id,
                    booking.space_id.id,
                    booking.start,
                    booking.stop,
                )
            )

    def test_the_database_guards_the_seats(self):
        booking = self._book("2026-03-03 09:00:00", "2026-03-03 11:00:00")
        self._assert_guarded(booking)

    def test_an_upgrade_keeps_the_guarantee_and_the_seats(self):
        booking = self._book("2026-03-03 09:00:00", "2026-03-03 11:00:00")
        # what -u periscope_coworking does to the tables of its models
        self.env.registry.init_models(
            self.env.cr,
            ["periscope.booking.seat", "periscope.booking", "periscope.booking.lock"],
            {"module": "periscope_coworking"},
            install=False,
        )
        booking.invalidate_recordset()
        self._assert_guarded(booking)
