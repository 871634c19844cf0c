# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.tests import tagged

from .common import PeriscopeCoworkingCase


@tagged("post_install", "-at_install")
@freeze_time("2026-03-02 07:00:00")
class TestFreeSlots(PeriscopeCoworkingCase):
    def test_free_slots_of_a_room(self):
        self._book("2026-03-03 09:00:00", "2026-03-03 11:00:00")  # 10:00-12:00 Paris
        slots = self.room._free_slots(datetime(2026, 3, 3), datetime(2026, 3, 4), duration_minutes=60)[self.room.id]
        # open 8:00-20:00 Paris = 7:00-19:00 UTC; the booking holds 9:00-11:15
        # (its 15-minute buffer), and a booking before it must end by 8:45
        self.assertEqual(
            slots,
            [
                (datetime(2026, 3, 3, 7, 0), datetime(2026, 3, 3, 8, 45)),
                (datetime(2026, 3, 3, 11, 15), datetime(2026, 3, 3, 19, 0)),
            ],
        )
        # what the slots offer can be booked
        booking = self._book("2026-03-03 07:00:00", "2026-03-03 08:45:00")
        self.assertEqual(booking.state, "confirmed")

    def test_short_gaps_are_not_offered(self):
        self._book("2026-03-03 07:00:00", "2026-03-03 08:00:00")
        self._book("2026-03-03 08:30:00", "2026-03-03 18:00:00")
        slots = self.room._free_slots(datetime(2026, 3, 3), datetime(2026, 3, 4), duration_minutes=60)[self.room.id]
        # 8:15-8:15 is nothing, 18:15-19:00 is too short for an hour
        self.assertEqual(slots, [])

    def test_desk_pool_slots_count_the_free_desks(self):
        self._book("2026-03-03 07:00:00", "2026-03-03 12:00:00", self.pool, seats=11)
        one = self.pool._free_slots(datetime(2026, 3, 3), datetime(2026, 3, 4), duration_minutes=60, seats=1)[
            self.pool.id
        ]
        self.assertEqual(one, [(datetime(2026, 3, 3, 7, 0), datetime(2026, 3, 3, 19, 0))])
        two = self.pool._free_slots(datetime(2026, 3, 3), datetime(2026, 3, 4), duration_minutes=60, seats=2)[
            self.pool.id
        ]
        self.assertEqual(two, [(datetime(2026, 3, 3, 12, 0), datetime(2026, 3, 3, 19, 0))])

    def test_closed_days_have_no_slot(self):
        saturday = self.room._free_slots(datetime(2026, 3, 7), datetime(2026, 3, 8))
        self.assertEqual(saturday[self.room.id], [])

    def test_query_count_does_not_grow_with_the_bookings(self):
        spaces = self.env["periscope.space"].create(
            [{"name": f"Salle {i}", "capacity": 10, "resource_calendar_id": self.hours.id} for i in range(20)]
        )
        booking = self._book("2026-03-03 09:00:00", "2026-03-03 10:00:00")

        def hold(count):
            # seats held through the month, written straight into the table
            # the search reads (bookings themselves would take minutes)
            self.env.cr.execute("DELETE FROM periscope_booking_seat WHERE space_id IN %s", [tuple(spaces.ids)])
            rows = []
            for index in range(count):
                space = spaces[index % 20]
                day = datetime(2026, 3, 2) + timedelta(days=(index // 20) % 28)
                hour = 7 + (index // 560) % 12
                start = day.replace(hour=hour)
                rows.append((booking.id, space.id, 1 + index, start, start + timedelta(minutes=50)))
            self.env.cr.executemany(
                "INSERT INTO periscope_booking_seat "
                "(booking_id, space_id, seat, start, stop) VALUES (%s, %s, %s, %s, %s)",
                rows,
            )
            self.env.invalidate_all()

        month = (datetime(2026, 3, 1), datetime(2026, 4, 1))
        hold(50)
        with self.assertQueryCount(__system__=10):
            few = spaces._free_slots(*month)
        hold(5000)
        with self.assertQueryCount(__system__=10):
            many = spaces._free_slots(*month)
        self.assertEqual(len(few), 20)
        self.assertNotEqual(few, many)
        self.assertEqual(self.pool._free_slots(*month, seats=13)[self.pool.id], [])
