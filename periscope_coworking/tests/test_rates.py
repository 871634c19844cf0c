# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import PeriscopeCoworkingCase


@tagged("post_install", "-at_install")
@freeze_time("2026-03-02 07:00:00")
class TestRates(PeriscopeCoworkingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.room_hour = cls.env.ref("periscope_coworking.product_meeting_room_hour")
        cls.half_day = cls.env.ref("periscope_coworking.product_training_room_half_day")
        cls.room.product_id = cls.room_hour
        cls.training_room = cls.env["periscope.space"].create(
            {
                "name": "Salle de formation (test)",
                "space_type": "training_room",
                "capacity": 20,
                "product_id": cls.half_day.id,
            }
        )
        cls.outsider = cls.env["res.partner"].create({"name": "Entreprise extérieure", "is_company": True})

    def test_a_member_pays_the_member_rate_fixed_at_confirmation(self):
        # no included hours here (see test_included_hours)
        self.org.periscope_member_type_id.included_booking_hours = 0
        booking = self._book("2026-03-03 09:00:00", "2026-03-03 11:00:00")
        self.assertEqual(booking.quantity, 2)
        # permanent residents: 50 % off the 25.00 an hour
        self.assertEqual(booking.price_unit, 12.5)
        self.assertEqual(booking.pricelist_id, self.env.ref("periscope_members.pricelist_permanent_resident"))
        # the rate changes afterwards: the confirmed booking keeps its price
        self.room_hour.lst_price = 40.0
        self.assertEqual(booking.price_unit, 12.5)

    def test_an_outside_company_pays_the_public_rate(self):
        booking = self._book("2026-03-03 09:00:00", "2026-03-03 10:30:00", partner=self.outsider)
        self.assertEqual(booking.quantity, 2)  # 1 h 30 is two started hours
        self.assertEqual(booking.price_unit, 25.0)

    def test_half_days_are_rounded_up(self):
        three_hours = self._book("2026-03-03 08:00:00", "2026-03-03 11:00:00", self.training_room)
        self.assertEqual((three_hours.quantity, three_hours.price_unit), (1, 120.0))
        five_hours = self._book("2026-03-04 08:00:00", "2026-03-04 13:00:00", self.training_room)
        self.assertEqual(five_hours.quantity, 2)

    def test_draft_bookings_have_no_price_yet(self):
        booking = self._book("2026-03-03 09:00:00", "2026-03-03 10:00:00", confirm=False)
        self.assertFalse(booking.price_unit)
        self.assertEqual(booking.billable_share, 0)

    def test_late_cancellation_is_billed_for_the_share(self):
        early = self._book("2026-03-05 09:00:00", "2026-03-05 10:00:00")
        early.action_cancel()  # more than 24 hours before
        self.assertFalse(early.late_cancellation)
        self.assertEqual(early.billable_share, 0)
        late = self._book("2026-03-03 09:00:00", "2026-03-03 10:00:00")
        late.with_user(self.reception).action_cancel()  # 26 h before… tomorrow 9:00
        self.assertFalse(late.late_cancellation)
        with freeze_time("2026-03-03 07:30:00"):
            later = self._book("2026-03-03 12:00:00", "2026-03-03 13:00:00")
            later.with_user(self.reception).action_cancel()
        self.assertTrue(later.late_cancellation)
        self.assertEqual(later.billable_share, 50)
        self.assertEqual(later.state, "cancelled")
        self.assertFalse(later.seat_ids)

    def test_no_show(self):
        booking = self._book("2026-03-03 09:00:00", "2026-03-03 10:00:00")
        with self.assertRaises(UserError):  # it has not begun
            booking.action_mark_no_show()
        with freeze_time("2026-03-03 09:30:00"):
            booking.with_user(self.reception).action_mark_no_show()
        self.assertEqual((booking.state, booking.no_show), ("done", True))
        self.assertEqual(booking.billable_share, 100)
