# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from contextlib import nullcontext
from datetime import datetime, timezone
from unittest.mock import patch

import vobject
from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import PeriscopeCoworkingCase

# Monday 2 March 2026, 8:00 in Paris (UTC+1)
# queries of _send_pending_notifications: for one booking, and for each
# other (42 and 28 measured)
ONE_BOOKING_QUERIES = 45
QUERIES_PER_BOOKING = 30
NOTIFY_LOGGER = "odoo.addons.periscope_coworking.models.periscope_booking_notify"


@tagged("post_install", "-at_install")
@freeze_time("2026-03-02 07:00:00")
class TestBookingMail(PeriscopeCoworkingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.room.product_id = cls.env.ref("periscope_coworking.product_meeting_room_hour")
        # no included hours: the member pays 12.50 an hour (50 % off 25.00)
        cls.org.periscope_member_type_id.included_booking_hours = 0
        cls.person.email = "julie.castex@example.org"
        cls.env.company.email = "accueil@periscope.example.org"
        cls.Booking = cls.env["periscope.booking"]
        # whatever the database holds (demo bookings) is not these tests' news
        cls.Booking.search([("notify_pending", "!=", False)]).write({"notify_pending": False})

    # ------------------------------------------------------------ helpers
    def _send(self):
        self.env.flush_all()
        return self.Booking._send_pending_notifications()

    def _mails(self, bookings):
        """The e-mails of the bookings: their messages with an .ics, oldest
        first."""
        return self.env["mail.message"].search(
            [
                ("model", "=", "periscope.booking"),
                ("res_id", "in", bookings.ids),
                ("attachment_ids.name", "=", "reservation.ics"),
            ],
            order="id",
        )

    def _ics(self, message):
        attachment = message.attachment_ids.filtered(lambda a: a.name == "reservation.ics")
        self.assertEqual(len(attachment), 1)
        self.assertEqual(attachment.mimetype, "text/calendar")
        return vobject.readOne(attachment.raw.decode())

    def _outgoing(self, message):
        return self.env["mail.mail"].sudo().search([("mail_message_id", "=", message.id)])

    @staticmethod
    def _utc(value):
        """An iCalendar UTC date-time as Odoo stores it (naive UTC)."""
        return value.astimezone(timezone.utc).replace(tzinfo=None)

    # ------------------------------------------------------------ tests
    def test_confirming_sends_the_booking_to_who_booked(self):
        booking = self._book("2026-03-03 09:00:00", "2026-03-03 11:00:00")
        self.assertEqual(booking.notify_pending, "confirmed")
        self.assertFalse(self._mails(booking), "nothing is sent in the transaction")

        self.assertEqual(self._send(), booking)

        message = self._mails(booking)
        self.assertEqual(len(message), 1)
        self.assertEqual(message.partner_ids, self.person)
        self.assertIn("is confirmed", message.subject)
        mail = self._outgoing(message)
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.recipient_ids, self.person)
        self.assertEqual(mail.state, "outgoing", "the mail queue sends it")
        self.assertEqual(mail.email_from, self.env.company.email_formatted)
        self.assertEqual(message.author_id, self.env.company.partner_id)
        self.assertNotIn(
            self.env.company.partner_id, booking.message_partner_ids, "the hub follows no booking for having written"
        )
        body = str(message.body)
        for expected in (
            "Salle du Canal (test)",
            "Tuesday 3 March 2026",
            "10:00 – 12:00",  # Paris time
            "Europe/Paris",
            "25.00",  # two hours at 12.50
            "02/03/2026 10:00",  # free cancellation until 24 h before
            "50 %",
            "/my/bookings",
        ):
            self.assertIn(expected, body)
        self.assertNotIn("Seats:", body, "a room is not booked by the seat")
        calendar = self._ics(message)
        self.assertEqual(calendar.method.value, "REQUEST")
        event = calendar.vevent
        self.assertEqual(self._utc(event.dtstart.value), datetime(2026, 3, 3, 9, 0))
        self.assertEqual(self._utc(event.dtend.value), datetime(2026, 3, 3, 11, 0))
        self.assertRegex(event.uid.value, rf"^periscope-booking-{booking.id}@\S+$")
        self.assertEqual(event.sequence.value, "0")
        self.assertEqual(event.status.value, "CONFIRMED")
        self.assertEqual(event.attendee.value, "mailto:julie.castex@example.org")
        self.assertEqual(event.organizer.value, "mailto:accueil@periscope.example.org")

        self.assertFalse(booking.notify_pending)
        self.assertEqual(booking.notify_sent_state, "confirmed")
        self.assertEqual(booking.notify_sequence, 1)
        self.assertFalse(self._send(), "sent once")
        self.assertEqual(len(self._mails(booking)), 1)

    def test_the_scheduled_action_is_woken_once_per_transaction(self):
        postcommit = self.env.cr.postcommit
        postcommit.clear()  # hooks of the set-up, never run in a test

        def wake_ups():
            return [
                func for func in postcommit._funcs if func.__qualname__.endswith("_notify_schedule.<locals>.trigger")
            ]

        self._book("2026-03-03 09:00:00", "2026-03-03 10:00:00", confirm=False)
        self.assertFalse(wake_ups(), "a draft wakes nothing up")
        self._book("2026-03-03 13:00:00", "2026-03-03 14:00:00")
        self._book("2026-03-04 09:00:00", "2026-03-04 10:00:00")
        [wake_up] = wake_ups()
        # after the commit, in a cursor of its own: here the test's one
        cron = self.env.ref("periscope_coworking.ir_cron_periscope_booking_notify")
        Trigger = self.env["ir.cron.trigger"].sudo()
        before = Trigger.search_count([("cron_id", "=", cron.id)])
        registry = type(self.env.registry)
        with patch.object(registry, "cursor", lambda _self: nullcontext(self.env.cr)):
            wake_up()
        self.assertEqual(Trigger.search_count([("cron_id", "=", cron.id)]), before + 1)
        # the scheduled action sends them
        cron.sudo().method_direct_trigger()
        self.assertFalse(self.Booking.search([("notify_pending", "!=", False)]))

    def test_a_move_sends_the_new_time_with_the_same_uid(self):
        booking = self._book("2026-03-03 09:00:00", "2026-03-03 10:00:00")
        self._send()
        first = self._ics(self._mails(booking))
        booking.with_user(self.reception).write({"start": "2026-03-04 13:00:00", "stop": "2026-03-04 14:30:00"})
        self.assertEqual(booking.notify_pending, "moved")
        self._send()
        _confirmed, moved = self._mails(booking)
        self.assertIn("has moved", moved.subject)
        self.assertIn("14:00 – 15:30", str(moved.body))
        self.assertIn("Wednesday 4 March 2026", str(moved.body))
        second = self._ics(moved)
        self.assertEqual(second.method.value, "REQUEST")
        self.assertEqual(second.vevent.uid.value, first.vevent.uid.value)
        self.assertEqual(self._utc(second.vevent.dtstart.value), datetime(2026, 3, 4, 13, 0))
        self.assertGreater(int(second.vevent.sequence.value), int(first.vevent.sequence.value))
        # writing the same time again moves nothing
        booking.with_user(self.reception).write({"start": booking.start})
        self.assertFalse(booking.notify_pending)

    def test_a_cancellation_withdraws_the_event(self):
        booking = self._book("2026-03-04 09:00:00", "2026-03-04 10:00:00")
        self._send()
        booking.with_user(self.reception).action_cancel()
        self.assertFalse(booking.late_cancellation)
        self.assertEqual(booking.notify_pending, "cancelled")
        self._send()
        confirmed, cancelled = self._mails(booking)
        self.assertIn("is cancelled", cancelled.subject)
        self.assertIn("Nothing is billed", str(cancelled.body))
        calendar = self._ics(cancelled)
        self.assertEqual(calendar.method.value, "CANCEL")
        self.assertEqual(calendar.vevent.status.value, "CANCELLED")
        self.assertEqual(calendar.vevent.uid.value, self._ics(confirmed).vevent.uid.value)
        self.assertEqual(calendar.vevent.sequence.value, "1")

    def test_a_late_cancellation_says_what_is_still_billed(self):
        # 13:00 Paris today: the 24-hour deadline has passed
        booking = self._book("2026-03-02 12:00:00", "2026-03-02 13:00:00")
        self._send()
        confirmed = str(self._mails(booking).body)
        self.assertIn("free-cancellation deadline has passed", confirmed)
        self.assertNotIn("free of charge until", confirmed)
        booking.with_user(self.reception).action_cancel()
        self.assertTrue(booking.late_cancellation)
        self._send()
        cancelled = self._mails(booking)[-1]
        body = str(cancelled.body)
        self.assertIn("after the deadline", body)
        self.assertIn("6.25", body)  # half of one hour at 12.50
        self.assertNotIn("Nothing is billed", body)

    def test_training_slots_and_the_hubs_own_bookings_send_nothing(self):
        slot = self._book("2026-03-03 09:00:00", "2026-03-03 10:00:00", confirm=False).with_context(
            periscope_from_slot=True
        )
        slot.action_confirm()
        self.assertFalse(slot.notify_pending)
        created = (
            self.Booking.with_user(self.reception)
            .with_context(periscope_from_slot=True)
            .create(
                {
                    "space_id": self.pool.id,
                    "partner_id": self.org.id,
                    "contact_id": self.person.id,
                    "start": "2026-03-03 09:00:00",
                    "stop": "2026-03-03 10:00:00",
                    "state": "confirmed",
                }
            )
        )
        self.assertFalse(created.notify_pending)
        own = self.Booking.with_user(self.reception).create(
            {
                "space_id": self.room.id,
                "partner_id": self.env.company.partner_id.id,
                "contact_id": self.person.id,
                "start": "2026-03-03 13:00:00",
                "stop": "2026-03-03 14:00:00",
            }
        )
        own.action_confirm()
        self.assertTrue(own._is_internal())
        self._send()
        self.assertFalse(self._mails(slot | created | own))
        self.assertFalse(own.notify_pending, "nothing left pending")

    def test_bookings_created_confirmed_or_imported_are_sent(self):
        created = self.Booking.with_user(self.reception).create(
            {
                "space_id": self.room.id,
                "partner_id": self.org.id,
                "contact_id": self.person.id,
                "start": "2026-03-03 09:00:00",
                "stop": "2026-03-03 10:00:00",
                "state": "confirmed",
            }
        )
        self.assertEqual(created.notify_pending, "confirmed")
        result = self.Booking.with_user(self.manager).load(
            ["space_id/.id", "partner_id/.id", "contact_id/.id", "start", "stop", "state"],
            [
                [
                    str(self.pool.id),
                    str(self.org.id),
                    str(self.person.id),
                    "2026-03-04 09:00:00",
                    "2026-03-04 10:00:00",
                    "confirmed",
                ]
            ],
        )
        self.assertFalse(result["messages"])
        imported = self.Booking.browse(result["ids"])
        self.assertEqual(imported.state, "confirmed")
        self.assertEqual(imported.notify_pending, "confirmed")
        self._send()
        self.assertEqual(len(self._mails(created)), 1)
        self.assertEqual(len(self._mails(imported)), 1)
        self.assertIn("Seats: 1", str(self._mails(imported).body))

    def test_changes_before_sending_make_one_mail(self):
        # confirmed then moved: one confirmation, at the new time
        moved = self._book("2026-03-03 09:00:00", "2026-03-03 10:00:00")
        moved.with_user(self.reception).write({"start": "2026-03-03 14:00:00", "stop": "2026-03-03 15:00:00"})
        self.assertEqual(moved.notify_pending, "confirmed")
        # confirmed then cancelled: nothing at all
        cancelled = self._book("2026-03-04 09:00:00", "2026-03-04 10:00:00")
        cancelled.with_user(self.reception).action_cancel()
        self.assertFalse(cancelled.notify_pending)
        self._send()
        message = self._mails(moved)
        self.assertEqual(len(message), 1)
        self.assertIn("is confirmed", message.subject)
        self.assertEqual(self._utc(self._ics(message).vevent.dtstart.value), datetime(2026, 3, 3, 14, 0))
        self.assertFalse(self._mails(cancelled))

        # once the member has the booking, a cancellation is always told, even
        # when it follows a confirmation not sent yet
        moved.with_user(self.reception).action_cancel()
        moved.with_user(self.reception).action_draft()
        moved.with_user(self.reception).action_confirm()
        self.assertEqual(moved.notify_pending, "confirmed")
        moved.with_user(self.reception).action_cancel()
        self.assertEqual(moved.notify_pending, "cancelled")
        self._send()
        self.assertEqual(self._ics(self._mails(moved)[-1]).method.value, "CANCEL")

    def test_a_batch_of_changes_is_marked_per_booking(self):
        sent = self._book("2026-03-03 09:00:00", "2026-03-03 10:00:00")
        self._send()
        unsent = self._book("2026-03-04 09:00:00", "2026-03-04 10:00:00")
        (sent | unsent).with_user(self.reception).action_cancel()
        self.assertEqual(sent.notify_pending, "cancelled")
        self.assertFalse(unsent.notify_pending)

    def test_nobody_to_write_to(self):
        self.person.email = False
        nobody = self._book("2026-03-03 09:00:00", "2026-03-03 10:00:00")
        self.assertEqual(self._send(), self.Booking)
        self.assertFalse(self._mails(nobody))
        self.assertFalse(nobody.notify_pending)
        # the customer's address, when who booked has none
        self.org.email = "contact@bge.example.org"
        customer = self._book("2026-03-04 09:00:00", "2026-03-04 10:00:00")
        self._send()
        self.assertEqual(self._mails(customer).partner_ids, self.org)

    def test_only_odoo_writes_the_mail_fields(self):
        booking = self._book("2026-03-03 09:00:00", "2026-03-03 10:00:00")
        with self.assertRaises(AccessError):
            booking.with_user(self.reception).write({"notify_pending": "cancelled"})
        with self.assertRaises(AccessError):
            booking.with_user(self.manager).copy({"notify_sequence": 7})

    def test_a_mail_that_cannot_be_made_stays_pending(self):
        template = self.env.ref("periscope_coworking.mail_template_booking_confirmed")
        body = template.body_html
        # an editor's mistake that breaks the e-mail of two-seat bookings only
        template.body_html = '<p><t t-out="10 // (object.seats - 2)"/></p>'
        broken = self._book("2026-03-03 09:00:00", "2026-03-03 10:00:00", space=self.pool, seats=2)
        fine = self._book("2026-03-03 09:00:00", "2026-03-03 10:00:00", space=self.pool, seats=1)
        with (
            mute_logger("odoo.addons.mail.models.mail_render_mixin"),
            self.assertLogs(NOTIFY_LOGGER, level="WARNING") as logs,
        ):
            self.assertEqual(self._send(), fine)
        self.assertIn(f"(id {broken.id})", logs.output[0])
        self.assertEqual(broken.notify_pending, "confirmed")
        self.assertFalse(self._mails(broken))
        self.assertEqual(len(self._mails(fine)), 1)
        # mended, the next run sends it
        template.body_html = body
        self.assertEqual(self._send(), broken)
        self.assertEqual(len(self._mails(broken)), 1)

    def test_the_mail_is_french_for_a_french_member(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(["periscope_coworking"], ["fr_FR"], overwrite=True)
        self.person.lang = "fr_FR"
        booking = self._book("2026-03-03 09:00:00", "2026-03-03 11:00:00")
        self._send()
        message = self._mails(booking)
        self.assertEqual(message.subject, "Votre réservation de Salle du Canal (test) est confirmée")
        body = str(message.body)
        for expected in ("Bonjour", "mardi 3 mars 2026", "10:00 – 12:00", "25,00"):
            self.assertIn(expected, body)
        self.assertNotIn("Hello", body)
        self.assertNotIn("is confirmed", body)

    def test_sending_costs_the_same_queries_for_each_booking(self):
        """Each booking costs its own e-mail (the composer renders the
        template, posts the message, its notification, its e-mail and the
        .ics: about 28 queries); nothing else grows with the bookings."""
        warm = self._book("2026-03-02 09:00:00", "2026-03-02 10:00:00")
        self._send()  # warm the ormcaches
        self.assertTrue(self._mails(warm))

        def send(count, day, queries):
            for hour in range(count):
                self._book(
                    f"2026-03-{day:02d} {7 + hour:02d}:00:00",
                    f"2026-03-{day:02d} {7 + hour:02d}:30:00",
                    space=self.pool,
                )
            self.env.flush_all()
            self.env.invalidate_all()
            with self.assertQueryCount(__system__=queries):
                sent = self.Booking._send_pending_notifications()
                self.env.flush_all()
            self.assertEqual(len(sent), count)

        send(1, 3, ONE_BOOKING_QUERIES)
        send(10, 4, ONE_BOOKING_QUERIES + 9 * QUERIES_PER_BOOKING)
