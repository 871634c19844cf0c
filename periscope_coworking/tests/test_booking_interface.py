# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import PeriscopeCoworkingCase


@tagged("post_install", "-at_install")
@freeze_time("2026-03-02 07:00:00")
class TestBookingInterface(PeriscopeCoworkingCase):
    """What other code (wizards, the portal, training's slots) calls to try a
    time before booking it, and to repeat a booking every week."""

    def _vals(self, start, stop, **values):
        return {"space_id": self.room.id, "partner_id": self.org.id, "start": start, "stop": stop, **values}

    def test_a_prospective_booking_is_checked_and_never_saved(self):
        Booking = self.env["periscope.booking"].with_user(self.reception)
        before = Booking.search_count([])
        draft = Booking._check_prospective(self._vals("2026-03-10 09:00:00", "2026-03-10 10:00:00"))
        self.assertFalse(draft.id)
        self.assertEqual(draft.space_id, self.room)
        self.assertEqual(Booking.search_count([]), before)

    def test_a_prospective_booking_meets_the_rules_of_the_space(self):
        Booking = self.env["periscope.booking"].with_user(self.reception)
        # a Sunday: the hub is closed
        with self.assertRaisesRegex(ValidationError, "closed"):
            Booking._check_prospective(self._vals("2026-03-08 09:00:00", "2026-03-08 10:00:00"))
        with self.assertRaisesRegex(ValidationError, "must end after it starts"):
            Booking._check_prospective(self._vals("2026-03-10 10:00:00", "2026-03-10 09:00:00"))

    def test_a_prospective_booking_names_the_booking_in_the_way(self):
        taken = self._book("2026-03-10 09:30:00", "2026-03-10 10:30:00")
        Booking = self.env["periscope.booking"].with_user(self.reception)
        with self.assertRaises(ValidationError) as caught:
            Booking._check_prospective(self._vals("2026-03-10 09:00:00", "2026-03-10 10:00:00"))
        self.assertIn(taken.display_name, str(caught.exception))
        # the other seats of a desk pool are still free
        Booking._check_prospective(self._vals("2026-03-10 09:00:00", "2026-03-10 10:00:00", space_id=self.pool.id))

    def test_weekly_occurrences_keep_the_local_time(self):
        # 10:00 in Paris, UTC+1 until 29 March, UTC+2 after
        occurrences = self.room._weekly_occurrences(datetime(2026, 3, 17, 9), datetime(2026, 3, 17, 10), count=3)
        self.assertEqual(
            occurrences,
            [
                (datetime(2026, 3, 17, 9), datetime(2026, 3, 17, 10)),
                (datetime(2026, 3, 24, 9), datetime(2026, 3, 24, 10)),
                (datetime(2026, 3, 31, 8), datetime(2026, 3, 31, 9)),
            ],
        )

    def test_weekly_occurrences_end_on_a_day_or_at_the_limit(self):
        start, stop = datetime(2026, 3, 3, 9), datetime(2026, 3, 3, 10)
        fortnightly = self.room._weekly_occurrences(start, stop, interval=2, until=date(2026, 4, 14))
        self.assertEqual(
            [occurrence.date() for occurrence, _stop in fortnightly],
            [date(2026, 3, 3), date(2026, 3, 17), date(2026, 3, 31), date(2026, 4, 14)],
        )
        self.assertEqual(len(self.room._weekly_occurrences(start, stop, count=500, limit=104)), 104)
