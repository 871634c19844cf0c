# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.periscope_members.tests.common import PeriscopeCase

HUB_HOURS = "periscope_coworking.resource_calendar_hub"


class CoworkingFactoryMixin:
    """The spaces of the coworking's and the training's tests, made one way
    (for TransactionCase and HttpCase tests alike)."""

    @classmethod
    def _make_space(cls, name, space_type, capacity, **values):
        """A space of ``space_type`` for ``capacity`` people, open the hub's
        opening hours (Monday to Friday, 8:00-20:00 Paris time) unless
        ``resource_calendar_id`` is given."""
        values.setdefault("resource_calendar_id", cls.env.ref(HUB_HOURS).id)
        return cls.env["periscope.space"].create(
            {"name": name, "space_type": space_type, "capacity": capacity, **values}
        )

    @classmethod
    def _setup_coworking_staff(cls):
        """The reception and the coworking's administrator (with
        ``PeriscopeFactoryMixin``)."""
        cls.reception = cls._make_user("reception", "periscope_coworking.group_periscope_coworking_user")
        cls.manager = cls._make_user("coworking_manager", "periscope_coworking.group_periscope_coworking_manager")

    def _bulk_booking_params(self, first, count):
        """The parameters of the SQL that inserts ``count`` bookings of the
        room by the organisation's person, a day apart from ``first`` on:
        through the ORM they would take minutes."""
        return {
            "name": self.room.name,
            "space": self.room.id,
            "partner": self.org.id,
            "contact": self.person.id,
            "first": first,
            "company": self.room.company_id.id,
            "count": count,
            "uid": self.env.uid,
        }


class PortalQueriesMixin:
    """The queries of a portal page, for the HttpCase tests that also mix
    ``QueryCountMixin`` in."""

    def _queries(self, url):
        """The queries of the page ``url`` (opened once before, the caches
        warm) and its text."""
        queries, response = self.queries_of(lambda: self.url_open(url), invalidate=False)
        self.assertEqual(response.status_code, 200)
        return queries, response.text

    def assertPagesQueriesDoNotGrow(self, url, row, few_rows, grow, next_page, last_page):
        """``url`` lists ``few_rows`` rows (the elements of the class
        ``row``); once ``grow()`` has added many, it lists a first page of
        20 linking to ``next_page``, and ``last_page`` 20 more: for as many
        queries each time."""
        few, text = self._queries(url)
        self.assertEqual(text.count(row), few_rows)
        grow()
        many, text = self._queries(url)
        self.assertEqual(text.count(row), 20)
        self.assertIn(next_page, text)
        self.assertEqual(few, many)
        last, text = self._queries(last_page)
        self.assertEqual(text.count(row), 20)
        self.assertEqual(last, many)


class PeriscopeCoworkingCase(CoworkingFactoryMixin, PeriscopeCase):
    """Spaces with the hub's opening hours (Monday to Friday, 8:00-20:00 Paris
    time), users and customers, built once."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_coworking_staff()
        cls._setup_coworking_spaces()
        cls._setup_coworking_customers()

    @classmethod
    def _setup_coworking_spaces(cls):
        cls.hours = cls.env.ref(HUB_HOURS)
        cls.room = cls._make_space("Salle du Canal (test)", "meeting_room", 12, buffer_minutes=15, portal_bookable=True)
        cls.pool = cls._make_space("Open space (test)", "desk_pool", 12, seats=12, portal_bookable=True)

    @classmethod
    def _setup_coworking_customers(cls):
        member_type = cls.env.ref(cls.PERMANENT_RESIDENT)
        cls.org = cls._make_organisation("BGE Sud-Ouest (test)", member_type)
        cls.person = cls.env["res.partner"].create({"name": "Julie Castex", "parent_id": cls.org.id})
        cls.other_org = cls._make_organisation("Formethic (test)", member_type)

    def _book(self, start, stop, space=None, partner=None, seats=1, user=None, confirm=True):
        Booking = self.env["periscope.booking"].with_user(user or self.reception)
        booking = Booking.create(
            {
                "space_id": (space or self.room).id,
                "partner_id": (partner or self.org).id,
                "contact_id": self.person.id if not partner else False,
                "start": start,
                "stop": stop,
                "seats": seats,
            }
        )
        if confirm:
            booking.action_confirm()
        return booking
