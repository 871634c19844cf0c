# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, time, timedelta

import pytz
from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import PeriscopeCoworkingCase

PARIS = pytz.timezone("Europe/Paris")


@tagged("post_install", "-at_install")
class TestSpaceUsage(PeriscopeCoworkingCase):
    """Occupancy, next month: the view's opening hours are Odoo's own (the
    calendar's attendances, closing days left out)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        today = fields.Date.today()
        cls.month = (today + relativedelta(months=1)).replace(day=1)
        days = (cls.month + timedelta(days=n) for n in range(31))
        cls.weekdays = [day for day in days if day.month == cls.month.month and day.weekday() < 5]
        cls.office = cls.env["periscope.space"].create(
            {"name": "Bureau 4 (test)", "space_type": "office", "capacity": 2}
        )
        # the hub is closed on the month's second weekday
        closed = cls.weekdays[1]
        cls.env["resource.calendar.leaves"].create(
            {
                "name": "Fermeture (test)",
                "calendar_id": cls.hours.id,
                "date_from": cls._utc(closed, time(0)),
                "date_to": cls._utc(closed, time(23, 59)),
            }
        )

    @staticmethod
    def _utc(day, at):
        local = PARIS.localize(datetime.combine(day, at))
        return local.astimezone(pytz.utc).replace(tzinfo=None)

    def _usage(self, space, user=None):
        Usage = self.env["periscope.space.usage"].with_user(user or self.reception)
        return Usage.search([("space_id", "=", space.id), ("month", "=", self.month)])

    def _odoo_open_hours(self, space):
        start = pytz.utc.localize(self._utc(self.month, time(0)))
        stop = pytz.utc.localize(self._utc(self.month + relativedelta(months=1), time(0)))
        intervals = space.resource_calendar_id._work_intervals_batch(start, stop)
        return sum((end - begin).total_seconds() / 3600 for begin, end, _ in intervals[False])

    def test_booked_hours_against_opening_hours(self):
        first = self.weekdays[0]
        self._book(self._utc(first, time(9)), self._utc(first, time(11)))
        self._book(self._utc(first, time(9)), self._utc(first, time(13)), self.pool, seats=3)
        cancelled = self._book(self._utc(first, time(14)), self._utc(first, time(16)))
        cancelled.action_cancel()
        self.env["periscope.occupancy"].create(
            {
                "space_id": self.office.id,
                "partner_id": self.org.id,
                "date_start": self.month - relativedelta(months=1),
                "monthly_rent": 300,
            }
        )
        self.env.flush_all()
        open_hours = self._odoo_open_hours(self.room)
        # 12 hours a weekday, but for the closing day
        self.assertEqual(open_hours, 12 * (len(self.weekdays) - 1))
        room = self._usage(self.room)
        self.assertEqual(room.open_hours, open_hours)
        self.assertEqual((room.booked_hours, room.booking_count), (2, 1))
        self.assertAlmostEqual(room.occupancy_rate, 200 / open_hours)
        pool = self._usage(self.pool)
        self.assertEqual(pool.open_hours, open_hours * 12)  # twelve desks
        self.assertEqual(pool.booked_hours, 12)  # three desks for four hours
        office = self._usage(self.office)
        self.assertEqual(office.booked_hours, office.open_hours)
        self.assertEqual(office.occupancy_rate, 100)

    def test_in_pivot_and_graph_for_reception_only(self):
        self._book(self._utc(self.weekdays[0], time(9)), self._utc(self.weekdays[0], time(10)))
        Usage = self.env["periscope.space.usage"].with_user(self.reception)
        groups = Usage.read_group(
            [("space_id", "in", (self.room | self.pool).ids)],
            ["booked_hours:sum", "open_hours:sum"],
            ["space_id", "month:month"],
            lazy=False,
        )
        self.assertIn((self.room.id, 1.0), [(group["space_id"][0], group["booked_hours"]) for group in groups])
        for view_type in ("pivot", "graph", "list", "search"):
            Usage.get_views([(False, view_type)])
        portal = new_test_user(self.env, login="usage_portal", groups="base.group_portal")
        with self.assertRaises(AccessError):
            self._usage(self.room, user=portal)
