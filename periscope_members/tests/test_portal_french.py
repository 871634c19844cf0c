# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from .french import FrenchPortalCase, text_of


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

    def test_the_staff_loan_pages_show_no_english_sentence_of_ours(self):
        member_org = self.french_member.partner_id.commercial_partner_id
        lender = self._other_member()
        person = self.env["res.partner"].create(
            {"name": "Paul (français)", "parent_id": lender.id, "periscope_monthly_hours": 151.67}
        )
        loan = self.env["periscope.staff.loan"].create(
            {
                "name": "Secrétariat (essai)",
                "lender_id": lender.id,
                "borrower_id": member_org.id,
                "employee_id": person.id,
                "date_start": "2026-01-01",
                "date_end": "2026-12-31",
                "hours_per_month": 20.0,
                "cost_price": 30.0,
                "hourly_rate": 30.0,
            }
        )
        loan.action_activate()
        loan.month_ids[0].action_declare(12)
        self.assert_french_pages(["/my/staff-loans", f"/my/staff-loans/{loan.id}"])

    def test_the_public_showcase_shows_no_english_sentence_of_ours(self):
        self._other_member().write({"directory_consent": True, "periscope_description": "Une structure de l'ESS."})
        self.opener.cookies["frontend_lang"] = "fr_FR"
        response = self.url_open("/le-periscope")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Les structures membres", response.text)
        self.assertFalse(self.english_in(text_of(response.text)))

    def _other_member(self):
        return self.env["res.partner"].create(
            {
                "name": "Areso (français)",
                "is_company": True,
                "periscope_member_type_id": self.env.ref("periscope_members.member_type_occasional_resident").id,
            }
        )
