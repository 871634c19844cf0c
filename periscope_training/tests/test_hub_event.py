# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from contextlib import contextmanager

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import MARCH_16_AFTERNOON, MARCH_16_MORNING, PeriscopeTrainingCase


@tagged("post_install", "-at_install")
@freeze_time("2026-03-02 09:00:00")
class TestHubEventSpaces(PeriscopeTrainingCase):
    """The hub's events book its spaces with the slots of the training
    sessions: the forum that a member organisation hosts, billed to it at
    its member rates; the hub's own cooperation seminar, not billed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.host = cls._make_organisation("Les Francas (hub event test)", cls.PERMANENT_RESIDENT)
        # no included hours: the booking is billed for all its hours
        cls.host.periscope_member_type_id.included_booking_hours = 0
        cls.room_hour = cls.env.ref("periscope_coworking.product_meeting_room_hour")
        cls.meeting_room.product_id = cls.room_hour
        cls.forum = cls._new_hub_event("Forum de l'ESS (test)", organizer_id=cls.host.id)
        cls.seminar = cls._new_hub_event("Séminaire de coopération (test)")

    @classmethod
    def _new_hub_event(cls, name, **values):
        return (
            cls.env["event.event"]
            .with_user(cls.officer)
            .create(
                {
                    "name": name,
                    "is_hub_event": True,
                    "date_tz": "Europe/Paris",
                    "date_begin": MARCH_16_MORNING[0],
                    "date_end": MARCH_16_MORNING[1],
                    **values,
                }
            )
        )

    def _book_event(self, event, space, times=MARCH_16_MORNING):
        return self._slot(*times, session=event, space=space, trainer_id=False)

    @contextmanager
    def _refused(self, exception, text):
        """``exception`` raised, with ``text`` in its message; what was
        written meanwhile rolled back."""
        with self.assertRaises(exception) as caught:
            yield
        self.assertIn(text, str(caught.exception))

    def test_a_hub_event_books_several_spaces_at_once(self):
        canal = self._book_event(self.forum, self.meeting_room)
        formation = self._book_event(self.forum, self.room)
        bookings = canal.booking_id | formation.booking_id
        self.assertEqual(set(bookings.mapped("state")), {"confirmed"})
        self.assertEqual(bookings.space_id, self.meeting_room | self.room)
        self.assertEqual(set(bookings.mapped("name")), {self.forum.name})
        # in the rooms' calendars, and in the event's form
        self.assertTrue(all(bookings.mapped("calendar_event_id")))
        self.assertEqual(self.forum.periscope_space_ids, self.meeting_room | self.room)
        # an event of the hub has no attendance to sign, and counts no
        # training hours in the BPF
        self._register(self.env["res.partner"].create({"name": "Visiteur (test)"}), session=self.forum)
        self.assertFalse(self.env["periscope.training.attendance"].search([("event_id", "=", self.forum.id)]))
        self.assertFalse(canal.is_training)

    def test_a_second_event_or_booking_at_the_same_time_is_refused(self):
        self._book_event(self.forum, self.meeting_room)
        with self._refused(ValidationError, "already booked"):
            self._book_event(self.seminar, self.meeting_room)
        booking = {
            "space_id": self.meeting_room.id,
            "partner_id": self.host.id,
            "start": "2026-03-16 09:00:00",
            "stop": "2026-03-16 10:00:00",
        }
        Booking = self.env["periscope.booking"].with_user(self.reception)
        with self._refused(ValidationError, "already booked"):
            Booking.create(booking).action_confirm()
        # moved onto the forum's time: refused too
        afternoon = self._book_event(self.seminar, self.meeting_room, MARCH_16_AFTERNOON)
        with self._refused(ValidationError, "already booked"):
            afternoon.with_user(self.officer).write({"start": MARCH_16_MORNING[0], "stop": MARCH_16_MORNING[1]})
        self.assertEqual(afternoon.booking_id.start.hour, 12)

    def test_an_import_at_the_same_time_is_refused(self):
        self._book_event(self.forum, self.meeting_room)
        result = (
            self.env["periscope.booking"]
            .with_user(self.reception)
            .load(
                ["space_id/.id", "partner_id/.id", "start", "stop", "state"],
                [
                    [
                        str(self.meeting_room.id),
                        str(self.host.id),
                        "2026-03-16 09:00:00",
                        "2026-03-16 10:00:00",
                        "confirmed",
                    ]
                ],
            )
        )
        self.assertFalse(result["ids"])
        self.assertIn("already booked", " ".join(m["message"] for m in result["messages"]))
        slots = (
            self.env["periscope.training.slot"]
            .with_user(self.officer)
            .load(
                ["event_id/.id", "space_id/.id", "start", "stop"],
                [[str(self.seminar.id), str(self.meeting_room.id), *MARCH_16_MORNING]],
            )
        )
        self.assertFalse(slots["ids"])
        self.assertIn("already booked", " ".join(m["message"] for m in slots["messages"]))
        self.assertFalse(self.seminar.slot_ids)

    def test_a_members_event_is_billed_to_it_at_its_member_rate(self):
        booking = self._book_event(self.forum, self.meeting_room).booking_id
        self.assertEqual(booking.partner_id, self.host)
        rates = self.host._periscope_rates_pricelist()
        self.assertEqual(booking.pricelist_id, rates)
        # three and a half hours, billed by the hour begun
        self.assertEqual(booking.quantity, 4.0)
        self.assertEqual(booking.price_unit, rates._get_product_price(self.room_hour, booking.quantity))
        self.assertLess(booking.price_unit, self.room_hour.lst_price)
        summary = self._billing_summary()
        self.assertIn(self.host, summary)
        self.assertEqual(summary[self.host].amount_untaxed, booking.price_unit * booking.quantity)

    def test_the_hubs_own_event_is_not_billed(self):
        booking = self._book_event(self.seminar, self.meeting_room).booking_id
        self.assertEqual(booking.partner_id, self.env.company.partner_id)
        self.assertEqual((booking.quantity, booking.price_unit), (0.0, 0.0))
        self.assertNotIn(self.env.company.partner_id, self._billing_summary())

    def _billing_summary(self):
        with freeze_time("2026-04-02 08:00:00"):
            run = self.env["periscope.billing.run"].with_user(self.accountant).create({"period_start": "2026-03-15"})
            run.action_prepare()
        return {line.partner_id: line for line in run.line_ids}

    def test_the_bookings_follow_the_organizer(self):
        booking = self._book_event(self.forum, self.meeting_room).booking_id
        self.forum.with_user(self.officer).organizer_id = self.env.company.partner_id
        self.assertEqual(booking.partner_id, self.env.company.partner_id)
        self.assertEqual(booking.price_unit, 0.0)
        self.forum.with_user(self.officer).organizer_id = self.host
        self.assertEqual(booking.partner_id, self.host)
        self.assertGreater(booking.price_unit, 0.0)
        # the reception bills the event's room to nobody else
        with self._refused(UserError, "organizer"):
            booking.with_user(self.reception).partner_id = self.env.company.partner_id
        self.assertEqual(booking.partner_id, self.host)

    def test_what_books_rooms_is_a_training_or_an_event_of_the_hub(self):
        plain = (
            self.env["event.event"]
            .with_user(self.officer)
            .create({"name": "Réunion (test)", "date_begin": MARCH_16_MORNING[0], "date_end": MARCH_16_MORNING[1]})
        )
        with self._refused(ValidationError, "neither a training session nor an event of the hub"):
            self._book_event(plain, self.meeting_room)
        self._book_event(self.seminar, self.meeting_room)
        with self._refused(ValidationError, "Delete its slots first"):
            self.seminar.with_user(self.officer).is_hub_event = False
        with self._refused(ValidationError, "already the hub's"):
            self.session.with_user(self.officer).is_hub_event = True

    def test_the_events_held_and_their_participants_are_key_figures(self):
        open_day = self._new_hub_event(
            "Journée portes ouvertes (test)", date_begin="2025-06-10 07:00:00", date_end="2025-06-10 15:00:00"
        )
        called_off = self._new_hub_event(
            "Forum annulé (test)", date_begin="2025-09-10 07:00:00", date_end="2025-09-10 15:00:00"
        )
        called_off.stage_id = self.env.ref("event.event_stage_cancelled")
        Partner = self.env["res.partner"]
        visitors = Partner.create([{"name": f"Visiteur {n} (test)"} for n in range(3)])
        for visitor in visitors:
            self._register(visitor, session=open_day)
        open_day.registration_ids[0].action_cancel()
        self._register(visitors[0], session=called_off)
        # the forum of March 16th has not taken place yet
        self._register(visitors[1], session=self.forum)
        staff = self.env.ref("base.user_admin")
        figures = {
            year: {
                figure["name"]: (figure["current"], figure["previous"])
                for figure in self.env["periscope.key.figure.report"]
                .with_user(staff)
                .create({"year": year})
                ._showcase_figures()
            }
            for year in (2025, 2026)
        }
        self.assertEqual(figures[2025]["hub_events"][0], 1)
        self.assertEqual(figures[2025]["hub_event_participants"][0], 2)
        self.assertEqual(figures[2026]["hub_events"], (0, 1))
        self.assertEqual(figures[2026]["hub_event_participants"], (0, 2))
