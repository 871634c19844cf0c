# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.service.model import _as_validation_error
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import PeriscopeTrainingCase


@tagged("post_install", "-at_install")
@freeze_time("2026-03-02 07:00:00")
class TestSlot(PeriscopeTrainingCase):
    """Monday 16 March 2026: 08:00 UTC is 9:00 in Paris."""

    def _count(self):
        return (self.env["periscope.training.slot"].search_count([]), self.env["periscope.booking"].search_count([]))

    def test_a_slot_books_its_room(self):
        slot = self._slot("2026-03-16 08:00:00", "2026-03-16 11:30:00")
        booking = slot.booking_id.sudo()
        self.assertEqual(booking.state, "confirmed")
        self.assertEqual(booking.space_id, self.room)
        self.assertEqual((booking.start, booking.stop), (slot.start, slot.stop))
        self.assertEqual(booking.name, self.session.name)
        # the session is the hub's: the company's partner, who is not invoiced
        self.assertEqual(booking.partner_id, self.env.company.partner_id)
        self.assertEqual(booking.contact_id, self.trainer)
        self.assertEqual((booking.quantity, booking.price_unit), (0.0, 0.0))
        self.assertEqual(len(booking.seat_ids), 1)
        self.assertAlmostEqual(slot.hours, 3.5)
        self.assertIn("16/03/2026 09:00–12:30", slot.display_name)

    def test_the_organiser_books_the_room_of_its_own_session(self):
        session = self._new_session("Session BGE (test)", organizer_id=self.bge.id)
        slot = self._slot("2026-03-16 08:00:00", "2026-03-16 11:30:00", session)
        self.assertEqual(slot.booking_id.partner_id, self.bge)

    def test_a_slot_ends_after_it_starts(self):
        slot = self._slot("2026-03-16 08:00:00", "2026-03-16 11:30:00")
        # the database refuses it, whoever writes it (23514, check)
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError) as caught, self.cr.savepoint():
            self.env.cr.execute("UPDATE periscope_training_slot SET stop = start WHERE id = %s", (slot.id,))
        self.assertEqual(caught.exception.pgcode, "23514")
        error = _as_validation_error(self.env, caught.exception)
        self.assertIn("ends after it starts", str(error))
        # and the officer is told before anything is written
        before = self._count()
        with self.assertRaises(ValidationError):
            self._slot("2026-03-17 11:30:00", "2026-03-17 08:00:00")
        self.assertEqual(self._count(), before)
        with self.assertRaises(ValidationError):
            slot.with_user(self.officer).write({"stop": "2026-03-16 07:00:00"})

    def test_a_slot_is_a_half_day_at_most(self):
        with self.assertRaises(ValidationError):
            self._slot("2026-03-16 08:00:00", "2026-03-16 13:30:00")  # 5h30
        slot = self._slot("2026-03-16 07:00:00", "2026-03-16 12:00:00")  # 8-13h
        self.assertAlmostEqual(slot.hours, 5.0)

    def test_two_slots_of_a_session_never_overlap(self):
        first = self._slot("2026-03-16 08:00:00", "2026-03-16 11:30:00")
        before = self._count()
        # in another room, or without a room, still the same trainees
        with self.assertRaises(ValidationError) as caught:
            self._slot("2026-03-16 10:00:00", "2026-03-16 12:00:00", space=self.meeting_room)
        self.assertIn(first.display_name, str(caught.exception))
        self.assertEqual(self._count(), before)
        # two of them in the same batch
        with self.assertRaises(ValidationError):
            self.env["periscope.training.slot"].with_user(self.officer).create(
                [
                    {"event_id": self.session.id, "start": "2026-03-17 08:00:00", "stop": "2026-03-17 10:00:00"},
                    {"event_id": self.session.id, "start": "2026-03-17 09:00:00", "stop": "2026-03-17 11:00:00"},
                ]
            )
        # moved onto another slot
        second = self._slot("2026-03-16 12:30:00", "2026-03-16 16:00:00")
        with self.assertRaises(ValidationError):
            second.with_user(self.officer).write({"start": "2026-03-16 11:00:00"})
        # the database holds it too (23P01, exclusion)
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError) as caught, self.cr.savepoint():
            self.env.cr.execute(
                "UPDATE periscope_training_slot SET start = %s WHERE id = %s", ("2026-03-16 11:00:00", second.id)
            )
        self.assertEqual(caught.exception.pgcode, "23P01")
        self.assertIn("cannot overlap", str(_as_validation_error(self.env, caught.exception)))
        # a cancelled slot leaves its time to another
        first.with_user(self.officer).action_cancel()
        self._slot("2026-03-16 09:00:00", "2026-03-16 11:00:00", space=self.meeting_room)

    def test_two_sessions_share_neither_room_nor_time(self):
        slot = self._slot("2026-03-16 08:00:00", "2026-03-16 11:30:00")
        other = self._new_session("Couveuse (test)")
        before = self._count()
        with self.assertRaises(ValidationError) as caught:
            self._slot("2026-03-16 09:00:00", "2026-03-16 12:00:00", other)
        # the booking's message names the other booking
        self.assertIn(slot.booking_id.display_name, str(caught.exception))
        self.assertEqual(self._count(), before)
        # another room at the same time is fine
        self._slot("2026-03-16 08:00:00", "2026-03-16 11:30:00", other, self.meeting_room)

    def test_a_slot_on_a_booked_room_creates_nothing(self):
        meeting = self.env["periscope.booking"].create(
            {
                "space_id": self.room.id,
                "partner_id": self.bge.id,
                "name": "Comité d'engagement",
                "start": "2026-03-16 09:00:00",
                "stop": "2026-03-16 10:00:00",
            }
        )
        meeting.action_confirm()
        before = self._count()
        with self.assertRaises(ValidationError) as caught:
            self._slot("2026-03-16 08:00:00", "2026-03-16 11:30:00")
        self.assertIn("Comité d'engagement", str(caught.exception))
        self.assertEqual(self._count(), before)
        # nor out of the opening hours (8:00-20:00 Paris), nor a Sunday
        with self.assertRaises(ValidationError):
            self._slot("2026-03-17 05:00:00", "2026-03-17 08:00:00")
        with self.assertRaises(ValidationError):
            self._slot("2026-03-15 08:00:00", "2026-03-15 11:30:00")
        self.assertEqual(self._count(), before)

    def test_moving_the_slot_moves_its_booking(self):
        slot = self._slot("2026-03-16 08:00:00", "2026-03-16 11:30:00")
        booking = slot.booking_id.sudo()
        slot.with_user(self.officer).write({"start": "2026-03-18 08:00:00", "stop": "2026-03-18 11:30:00"})
        self.assertEqual(slot.booking_id, booking)
        self.assertEqual(str(booking.start), "2026-03-18 08:00:00")
        self.assertEqual(str(booking.stop), "2026-03-18 11:30:00")
        self.assertEqual(booking.seat_ids.mapped("start"), [booking.start])
        # into the other room, with another trainer
        slot.with_user(self.officer).write({"space_id": self.meeting_room.id, "trainer_id": self.other_trainer.id})
        self.assertEqual(booking.space_id, self.meeting_room)
        self.assertEqual(booking.contact_id, self.other_trainer)
        self.assertEqual(booking.name, self.session.name)
        self.assertEqual(booking.state, "confirmed")

    def test_moving_the_slot_onto_a_booking_is_refused(self):
        slot = self._slot("2026-03-16 08:00:00", "2026-03-16 11:30:00")
        meeting = self.env["periscope.booking"].create(
            {
                "space_id": self.room.id,
                "partner_id": self.bge.id,
                "name": "Réunion d'équipe",
                "start": "2026-03-17 09:00:00",
                "stop": "2026-03-17 10:00:00",
            }
        )
        meeting.action_confirm()
        with self.assertRaises(ValidationError) as caught, self.cr.savepoint():
            slot.with_user(self.officer).write({"start": "2026-03-17 08:00:00", "stop": "2026-03-17 11:30:00"})
        self.assertIn("Réunion d'équipe", str(caught.exception))
        slot.invalidate_recordset()
        self.assertEqual(str(slot.booking_id.start), "2026-03-16 08:00:00")

    def test_cancelling_or_deleting_the_slot_cancels_its_booking(self):
        slot = self._slot("2026-03-16 08:00:00", "2026-03-16 11:30:00")
        booking = slot.booking_id.sudo()
        slot.with_user(self.officer).action_cancel()
        self.assertEqual(booking.state, "cancelled")
        self.assertFalse(booking.seat_ids)  # the room is free
        # planned again: booked again
        slot.with_user(self.officer).action_plan()
        self.assertEqual(slot.booking_id.state, "confirmed")
        self.assertNotEqual(slot.booking_id, booking)
        # the officer cancels, the administrator deletes
        with self.assertRaises(AccessError):
            slot.with_user(self.officer).unlink()
        booking = slot.booking_id.sudo()
        slot.with_user(self.manager).unlink()
        self.assertEqual(booking.state, "cancelled")
        # a slot without its room any more frees it
        remote = self._slot("2026-03-17 08:00:00", "2026-03-17 11:30:00")
        booking = remote.booking_id.sudo()
        remote.with_user(self.officer).space_id = False
        self.assertEqual(booking.state, "cancelled")
        self.assertFalse(remote.booking_id)

    def test_reception_cannot_move_a_slot_booking(self):
        slot = self._slot("2026-03-16 08:00:00", "2026-03-16 11:30:00")
        booking = slot.booking_id.with_user(self.reception)
        with self.assertRaises(UserError):
            booking.write({"start": "2026-03-16 09:00:00"})
        with self.assertRaises(UserError):
            booking.action_cancel()
        # nor through the calendar
        with self.assertRaises(UserError):
            booking.calendar_event_id.with_user(self.reception).write(
                {"start": "2026-03-16 09:00:00", "stop": "2026-03-16 12:00:00"}
            )
        self.assertEqual(slot.booking_id.state, "confirmed")

    def test_officer_reads_rooms_and_bookings_but_does_not_book(self):
        self.assertTrue(self.room.with_user(self.officer).name)
        with self.assertRaises(AccessError):
            self.env["periscope.booking"].with_user(self.officer).create(
                {
                    "space_id": self.room.id,
                    "partner_id": self.bge.id,
                    "start": "2026-03-16 08:00:00",
                    "stop": "2026-03-16 09:00:00",
                }
            )

    def test_changes_are_tracked(self):
        slot = self._slot("2026-03-16 08:00:00", "2026-03-16 11:30:00")
        self.env.flush_all()
        self.env.cr.precommit.run()  # created: its changes are tracked from now
        slot.with_user(self.officer).action_cancel()
        self.env.flush_all()
        self.env.cr.precommit.run()
        self.env.invalidate_all()
        tracked = slot.sudo().message_ids.tracking_value_ids.filtered(lambda t: t.field_id.name == "state")
        self.assertEqual(tracked.new_value_char, "Cancelled")
