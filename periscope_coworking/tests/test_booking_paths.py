# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import PeriscopeCoworkingCase

# Monday 2 March 2026, 8:00 in Paris (UTC+1)


@tagged("post_install", "-at_install")
@freeze_time("2026-03-02 07:00:00")
class TestOnePathForSeats(PeriscopeCoworkingCase):
    """Whatever makes a booking hold seats — created confirmed, written to
    confirmed, imported, the Confirm button — takes them the same way, and
    whatever releases them frees them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.room.product_id = cls.env.ref("periscope_coworking.product_meeting_room_hour")
        cls.outsider = cls.env["res.partner"].create({"name": "Extérieur (test)", "is_company": True})

    def _vals(self, start, stop, space=None, partner=None, **extra):
        return {
            "space_id": (space or self.room).id,
            "partner_id": (partner or self.outsider).id,
            "start": start,
            "stop": stop,
            **extra,
        }

    def test_created_confirmed_takes_seats_and_price(self):
        Booking = self.env["periscope.booking"].with_user(self.reception)
        first = Booking.create(self._vals("2026-03-03 09:00:00", "2026-03-03 11:00:00", state="confirmed"))
        self.assertEqual(len(first.seat_ids), 1)
        self.assertEqual(first.quantity, 2)
        self.assertEqual(first.price_unit, 25.0)  # the public price of an hour
        with self.assertRaises(ValidationError) as caught:
            Booking.create(self._vals("2026-03-03 10:00:00", "2026-03-03 12:00:00", state="confirmed"))
        self.assertIn("already booked", str(caught.exception))
        self.assertIn(first.display_name, str(caught.exception))
        self.assertEqual(Booking.search_count([("space_id", "=", self.room.id)]), 1, "none kept")

    def test_created_done_holds_seats_too(self):
        Booking = self.env["periscope.booking"].with_user(self.reception)
        Booking.create(self._vals("2026-03-03 09:00:00", "2026-03-03 11:00:00", state="done"))
        with self.assertRaises(ValidationError):
            Booking.create(self._vals("2026-03-03 10:00:00", "2026-03-03 12:00:00", state="confirmed"))

    def test_a_given_price_is_kept(self):
        booking = (
            self.env["periscope.booking"]
            .with_user(self.reception)
            .create(self._vals("2026-03-03 09:00:00", "2026-03-03 11:00:00", state="confirmed", price_unit=10.0))
        )
        self.assertEqual((booking.quantity, booking.price_unit), (2, 10.0))

    def test_written_to_confirmed_takes_seats(self):
        Booking = self.env["periscope.booking"].with_user(self.reception)
        first, second = Booking.create(
            [
                self._vals("2026-03-03 09:00:00", "2026-03-03 11:00:00"),
                self._vals("2026-03-03 10:00:00", "2026-03-03 12:00:00"),
            ]
        )
        first.write({"state": "confirmed"})
        self.assertEqual(len(first.seat_ids), 1)
        self.assertEqual(first.quantity, 2)
        with self.assertRaises(ValidationError):
            second.write({"state": "confirmed"})
        self.assertEqual(second.state, "draft")
        # both at once: refused together, nothing kept
        third = Booking.create(self._vals("2026-03-04 09:00:00", "2026-03-04 11:00:00"))
        fourth = Booking.create(self._vals("2026-03-04 10:00:00", "2026-03-04 12:00:00"))
        with self.assertRaises(ValidationError):
            (third | fourth).write({"state": "confirmed"})

    def test_released_by_cancel_draft_and_write(self):
        Booking = self.env["periscope.booking"].with_user(self.reception)
        booking = Booking.create(self._vals("2026-03-03 09:00:00", "2026-03-03 11:00:00", state="confirmed"))
        booking.write({"state": "cancelled"})
        self.assertFalse(booking.seat_ids)
        again = Booking.create(self._vals("2026-03-03 09:00:00", "2026-03-03 11:00:00", state="confirmed"))
        again.write({"state": "draft"})
        self.assertFalse(again.seat_ids)
        # the room is free: a third one takes it
        Booking.create(self._vals("2026-03-03 09:00:00", "2026-03-03 11:00:00", state="confirmed"))

    def test_import_as_the_manager(self):
        Booking = self.env["periscope.booking"].with_user(self.manager)
        fields = ["space_id/.id", "partner_id/.id", "start", "stop", "state"]
        row = [str(self.room.id), str(self.outsider.id), "2026-03-03 09:00:00", "2026-03-03 11:00:00", "confirmed"]
        result = Booking.load(fields, [row])
        self.assertFalse(result["messages"], result["messages"])
        booking = Booking.browse(result["ids"])
        self.assertEqual(len(booking.seat_ids), 1)
        self.assertEqual(booking.quantity, 2)
        overlap = list(row)
        overlap[2:4] = ["2026-03-03 10:00:00", "2026-03-03 12:00:00"]
        result = Booking.load(fields, [overlap])
        self.assertFalse(result["ids"])
        self.assertIn("already booked", result["messages"][0]["message"])
        self.assertEqual(Booking.search_count([("space_id", "=", self.room.id)]), 1)


@tagged("post_install", "-at_install")
@freeze_time("2026-03-02 07:00:00")
class TestDeskPools(PeriscopeCoworkingCase):
    """A desk pool admits a booking exactly when, at every moment of it, the
    desks in use plus those asked fit."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.two = cls.env["periscope.space"].create(
            {
                "name": "Deux bureaux (test)",
                "space_type": "desk_pool",
                "capacity": 2,
                "seats": 2,
                "resource_calendar_id": cls.hours.id,
            }
        )

    def _desk(self, start, stop, seats=1):
        return self._book(f"2026-03-03 {start}:00", f"2026-03-03 {stop}:00", self.two, seats=seats)

    def test_short_bookings_do_not_block_a_long_one(self):
        # 8-9 and 11-12 (UTC): at most one desk used at any moment
        self._desk("08:00", "09:00")
        self._desk("11:00", "12:00")
        long = self._desk("07:00", "16:00")
        self.assertEqual(len(long.seat_ids), 1)
        # now two desks are used at 8-9 and 11-12: a third is refused there
        with self.assertRaises(ValidationError) as caught:
            self._desk("08:30", "09:30")
        self.assertIn("already booked", str(caught.exception))
        # and fits between them
        self.assertEqual(self._desk("09:00", "11:00").state, "confirmed")

    def test_no_false_refusal_from_how_desks_were_dealt(self):
        # the short bookings sit on different desks: no desk is free from
        # 7 to 16, yet one desk at least is free at every moment
        first = self._desk("08:00", "09:00")
        blocker = self._desk("11:00", "12:00")
        second = self._desk("11:00", "12:00")
        blocker.action_cancel()
        self.assertEqual((first.seat_ids.seat, second.seat_ids.seat), (1, 2), "dealt apart")
        long = self._desk("07:00", "16:00")
        self.assertEqual(long.state, "confirmed")
        seats = self.env["periscope.booking.seat"].search([("space_id", "=", self.two.id)])
        self.assertEqual(len(seats), 3)
        # the desks were dealt again: the long booking has one for the day
        self.assertEqual(len(long.seat_ids), 1)
        self.assertNotEqual(long.seat_ids.seat, first.seat_ids.seat)
        self.assertNotEqual(long.seat_ids.seat, second.seat_ids.seat)

    def test_two_desks_asked_at_a_moment_with_one_free(self):
        self._desk("08:00", "09:00")
        with self.assertRaises(ValidationError):
            self._desk("07:00", "16:00", seats=2)
        self.assertEqual(self._desk("09:00", "16:00", seats=2).state, "confirmed")

    def test_a_booking_lengthened_in_a_pool_is_checked_at_every_moment(self):
        self._desk("08:00", "09:00")
        self._desk("08:00", "09:00")
        late = self._desk("10:00", "11:00")
        with self.assertRaises(ValidationError):
            late.write({"start": "2026-03-03 08:30:00"})
        late.write({"start": "2026-03-03 09:00:00"})
        self.assertEqual(str(late.seat_ids.start), "2026-03-03 09:00:00")


@tagged("post_install", "-at_install")
@freeze_time("2026-03-02 07:00:00")
class TestThePriceFollowsTheBooking(PeriscopeCoworkingCase):
    """Permanent residents have 8 meeting-room hours a month included and pay
    12.50 an hour beyond; others pay 25.00."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        hour = cls.env.ref("periscope_coworking.product_meeting_room_hour")
        cls.room.product_id = hour
        cls.room2 = cls.room.copy({"name": "Salle Garonne (test)"})
        cls.outsider = cls.env["res.partner"].create({"name": "Extérieur (test)", "is_company": True})

    def test_a_lengthened_booking_is_priced_again(self):
        booking = self._book("2026-03-03 08:00:00", "2026-03-03 09:00:00", partner=self.outsider)
        self.assertEqual(booking.quantity, 1)
        booking.with_user(self.reception).write({"stop": "2026-03-03 11:00:00"})
        self.assertEqual((booking.quantity, booking.price_unit), (3, 25.0))
        # resized in the calendar
        booking.calendar_event_id.with_user(self.reception).write({"stop": "2026-03-03 10:00:00"})
        self.assertEqual(booking.quantity, 2)

    def test_another_customer_or_space_is_priced_again(self):
        booking = self._book("2026-03-03 08:00:00", "2026-03-03 10:00:00", partner=self.outsider)
        self.assertEqual(booking.price_unit, 25.0)
        booking.with_user(self.reception).partner_id = self.org
        # a member: the 2 hours are included
        self.assertEqual((booking.included_hours, booking.quantity), (2, 0))
        self.assertEqual(booking.price_unit, 12.5)
        booking.with_user(self.reception).space_id = self.pool
        # the pool's desks are not invoiced by the hour: no hours included
        self.assertEqual((booking.included_hours, booking.quantity), (0, 0))

    def test_included_hours_are_dealt_again_in_the_month(self):
        first = self._book("2026-03-03 08:00:00", "2026-03-03 13:00:00")
        second = self._book("2026-03-04 08:00:00", "2026-03-04 12:00:00", self.room2)
        self.assertEqual((first.included_hours, second.included_hours), (5, 3))
        self.assertEqual(second.quantity, 1)
        # the first one is shortened: the second gets the hours back
        first.with_user(self.reception).write({"stop": "2026-03-03 10:00:00"})
        self.assertEqual((first.included_hours, second.included_hours), (2, 4))
        self.assertEqual(second.quantity, 0)
        # lengthened: the second pays again, the total stays 8
        first.with_user(self.reception).write({"stop": "2026-03-03 15:00:00"})
        self.assertEqual((first.included_hours, second.included_hours), (7, 1))
        # moved to April: March's hours all go to the second
        first.with_user(self.reception).write({"start": "2026-04-01 07:00:00", "stop": "2026-04-01 09:00:00"})
        self.assertEqual((first.included_hours, second.included_hours), (2, 4))
        # cancelled: nothing changes for the second
        first.with_user(self.reception).action_cancel()
        self.assertEqual(second.included_hours, 4)

    def test_an_earlier_booking_takes_the_hours_first(self):
        later = self._book("2026-03-20 08:00:00", "2026-03-20 16:00:00")
        self.assertEqual(later.included_hours, 8)
        earlier = self._book("2026-03-05 08:00:00", "2026-03-05 10:00:00")
        self.assertEqual((earlier.included_hours, later.included_hours), (2, 6))
        self.assertEqual(later.quantity, 2)

    def test_the_hub_does_not_invoice_itself(self):
        hub = self.env.company.partner_id
        booking = self._book("2026-03-03 08:00:00", "2026-03-03 10:00:00", partner=hub)
        self.assertEqual((booking.quantity, booking.price_unit), (0, 0))
        booking.with_user(self.reception).write({"stop": "2026-03-03 11:00:00"})
        self.assertEqual((booking.quantity, booking.price_unit), (0, 0))


@tagged("post_install", "-at_install")
@freeze_time("2026-03-02 07:00:00")
class TestTheCalendarMirrorsTheBooking(PeriscopeCoworkingCase):
    def test_the_event_follows_the_state(self):
        booking = self._book("2026-03-03 09:00:00", "2026-03-03 10:00:00", confirm=False)
        event = booking.calendar_event_id
        self.assertEqual((event.show_as, event.active), ("free", True))
        booking.with_user(self.reception).write({"state": "confirmed"})
        self.assertEqual((event.show_as, event.active), ("busy", True))
        booking.with_user(self.reception).action_cancel()
        self.assertEqual((event.show_as, event.active), ("free", False))
        # the Calendar app no longer shows it; the booking keeps it
        Event = self.env["calendar.event"].with_user(self.reception)
        self.assertFalse(Event.search([("id", "=", event.id)]))
        self.assertEqual(booking.calendar_event_id, event)
        booking.with_user(self.reception).action_draft()
        self.assertEqual((event.show_as, event.active), ("free", True))
