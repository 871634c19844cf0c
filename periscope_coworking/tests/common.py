# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command

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


class ChargeAllocationCase(PeriscopeCoworkingCase):
    """Three residents of offices of 20, 30 and 50 m² since January 2026,
    a vendor, the analytic account of their shared costs, a key by area;
    the demo's residents leave the building (the split is checked among
    these three only)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["periscope.occupancy"].search([]).unlink()
        cls.accountant = cls._make_user(
            "charges_accountant", "account.group_account_invoice", name="Comptable (charges, test)"
        )
        plan = cls.env.ref("periscope_members.analytic_plan_activities")
        cls.shared = cls.env["account.analytic.account"].create({"name": "Charges communes (test)", "plan_id": plan.id})
        cls.vendor = cls._make_organisation("Bailleur (test)")
        cls.third_org = cls._make_organisation("Caracole (test)", cls.PERMANENT_RESIDENT)
        cls.residents = cls.org | cls.third_org | cls.other_org
        cls.offices = cls.env["periscope.space"]
        cls.occupancies = cls.env["periscope.occupancy"]
        for index, (resident, area) in enumerate(((cls.org, 20.0), (cls.other_org, 30.0), (cls.third_org, 50.0))):
            office = cls._make_space(f"Bureau {index + 1} (charges, test)", "office", 4, area=area)
            cls.offices |= office
            cls.occupancies |= cls.env["periscope.occupancy"].create(
                {"space_id": office.id, "partner_id": resident.id, "date_start": "2026-01-01"}
            )
        cls.key_area = cls._make_key("Par surface (test)", "area")

    @classmethod
    def _make_key(cls, name, method, shares=None, **values):
        lines = [
            Command.create({"partner_id": partner.id, "share": share}) for partner, share in (shares or {}).items()
        ]
        return cls.env["periscope.charge.key"].create(
            {"name": name, "method": method, "date_from": "2026-01-01", "line_ids": lines, **values}
        )

    def _bill(self, amount, day="2026-03-10", account=None, move_type="in_invoice"):
        """A posted vendor bill of ``amount`` on the shared costs (or on
        ``account``)."""
        bill = self.env["account.move"].create(
            {
                "move_type": move_type,
                "partner_id": self.vendor.id,
                "invoice_date": day,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Charges (test)",
                            "quantity": 1,
                            "price_unit": amount,
                            "tax_ids": [Command.clear()],
                            "analytic_distribution": {str((account or self.shared).id): 100},
                        }
                    )
                ],
            }
        )
        bill.action_post()
        return bill

    def _allocation(self, key=None, month="2026-03-01", user=None):
        Allocation = self.env["periscope.charge.allocation"].with_user(user or self.manager)
        return Allocation.create(
            {"month": month, "key_id": (key or self.key_area).id, "analytic_account_id": self.shared.id}
        )

    def _split(self, allocation):
        """``{resident: (days, amount)}`` of the allocation computed."""
        return {line.partner_id: (line.days, line.amount) for line in allocation.line_ids}
