# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json
from datetime import date, timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import SQL, mute_logger

from .common import PeriscopeCoworkingCase

# Monday 2 March 2026, 8:00 in Paris (UTC+1)


@tagged("post_install", "-at_install")
@freeze_time("2026-03-02 07:00:00")
class TestStaffManageBookingsInTheCalendar(PeriscopeCoworkingCase):
    """The reception works in the Odoo Calendar: what it changes on a
    booking's event changes the booking under the booking's rules, or is
    refused with the reason; an event given a space becomes a booking."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.room.product_id = cls.env.ref("periscope_coworking.product_meeting_room_hour")
        cls.other_room = cls.room.copy({"name": "Salle de la Fabrique (test)"})
        cls.colleague = cls.env["res.partner"].create({"name": "Paul Garrigues", "parent_id": cls.org.id})
        cls.outsider = cls.env["res.partner"].create({"name": "Extérieur (test)", "is_company": True})
        cls.Event = cls.env["calendar.event"].with_user(cls.reception)

    def _bookings(self):
        return self.env["periscope.booking"].search([("space_id", "in", (self.room | self.other_room).ids)])

    def _event(self, booking):
        return booking.calendar_event_id.with_user(self.reception)

    # ------------------------------------------------------------ the mirror
    def test_the_event_shows_space_customer_attendees_and_note(self):
        booking = self._book("2026-03-03 09:00:00", "2026-03-03 10:00:00")
        booking.with_user(self.reception).write({"attendee_ids": [Command.link(self.colleague.id)], "note": "U-shape"})
        event = self._event(booking)
        self.assertEqual(event.periscope_space_id, self.room)
        self.assertEqual(event.periscope_customer_id, self.org)
        self.assertEqual(event.periscope_booking_id, booking)
        self.assertEqual(event.location, self.room.name)
        self.assertEqual(event.user_id, self.reception)  # the organiser
        self.assertEqual(event.partner_ids, self.person | self.colleague)
        self.assertIn("U-shape", event.description)
        # the spaces are a filter of the calendar: events are found by space
        found = self.Event.search([("periscope_space_id", "=", self.room.id)])
        self.assertEqual(found, event)

    # ------------------------------------------------------------ flowing back
    def test_time_title_attendees_and_description_flow_back(self):
        booking = self._book("2026-03-03 09:00:00", "2026-03-03 10:00:00")
        # the organisation's included hours cover the first hours of the month
        self.assertEqual((booking.included_hours, booking.quantity), (1, 0))
        event = self._event(booking)
        event.write(
            {
                "name": "Conseil d'administration",
                "partner_ids": [Command.link(self.colleague.id)],
                "description": "<p>Vidéoprojecteur</p>",
            }
        )
        self.assertEqual(booking.name, "Conseil d'administration")
        self.assertEqual(booking.attendee_ids, self.colleague)
        self.assertEqual(booking.contact_id, self.person)
        self.assertEqual(booking.note, "Vidéoprojecteur")
        # the calendar's duration field moves the end, and the price follows
        event.write({"duration": 3})
        self.assertEqual(str(booking.stop), "2026-03-03 12:00:00")
        self.assertEqual(booking.included_hours + booking.quantity, 3)
        self.assertEqual(str(booking.seat_ids.stop), "2026-03-03 12:15:00")

    def test_another_space_or_customer_on_the_event_moves_the_booking(self):
        booking = self._book("2026-03-03 09:00:00", "2026-03-03 10:00:00")
        event = self._event(booking)
        event.write({"periscope_space_id": self.other_room.id})
        self.assertEqual(booking.space_id, self.other_room)
        self.assertEqual(booking.seat_ids.space_id, self.other_room)
        self.assertEqual(event.location, self.other_room.name)
        # the first room is free again
        self._book("2026-03-03 09:00:00", "2026-03-03 10:00:00")
        self.assertEqual(booking.quantity, 0)  # the member's included hours
        event.write({"periscope_customer_id": self.outsider.id})
        self.assertEqual(booking.partner_id, self.outsider)
        self.assertEqual((booking.included_hours, booking.quantity), (0, 1))
        self.assertTrue(booking.price_unit)

    def test_what_the_booking_refuses_is_refused_on_the_event(self):
        other = self._book("2026-03-03 11:00:00", "2026-03-03 12:00:00")
        booking = self._book("2026-03-03 09:00:00", "2026-03-03 10:00:00")
        event = self._event(booking)
        with self.assertRaises(ValidationError) as caught:
            event.write({"start": "2026-03-03 10:30:00", "stop": "2026-03-03 11:30:00"})
        self.assertIn(other.display_name, str(caught.exception))
        with self.assertRaises(ValidationError):  # closed on Saturday
            event.write({"start": "2026-03-07 09:00:00", "stop": "2026-03-07 10:00:00"})
        # to the other room at the time of the other booking: still refused
        event.write({"periscope_space_id": self.other_room.id})
        with self.assertRaises(ValidationError):
            event.write(
                {"periscope_space_id": self.room.id, "start": "2026-03-03 11:00:00", "stop": "2026-03-03 12:00:00"}
            )
        self.assertEqual(booking.space_id, self.other_room)

    def test_what_only_the_booking_decides_is_refused_with_the_reason(self):
        booking = self._book("2026-03-03 09:00:00", "2026-03-03 10:00:00")
        event = self._event(booking)
        refusals = [
            ({"allday": True}, "cannot last all day"),
            ({"location": "Ailleurs"}, "choose another space"),
            ({"show_as": "free"}, "confirm or cancel the booking"),
            ({"active": False}, "cancel the booking instead"),
            ({"periscope_space_id": False}, "cancel the booking instead"),
            ({"partner_ids": [Command.unlink(self.person.id)]}, "change who booked on the booking"),
        ]
        for values, reason in refusals:
            with self.subTest(values=values):
                with self.assertRaises(UserError) as caught:
                    event.write(values)
                self.assertIn(reason, str(caught.exception))
        with self.assertRaises(UserError):
            event.write({"periscope_booking_id": False})
        self.assertEqual(
            (event.allday, event.location, event.show_as, event.active), (False, self.room.name, "busy", True)
        )
        # writing what the event already shows is no change
        event.write({"allday": False, "location": self.room.name})

    def test_a_user_without_bookings_rights_cannot_move_one(self):
        employee = new_test_user(self.env, login="employee", groups="base.group_user")
        booking = self._book("2026-03-03 09:00:00", "2026-03-03 10:00:00")
        event = booking.calendar_event_id.with_user(employee)
        with self.assertRaises(AccessError):
            event.write({"start": "2026-03-04 09:00:00", "stop": "2026-03-04 10:00:00"})
        with self.assertRaises(AccessError):
            self.env["calendar.event"].with_user(employee).create(
                {
                    "name": "Squat",
                    "start": "2026-03-04 09:00:00",
                    "stop": "2026-03-04 10:00:00",
                    "periscope_space_id": self.room.id,
                }
            )
        # their own events are untouched by the bookings
        mine = (
            self.env["calendar.event"]
            .with_user(employee)
            .create({"name": "Point d'équipe", "start": "2026-03-04 09:00:00", "stop": "2026-03-04 10:00:00"})
        )
        mine.write({"stop": "2026-03-04 11:00:00", "allday": True})
        self.assertFalse(mine.sudo().periscope_booking_id)

    # ------------------------------------------------------------ new events
    def test_an_event_given_a_space_becomes_a_booking(self):
        event = self.Event.create(
            {
                "name": "Comité de pilotage",
                "start": "2026-03-03 09:00:00",
                "stop": "2026-03-03 11:00:00",
                "periscope_space_id": self.room.id,
                "periscope_customer_id": self.outsider.id,
                "partner_ids": [Command.set((self.person | self.colleague).ids)],
                "description": "<p>Café pour 10</p>",
            }
        )
        booking = event.periscope_booking_id
        self.assertTrue(booking)
        self.assertEqual(booking.calendar_event_id, event)
        self.assertEqual((booking.state, booking.space_id, booking.partner_id), ("confirmed", self.room, self.outsider))
        self.assertEqual(booking.name, "Comité de pilotage")
        # nobody of the customer's attends: nobody booked for them
        self.assertFalse(booking.contact_id)
        self.assertEqual(booking.attendee_ids, self.person | self.colleague)
        self.assertEqual(booking.note, "Café pour 10")
        self.assertEqual(len(booking.seat_ids), 1)
        self.assertEqual(booking.quantity, 2)
        self.assertTrue(booking.price_unit)
        self.assertEqual((event.show_as, event.location), ("busy", self.room.name))
        self.assertEqual(len(self._bookings()), 1)

    def test_without_a_customer_the_hub_books_for_itself(self):
        event = self.Event.create(
            {
                "name": "Réunion d'équipe",
                "start": "2026-03-03 09:00:00",
                "stop": "2026-03-03 10:00:00",
                "periscope_space_id": self.room.id,
            }
        )
        booking = event.periscope_booking_id
        self.assertEqual(booking.partner_id, self.env.company.partner_id)
        self.assertEqual((booking.quantity, booking.price_unit), (0, 0))
        # the reception, who created it, attends it
        self.assertIn(self.reception.partner_id, event.partner_ids)

    def test_a_space_given_later_books_it(self):
        event = self.Event.create({"name": "Atelier", "start": "2026-03-03 14:00:00", "stop": "2026-03-03 15:00:00"})
        self.assertFalse(event.periscope_booking_id)
        event.write({"periscope_space_id": self.room.id})
        self.assertEqual(event.periscope_booking_id.state, "confirmed")
        self.assertEqual(event.periscope_booking_id.seat_ids.space_id, self.room)

    def test_an_event_is_refused_like_a_booking(self):
        other = self._book("2026-03-03 09:00:00", "2026-03-03 10:00:00")
        values = {
            "name": "Doublon",
            "start": "2026-03-03 09:30:00",
            "stop": "2026-03-03 10:30:00",
            "periscope_space_id": self.room.id,
        }
        with self.assertRaises(ValidationError) as caught:
            self.Event.create(values)
        self.assertIn(other.display_name, str(caught.exception))
        for refused in ({"allday": True}, {"recurrency": True, "rrule_type": "daily"}):
            with self.subTest(refused=refused), self.assertRaises(UserError):
                day = {"start": "2026-03-04 09:00:00", "stop": "2026-03-04 10:00:00"}
                self.Event.create(values | day | refused)
        with self.assertRaises(UserError):
            self.Event.create(
                dict(values, start="2026-03-04 09:00:00", stop="2026-03-04 10:00:00", periscope_booking_id=other.id)
            )
        self.assertEqual(self._bookings(), other)

    # ------------------------------------------------------------ upgrade
    def test_bookings_of_earlier_versions_get_seats_and_a_full_event(self):
        booking = self._book("2026-03-03 09:00:00", "2026-03-03 10:00:00")
        event = booking.calendar_event_id
        self.env.flush_all()
        # what an earlier version left: no seat, an event without its space
        self.env.cr.execute(
            SQL(
                "DELETE FROM periscope_booking_seat WHERE booking_id = %s;"
                "UPDATE calendar_event SET periscope_space_id = NULL, "
                "periscope_customer_id = NULL WHERE id = %s",
                booking.id,
                event.id,
            )
        )
        self.env.invalidate_all()
        self.assertFalse(booking.seat_ids)
        self.env["periscope.booking"]._migrate_seats_and_events()
        self.assertEqual(len(booking.seat_ids), 1)
        self.assertEqual(event.periscope_space_id, self.room)
        self.assertEqual(event.periscope_customer_id, self.org)
        with self.assertRaises(ValidationError):
            self._book("2026-03-03 09:00:00", "2026-03-03 10:00:00")


@tagged("post_install", "-at_install")
class TestCalendarOverRpc(HttpCase):
    """The reception's browser talks to the server through JSON-RPC: the
    same rules hold there, and a refusal comes back as a message."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.reception = new_test_user(
            cls.env,
            login="rpc_reception",
            password="rpc_reception_pw",
            groups="periscope_coworking.group_periscope_coworking_user",
        )
        cls.room = cls.env["periscope.space"].create(
            {
                "name": "Salle RPC (test)",
                "space_type": "meeting_room",
                "capacity": 8,
                "resource_calendar_id": cls.env.ref("periscope_coworking.resource_calendar_hub").id,
            }
        )

    def _call(self, model, method, *args, **kwargs):
        """The answer of ``/web/dataset/call_kw``: its result, or its error's
        message as the user reads it."""
        params = {"model": model, "method": method, "args": args, "kwargs": kwargs}
        with mute_logger("odoo.http"):
            answer = self.url_open(
                "/web/dataset/call_kw",
                data=json.dumps({"jsonrpc": "2.0", "method": "call", "params": params}),
                headers={"Content-Type": "application/json"},
            ).json()
        if "error" in answer:
            return None, answer["error"]["data"]["message"]
        return answer["result"], None

    def test_an_event_created_over_rpc_books_and_a_double_is_refused(self):
        self.authenticate("rpc_reception", "rpc_reception_pw")
        today = date.today()
        # next week's Tuesday, 10:00 in Paris, and its Saturday (closed)
        tuesday = today + timedelta(days=8 - today.weekday())
        saturday = tuesday + timedelta(days=4)
        values = {
            "name": "Réunion RPC",
            "start": f"{tuesday} 09:00:00",
            "stop": f"{tuesday} 10:00:00",
            "periscope_space_id": self.room.id,
        }
        (event_id,), error = self._call("calendar.event", "create", [values])
        self.assertIsNone(error)
        booking = self.env["calendar.event"].browse(event_id).periscope_booking_id
        self.assertEqual(booking.state, "confirmed")
        result, error = self._call("calendar.event", "create", [values])
        self.assertIsNone(result)
        self.assertIn("already booked", error)
        # a drag of the booking's event onto a closed day: refused, unmoved
        result, error = self._call(
            "calendar.event", "write", [event_id], {"start": f"{saturday} 09:00:00", "stop": f"{saturday} 10:00:00"}
        )
        self.assertIn("closed", error)
        booking.invalidate_recordset()
        self.assertEqual(str(booking.start), f"{tuesday} 09:00:00")
        Booking = self.env["periscope.booking"]
        self.assertEqual(Booking.search([("space_id", "=", self.room.id)]), booking)
