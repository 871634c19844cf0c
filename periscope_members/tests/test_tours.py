# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import PeriscopeFactoryMixin, TourMixin


@tagged("post_install", "-at_install")
class TestMembersTours(TourMixin, PeriscopeFactoryMixin, HttpCase):
    """In a real browser: a member organisation declares its key figures of
    the year on the portal."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.org, cls.person, cls.member = cls._make_member_with_portal_person(
            "Tour Coop (test)", "Marc Tour (test)", "members_tour_member", email="marc.tour@example.org"
        )

    def test_member_declares_the_key_figures_on_the_portal(self):
        declaration = self._run_tour(
            "/my", "periscope_members_key_figures", self.member, "periscope.key.figure", partner_id=self.org.id
        )
        self.assertEqual(declaration.year, fields.Date.context_today(self.org).year)
        self.assertRecordValues(
            declaration,
            [
                {
                    "fte": 12.5,
                    "volunteers": 30,
                    "cooperators": 41,
                    "users": 1200,
                    "entrepreneurs_supported": 17,
                    "visitors": 350,
                }
            ],
        )
