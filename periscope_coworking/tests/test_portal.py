# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, time, timedelta, timezone
from unittest.mock import patch

import pytz

from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import BaseCase, HttpCase, tagged
from odoo.tools import SQL

from odoo.addons.periscope_members.tests.common import PeriscopeFactoryMixin, QueryCountMixin
from odoo.addons.periscope_members.tests.http import PortalHttpMixin

from ..controllers.portal import PeriscopeCoworkingPortal
from ..models.ical import escape_text, fold_line, format_utc, ical_calendar
from .common import CoworkingFactoryMixin, PortalQueriesMixin

PARIS = pytz.timezone("Europe/Paris")


def paris(day, hour, minute=0):
    """Paris time on ``day`` as the naive UTC datetime Odoo stores."""
    local = PARIS.localize(datetime.combine(day, time(hour, minute)))
    return local.astimezone(pytz.utc).replace(tzinfo=None)


@tagged("post_install", "-at_install")
class TestIcal(BaseCase):
    """The iCalendar serialisation, without Odoo."""

    def test_text_is_escaped(self):
        self.assertEqual(escape_text("a\\b;c,d\ne\r\nf"), "a\\\\b\\;c\\,d\\ne\\nf")
        self.assertEqual(escape_text(None), "")

    def test_long_lines_are_folded_at_75_octets_between_characters(self):
        line = "DESCRIPTION:" + "Réunion à l'étage — café " * 12
        folded = fold_line(line)
        physical = folded.split("\r\n")
        self.assertGreater(len(physical), 3)
        for number, part in enumerate(physical):
            self.assertLessEqual(len(part.encode()), 75)
            if number:
                self.assertTrue(part.startswith(" "))
        # as many octets as allowed: a line is cut only before a character
        # that would not fit
        self.assertGreaterEqual(len(physical[0].encode()), 73)
        self.assertEqual(folded.replace("\r\n ", ""), line)
        self.assertEqual(fold_line("SUMMARY:short"), "SUMMARY:short")
        exact = "X" * 75
        self.assertEqual(fold_line(exact), exact)
        self.assertEqual(fold_line(exact + "é"), exact + "\r\n é")

    def test_calendar(self):
        now = datetime(2026, 3, 2, 9, 30)
        text = ical_calendar(
            [
                {
                    "uid": "periscope-booking-1@example.org",
                    "start": datetime(2026, 3, 9, 8, 0),
                    "stop": datetime(2026, 3, 9, 10, 0, tzinfo=timezone.utc),
                    "summary": "Salle du Canal, 1er étage",
                    "location": "Salle; Ramonville",
                    "description": "Réunion\nBooked by Julie",
                }
            ],
            "-//Le Périscope//Bookings//EN",
            now,
            name="Bookings",
        )
        self.assertTrue(text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"))
        self.assertTrue(text.endswith("END:VEVENT\r\nEND:VCALENDAR\r\n"))
        self.assertNotIn("\n", text.replace("\r\n", ""))
        lines = text.split("\r\n")
        for expected in (
            "BEGIN:VEVENT",
            "UID:periscope-booking-1@example.org",
            "DTSTAMP:20260302T093000Z",
            "DTSTART:20260309T080000Z",
            "DTEND:20260309T100000Z",
            "SUMMARY:Salle du Canal\\, 1er étage",
            "LOCATION:Salle\\; Ramonville",
            "DESCRIPTION:Réunion\\nBooked by Julie",
            "STATUS:CONFIRMED",
            "X-WR-CALNAME:Bookings",
        ):
            self.assertIn(expected, lines)
        self.assertEqual(format_utc(datetime(2026, 7, 1, 6, 5, 4)), "20260701T060504Z")


@tagged("post_install", "-at_install")
class TestPortalBookings(
    PortalHttpMixin, PortalQueriesMixin, QueryCountMixin, CoworkingFactoryMixin, PeriscopeFactoryMixin, HttpCase
):
    """A member books, sees and cancels their organisation's bookings on the
    portal, and subscribes to their calendar."""

    csrf_page = "/my/bookings"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_spaces()
        cls._setup_member()
        # a Monday 8 to 14 days ahead: open, within the booking horizon and
        # past the default 24-hour cancellation deadline
        today = fields.Date.today()
        cls.monday = today + timedelta(days=14 - today.weekday())
        cls.tuesday = cls.monday + timedelta(days=1)

    @classmethod
    def _setup_spaces(cls):
        cls.hours = cls.env.ref("periscope_coworking.resource_calendar_hub")
        cls.room_product = cls.env.ref("periscope_coworking.product_meeting_room_hour")
        cls.room = cls._make_space(
            "Salle du Canal, 1er étage; côté jardin (portal test)",
            "meeting_room",
            12,
            buffer_minutes=15,
            product_id=cls.room_product.id,
            portal_bookable=True,
        )
        cls.pool = cls._make_space("Open space (portal test)", "desk_pool", 8, seats=4, portal_bookable=True)
        cls.staff_room = cls._make_space("Salle de formation (portal test)", "training_room", 20, portal_bookable=False)

    @classmethod
    def _setup_member(cls):
        """Julie Castex of BGE, a member organisation, on the portal; Secret
        Coop, another member."""
        cls.member_type = cls.env.ref(cls.PERMANENT_RESIDENT)
        cls.org = cls._make_organisation("BGE Sud-Ouest (portal test)", cls.member_type)
        cls.person = cls.env["res.partner"].create({"name": "Julie Castex (portal test)", "parent_id": cls.org.id})
        cls.member = cls._make_user(
            "portal_bookings",
            "base.group_portal",
            password="portal_bookings_pw",
            name="Julie Castex (portal test)",
            partner_id=cls.person.id,
        )
        cls.other_org = cls._make_organisation("Secret Coop (portal test)", cls.member_type)

    def setUp(self):
        super().setUp()
        self.authenticate("portal_bookings", "portal_bookings_pw")

    # ------------------------------------------------------------ helpers
    def _book(self, start, stop, space=None, partner=None, confirm=True):
        booking = self.env["periscope.booking"].create(
            {
                "space_id": (space or self.room).id,
                "partner_id": (partner or self.org).id,
                "contact_id": self.person.id if not partner else False,
                "start": start,
                "stop": stop,
            }
        )
        if confirm:
            booking.action_confirm()
        return booking

    def _book_on_portal(self, start, duration=60, space=None, **extra):
        return self._post(
            "/my/bookings/book",
            {
                "space_id": (space or self.room).id,
                "start": fields.Datetime.to_string(start),
                "duration": duration,
                **extra,
            },
        )

    def _booking_count(self):
        return self.env["periscope.booking"].search_count([])

    def test_a_time_taken_between_the_check_and_the_booking_is_told_as_taken(self):
        """Another member books the same time after the portal checked it
        free and before this booking is written (found under load, bench/
        load.py): the member is told the time is taken, no server error."""
        self._book(paris(self.monday, 10), paris(self.monday, 11), partner=self.other_org)
        real = PeriscopeCoworkingPortal._periscope_is_taken
        calls = []

        def free_at_first(draft):
            calls.append(draft)
            return False if len(calls) == 1 else real(draft)

        count = self._booking_count()
        with patch.object(PeriscopeCoworkingPortal, "_periscope_is_taken", staticmethod(free_at_first)):
            response = self._book_on_portal(paris(self.monday, 10))
        self.assertEqual(response.status_code, 200)
        self.assertIn("is no longer free at that time", response.text)
        self.assertNotIn("Secret Coop", response.text)
        self.assertEqual(len(calls), 2)
        self.assertEqual(self._booking_count(), count)

    # ------------------------------------------------------------ list
    def test_list_shows_my_organisation_bookings_only(self):
        mine = self._book(paris(self.monday, 9), paris(self.monday, 10))
        # booked by the reception in a room members do not book themselves
        training = self._book(paris(self.tuesday, 9), paris(self.tuesday, 12), space=self.staff_room)
        theirs = self._book(paris(self.monday, 14), paris(self.monday, 15), partner=self.other_org)
        past_day = self.monday - timedelta(days=21)
        past = self._book(paris(past_day, 9), paris(past_day, 10))
        response = self.url_open("/my/bookings")
        self.assertEqual(response.status_code, 200)
        text = response.text
        self.assertIn(f'data-booking-id="{mine.id}"', text)
        self.assertIn(f'data-booking-id="{training.id}"', text)
        self.assertIn("Salle de formation (portal test)", text)
        self.assertNotIn(f'data-booking-id="{theirs.id}"', text)
        self.assertNotIn(f'data-booking-id="{past.id}"', text)
        self.assertNotIn("Secret Coop", text)
        # the breadcrumb names the page
        self.assertIn('<li class="breadcrumb-item active">Bookings</li>', text)
        # the free cancellation deadline and the member price of the room
        self.assertIn(f"/my/bookings/{mine.id}/cancel", text)
        self.assertIn("Free cancellation until", text)
        past_text = self.url_open("/my/bookings?filterby=past").text
        self.assertIn(f'data-booking-id="{past.id}"', past_text)
        self.assertNotIn(f'data-booking-id="{mine.id}"', past_text)
        self.assertNotIn(f"/my/bookings/{past.id}/cancel", past_text)

    def test_home_shows_the_bookings_card_and_its_counter(self):
        self._book(paris(self.monday, 9), paris(self.monday, 10))
        self._book(paris(self.monday, 14), paris(self.monday, 15), partner=self.other_org)
        self.assertIn('href="/my/bookings"', self.url_open("/my").text)
        counters = self.make_jsonrpc_request("/my/counters", {"counters": ["periscope_booking_count"]})
        self.assertEqual(counters["periscope_booking_count"], 1)

    # ------------------------------------------------------------ booking
    def test_free_times_and_price_of_a_day(self):
        self._book(paris(self.monday, 10), paris(self.monday, 12), partner=self.other_org)
        response = self.url_open(f"/my/bookings/new?space_id={self.room.id}&day={self.monday}&duration=60")
        self.assertEqual(response.status_code, 200)
        text = response.text
        # open 8:00-20:00; the other booking holds 10:00-12:15 (its buffer)
        # and a booking before it must end by 9:45
        self.assertIn("08:00 – 09:45", text)
        self.assertIn("12:15 – 20:00", text)
        self.assertIn("08:00 – 09:00", text)
        self.assertIn(f'value="{paris(self.monday, 8)}"', text)
        self.assertNotIn(f'value="{paris(self.monday, 10)}"', text)
        self.assertNotIn("Secret Coop", text)
        # the price: an hour included in the membership, the member rate
        self.assertIn("o_periscope_booking_price", text)
        self.assertIn("Included in your membership", text)
        # staff-only spaces are not offered
        self.assertNotIn("Salle de formation (portal test)", text)
        self.assertIn('<a href="/my/bookings">Bookings</a>', text)
        self.assertIn("Book a space", text)
        # a closed day
        sunday = self.monday - timedelta(days=1)
        text = self.url_open(f"/my/bookings/new?space_id={self.room.id}&day={sunday}").text
        self.assertIn("No free time", text)
        self.assertNotIn("o_periscope_book_form", text)
        # beyond the booking horizon, or over
        far = fields.Date.today() + timedelta(days=100)
        text = self.url_open(f"/my/bookings/new?space_id={self.room.id}&day={far}").text
        self.assertIn("is booked 90 days ahead at most", text)
        self.assertNotIn("o_periscope_book_form", text)
        past = fields.Date.today() - timedelta(days=1)
        text = self.url_open(f"/my/bookings/new?space_id={self.room.id}&day={past}").text
        self.assertIn("That day is over", text)

    def test_booking_is_confirmed_for_my_organisation_at_its_rate(self):
        count = self._booking_count()
        response = self._book_on_portal(
            paris(self.monday, 9),
            duration=120,
            partner_id=self.other_org.id,
            contact_id=self.other_org.id,
            price_unit="0.01",
            pricelist_id="",
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("success=booked", response.url)
        self.assertEqual(self._booking_count(), count + 1)
        booking = self.env["periscope.booking"].search(
            [("space_id", "=", self.room.id), ("start", "=", paris(self.monday, 9))]
        )
        self.assertEqual(booking.partner_id, self.org)
        self.assertEqual(booking.contact_id, self.person)
        self.assertEqual(booking.state, "confirmed")
        self.assertEqual(booking.stop, paris(self.monday, 11))
        self.assertEqual(booking.price_unit, 12.5)  # half the public price
        self.assertEqual(booking.pricelist_id, self.member_type.pricelist_id)
        self.assertEqual(booking.included_hours, 2)
        self.assertTrue(booking.calendar_event_id)
        self.assertEqual(booking.create_uid, self.member)
        self.assertIn(f'data-booking-id="{booking.id}"', response.text)
        # the desks of a desk pool
        response = self._book_on_portal(paris(self.monday, 9), duration=240, space=self.pool, seats=3)
        self.assertIn("success=booked", response.url)
        desks = self.env["periscope.booking"].search([("space_id", "=", self.pool.id)])
        self.assertEqual((desks.seats, desks.partner_id), (3, self.org))

    def test_a_member_borrows_equipment_on_the_portal(self):
        projectors = self._make_space("Vidéoprojecteurs (portal test)", "equipment", 1, seats=2, portal_bookable=True)
        form = self.url_open(f"/my/bookings/new?space_id={projectors.id}").text
        self.assertIn("Vidéoprojecteurs (portal test): 2 identical items.", form)
        self.assertNotIn("up to 1 people", form)
        response = self._book_on_portal(paris(self.monday, 9), duration=240, space=projectors, seats=2)
        self.assertIn("success=booked", response.url)
        loan = self.env["periscope.booking"].search([("space_id", "=", projectors.id)])
        self.assertEqual((loan.seats, loan.partner_id, loan.state), (2, self.org, "confirmed"))
        # the stock is lent: a third item is refused, nothing is booked
        response = self._book_on_portal(paris(self.monday, 10), space=projectors)
        self.assertEqual(self.env["periscope.booking"].search_count([("space_id", "=", projectors.id)]), 1)
        self.assertNotIn("success=booked", response.url)

    def test_refused_bookings_change_nothing(self):
        self._book(paris(self.monday, 10), paris(self.monday, 12), partner=self.other_org)
        count = self._booking_count()
        for label, start, duration, space, message in (
            (
                "not bookable on the portal",
                paris(self.monday, 9),
                60,
                self.staff_room,
                "cannot be booked on the portal",
            ),
            ("taken", paris(self.monday, 10, 30), 60, self.room, "is no longer free at that time"),
            (
                "within the buffer of another booking",
                paris(self.monday, 12),
                60,
                self.room,
                "is no longer free at that time",
            ),
            ("after closing time", paris(self.monday, 19), 120, self.room, "is closed at some time between"),
            (
                "on a Sunday",
                paris(self.monday - timedelta(days=1), 10),
                60,
                self.room,
                "is closed at some time between",
            ),
            (
                "a duration not offered",
                paris(self.monday, 14),
                7,
                self.room,
                "Pick one of the free times and a duration.",
            ),
        ):
            with self.subTest(label):
                response = self._book_on_portal(start, duration, space=space)
                self.assertEqual(response.status_code, 200)
                self.assertNotIn("success=booked", response.url)
                self.assertIn(message, response.text)
                self.assertIn("o_periscope_booking_error", response.text)
                self.assertNotIn("Secret Coop", response.text)
                self.assertEqual(self._booking_count(), count)
        # a crafted start in the past, or a moment ago: the portal books the
        # future only
        for start in (
            paris(self.monday - timedelta(days=14), 10),
            fields.Datetime.now().replace(microsecond=0) - timedelta(minutes=1),
        ):
            with self.subTest(start=start):
                response = self._book_on_portal(start)
                self.assertIn("That time is over", response.text)
                self.assertEqual(self._booking_count(), count)
        # more desks than the pool has
        response = self._book_on_portal(paris(self.monday, 9), space=self.pool, seats=5)
        self.assertIn("takes 4 booking(s) at a time", response.text)
        self.assertEqual(self._booking_count(), count)

    # ------------------------------------------------------------ cancel
    def test_cancel_my_booking(self):
        booking = self._book(paris(self.monday, 9), paris(self.monday, 10))
        response = self._post(f"/my/bookings/{booking.id}/cancel")
        self.assertEqual(response.status_code, 200)
        self.assertIn("success=cancelled", response.url)
        self.assertEqual(booking.state, "cancelled")
        self.assertFalse(booking.late_cancellation)
        # within the deadline: cancelled, but late
        self.room.cancellation_deadline_hours = 24 * 30
        late = self._book(paris(self.tuesday, 9), paris(self.tuesday, 10))
        text = self.url_open("/my/bookings").text
        self.assertIn("50 % of its price is still billed", text)
        # first the member is told what will still be billed, nothing changes
        response = self._post(f"/my/bookings/{late.id}/cancel")
        self.assertNotIn("success=", response.url)
        self.assertIn("o_periscope_booking_confirm_cancel", response.text)
        # 1 hour, 1 included: nothing billed but the share of nothing
        self.assertIn("50 % of its price is still billed, that is", response.text)
        self.env.invalidate_all()
        self.assertEqual(late.state, "confirmed")
        # then confirms
        response = self._post(f"/my/bookings/{late.id}/cancel", {"confirm_late": "1"})
        self.assertIn("success=cancelled_late", response.url)
        self.env.invalidate_all()
        self.assertEqual(late.state, "cancelled")
        self.assertTrue(late.late_cancellation)
        # once cancelled, no more
        response = self._post(f"/my/bookings/{late.id}/cancel")
        self.assertIn("Only an upcoming booking can be cancelled", response.text)

    def test_cancel_needs_a_csrf_token(self):
        booking = self._book(paris(self.monday, 9), paris(self.monday, 10))
        response = self.url_open(f"/my/bookings/{booking.id}/cancel", data={"x": "1"})
        self.assertEqual(response.status_code, 400)
        self.env.invalidate_all()
        self.assertEqual(booking.state, "confirmed")

    def test_cannot_cancel_another_organisation_booking(self):
        theirs = self._book(paris(self.monday, 9), paris(self.monday, 10), partner=self.other_org)
        response = self._post(f"/my/bookings/{theirs.id}/cancel")
        self.assertEqual(response.status_code, 404)
        response = self._post("/my/bookings/999999999/cancel")
        self.assertEqual(response.status_code, 404)
        self.env.invalidate_all()
        self.assertEqual(theirs.state, "confirmed")
        with self.assertRaises(AccessError):
            theirs.with_user(self.member).read(["state"])

    def test_cannot_cancel_an_invoiced_booking(self):
        booking = self._book(paris(self.monday, 9), paris(self.monday, 10))
        # as a billing run leaves it (the billing is not what is tested here)
        self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.org.id,
                "invoice_line_ids": [
                    Command.create(
                        {"name": booking.name, "quantity": 1, "price_unit": 12.5, "periscope_booking_id": booking.id}
                    )
                ],
            }
        )
        self.assertTrue(booking.invoice_line_id)
        self.env.invalidate_all()
        self.assertNotIn(f"/my/bookings/{booking.id}/cancel", self.url_open("/my/bookings").text)
        response = self._post(f"/my/bookings/{booking.id}/cancel")
        self.assertEqual(response.status_code, 200)
        self.assertIn("An invoiced booking cannot be cancelled", response.text)
        self.env.invalidate_all()
        self.assertEqual(booking.state, "confirmed")

    # ------------------------------------------------------------ iCal
    def test_calendar_feed(self):
        mine = self._book(paris(self.monday, 9), paris(self.monday, 10, 30))
        cancelled = self._book(paris(self.monday, 14), paris(self.monday, 15))
        cancelled.action_cancel()
        draft = self._book(paris(self.tuesday, 9), paris(self.tuesday, 10), confirm=False)
        theirs = self._book(paris(self.tuesday, 14), paris(self.tuesday, 15), partner=self.other_org)
        long_ago = self.monday - timedelta(weeks=17)
        old = self._book(paris(long_ago, 9), paris(long_ago, 10))
        self.assertFalse(self.url_open("/periscope/bookings/x.ics").ok)
        self.assertNotIn("/periscope/bookings/", self.url_open("/my/bookings").text)

        response = self._post("/my/bookings/feed")
        self.assertEqual(response.status_code, 200)
        token = self.org.sudo().periscope_booking_feed_token
        self.assertTrue(token)
        self.assertIn(f"/periscope/bookings/{token}.ics", response.text)
        with self.assertRaises(AccessError):
            self.org.with_user(self.member).read(["periscope_booking_feed_token"])

        self.logout()  # calendar applications do not log in
        response = self.url_open(f"/periscope/bookings/{token}.ics")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.headers["Content-Type"].startswith("text/calendar"))
        body = response.content.decode()
        self.assertTrue(body.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"))
        self.assertTrue(body.endswith("END:VCALENDAR\r\n"))
        self.assertNotIn("\n", body.replace("\r\n", ""))
        for line in body.split("\r\n"):
            self.assertLessEqual(len(line.encode()), 75, line)
        self.assertIn("\r\n ", body)  # the long location is folded
        lines = body.replace("\r\n ", "").split("\r\n")
        self.assertEqual(lines.count("BEGIN:VEVENT"), 1)
        uid = next(line for line in lines if line.startswith("UID:"))
        self.assertRegex(uid, rf"^UID:periscope-booking-{mine.id}@\S+$")
        start, stop = (format_utc(moment) for moment in (mine.start, mine.stop))
        self.assertIn(f"DTSTART:{start}", lines)
        self.assertIn(f"DTEND:{stop}", lines)
        self.assertIn("STATUS:CONFIRMED", lines)
        self.assertTrue(any(line.startswith("DTSTAMP:") for line in lines))
        self.assertIn("SUMMARY:Salle du Canal\\, 1er étage\\; côté jardin (portal test)", lines)
        location = next(line for line in lines if line.startswith("LOCATION:"))
        self.assertTrue(location.startswith("LOCATION:Salle du Canal\\, 1er étage\\; côté jardin (portal test)\\, "))
        description = next(line for line in lines if line.startswith("DESCRIPTION:"))
        self.assertIn("\\nBooked by Julie Castex (portal test)", description)
        for other in (cancelled, draft, theirs, old):
            self.assertNotIn(f"periscope-booking-{other.id}@", body)
        self.assertNotIn("Secret Coop", body)

        # revoked: the old address is gone, the new one works
        self.authenticate("portal_bookings", "portal_bookings_pw")
        response = self._post("/my/bookings/feed/revoke")
        self.assertIn("success=feed_revoked", response.url)
        self.env.invalidate_all()
        new_token = self.org.sudo().periscope_booking_feed_token
        self.assertNotEqual(new_token, token)
        self.assertIn(f"/periscope/bookings/{new_token}.ics", response.text)
        self.logout()
        self.assertEqual(self.url_open(f"/periscope/bookings/{token}.ics").status_code, 404)
        self.assertEqual(self.url_open(f"/periscope/bookings/{new_token}.ics").status_code, 200)

    # ------------------------------------------------------------ performance
    def _insert_bookings(self, first, count):
        """``count`` confirmed bookings of the organisation, a day apart from
        ``first``, written straight into the table (through the ORM they
        would take minutes)."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO periscope_booking (
                    name, space_id, partner_id, contact_id, start, stop, duration,
                    seats, state, company_id, pricelist_id, quantity, price_unit,
                    included_hours, billable_share, late_cancellation, no_show,
                    create_uid, create_date, write_uid, write_date
                )
                SELECT %(name)s, %(space)s, %(partner)s, %(contact)s,
                    %(first)s + g * interval '1 day',
                    %(first)s + g * interval '1 day' + interval '1 hour',
                    1.0, 1, 'confirmed', %(company)s, %(pricelist)s, 1.0, 12.5,
                    0.0, 100.0, false, false,
                    %(uid)s, now() at time zone 'UTC',
                    %(uid)s, now() at time zone 'UTC'
                FROM generate_series(0, %(count)s - 1) AS g
                """,
                pricelist=self.member_type.pricelist_id.id or None,
                **self._bulk_booking_params(first, count),
            )
        )
        self.env.invalidate_all()

    def test_bookings_page_queries_do_not_grow_with_the_bookings(self):
        self._insert_bookings(paris(self.monday, 9), 10)
        self.assertPagesQueriesDoNotGrow(
            "/my/bookings",
            "o_periscope_booking_row",
            10,
            lambda: self._insert_bookings(paris(self.monday + timedelta(days=10), 9), 990),
            "/my/bookings/page/2?filterby=upcoming",
            "/my/bookings/page/50?filterby=upcoming",
        )
