# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime, time, timedelta

import pytz

from odoo import Command
from odoo.tests import HttpCase, tagged

from odoo.addons.periscope_members.tests.common import PeriscopeFactoryMixin


@tagged("post_install", "-at_install")
class TestCoworkingTours(PeriscopeFactoryMixin, HttpCase):
    """In a real browser: a member books a meeting room on the portal and
    cancels it; the reception creates a booking in the calendar and drags it
    to another day. The room is open every day, so that the tours run on any
    day of the week; their days are relative to today."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        hours = cls.env["resource.calendar"].create(
            {
                "name": "Every day, 7:00-21:00 (tour test)",
                "tz": "Europe/Paris",
                "attendance_ids": [Command.clear()]
                + [
                    Command.create(
                        {
                            "name": f"Day {day} {period}",
                            "dayofweek": str(day),
                            "hour_from": hour_from,
                            "hour_to": hour_to,
                            "day_period": period,
                        }
                    )
                    for day in range(7)
                    for period, hour_from, hour_to in (("morning", 7, 13), ("afternoon", 13, 21))
                ],
            }
        )
        cls.room = cls.env["periscope.space"].create(
            {
                "name": "Salle Tour (test)",
                "space_type": "meeting_room",
                "capacity": 8,
                "resource_calendar_id": hours.id,
                "portal_bookable": True,
            }
        )
        cls.org = cls._make_organisation("Tour Coop (test)", cls.PERMANENT_RESIDENT)
        cls.person, cls.member = cls._make_portal_person(
            cls.org, "Julie Tour (test)", "coworking_tour_member", email="julie.tour@example.org"
        )
        cls.reception = cls._make_user("coworking_tour_reception", "periscope_coworking.group_periscope_coworking_user")

    def _bookings(self):
        return self.env["periscope.booking"].with_user(self.reception).search([("space_id", "=", self.room.id)])

    def test_member_books_and_cancels_a_room_on_the_portal(self):
        self.start_tour("/my/bookings", "periscope_coworking_portal_book", login=self.member.login)
        booking = self._bookings()
        self.assertEqual(len(booking), 1)
        self.assertEqual(booking.partner_id, self.org)
        self.assertEqual(booking.contact_id, self.person)
        self.assertEqual(booking.stop - booking.start, timedelta(hours=2))
        # it was confirmed, then cancelled in time: nothing is billed
        states = booking.sudo().message_ids.tracking_value_ids.filtered(lambda t: t.field_id.name == "state")
        self.assertIn(("Confirmed", "Cancelled"), [(t.old_value_char, t.new_value_char) for t in states])
        self.assertEqual(booking.state, "cancelled")
        self.assertFalse(booking.late_cancellation)

    def _next_month_day(self, day, hour):
        """10:00 (Paris) on a day of next month, in naive UTC, as the tours
        see it."""
        today = date.today()
        first = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
        local = pytz.timezone("Europe/Paris").localize(datetime.combine(first.replace(day=day), time(hour)))
        return local.astimezone(pytz.utc).replace(tzinfo=None)

    def _book_next_month(self, day, name, **values):
        booking = self.env["periscope.booking"].create(
            {
                "name": name,
                "space_id": self.room.id,
                "partner_id": self.org.id,
                "start": self._next_month_day(day, 10),
                "stop": self._next_month_day(day, 12),
                **values,
            }
        )
        booking.action_confirm()
        return booking

    def test_reception_creates_and_moves_a_booking_in_the_calendar(self):
        # the room is taken on the 14th: a drag there is refused
        blocking = self._book_next_month(14, "Tour blocking booking")
        self.start_tour(
            "/odoo/action-periscope_coworking.periscope_booking_action",
            "periscope_coworking_calendar",
            login=self.reception.login,
        )
        booking = self._bookings() - blocking
        self.assertEqual(len(booking), 1)
        self.assertEqual(booking.name, "Tour board meeting")
        self.assertEqual(booking.partner_id, self.org)
        self.assertEqual(booking.state, "confirmed")
        self.assertEqual(booking.create_uid, self.reception)
        self.assertEqual(booking.stop - booking.start, timedelta(hours=2))
        # created on the 10th of next month, dragged to the 12th at the same
        # time of day (an hour more or less if the clocks change in between)
        moves = booking.sudo().message_ids.tracking_value_ids.filtered(lambda t: t.field_id.name == "start")
        self.assertEqual(len(moves), 1)
        self.assertEqual(moves.new_value_datetime, booking.start)
        shift = booking.start - moves.old_value_datetime
        self.assertLessEqual(abs(shift - timedelta(days=2)), timedelta(hours=1))
        self.assertEqual(moves.old_value_datetime.day, 10)
        self.assertEqual(booking.start.day, 12)
        self.assertEqual(booking.calendar_event_id.start, booking.start)
        self.assertEqual(blocking.start.day, 14)

    def test_reception_moves_a_booking_in_the_odoo_calendar(self):
        """In the Calendar app: a refused drag draws the event back, an
        accepted one moves the booking."""
        self._book_next_month(14, "Tour blocking booking")
        booking = self._book_next_month(
            10, "Tour general assembly", attendee_ids=[Command.link(self.reception.partner_id.id)]
        )
        self.start_tour("/odoo/calendar", "periscope_coworking_odoo_calendar", login=self.reception.login)
        self.assertEqual(booking.start.day, 12)
        self.assertEqual(booking.seat_ids.start, booking.start)
        self.assertEqual(booking.calendar_event_id.start, booking.start)
