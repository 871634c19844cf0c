# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import PeriscopeCoworkingCase


@tagged("post_install", "-at_install")
@freeze_time("2026-03-02 07:00:00")
class TestRecurrence(PeriscopeCoworkingCase):
    def _recurrence(self, **values):
        return (
            self.env["periscope.booking.recurrence"]
            .with_user(self.reception)
            .create(
                {
                    "space_id": self.room.id,
                    "partner_id": self.org.id,
                    "contact_id": self.person.id,
                    "start": "2026-03-10 09:00:00",  # Tuesday, 10:00 Paris
                    "stop": "2026-03-10 10:00:00",
                    **values,
                }
            )
        )

    def test_weekly_occurrences_are_checked_and_the_free_ones_booked(self):
        taken = self._book("2026-03-17 09:30:00", "2026-03-17 10:30:00")
        recurrence = self._recurrence(count=4)
        recurrence.action_check()
        lines = recurrence.line_ids.sorted("start")
        self.assertEqual(len(lines), 4)
        self.assertEqual(lines.mapped("selected"), [True, False, True, True])
        self.assertIn(taken.display_name, lines[1].problem)
        action = recurrence.action_confirm()
        bookings = self.env["periscope.booking"].search(action["domain"])
        self.assertEqual(len(bookings), 3)
        self.assertEqual(set(bookings.mapped("state")), {"confirmed"})

    def test_the_local_time_stays_across_daylight_saving(self):
        recurrence = self._recurrence(count=4, start="2026-03-17 09:00:00", stop="2026-03-17 10:00:00")
        recurrence.action_check()
        starts = [str(line.start) for line in recurrence.line_ids.sorted("start")]
        # 10:00 in Paris: UTC+1 until 29 March, UTC+2 after
        self.assertEqual(
            starts, ["2026-03-17 09:00:00", "2026-03-24 09:00:00", "2026-03-31 08:00:00", "2026-04-07 08:00:00"]
        )

    def test_every_two_weeks_until_a_date(self):
        recurrence = self._recurrence(interval=2, end_type="until", until="2026-04-21")
        recurrence.action_check()
        starts = [str(line.start)[:10] for line in recurrence.line_ids.sorted("start")]
        self.assertEqual(starts, ["2026-03-10", "2026-03-24", "2026-04-07", "2026-04-21"])

    def test_occurrences_beyond_the_horizon_are_refused_not_booked(self):
        recurrence = self._recurrence(count=20)  # 10 March + 19 weeks > 90 days
        recurrence.action_check()
        refused = recurrence.line_ids.filtered("problem")
        self.assertTrue(refused)
        self.assertTrue(all("days ahead" in line.problem for line in refused))
        action = recurrence.action_confirm()
        booked = self.env["periscope.booking"].search(action["domain"])
        self.assertEqual(len(booked), 20 - len(refused))

    def test_a_recurrence_needs_an_end(self):
        with self.assertRaises(ValidationError):
            self._recurrence(end_type="until", until=False)
        with self.assertRaises(ValidationError):
            self._recurrence(count=0)
        with self.assertRaises(ValidationError):
            self._recurrence(interval=0)
        with self.assertRaises(ValidationError):
            self._recurrence(end_type="until", until="2026-03-01")
