# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestMembersTours(HttpCase):
    """In a real browser: a member organisation declares its key figures of
    the year on the portal."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.org = Partner.create(
            {
                "name": "Tour Coop (test)",
                "is_company": True,
                "periscope_member_type_id": cls.env.ref(
                    "periscope_members.member_type_permanent_resident"
                ).id,
            }
        )
        cls.person = Partner.create(
            {
                "name": "Marc Tour (test)",
                "parent_id": cls.org.id,
                "email": "marc.tour@example.org",
            }
        )
        cls.member = new_test_user(
            cls.env,
            login="members_tour_member",
            groups="base.group_portal",
            partner_id=cls.person.id,
        )

    def test_member_declares_the_key_figures_on_the_portal(self):
        self.start_tour("/my", "periscope_members_key_figures", login=self.member.login)
        declaration = self.env["periscope.key.figure"].search(
            [("partner_id", "=", self.org.id)]
        )
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
