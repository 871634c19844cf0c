# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged

from odoo.addons.periscope_members.tests.common import PeriscopeFactoryMixin
from odoo.addons.periscope_members.tests.http import PortalHttpMixin

from .common import CoworkingFactoryMixin
from .plans import explain, plan_nodes, queries_sent, selects_of

BOOKING_TABLES = ("periscope_booking", "periscope_booking_seat")


def scans(plan):
    """The nodes of ``plan`` that read a table."""
    return [node for node in plan_nodes(plan) if "Relation Name" in node]


def index_conditions(plan):
    """``{index name: its condition}`` of the indexes ``plan`` searches."""
    return {node["Index Name"]: node.get("Index Cond", "") for node in plan_nodes(plan) if "Index Name" in node}


@tagged("post_install", "-at_install")
class TestIndexes(PortalHttpMixin, CoworkingFactoryMixin, PeriscopeFactoryMixin, HttpCase):
    """The searches that grow with the hub's bookings — the free times of the
    rooms, a member's bookings on the portal — are served by an index: a
    plan of each of their real queries finds its rows through an index
    condition, never by reading the whole table (bench/hub.py measures them
    with 500,000 bookings)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.room = cls._make_space("Salle du Canal (index test)", "meeting_room", 12, portal_bookable=True)
        cls.other_room = cls._make_space("Salle Garonne (index test)", "meeting_room", 12, portal_bookable=True)
        member_type = cls.env.ref(cls.PERMANENT_RESIDENT)
        cls.org = cls._make_organisation("BGE Sud-Ouest (index test)", member_type)
        cls.person = cls.env["res.partner"].create({"name": "Julie Castex (index test)", "parent_id": cls.org.id})
        cls._make_user("portal_indexes", "base.group_portal", password="portal_indexes_pw", partner_id=cls.person.id)
        today = fields.Date.today()
        cls.monday = today + timedelta(days=14 - today.weekday())
        hour = fields.Datetime.to_datetime(cls.monday) + timedelta(hours=8)
        Booking = cls.env["periscope.booking"]
        for index in range(6):
            start = hour + timedelta(days=index % 3, hours=index)
            Booking.create(
                {
                    "space_id": (cls.room if index % 2 else cls.other_room).id,
                    "partner_id": cls.org.id,
                    "start": start,
                    "stop": start + timedelta(hours=1),
                }
            ).action_confirm()

    def test_the_indexes_exist(self):
        self.env.cr.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename IN %s ORDER BY indexname", [BOOKING_TABLES]
        )
        definitions = dict(self.env.cr.fetchall())
        expected = {
            # a member's bookings, upcoming or past
            "periscope_booking_partner_id_stop_index": "(partner_id, stop)",
            # the calendar, the billing run and the reports, by time
            "periscope_booking__start_index": "(start)",
            "periscope_booking__space_id_index": "(space_id)",
            "periscope_booking__state_index": "(state)",
            # the exclusion constraint's index, which the free times use
            "periscope_booking_seat_no_overlap": "USING gist (space_id, seat, tsrange(start, stop, '[)'::text))",
            "periscope_booking_seat__booking_id_index": "(booking_id)",
        }
        for name, definition in expected.items():
            self.assertIn(name, definitions)
            self.assertIn(definition, definitions[name])

    def _plans(self, call):
        """The plans (with sequential scans made as costly as PostgreSQL
        can) of the queries ``call()`` sends that read a booking table; each
        as ``(query, plan)``."""
        sent = queries_sent(call)
        cr = self.env.cr
        plans = []
        cr.execute("SET enable_seqscan = off")
        try:
            for code, query, params in selects_of(sent, BOOKING_TABLES):
                plans.append((code, explain(cr, query, params)["Plan"]))
        finally:
            cr.execute("RESET enable_seqscan")
        return plans

    def assertServedByIndexes(self, plans):
        """Every scan of a booking table in ``plans`` goes through an index
        with a condition."""
        self.assertTrue(plans, "no query on the bookings was sent")
        for code, plan in plans:
            for node in scans(plan):
                if node["Relation Name"] not in BOOKING_TABLES:
                    continue
                self.assertNotEqual(node["Node Type"], "Seq Scan", f"the whole table is read:\n{code}")
                if node["Node Type"] in ("Index Scan", "Index Only Scan"):
                    self.assertIn("Index Cond", node, f"the whole index is read:\n{code}")

    def test_free_times_are_found_through_the_exclusion_index(self):
        start = fields.Datetime.to_datetime(self.monday)
        rooms = self.room | self.other_room
        plans = self._plans(lambda: rooms._free_slots(start, start + timedelta(days=30)))
        self.assertServedByIndexes(plans)
        seat_plans = [plan for code, plan in plans if "periscope_booking_seat" in code]
        self.assertEqual(len(seat_plans), 1)
        self.assertIn("&&", index_conditions(seat_plans[0])["periscope_booking_seat_no_overlap"])

    def test_a_booking_checks_the_held_seats_through_the_exclusion_index(self):
        start = fields.Datetime.to_datetime(self.monday) + timedelta(hours=15)
        draft = self.env["periscope.booking"].create(
            {"space_id": self.room.id, "partner_id": self.org.id, "start": start, "stop": start + timedelta(hours=1)}
        )
        plans = self._plans(lambda: draft._held_rows(start, start + timedelta(hours=1)))
        self.assertServedByIndexes(plans)
        self.assertEqual(len(plans), 1)
        self.assertIn("&&", index_conditions(plans[0][1])["periscope_booking_seat_no_overlap"])

    def test_my_bookings_are_found_through_an_index(self):
        self.authenticate("portal_indexes", "portal_indexes_pw")
        for url in ("/my/bookings", "/my/bookings?filterby=past"):
            with self.subTest(url=url):
                responses = []
                plans = self._plans(lambda url=url, responses=responses: responses.append(self.url_open(url)))
                self.assertEqual(responses[0].status_code, 200)
                self.assertServedByIndexes(plans)
