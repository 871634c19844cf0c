# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from odoo.addons.periscope_members.tests.french import FrenchPortalCase


@tagged("post_install", "-at_install")
class TestConciergePortalInFrench(FrenchPortalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        org = Partner.create(
            {
                "name": "Caracole (français)",
                "is_company": True,
                "periscope_member_type_id": cls.env.ref(
                    "periscope_members.member_type_permanent_resident"
                ).id,
            }
        )
        cls._french_portal_user(
            "french_member", Partner.create({"name": "Léa Roux", "parent_id": org.id})
        )

    def test_the_concierge_pages_show_no_english_sentence_of_ours(self):
        self.assert_french_pages(
            "french_member", ["/my/concierge", "/my/concierge/new"]
        )
