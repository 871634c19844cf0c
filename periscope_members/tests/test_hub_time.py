# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime

from odoo.tests import BaseCase, tagged

from odoo.addons.periscope_members.tools.hub_time import (
    HUB_TZ,
    day_start_utc,
    hub_tz,
    local_label,
    local_month_bounds,
    month_bounds,
    to_local,
    to_utc,
)


@tagged("post_install", "-at_install")
class TestHubTime(BaseCase):
    """The hub's local time, the one home of the four addons' conversions."""

    def test_without_a_time_zone_the_hub_lives_in_paris(self):
        self.assertEqual(HUB_TZ, "Europe/Paris")
        self.assertEqual(hub_tz(False).zone, "Europe/Paris")
        self.assertEqual(hub_tz("America/Cayenne").zone, "America/Cayenne")

    def test_local_time_follows_daylight_saving(self):
        winter = datetime(2026, 1, 15, 8, 0)
        summer = datetime(2026, 7, 15, 8, 0)
        self.assertEqual(to_local(winter).hour, 9)
        self.assertEqual(to_local(summer).hour, 10)
        self.assertEqual(to_utc(datetime(2026, 7, 15, 10, 0)), summer)
        self.assertEqual(to_utc(datetime(2026, 1, 15, 9, 0)), winter)
        self.assertEqual(to_local(summer, "America/Cayenne").hour, 5)

    def test_a_local_day_begins_at_its_local_midnight(self):
        self.assertEqual(day_start_utc(date(2026, 3, 29)), datetime(2026, 3, 28, 23))
        self.assertEqual(day_start_utc(date(2026, 3, 30)), datetime(2026, 3, 29, 22))

    def test_a_month_is_the_local_month_in_utc(self):
        # October holds the change to winter time: begins at 22:00, ends at 23:00
        self.assertEqual(
            local_month_bounds(date(2026, 10, 15)), (datetime(2026, 9, 30, 22), datetime(2026, 10, 31, 23))
        )
        # 31 March 22:30 UTC is already 1 April in Paris
        self.assertEqual(
            month_bounds(datetime(2026, 3, 31, 22, 30)), (datetime(2026, 3, 31, 22), datetime(2026, 4, 30, 22))
        )
        self.assertEqual(
            month_bounds(datetime(2026, 12, 31, 22, 59)), (datetime(2026, 11, 30, 23), datetime(2026, 12, 31, 23))
        )

    def test_labels_are_the_local_day_and_time(self):
        self.assertEqual(local_label(datetime(2026, 7, 15, 8, 5)), "15/07/2026 10:05")
        self.assertEqual(local_label(datetime(2026, 12, 31, 23, 30)), "01/01/2027 00:30")
