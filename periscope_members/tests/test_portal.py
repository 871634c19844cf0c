# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import PeriscopeMembersCase


@tagged("post_install", "-at_install")
class TestPortalAccess(PeriscopeMembersCase):
    """What a member may change of their organisation, as the ORM enforces it."""

    def test_member_updates_the_safe_fields_of_their_organisation(self):
        org = self.org.with_user(self.portal_user)
        org.write(
            {
                "phone": "+33 5 61 00 00 00",
                "website": "https://coop-action.example.org",
                "periscope_description": "Coopérative d'activité et d'emploi",
                "directory_consent": True,
            }
        )
        self.assertEqual(self.org.phone, "+33 5 61 00 00 00")
        self.assertTrue(self.org.directory_consent_date)
        # their own person, too
        self.person.with_user(self.portal_user).write({"email": "marc@example.org"})
        self.assertEqual(self.person.email, "marc@example.org")

    def test_member_cannot_change_anything_else(self):
        org = self.org.with_user(self.portal_user)
        for vals in (
            {"periscope_member_type_id": self.type_partner.id},
            {"charter_signed_date": "2020-01-01"},
            {"membership_amount": 1.0},
            {"free_member": True},
            {"name": "Renamed"},
            {"is_network_head": True},
        ):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                org.write(vals)
        self.assertEqual(self.org.periscope_member_type_id, self.type_permanent)
        self.assertFalse(self.org.free_member)

    def test_member_cannot_touch_another_organisation(self):
        with self.assertRaises(AccessError):
            self.other_org.with_user(self.portal_user).write({"phone": "0"})
        with self.assertRaises(AccessError):
            self.other_person.with_user(self.portal_user).write({"phone": "0"})
        with self.assertRaises(AccessError):
            self.other_org.with_user(self.portal_user).read(["phone"])
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(self.portal_user).create({"name": "New"})
        with self.assertRaises(AccessError):
            self.person.with_user(self.portal_user).unlink()


@tagged("post_install", "-at_install")
class TestPortalPages(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        member_type = cls.env.ref("periscope_members.member_type_permanent_resident")
        cls.org = Partner.create(
            {
                "name": "Roule Ma Frite (portal test)",
                "is_company": True,
                "periscope_member_type_id": member_type.id,
                "periscope_axis_ids": [(4, cls.env.ref("periscope_members.axis_concierge").id)],
            }
        )
        cls.person = Partner.create({"name": "Hugo Pujol", "parent_id": cls.org.id})
        cls.invoice = Partner._periscope_renew_memberships(fields.Date.today().year, cls.org)
        cls.invoice.action_post()
        cls.member = new_test_user(
            cls.env, login="portal_rmf", password="portal_rmf_pw", groups="base.group_portal", partner_id=cls.person.id
        )
        cls.other_org = Partner.create(
            {
                "name": "Secret Coop (portal test)",
                "is_company": True,
                "periscope_member_type_id": member_type.id,
                "phone": "+33 5 99 99 99 99",
            }
        )
        cls.other_person = Partner.create({"name": "Hidden Person", "parent_id": cls.other_org.id})
        cls.consenting = Partner.create(
            {
                "name": "Caracole (portal test)",
                "is_company": True,
                "periscope_member_type_id": member_type.id,
                "directory_consent": True,
                "website": "https://caracole.example.org",
            }
        )
        cls.consenting_person = Partner.create({"name": "Inès Moreau Portal", "parent_id": cls.consenting.id})

    def setUp(self):
        super().setUp()
        self.authenticate("portal_rmf", "portal_rmf_pw")

    def _post(self, url, data):
        return self.url_open(url, data={**data, "csrf_token": self.csrf_token()})

    def csrf_token(self):
        response = self.url_open("/my/membership")
        marker = 'name="csrf_token" value="'
        start = response.text.index(marker) + len(marker)
        return response.text[start : response.text.index('"', start)]

    def test_membership_page_shows_my_organisation_only(self):
        response = self.url_open("/my/membership")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Roule Ma Frite (portal test)", response.text)
        self.assertIn("Permanent resident", response.text)
        self.assertIn(self.invoice.name, response.text)
        # the breadcrumb names the page, not the invoice
        head = response.text.split("o_periscope_membership")[0]
        self.assertNotIn(self.invoice.name, head)
        for page in ("/my", "/my/membership", "/my/directory", "/my/invoices"):
            text = self.url_open(page).text
            self.assertNotIn("Secret Coop", text, page)
            self.assertNotIn("+33 5 99 99 99 99", text, page)
            self.assertNotIn("Hidden Person", text, page)

    def test_profile_is_saved_with_a_csrf_token_only(self):
        response = self._post(
            "/my/membership/profile", {"phone": "+33 5 61 73 00 00", "website": "https://rmf.example.org"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("success=profile", response.url)
        self.assertEqual(self.org.phone, "+33 5 61 73 00 00")
        response = self.url_open("/my/membership/profile", data={"phone": "0"})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self.org.phone, "+33 5 61 73 00 00")

    def test_a_forged_field_is_ignored(self):
        self._post("/my/membership/profile", {"phone": "1", "periscope_member_type_id": "999", "name": "Pirate"})
        self.assertEqual(self.org.name, "Roule Ma Frite (portal test)")

    def test_key_figures_of_the_year(self):
        year = fields.Date.today().year
        response = self._post(
            "/my/membership/key-figures", {"fte": "5", "volunteers": "15", "users": "200", "visitors": "100"}
        )
        self.assertIn("success=key_figures", response.url)
        declaration = self.env["periscope.key.figure"].search([("partner_id", "=", self.org.id), ("year", "=", year)])
        self.assertEqual((declaration.fte, declaration.volunteers), (5, 15))
        self.assertEqual(declaration.declared_by_id, self.member)
        self._post("/my/membership/key-figures", {"fte": "5.5", "volunteers": "16"})
        self.assertEqual((declaration.fte, declaration.volunteers), (5.5, 16))
        for bad in ({"volunteers": "-3"}, {"volunteers": "2.5"}, {"users": "many"}):
            with self.subTest(bad=bad):
                response = self._post("/my/membership/key-figures", bad)
                self.assertIn("error=key_figures", response.url)
                self.assertEqual(declaration.volunteers, 16)
        self.assertEqual(self.env["periscope.key.figure"].search_count([("partner_id", "=", self.org.id)]), 1)

    def test_key_figures_out_of_bounds_are_refused_with_a_message(self):
        """Finding 4: what no number of the form can be is refused with a
        message naming the figure, not an error page; nothing is written."""
        self._post("/my/membership/key-figures", {"fte": "4,5", "volunteers": "12"})
        declaration = self.env["periscope.key.figure"].search([("partner_id", "=", self.org.id)])
        self.assertEqual((declaration.fte, declaration.volunteers), (4.5, 12))
        for bad in (
            {"fte": "nan"},
            {"fte": "inf"},
            {"fte": "-inf"},
            {"fte": "1e400"},
            {"fte": "1e307"},
            {"volunteers": "99999999999"},
            {"visitors": "NaN"},
            {"users": "-1"},
        ):
            with self.subTest(bad=bad):
                response = self._post("/my/membership/key-figures", {"fte": "5", "volunteers": "13", **bad})
                self.assertEqual(response.status_code, 200)
                self.assertIn("error=key_figures", response.url)
                (figure,) = bad
                self.assertIn(f"figure={figure}", response.url)
                self.assertIn("o_periscope_key_figure_error", response.text)
                self.assertIn("Nothing was changed", response.text)
                self.assertEqual((declaration.fte, declaration.volunteers), (4.5, 12))
        response = self.url_open("/my/membership?error=key_figures&figure=volunteers")
        self.assertIn("Volunteers: enter a whole number of people from 0 to 1,000,000,000.", response.text)
        # a name that is not a figure says nothing more
        response = self.url_open("/my/membership?error=key_figures&figure=name")
        self.assertNotIn("o_periscope_key_figure_error", response.text)

    def test_profile_website_is_a_web_address(self):
        """Finding 3: the profile refuses a website that is not http(s)."""
        for url in ("javascript:alert(1)", "data:text/html,x"):
            with self.subTest(url=url):
                response = self._post("/my/membership/profile", {"website": url})
                self.assertIn("error=website", response.url)
                self.assertFalse(self.org.website)
        response = self._post(
            "/my/membership/profile", {"website": "rmf.example.org", "periscope_description": "Vélos"}
        )
        self.assertIn("success=profile", response.url)
        self.assertEqual(self.org.periscope_description, "Vélos")
        self.assertEqual(self.org.website, "http://rmf.example.org")

    def test_a_person_downloads_their_own_data(self):
        response = self.url_open("/my/personal-data")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["contact"]["name"], self.person.name)
        self.assertEqual(response.json()["logins"], ["portal_rmf"])
        self.assertEqual(response.json()["organisation"], self.org.name)

    def test_directory_lists_consenting_organisations_and_no_people(self):
        text = self.url_open("/my/directory").text
        self.assertIn("Caracole (portal test)", text)
        self.assertIn("https://caracole.example.org", text)
        self.assertNotIn("Inès Moreau Portal", text)
        self.assertNotIn("Roule Ma Frite (portal test)", text)
        self.assertIn("Caracole", self.url_open("/my/directory?search=Caracole").text)
        self.assertNotIn("Caracole (portal test)", self.url_open("/my/directory?search=zzz").text)

    def test_consent_and_its_withdrawal_take_effect_at_once(self):
        self._post("/my/membership/consent", {"directory_consent": "on"})
        self.assertTrue(self.org.directory_consent)
        self.assertIn("Roule Ma Frite (portal test)", self.url_open("/my/directory").text)
        self._post("/my/membership/consent", {})
        self.assertFalse(self.org.directory_consent)
        self.assertFalse(self.org.directory_consent_date)
        self.assertNotIn("Roule Ma Frite (portal test)", self.url_open("/my/directory").text)

    def test_a_portal_user_outside_the_hub_is_sent_home(self):
        outsider = self.env["res.partner"].create({"name": "Outsider"})
        new_test_user(
            self.env, login="portal_out", password="portal_out_pw", groups="base.group_portal", partner_id=outsider.id
        )
        self.authenticate("portal_out", "portal_out_pw")
        response = self.url_open("/my/membership")
        self.assertTrue(response.url.endswith("/my"), response.url)
        response = self.url_open("/my/directory")
        self.assertTrue(response.url.endswith("/my"), response.url)
