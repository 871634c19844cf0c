# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import PeriscopeFactoryMixin


@tagged("post_install", "-at_install")
class TestMembersTours(PeriscopeFactoryMixin, HttpCase):
    """In a real browser: a member organisation declares its key figures of
    the year on the portal."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.org = cls._make_organisation("Tour Coop (test)", cls.PERMANENT_RESIDENT)
        cls.person, cls.member = cls._make_portal_person(
            cls.org, "Marc Tour (test)", "members_tour_member", email="marc.tour@example.org"
        )

    def test_member_declares_the_key_figures_on_the_portal(self):
        self.start_tour("/my", "periscope_members_key_figures", login=self.member.login)
        declaration = self.env["periscope.key.figure"].search([("partner_id", "=", self.org.id)])
        self.assertEqual(len(declaration), 1)
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
