# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from .french import FrenchPortalCase


@tagged("post_install", "-at_install")
class TestMembersPortalInFrench(FrenchPortalCase):
    def test_the_members_pages_show_no_english_sentence_of_ours(self):
        self.assert_french_pages(["/my", "/my/membership", "/my/directory", "/my/assemblies"])

    def test_the_sharing_pages_show_no_english_sentence_of_ours(self):
        offer = self.env["periscope.sharing.offer"].create(
            {"name": "Outillage (essai)", "category": "equipment", "partner_id": self._other_member().id}
        )
        offer.action_publish()
        member_org = self.french_member.partner_id.commercial_partner_id
        self.env["periscope.sharing.request"].create(
            {"offer_id": offer.id, "partner_id": member_org.id, "message": "Pour notre local."}
        )
        self.assert_french_pages(["/my/sharing", f"/my/sharing/{offer.id}", "/my/sharing/requests"])

    def _other_member(self):
        return self.env["res.partner"].create(
            {
                "name": "Areso (français)",
                "is_company": True,
                "periscope_member_type_id": self.env.ref("periscope_members.member_type_occasional_resident").id,
            }
        )
