# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from freezegun import freeze_time

from odoo.tests import new_test_user, tagged

from .common import PeriscopeCoworkingCase


@tagged("post_install", "-at_install")
@freeze_time("2026-03-02 07:00:00")
class TestIncludedHours(PeriscopeCoworkingCase):
    """Permanent residents have 8 meeting-room hours a month included."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.room.product_id = cls.env.ref("periscope_coworking.product_meeting_room_hour")

    def test_included_hours_are_consumed_first(self):
        self.assertEqual(self.org.periscope_included_hours_left, 8)
        first = self._book("2026-03-03 08:00:00", "2026-03-03 11:00:00")
        self.assertEqual((first.included_hours, first.quantity), (3, 0))
        second = self._book("2026-03-04 08:00:00", "2026-03-04 14:00:00")
        # 5 hours left of the 8: one of the 6 is billed
        self.assertEqual((second.included_hours, second.quantity), (5, 1))
        self.assertEqual(second.price_unit, 12.5)  # the member rate
        self.org.invalidate_recordset(["periscope_included_hours_left"])
        self.assertEqual(self.org.periscope_included_hours_left, 0)
        third = self._book("2026-03-05 08:00:00", "2026-03-05 09:00:00")
        self.assertEqual((third.included_hours, third.quantity), (0, 1))

    def test_each_month_starts_afresh_and_cancelling_gives_hours_back(self):
        march = self._book("2026-03-03 08:00:00", "2026-03-03 16:00:00")
        self.assertEqual(march.included_hours, 8)
        april = self._book("2026-04-01 07:00:00", "2026-04-01 09:00:00")
        self.assertEqual(april.included_hours, 2)
        march.action_cancel()
        again = self._book("2026-03-05 08:00:00", "2026-03-05 10:00:00")
        self.assertEqual(again.included_hours, 2)

    def test_no_included_hours_for_others_or_other_spaces(self):
        outsider = self.env["res.partner"].create({"name": "Extérieur", "is_company": True})
        booking = self._book("2026-03-03 08:00:00", "2026-03-03 10:00:00", partner=outsider)
        self.assertEqual((booking.included_hours, booking.quantity), (0, 2))
        desks = self._book("2026-03-03 08:00:00", "2026-03-03 10:00:00", self.pool)
        self.assertEqual(desks.included_hours, 0)
        self.assertEqual(outsider.periscope_included_hours_left, 0)

    def test_a_member_sees_what_remains(self):
        self._book("2026-03-03 08:00:00", "2026-03-03 11:00:00")
        portal = new_test_user(self.env, login="portal_hours", groups="base.group_portal", partner_id=self.person.id)
        organisation = self.org.with_user(portal)
        self.assertEqual(organisation.periscope_included_hours_left, 5)
        self.assertEqual(self.person.with_user(portal).periscope_included_hours_left, 5)
