# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from odoo.addons.periscope_members.tests.concurrency import TwoConnectionsCase

from .common import PeriscopeCoworkingCase


@tagged("post_install", "-at_install")
@freeze_time("2026-03-02 07:00:00")  # Monday 2 March 2026, 8:00 in Paris
class TestEquipment(PeriscopeCoworkingCase):
    """Two identical projectors of the resource centre, lent like the desks
    of a pool, checked out and returned at the desk."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.projectors = cls._make_space("Vidéoprojecteurs (test)", "equipment", 1, seats=2, portal_bookable=True)
        cls.portal_user = cls._make_user("equipment_member", "base.group_portal", partner_id=cls.person.id)

    def test_equipment_lends_as_many_items_as_its_stock(self):
        self._book("2026-03-02 08:00:00", "2026-03-02 12:00:00", space=self.projectors)
        self._book("2026-03-02 10:00:00", "2026-03-02 16:00:00", space=self.projectors)
        with self.assertRaises(ValidationError):
            self._book("2026-03-02 11:00:00", "2026-03-02 13:00:00", space=self.projectors)
        # two items at once, when two are free
        self._book("2026-03-03 08:00:00", "2026-03-03 12:00:00", space=self.projectors, seats=2)
        with self.assertRaises(ValidationError):
            self._book("2026-03-04 08:00:00", "2026-03-04 12:00:00", space=self.projectors, seats=3)

    def test_only_a_desk_pool_or_equipment_takes_several_bookings(self):
        with self.assertRaisesRegex(ValidationError, "Only a desk pool or equipment"):
            self._make_space("Salle (test)", "meeting_room", 10, seats=2)
        # equipment counts items, not people
        van = self._make_space("Camionnettes (test)", "equipment", 1, seats=4)
        self.assertEqual(van.seats, 4)

    def test_the_desk_checks_equipment_out_and_in(self):
        booking = self._book("2026-03-02 08:00:00", "2026-03-02 12:00:00", space=self.projectors)
        booking.with_user(self.reception).action_check_out()
        self.assertTrue(booking.checked_out_at)
        with self.assertRaises(UserError):
            booking.with_user(self.reception).action_check_out()
        booking.with_user(self.reception).action_return()
        self.assertTrue(booking.returned_at)
        self.assertEqual(booking.state, "done")
        with self.assertRaises(UserError):
            booking.with_user(self.reception).action_return()

    def test_only_confirmed_equipment_of_the_day_is_checked_out(self):
        room = self._book("2026-03-02 08:00:00", "2026-03-02 09:00:00")
        later = self._book("2026-03-03 08:00:00", "2026-03-03 12:00:00", space=self.projectors)
        draft = self._book("2026-03-02 13:00:00", "2026-03-02 14:00:00", space=self.projectors, confirm=False)
        for booking in (room, later, draft):
            with self.subTest(booking=booking.display_name), self.assertRaises(UserError):
                booking.with_user(self.reception).action_check_out()
        with self.assertRaises(UserError):
            later.with_user(self.reception).action_return()
        self.assertFalse(any((room | later | draft).mapped("checked_out_at")))

    def test_nobody_types_when_equipment_went_out_or_came_back(self):
        booking = self._book("2026-03-02 08:00:00", "2026-03-02 12:00:00", space=self.projectors)
        for vals in ({"checked_out_at": "2026-03-01 08:00:00"}, {"returned_at": "2026-03-02 09:00:00"}):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                booking.with_user(self.reception).write(vals)
        with self.assertRaises(AccessError):
            booking.with_user(self.portal_user).action_check_out()
        self.assertFalse(booking.checked_out_at)

    def test_late_returns_are_reminded_once_a_day(self):
        booking = self._book("2026-03-02 08:00:00", "2026-03-02 12:00:00", space=self.projectors)
        booking.with_user(self.reception).action_check_out()
        Booking = self.env["periscope.booking"]
        self.assertFalse(booking.is_late)
        with freeze_time("2026-03-02 13:00:00"):
            booking.invalidate_recordset(["is_late"])
            self.assertTrue(booking.is_late)
            self.assertIn(booking, Booking.search([("is_late", "=", True)]))
            before = len(booking.message_ids)
            self.assertEqual(Booking._cron_remind_late_returns(), 1)
            self.assertEqual(len(booking.message_ids), before + 1)
            self.assertEqual(booking.late_reminded_on, date(2026, 3, 2))
            # once a day
            self.assertEqual(Booking._cron_remind_late_returns(), 0)
        with freeze_time("2026-03-03 07:00:00"):
            self.assertEqual(Booking._cron_remind_late_returns(), 1)
            booking.with_user(self.reception).action_return()
            booking.invalidate_recordset(["is_late"])
            self.assertFalse(booking.is_late)
            self.assertNotIn(booking, Booking.search([("is_late", "=", True)]))
        with freeze_time("2026-03-04 07:00:00"):
            self.assertEqual(Booking._cron_remind_late_returns(), 0)


@tagged("post_install", "-at_install")
class TestConcurrentEquipmentLoans(TwoConnectionsCase):
    """Two members book the last projector at the same instant, in two real
    transactions: the stock is never lent twice."""

    def setUp(self):
        super().setUp()
        today = date.today()
        day = today + timedelta(days=7 - today.weekday() + 7)  # a Monday ahead
        with self.registry.cursor() as cr:
            env = self._env(cr)
            hours = env.ref("periscope_coworking.resource_calendar_hub")
            self.space = (
                env["periscope.space"]
                .create(
                    {"name": "Race projectors", "space_type": "equipment", "seats": 2, "resource_calendar_id": hours.id}
                )
                .id
            )
            self.partner = env["res.partner"].create({"name": "Race borrower", "is_company": True}).id
            self.bookings = (
                env["periscope.booking"]
                .create(
                    [
                        {
                            "space_id": self.space,
                            "partner_id": self.partner,
                            "seats": 1,
                            "start": f"{day} {start}",
                            "stop": f"{day} {stop}",
                        }
                        for start, stop in (
                            ("08:00:00", "12:00:00"),
                            ("09:00:00", "11:00:00"),
                            ("10:00:00", "12:00:00"),
                        )
                    ]
                )
                .ids
            )
            # one projector is lent already: one is left
            env["periscope.booking"].browse(self.bookings[0]).action_confirm()

    def tearDown(self):
        with self.registry.cursor() as cr:
            env = self._env(cr)
            bookings = env["periscope.booking"].browse(self.bookings)
            bookings.seat_ids.unlink()
            bookings.write({"state": "cancelled"})
            bookings.unlink()
            env["periscope.space"].browse(self.space).unlink()
            env["res.partner"].browse(self.partner).unlink()
        super().tearDown()

    def _snapshot_read(self, env):
        env["periscope.booking.seat"].search_count([("space_id", "=", self.space)])

    def test_the_last_item_is_lent_once(self):
        def confirm(booking_id):
            return lambda env: env["periscope.booking"].browse(booking_id).action_confirm()

        outcomes = self._race({i: confirm(i) for i in self.bookings[1:]})
        self.assertEqual(sorted(o.split(":")[0] for o in outcomes.values()), ["committed", "refused"], outcomes)
        with self.registry.cursor() as cr:
            env = self._env(cr)
            self.assertEqual(env["periscope.booking.seat"].search_count([("space_id", "=", self.space)]), 2)
