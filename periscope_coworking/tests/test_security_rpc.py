# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The coworking attacked as its real users attack it: JSON-RPC calls to
``/web/dataset/call_kw``, logged in as a member, their colleague, a member of
another organisation, an employee without the coworking's groups, the
reception, the coworking's administrator and the accountant; and the portal's
booking routes, posted crafted values. Whatever is refused, the database has
not changed (read again as superuser)."""

import re
from datetime import timedelta

from psycopg2 import IntegrityError

from odoo import Command, fields
from odoo.tests import tagged
from odoo.tools import SQL, mute_logger

from odoo.addons.periscope_members.tests.common import PeriscopeFactoryMixin
from odoo.addons.periscope_members.tests.rpc import RpcCase

from .common import CoworkingFactoryMixin
from .test_portal import paris

BOOKING = "periscope.booking"
SEAT = "periscope.booking.seat"
LOCK = "periscope.booking.lock"
SPACE = "periscope.space"
OCCUPANCY = "periscope.occupancy"
RUN = "periscope.billing.run"
RUN_LINE = "periscope.billing.run.line"
USAGE = "periscope.space.usage"
RECURRENCE = "periscope.booking.recurrence"
RECURRENCE_LINE = "periscope.booking.recurrence.line"
EVENT = "calendar.event"
ATTENDEE = "calendar.attendee"
MOVE = "account.move"
MOVE_LINE = "account.move.line"
PARTNER = "res.partner"
# what must not change, model by model
WATCHED = {
    BOOKING: [
        "name",
        "state",
        "space_id",
        "partner_id",
        "contact_id",
        "attendee_ids",
        "start",
        "stop",
        "seats",
        "note",
        "company_id",
        "price_unit",
        "quantity",
        "included_hours",
        "pricelist_id",
        "late_cancellation",
        "no_show",
        "duration",
        "billable_share",
        "is_invoiced",
        "invoice_line_id",
        "calendar_event_id",
        "notify_pending",
    ],
    SEAT: ["booking_id", "space_id", "seat", "start", "stop"],
    SPACE: [
        "name",
        "active",
        "portal_bookable",
        "seats",
        "capacity",
        "buffer_minutes",
        "product_id",
        "max_duration_hours",
        "booking_horizon_days",
    ],
    OCCUPANCY: ["space_id", "partner_id", "date_start", "date_end", "monthly_rent", "monthly_charges", "note"],
    RUN: ["state", "period_start", "company_id", "invoice_ids", "line_ids"],
    RUN_LINE: ["partner_id", "amount_untaxed", "invoice_id"],
    EVENT: [
        "name",
        "start",
        "stop",
        "description",
        "partner_ids",
        "attendee_ids",
        "user_id",
        "privacy",
        "active",
        "show_as",
        "location",
        "periscope_booking_id",
        "periscope_space_id",
        "periscope_customer_id",
    ],
    MOVE: ["partner_id", "state", "amount_total", "periscope_billing_run_id"],
    MOVE_LINE: [
        "name",
        "price_unit",
        "quantity",
        "periscope_booking_id",
        "periscope_occupancy_id",
        "periscope_rent_month",
        "periscope_rent_part",
    ],
    PARTNER: ["name", "email", "periscope_booking_feed_token"],
}
# the staff, by role: their groups
STAFF = {
    "employee": "base.group_user",
    "reception": "periscope_coworking.group_periscope_coworking_user",
    "manager": "periscope_coworking.group_periscope_coworking_manager",
    "accountant": "account.group_account_invoice",
}
# what an RPC caller may send for a number
BAD_NUMBERS = (float("nan"), float("inf"), -1.0, 1e307, 10**30, "1e400", "many")
# and for a date and time
BAD_MOMENTS = ("9999-12-31 22:00:00", "1900-01-01 09:00:00", "2026-13-45 09:00:00", "demain 9 h", 12)


class CoworkingRpcCase(CoworkingFactoryMixin, PeriscopeFactoryMixin, RpcCase):
    """Two member organisations: the member, their colleague and the other
    organisation's member each have a portal account. The member's
    organisation has bookings the member booked (one confirmed, one draft,
    one cancelled, one past and invoiced by a billing run) and one their
    colleague booked; the other organisation one; the member's organisation
    rents an office. Staff: the reception, the coworking's administrator,
    the accountant and an employee without the coworking's groups."""

    watched = WATCHED
    counted = (BOOKING, SEAT, OCCUPANCY, RUN, EVENT, ATTENDEE, MOVE)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_spaces()
        cls._setup_people()
        cls._setup_days()
        cls._setup_bookings()
        cls._setup_invoiced_month()
        cls._setup_recurrence_and_private_event()
        cls.watched_ids = {
            BOOKING: cls.bookings.ids,
            SEAT: cls.bookings.seat_ids.ids,
            SPACE: (cls.room | cls.pool | cls.staff_room | cls.office).ids,
            OCCUPANCY: cls.occupancy.ids,
            RUN: (cls.invoiced_run | cls.draft_run).ids,
            RUN_LINE: cls.invoiced_run.line_ids.ids,
            EVENT: cls.events.ids,
            MOVE: cls.invoice.ids,
            MOVE_LINE: cls.invoice.invoice_line_ids.ids,
            PARTNER: (cls.org | cls.other_org | cls.person | cls.colleague_person | cls.outsider_person).ids,
        }

    @classmethod
    def _setup_spaces(cls):
        product = cls.env.ref("periscope_coworking.product_meeting_room_hour")

        def space(name, space_type, capacity=10, **values):
            return cls._make_space(f"{name} (rpc test)", space_type, capacity, product_id=product.id, **values)

        cls.room = space("Salle Garonne", "meeting_room", portal_bookable=True)
        cls.pool = space("Open space", "desk_pool", seats=4, capacity=8, portal_bookable=True)
        cls.staff_room = space("Salle de formation", "training_room")
        cls.office = space("Bureau 12", "office", capacity=2)

    @classmethod
    def _setup_people(cls):
        """The two member organisations, their people with a portal account,
        and the staff."""
        cls.org = cls._make_organisation("Coop'Action (rpc test)", cls.PERMANENT_RESIDENT)
        cls.other_org = cls._make_organisation("Caracole (rpc test)", cls.PERMANENT_RESIDENT)

        def person(name, email, company):
            return cls.env[PARTNER].create({"name": name, "email": email, "parent_id": company.id})

        cls.person = person("Alice Martin", "alice@coop.example.org", cls.org)
        cls.colleague_person = person("Bruno Roux", "bruno@coop.example.org", cls.org)
        cls.outsider_person = person("Chloé Sicre", "chloe@cara.example.org", cls.other_org)
        portal = "base.group_portal"
        cls.member = cls._make_user("cowo_rpc_member", portal, partner_id=cls.person.id)
        cls.colleague = cls._make_user("cowo_rpc_colleague", portal, partner_id=cls.colleague_person.id)
        cls.outsider = cls._make_user("cowo_rpc_outsider", portal, partner_id=cls.outsider_person.id)
        cls.employee, cls.reception, cls.manager, cls.accountant = (
            cls._make_user(f"cowo_rpc_{role}", groups) for role, groups in STAFF.items()
        )

    @classmethod
    def _setup_days(cls):
        """Next week's Monday at the earliest: open, within the booking
        horizon and the free-cancellation deadline; a Monday three weeks
        before it is over."""
        today = fields.Date.today()
        cls.monday = today + timedelta(days=14 - today.weekday())
        cls.tuesday = cls.monday + timedelta(days=1)
        cls.past = cls.monday - timedelta(days=21)

    @classmethod
    def _make_booking(cls, day, hour, contact, space=None, organisation=None, state="confirmed"):
        booking = cls.env[BOOKING].create(
            {
                "space_id": (space or cls.room).id,
                "partner_id": (organisation or cls.org).id,
                "contact_id": contact.id,
                "start": paris(day, hour),
                "stop": paris(day, hour + 1),
                "note": f"Note de {contact.name}",
            }
        )
        if state != "draft":
            booking.action_confirm()
        if state == "cancelled":
            booking.action_cancel()
        return booking

    @classmethod
    def _setup_bookings(cls):
        """The member's organisation rents an office, and books."""
        book = cls._make_booking
        cls.mine = book(cls.monday, 9, cls.person)
        cls.mine_draft = book(cls.monday, 14, cls.person, cls.pool, state="draft")
        cls.mine_cancelled = book(cls.tuesday, 14, cls.person, state="cancelled")
        cls.colleague_booking = book(cls.tuesday, 9, cls.colleague_person)
        cls.theirs = book(cls.monday, 11, cls.outsider_person, organisation=cls.other_org)
        cls.invoiced = book(cls.past, 9, cls.person)
        cls.bookings = (
            cls.mine | cls.mine_draft | cls.mine_cancelled | cls.colleague_booking | cls.theirs | cls.invoiced
        )
        cls.occupancy = cls.env[OCCUPANCY].create(
            {
                "space_id": cls.office.id,
                "partner_id": cls.org.id,
                "date_start": "2020-01-01",
                "monthly_rent": 400.0,
                "monthly_charges": 50.0,
                "note": "Clés remises à Alice Martin",
            }
        )

    @classmethod
    def _setup_invoiced_month(cls):
        """An invoiced month: its billing run, its draft invoice billing the
        past booking and a month of the office's rent; a month not invoiced
        yet."""
        cls.invoiced_run = cls.env[RUN].create({"period_start": cls.past})
        booking_line = {"name": cls.invoiced.name, "quantity": 1, "price_unit": 12.5}
        rent_line = {"name": "Bureau 12, loyer", "quantity": 1, "price_unit": 400.0}
        cls.invoice = cls.env[MOVE].create(
            {
                "move_type": "out_invoice",
                "partner_id": cls.org.id,
                "periscope_billing_run_id": cls.invoiced_run.id,
                "invoice_line_ids": [
                    Command.create({**booking_line, "periscope_booking_id": cls.invoiced.id}),
                    Command.create(
                        {
                            **rent_line,
                            "periscope_occupancy_id": cls.occupancy.id,
                            "periscope_rent_month": cls.past.replace(day=1),
                            "periscope_rent_part": "rent",
                        }
                    ),
                ],
            }
        )
        cls.booking_line = cls.invoice.invoice_line_ids.filtered("periscope_booking_id")
        cls.rent_line = cls.invoice.invoice_line_ids - cls.booking_line
        summary = {"partner_id": cls.org.id, "booking_count": 1, "rent_count": 1, "amount_untaxed": 412.5}
        cls.invoiced_run.write(
            {"state": "done", "line_ids": [Command.create({**summary, "invoice_id": cls.invoice.id})]}
        )
        cls.draft_run = cls.env[RUN].create({"period_start": "2020-02-01"})

    @classmethod
    def _setup_recurrence_and_private_event(cls):
        """The administrator's recurring booking, being checked; an event of
        the administrator's own, private."""
        cls.recurrence = (
            cls.env[RECURRENCE]
            .with_user(cls.manager)
            .create(
                {
                    "space_id": cls.room.id,
                    "partner_id": cls.org.id,
                    "start": paris(cls.tuesday, 17),
                    "stop": paris(cls.tuesday, 18),
                    "count": 2,
                }
            )
        )
        cls.recurrence.action_check()
        cls.private_event = cls.env[EVENT].create(
            {
                "name": "Entretien annuel (rpc test)",
                "start": paris(cls.monday, 16),
                "stop": paris(cls.monday, 17),
                "privacy": "private",
                "user_id": cls.manager.id,
                "partner_ids": [Command.set(cls.manager.partner_id.ids)],
            }
        )
        cls.events = cls.bookings.calendar_event_id | cls.private_event

    # ------------------------------------------------------------ helpers
    def assertAllRefused(self, calls, *error_names):
        """Each call of ``calls`` (model, method, arguments..., and a dict of
        keyword arguments last, optionally) refused."""
        for model, method, *arguments in calls:
            kwargs = {}
            if arguments and isinstance(arguments[-1], dict) and "kw" in arguments[-1]:
                kwargs = arguments.pop()["kw"]
            with self.subTest(model=model, method=method, arguments=arguments):
                answer = self.call(model, method, *arguments, **kwargs)
                self.assertRefused(answer, *(error_names or ("AccessError",)))

    def _booking_calls(self, booking):
        """Every public method of a booking, and a write of each kind of
        field, on ``booking``."""
        ids = booking.ids
        return [
            (BOOKING, "action_confirm", ids),
            (BOOKING, "action_cancel", ids),
            (BOOKING, "action_done", ids),
            (BOOKING, "action_draft", ids),
            (BOOKING, "action_mark_no_show", ids),
            (BOOKING, "write", ids, {"note": "Pirate"}),
            (BOOKING, "write", ids, {"state": "cancelled"}),
            (BOOKING, "write", ids, {"start": str(paris(self.tuesday, 16))}),
            (BOOKING, "write", ids, {"partner_id": self.other_org.id}),
            (BOOKING, "write", ids, {"contact_id": self.outsider_person.id}),
            (BOOKING, "write", ids, {"price_unit": 0.0}),
            (BOOKING, "write", ids, {"attendee_ids": [Command.clear()]}),
            (BOOKING, "unlink", ids),
            (BOOKING, "copy", ids),
            (BOOKING, "message_post", ids, {"kw": {"body": "Pirate"}}),
        ]

    def _creates(self):
        """A new record of every model of the addon, for the member's
        organisation."""
        booking = {
            "space_id": self.room.id,
            "partner_id": self.org.id,
            "start": str(paris(self.tuesday, 11)),
            "stop": str(paris(self.tuesday, 12)),
        }
        return [
            (BOOKING, "create", booking),
            (BOOKING, "create", dict(booking, state="confirmed")),
            (SPACE, "create", {"name": "Pirate", "space_type": "meeting_room"}),
            (OCCUPANCY, "create", {"space_id": self.office.id, "partner_id": self.org.id, "date_start": "2030-01-01"}),
            (RUN, "create", {"period_start": "2020-03-01"}),
            (RUN_LINE, "create", {"run_id": self.invoiced_run.id, "partner_id": self.org.id}),
            (SEAT, "create", {"booking_id": self.mine.id, "space_id": self.room.id}),
            (LOCK, "create", {"key": "pirate"}),
            (
                RECURRENCE,
                "create",
                {
                    "space_id": self.room.id,
                    "partner_id": self.org.id,
                    "start": str(paris(self.tuesday, 11)),
                    "stop": str(paris(self.tuesday, 12)),
                },
            ),
            (
                EVENT,
                "create",
                {
                    "name": "Pirate",
                    "start": str(paris(self.tuesday, 11)),
                    "stop": str(paris(self.tuesday, 12)),
                    "periscope_space_id": self.room.id,
                },
            ),
        ]

    def _event_calls(self, booking):
        """Writes of the event of ``booking`` that would change the booking,
        its deletion, and the same with the context key that once let them
        through."""
        event = booking.calendar_event_id
        ids = event.ids
        moved = {"start": str(paris(self.tuesday, 16)), "stop": str(paris(self.tuesday, 17))}
        backdoor = {"kw": {"context": {"periscope_from_booking": True}}}
        return [
            (EVENT, "write", ids, moved),
            (EVENT, "write", ids, moved, backdoor),
            (EVENT, "write", ids, {"name": "Pirate"}),
            (EVENT, "write", ids, {"description": "<p>Pirate</p>"}),
            (EVENT, "write", ids, {"partner_ids": [Command.clear()]}, backdoor),
            (EVENT, "write", ids, {"privacy": "private"}),
            (EVENT, "write", ids, {"active": False}, backdoor),
            (EVENT, "action_join_meeting", ids, self.outsider_person.id),
            (EVENT, "unlink", ids),
            (EVENT, "unlink", ids, backdoor),
            (ATTENDEE, "unlink", event.attendee_ids.ids),
            (ATTENDEE, "write", event.attendee_ids.ids, {"partner_id": self.outsider_person.id}),
            (ATTENDEE, "create", {"event_id": event.id, "partner_id": self.outsider_person.id}),
        ]

    def _technical_calls(self):
        """The seats held, the serialization keys, the occupancy figures and
        another user's recurring booking: nobody writes them but Odoo, or
        their own user."""
        seats = self.mine.seat_ids
        lines = self.recurrence.sudo().line_ids
        return [
            (SEAT, "write", seats.ids, {"stop": str(paris(self.monday, 9, 30))}),
            (SEAT, "unlink", seats.ids),
            (LOCK, "search_read", [], ["key"]),
            (USAGE, "write", [1], {"booked_hours": 0}),
            (RECURRENCE, "read", self.recurrence.ids, ["start"]),
            (RECURRENCE, "action_check", self.recurrence.ids),
            (RECURRENCE, "action_confirm", self.recurrence.ids),
            (RECURRENCE_LINE, "write", lines.ids, {"selected": False}),
        ]

    def _server_field_writes(self, booking):
        """Writes of what Odoo sets on a booking itself."""
        ids = booking.ids
        return [
            (BOOKING, "write", ids, {"is_invoiced": not booking.is_invoiced}),
            (BOOKING, "write", ids, {"invoice_line_id": False}),
            (BOOKING, "write", ids, {"duration": 0.01}),
            (BOOKING, "write", ids, {"billable_share": 0.0}),
            (BOOKING, "write", ids, {"quantity": 0.0}),
            (BOOKING, "write", ids, {"included_hours": 99.0}),
            (BOOKING, "write", ids, {"pricelist_id": False}),
            (BOOKING, "write", ids, {"late_cancellation": True}),
            (BOOKING, "write", ids, {"no_show": True}),
            (BOOKING, "write", ids, {"calendar_event_id": self.private_event.id}),
            (BOOKING, "write", ids, {"seat_ids": [Command.clear()]}),
            (BOOKING, "write", ids, {"notify_pending": "cancelled"}),
        ]


@tagged("post_install", "-at_install")
class TestSecurityRpc(CoworkingRpcCase):
    # ------------------------------------------------------------ portal
    def _portal_changes_nothing(self, user, visible):
        """``user`` (a portal member) reads the bookings of their organisation
        (``visible``) and nothing else of the addon; they change nothing of
        any booking, their own neither, nor create anything."""
        before = self._snapshot()
        self.login(user)
        found = self.assertAllowed(self.call(BOOKING, "search_read", [], ["name"]))
        self.assertEqual({row["id"] for row in found}, set(visible.ids))
        rows = self.assertAllowed(self.call(BOOKING, "read", visible.ids, ["state", "note", "start"]))
        self.assertEqual(len(rows), len(visible))
        hidden = self.bookings - visible
        self.assertRefused(self.call(BOOKING, "read", hidden.ids, ["name"]))
        # the seats held, the leases, the billing, the occupancy figures and
        # the serialization keys are the staff's
        self.assertRefused(self.call(BOOKING, "read", visible.ids, ["seat_ids"]))
        for model in (SEAT, LOCK, OCCUPANCY, RUN, RUN_LINE, USAGE, RECURRENCE):
            with self.subTest(model=model):
                answer = self.call(model, "search_read", [], ["id"])
                self.assertRefused(answer, "AccessError")
        # the spaces bookable on the portal only
        spaces = self.assertAllowed(self.call(SPACE, "search_read", [("name", "like", "(rpc test)")], ["id"]))
        self.assertEqual({row["id"] for row in spaces}, {self.room.id, self.pool.id})
        self.assertRefused(self.call(SPACE, "read", self.office.ids, ["name"]))
        # what they change: nothing
        calls = [
            call
            for booking in self.bookings
            for call in self._booking_calls(booking) + self._server_field_writes(booking)
        ]
        calls += [
            *self._technical_calls(),
            (SPACE, "write", self.room.ids, {"portal_bookable": False}),
            (OCCUPANCY, "write", self.occupancy.ids, {"monthly_rent": 0.0}),
            (OCCUPANCY, "unlink", self.occupancy.ids),
            (RUN, "action_prepare", self.draft_run.ids),
            (RUN, "action_create_invoices", self.draft_run.ids),
            (RUN, "action_view_invoices", self.invoiced_run.ids),
            (RUN, "write", self.invoiced_run.ids, {"state": "draft"}),
            (MOVE_LINE, "write", self.booking_line.ids, {"periscope_booking_id": False}),
            (PARTNER, "write", self.org.ids, {"periscope_booking_feed_token": "x" * 40}),
            *self._creates(),
        ]
        for booking in self.bookings:
            calls += self._event_calls(booking)
        self.assertAllRefused(calls)
        self.assertUnchanged(before)

    def test_a_member_reads_their_organisation_bookings_and_changes_none(self):
        self._portal_changes_nothing(self.member, self.bookings - self.theirs)

    def test_a_colleague_changes_none_of_the_member_bookings(self):
        self._portal_changes_nothing(self.colleague, self.bookings - self.theirs)

    def test_another_organisation_reaches_nothing(self):
        self._portal_changes_nothing(self.outsider, self.theirs)

    def test_a_member_reads_the_event_they_attend_only(self):
        self.login(self.member)
        rows = self.assertAllowed(self.call(EVENT, "read", self.mine.calendar_event_id.ids, ["start"]))
        self.assertEqual(rows[0]["start"], str(self.mine.start))
        for booking in (self.colleague_booking, self.theirs):
            with self.subTest(booking=booking.name):
                answer = self.call(EVENT, "read", booking.calendar_event_id.ids, ["start"])
                self.assertRefused(answer, "AccessError")
        # the booking behind the event is the staff's field
        answer = self.call(EVENT, "read", self.mine.calendar_event_id.ids, ["periscope_booking_id"])
        self.assertRefused(answer, "AccessError")

    def test_included_hours_are_read_by_who_reads_the_bookings(self):
        """What an organisation used of its included hours comes from its
        bookings: its members and the coworking staff read it, an employee
        without the coworking's groups reads nothing of it."""
        self.login(self.member)
        rows = self.assertAllowed(self.call(PARTNER, "read", self.org.ids, ["periscope_included_hours_left"]))
        # 8 hours a month, less what the organisation used
        self.assertGreater(rows[0]["periscope_included_hours_left"], 0)
        answer = self.call(PARTNER, "read", self.other_org.ids, ["periscope_included_hours_left"])
        self.assertRefused(answer, "AccessError")
        self.login(self.reception)
        rows = self.assertAllowed(self.call(PARTNER, "read", self.other_org.ids, ["periscope_included_hours_left"]))
        self.assertGreater(rows[0]["periscope_included_hours_left"], 0)
        self.login(self.employee)
        rows = self.assertAllowed(self.call(PARTNER, "read", self.org.ids, ["periscope_included_hours_left"]))
        self.assertEqual(rows[0]["periscope_included_hours_left"], 0)

    # ------------------------------------------------------------ employee
    def test_an_employee_changes_no_booking_through_the_calendar(self):
        """Finding: the event of a booking is the booking. An employee without
        the coworking's groups reads it in the Odoo Calendar but changes
        nothing of it -- the context key that once skipped the booking's
        checks does nothing."""
        before = self._snapshot()
        self.login(self.employee)
        rows = self.assertAllowed(self.call(EVENT, "read", self.mine.calendar_event_id.ids, ["start"]))
        self.assertTrue(rows)
        for model in (BOOKING, SPACE, SEAT, OCCUPANCY, RUN, USAGE, LOCK):
            with self.subTest(model=model):
                self.assertRefused(self.call(model, "search_read", [], ["id"]))
        calls = [
            call for booking in (self.mine, self.mine_cancelled, self.invoiced) for call in self._event_calls(booking)
        ]
        calls += self._creates() + self._technical_calls()
        calls += self._booking_calls(self.mine)
        self.assertAllRefused(calls, "AccessError")
        self.assertUnchanged(before)
        # their own events are theirs
        event_id = self.assertAllowed(
            self.call(
                EVENT,
                "create",
                {
                    "name": "Point d'équipe (rpc test)",
                    "start": str(paris(self.tuesday, 9)),
                    "stop": str(paris(self.tuesday, 10)),
                    "partner_ids": [Command.set(self.employee.partner_id.ids)],
                },
            )
        )
        self.assertAllowed(self.call(EVENT, "write", [event_id], {"stop": str(paris(self.tuesday, 11))}))
        self.assertAllowed(self.call(EVENT, "unlink", [event_id]))

    # ------------------------------------------------------------ reception
    def _new_booking_values(self):
        """A booking of the member's organisation, next Tuesday at 11:00."""
        return {
            "space_id": self.room.id,
            "partner_id": self.org.id,
            "start": str(paris(self.tuesday, 11)),
            "stop": str(paris(self.tuesday, 12)),
        }

    def test_the_reception_cannot_set_what_odoo_decides(self):
        """Findings: the reception books and moves bookings; it writes none of
        what Odoo computes or fixes (a booking priced at nothing, marked
        invoiced or not, pointed at the administrator's private event),
        neither on a booking nor on a new one, by its values or by the
        defaults of the context."""
        before = self._snapshot()
        self.login(self.reception)
        calls = [
            call
            for booking in (self.mine, self.mine_cancelled, self.invoiced)
            for call in self._server_field_writes(booking)
        ]
        values = self._new_booking_values()
        for fname, value in (
            ("calendar_event_id", self.private_event.id),
            ("quantity", 0.0),
            ("late_cancellation", True),
            ("is_invoiced", True),
            ("notify_pending", "confirmed"),
        ):
            calls += [
                (BOOKING, "create", dict(values, **{fname: value})),
                (BOOKING, "create", values, {"kw": {"context": {f"default_{fname}": value}}}),
            ]
        self.assertAllRefused(calls, "AccessError")
        self.assertUnchanged(before)

    def test_the_reception_neither_invoices_nor_rents_nor_sets_up_the_spaces(self):
        """Findings: the reception does not invoice, nor touch an invoiced
        booking's billing and its money; the technical records are Odoo's,
        the spaces and the leases the administrator's."""
        before = self._snapshot()
        self.login(self.reception)
        calls = [
            # an invoiced booking's billing, and its money
            (BOOKING, "write", self.invoiced.ids, {"invoice_line_ids": [Command.clear()]}),
            (MOVE_LINE, "write", self.booking_line.ids, {"periscope_booking_id": False}),
            (MOVE_LINE, "write", self.booking_line.ids, {"price_unit": 0.0}),
            (MOVE, "write", self.invoice.ids, {"periscope_billing_run_id": False}),
            (MOVE, "create", {"move_type": "out_invoice", "partner_id": self.org.id}),
            (RUN, "create", {"period_start": "2020-03-01"}),
            (RUN, "action_create_invoices", self.draft_run.ids),
            (RUN, "action_prepare", self.draft_run.ids),
            (RUN, "read", self.invoiced_run.ids, ["state"]),
            *self._technical_calls(),
            # the spaces and the leases are the administrator's
            (SPACE, "write", self.room.ids, {"buffer_minutes": 0}),
            (OCCUPANCY, "write", self.occupancy.ids, {"monthly_rent": 0.0}),
            (OCCUPANCY, "create", {"space_id": self.office.id, "partner_id": self.org.id, "date_start": "2030-01-01"}),
            (OCCUPANCY, "unlink", self.occupancy.ids),
        ]
        self.assertAllRefused(calls, "AccessError")
        self.assertUnchanged(before)

    def test_the_reception_links_no_event_to_a_booking_whatever_the_context(self):
        """Finding: an event is linked to a booking by the booking, whatever
        the context says; the event of a booking is deleted with it only."""
        before = self._snapshot()
        self.login(self.reception)
        backdoor = {"kw": {"context": {"periscope_from_booking": True}}}
        event = {"name": "Pirate", "start": str(paris(self.tuesday, 11)), "stop": str(paris(self.tuesday, 12))}
        theirs = self.colleague_booking.calendar_event_id.ids
        calls = [
            (EVENT, "create", {**event, "periscope_booking_id": self.mine.id}, backdoor),
            (EVENT, "write", theirs, {"periscope_booking_id": self.mine.id}, backdoor),
            (EVENT, "unlink", self.mine.calendar_event_id.ids, backdoor),
        ]
        self.assertAllRefused(calls, "UserError")
        self.assertUnchanged(before)

    def test_what_is_invoiced_stays_as_it_was_invoiced(self):
        """Finding: the reception changes neither the state, the price, the
        customer nor the times of an invoiced booking, whatever the path;
        nor deletes a booking."""
        before = self._snapshot()
        self.login(self.reception)
        ids = self.invoiced.ids
        past = {"start": str(paris(self.past, 10)), "stop": str(paris(self.past, 11))}
        calls = [
            (BOOKING, "write", ids, {"state": "cancelled"}),
            (BOOKING, "write", ids, {"state": "draft"}),
            (BOOKING, "write", ids, {"price_unit": 0.0}),
            (BOOKING, "write", ids, {"partner_id": self.other_org.id}),
            (BOOKING, "write", ids, {"start": str(paris(self.past, 8))}),
            (BOOKING, "action_cancel", ids),
            (BOOKING, "action_mark_no_show", ids),
            (BOOKING, "unlink", ids),
            (BOOKING, "unlink", self.mine.ids),
            (EVENT, "write", self.invoiced.calendar_event_id.ids, past),
        ]
        self.assertAllRefused(calls, "UserError")
        self.assertUnchanged(before)

    def test_the_reception_books_moves_cancels_and_closes(self):
        """What the reception does: move a booking by its event, cancel one,
        close an invoiced one and write its note; the administrator's private
        event stays theirs."""
        self.login(self.reception)
        moved = {"start": str(paris(self.tuesday, 15)), "stop": str(paris(self.tuesday, 16))}
        self.assertAllowed(self.call(EVENT, "write", self.mine.calendar_event_id.ids, moved))
        self.assertAllowed(self.call(BOOKING, "action_cancel", self.colleague_booking.ids))
        self.assertAllowed(self.call(BOOKING, "action_done", self.invoiced.ids))
        self.assertAllowed(self.call(BOOKING, "write", self.invoiced.ids, {"note": "Vidéoprojecteur"}))
        self.env.invalidate_all()
        self.assertEqual(self.mine.start, paris(self.tuesday, 15))
        self.assertEqual(self.mine.seat_ids.start, paris(self.tuesday, 15))
        self.assertEqual(self.colleague_booking.state, "cancelled")
        self.assertEqual(self.invoiced.state, "done")
        self.assertEqual(self.private_event.name, "Entretien annuel (rpc test)")
        self.assertFalse(self.private_event.sudo().periscope_booking_id)

    # ------------------------------------------------------------ billing
    def test_the_manager_does_not_reopen_an_invoiced_month(self):
        """Finding: a billing run is invoiced by its button; its state is
        nobody's to write (a run put back to draft changed month, and its
        invoices billed another one)."""
        before = self._snapshot()
        self.login(self.manager)
        self.assertAllRefused(
            [
                (RUN, "write", self.invoiced_run.ids, {"state": "draft"}),
                (RUN, "write", self.draft_run.ids, {"state": "done"}),
                (RUN, "create", {"period_start": "2020-03-01", "state": "done"}),
                (RUN, "create", {"period_start": "2020-03-01"}, {"kw": {"context": {"default_state": "done"}}}),
                (MOVE_LINE, "write", self.booking_line.ids, {"periscope_booking_id": False}),
                (MOVE, "write", self.invoice.ids, {"periscope_billing_run_id": False}),
                *self._server_field_writes(self.invoiced),
            ],
            "AccessError",
        )
        self.assertAllRefused(
            [
                (RUN, "write", self.invoiced_run.ids, {"period_start": "2020-04-01"}),
                (RUN, "write", self.invoiced_run.ids, {"company_id": self.env.company.id}),
                (RUN, "action_create_invoices", self.invoiced_run.ids),
                (RUN, "action_prepare", self.invoiced_run.ids),
                (RUN, "unlink", self.invoiced_run.ids),
            ],
            "UserError",
        )
        self.assertUnchanged(before)
        # a month not invoiced yet, the manager prepares
        self.assertAllowed(self.call(RUN, "action_prepare", self.draft_run.ids))
        self.assertAllowed(self.call(RUN, "write", self.draft_run.ids, {"period_start": "2020-05-12"}))
        self.assertEqual(str(self.draft_run.period_start), "2020-05-01")

    def test_the_accountant_does_not_unbill_a_booking(self):
        """Finding: what a billing run invoiced is the run's: the accountant,
        who edits the invoices, neither unlinks a booking or a rent from its
        line (it would be billed twice) nor links one (it would be frozen,
        unbilled); the bookings are the reception's."""
        before = self._snapshot()
        self.login(self.accountant)
        rows = self.assertAllowed(self.call(BOOKING, "read", self.invoiced.ids, ["is_invoiced", "price_unit"]))
        self.assertTrue(rows[0]["is_invoiced"])
        new_line = {"name": "Pirate", "quantity": 1, "price_unit": 1.0, "periscope_booking_id": self.mine.id}
        self.assertAllRefused(
            [
                (MOVE_LINE, "write", self.booking_line.ids, {"periscope_booking_id": False}),
                (MOVE_LINE, "write", self.booking_line.ids, {"periscope_booking_id": self.mine.id}),
                (MOVE_LINE, "write", self.rent_line.ids, {"periscope_occupancy_id": False}),
                (MOVE_LINE, "write", self.rent_line.ids, {"periscope_rent_month": "2020-01-01"}),
                (MOVE_LINE, "write", self.rent_line.ids, {"periscope_rent_part": "charges"}),
                (MOVE, "write", self.invoice.ids, {"invoice_line_ids": [Command.create(new_line)]}),
                (
                    MOVE,
                    "write",
                    self.invoice.ids,
                    {"invoice_line_ids": [Command.update(self.booking_line.id, {"periscope_booking_id": False})]},
                ),
                (
                    MOVE,
                    "create",
                    {
                        "move_type": "out_invoice",
                        "partner_id": self.org.id,
                        "invoice_line_ids": [Command.create(new_line)],
                    },
                ),
                (MOVE, "write", self.invoice.ids, {"periscope_billing_run_id": False}),
                (MOVE, "write", self.invoice.ids, {"periscope_billing_run_id": self.draft_run.id}),
                (RUN, "write", self.invoiced_run.ids, {"state": "draft"}),
                (RUN, "unlink", self.draft_run.ids),
                *[call for booking in (self.mine, self.invoiced) for call in self._booking_calls(booking)[:-1]],
            ],
            "AccessError",
        )
        self.assertRefused(self.call(RUN, "write", self.invoiced_run.ids, {"period_start": "2020-04-01"}), "UserError")
        self.assertUnchanged(before)
        # the accountant's work: the invoice's wording and its lines' prices
        self.assertAllowed(self.call(MOVE_LINE, "write", self.booking_line.ids, {"name": "Salle, 1 h"}))
        self.env.invalidate_all()
        self.assertEqual(self.booking_line.periscope_booking_id, self.invoiced)
        self.assertTrue(self.invoiced.is_invoiced)

    # ------------------------------------------------------------ bad input
    def _unbounded_booking_calls(self):
        """Numbers that are not finite numbers within their bounds, and dates
        that are not dates or fall beyond 2099 (a start in the year 9999
        crashed on its buffer and its time zone), on a booking and a
        recurring booking, written or created."""
        values = self._new_booking_values()
        calls = []
        for value in BAD_NUMBERS:
            for fname in ("price_unit", "seats"):
                calls += [
                    (BOOKING, "write", self.mine.ids, {fname: value}),
                    (BOOKING, "create", dict(values, **{fname: value})),
                ]
        for value in (0, -1, 10**9, "1e9", 1.5):
            calls.append((BOOKING, "write", self.mine_draft.ids, {"seats": value}))
        for value in BAD_MOMENTS:
            for fname in ("start", "stop"):
                calls += [
                    (BOOKING, "write", self.mine.ids, {fname: value}),
                    (BOOKING, "write", self.mine_cancelled.ids, {fname: value}),
                    (BOOKING, "create", dict(values, **{fname: value})),
                    (RECURRENCE, "create", dict(values, **{fname: value})),
                ]
        for fname, value in (
            ("interval", 10**9),
            ("interval", 0),
            ("count", 10**6),
            ("seats", float("nan")),
            ("until", "9999-12-31"),
        ):
            calls.append((RECURRENCE, "create", dict(values, **{fname: value})))
        return calls

    def _year_long_booking_calls(self):
        """A booking of more than a year, whatever its state, and an event
        moved to the year 9999."""
        far = str(paris(self.tuesday + timedelta(days=400), 12))
        in_9999 = {"start": "9999-12-31 22:00:00", "stop": "9999-12-31 23:00:00"}
        return [
            (BOOKING, "write", self.mine_cancelled.ids, {"stop": far}),
            (BOOKING, "create", dict(self._new_booking_values(), stop=far, state="cancelled")),
            (EVENT, "write", self.mine.calendar_event_id.ids, in_9999),
        ]

    def test_numbers_and_dates_are_bounded_on_every_path(self):
        """Finding: a number that is not a finite number within its bounds, a
        date that is not a date or falls beyond 2099, a booking lasting
        more than a year, are refused with a translated message whatever
        sends them; and nothing is written."""
        before = self._snapshot()
        self.login(self.reception)
        self.assertAllRefused(self._unbounded_booking_calls() + self._year_long_booking_calls(), "ValidationError")
        self.assertUnchanged(before)

    def test_the_administrators_numbers_and_dates_are_bounded(self):
        """Finding: the spaces' figures, the leases' rents and dates, the
        billing runs' months and summaries take no unbounded number nor a
        date that is not one."""
        before = self._snapshot()
        self.login(self.manager)
        calls = []
        for fname in (
            "seats",
            "capacity",
            "buffer_minutes",
            "max_duration_hours",
            "booking_horizon_days",
            "late_cancellation_share",
        ):
            for value in (float("nan"), 10**30, -1, "many"):
                calls.append((SPACE, "write", self.pool.ids, {fname: value}))
        for value in BAD_NUMBERS:
            calls += [
                (OCCUPANCY, "write", self.occupancy.ids, {"monthly_rent": value}),
                (OCCUPANCY, "write", self.occupancy.ids, {"monthly_charges": value}),
            ]
            if value != -1.0:  # a summary may add up to less than nothing
                calls.append((RUN_LINE, "write", self.invoiced_run.line_ids.ids, {"amount_untaxed": value}))
        for value in BAD_MOMENTS:
            calls += [
                (OCCUPANCY, "write", self.occupancy.ids, {"date_end": value}),
                (OCCUPANCY, "write", self.occupancy.ids, {"date_start": value}),
                (RUN, "write", self.draft_run.ids, {"period_start": value}),
                (RUN, "create", {"period_start": value}),
            ]
        self.assertAllRefused(calls, "ValidationError")
        self.assertUnchanged(before)

    def test_an_import_takes_no_unbounded_number(self):
        before = self._snapshot()
        self.login(self.manager)
        result = self.assertAllowed(self.call(BOOKING, "load", [".id", "price_unit"], [[str(self.mine.id), "-5"]]))
        self.assertFalse(result["ids"])
        self.assertTrue(result["messages"])
        self.assertUnchanged(before)

    def test_a_number_in_bounds_is_taken_with_a_decimal_comma_too(self):
        self.login(self.reception)
        self.assertAllowed(self.call(BOOKING, "write", self.mine.ids, {"price_unit": "12,5"}))
        self.env.invalidate_all()
        self.assertEqual(self.mine.price_unit, 12.5)

    def test_the_database_refuses_a_negative_price(self):
        """Finding: the unit price of a booking is never negative, whatever
        writes it (the database says so too)."""
        self.env.flush_all()
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            self.env.cr.execute(SQL("UPDATE periscope_booking SET price_unit = -1 WHERE id = %s", self.mine.id))
        constraint = self.env["ir.model.constraint"].search(
            [("name", "=", "periscope_booking_price_unit_not_negative")]
        )
        self.assertEqual(
            constraint.with_context(lang="en_US").message, "The unit price of a booking cannot be negative."
        )


@tagged("post_install", "-at_install")
class TestPortalRoutesRpc(CoworkingRpcCase):
    """The portal's booking routes, posted what a member's browser never
    sends: a clear message (never a server error), and nothing booked."""

    def _csrf_token(self):
        response = self.url_open("/my/bookings")
        self.assertEqual(response.status_code, 200)
        return re.search(r'name="csrf_token" value="([^"]+)"', response.text).group(1)

    def _post(self, url, data):
        return self.url_open(url, data={**data, "csrf_token": self._csrf_token()})

    def _book(self, **data):
        values = {"space_id": self.room.id, "start": str(paris(self.tuesday, 11)), "duration": 60}
        return self._post("/my/bookings/book", {**values, **data})

    def setUp(self):
        super().setUp()
        # no horizon: the day asked is the only bound
        self.room.booking_horizon_days = 0
        self.pool.booking_horizon_days = 0

    def _crafted_bookings(self):
        """What a member's browser never posts, by the message that answers
        it: (what, the values posted)."""
        pool = self.pool.id
        return {
            "Pick one of the free": [
                ("the year 9999", {"start": "9999-12-31 23:00:00"}),
                ("the year 9999, in the pool", {"start": "9999-12-31 23:30:00", "space_id": pool}),
                ("before 2000", {"start": "1999-12-31 23:00:00"}),
                ("not a time", {"start": "demain"}),
                ("a duration not offered", {"duration": "100000000"}),
            ],
            "That time is over": [("the past", {"start": str(paris(self.past, 11))})],
            "number of seats": [
                ("no seat", {"seats": "0"}),
                ("fewer than none", {"seats": "-1"}),
                ("not a number of seats", {"seats": "1e9"}),
                ("letters", {"seats": "beaucoup"}),
            ],
            "takes 4 booking(s) at a time": [("more desks than the pool", {"seats": "1000000000", "space_id": pool})],
            "cannot be booked on the portal": [
                ("a space that is not a number", {"space_id": "salle"}),
                ("a staff room", {"space_id": self.staff_room.id}),
                ("an office", {"space_id": self.office.id}),
                ("a space that does not exist", {"space_id": "99999999999999999999"}),
            ],
            "is no longer free": [("taken by another organisation", {"start": str(paris(self.monday, 11))})],
        }

    def test_crafted_bookings_are_refused_with_a_message(self):
        before = self._snapshot()
        self.login(self.member)
        for message, cases in self._crafted_bookings().items():
            for label, data in cases:
                with self.subTest(label):
                    response = self._book(**data)
                    self.assertEqual(response.status_code, 200)
                    self.assertNotIn("success=booked", response.url)
                    self.assertIn(message, response.text)
                    self.assertNotIn("Caracole", response.text)
        self.assertUnchanged(before)

    def test_a_crafted_day_opens_the_booking_page_with_a_message(self):
        before = self._snapshot()
        self.login(self.member)
        room = f"/my/bookings/new?space_id={self.room.id}"
        for url in (
            f"{room}&day=9999-12-31",
            f"{room}&day=0001-01-01",
            f"{room}&day=31/12/2026",
            f"/my/bookings/new?space_id=salle&day={self.tuesday}&duration=x&seats=y",
        ):
            with self.subTest(url=url):
                self.assertEqual(self.url_open(url).status_code, 200)
        self.assertIn("Pick a day in the calendar", self.url_open(f"{room}&day=9999-12-31").text)
        self.assertUnchanged(before)

    def test_a_member_cancels_no_booking_but_their_organisations(self):
        before = self._snapshot()
        self.login(self.member)
        for booking_id in (self.theirs.id, "99999999999999999999", "salle"):
            with self.subTest(cancel=booking_id):
                response = self._post(f"/my/bookings/{booking_id}/cancel", {})
                self.assertEqual(response.status_code, 404)
        self.assertUnchanged(before)

    def test_a_member_books_for_their_own_organisation_as_themselves(self):
        """Another organisation's customer or contact posted: the member books
        for their own organisation, as themselves."""
        self.login(self.member)
        response = self._book(partner_id=self.other_org.id, contact_id=self.outsider_person.id, seats="1")
        self.assertIn("success=booked", response.url)
        booking = self.env[BOOKING].search([("space_id", "=", self.room.id), ("start", "=", paris(self.tuesday, 11))])
        self.assertEqual((booking.partner_id, booking.contact_id), (self.org, self.person))
