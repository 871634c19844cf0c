# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import PeriscopeMembersCase

# the root menu, the members' menu, the organisations' menu
MENUS = ("periscope_menu_root", "periscope_members_menu", "periscope_member_organisation_menu")


@tagged("post_install", "-at_install")
class TestMembersFoundation(PeriscopeMembersCase):
    """The members area: its groups, its menus and its French translation,
    for the members' staff and administrator, a plain employee and a portal
    user of no organisation."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.employee = cls._make_user("employee", "base.group_user")
        cls.portal_user = cls._make_user("portal_member", "base.group_portal")
        cls.root_menu, cls.members_menu, cls.organisations_menu = (
            cls.env.ref(f"periscope_members.{menu}") for menu in MENUS
        )

    def _visible_menus(self, user):
        menus = self.env["ir.ui.menu"].with_user(user)
        return menus.browse(menus._visible_menu_ids())

    def test_manager_implies_user(self):
        user_group = self.env.ref("periscope_members.group_periscope_members_user")
        manager_group = self.env.ref("periscope_members.group_periscope_members_manager")
        self.assertIn(user_group, manager_group.implied_ids)
        self.assertTrue(self.manager.has_group("periscope_members.group_periscope_members_user"))
        self.assertFalse(self.staff.has_group("periscope_members.group_periscope_members_manager"))
        # the administrator configures the hub out of the box
        self.assertTrue(self.env.ref("base.user_admin").has_group("periscope_members.group_periscope_members_manager"))

    def test_staff_sees_the_members_menu(self):
        visible = self._visible_menus(self.staff)
        self.assertIn(self.root_menu, visible)
        self.assertIn(self.members_menu, visible)
        self.assertIn(self.organisations_menu, visible)

    def test_others_do_not_see_the_members_menu(self):
        visible = self._visible_menus(self.employee)
        self.assertNotIn(self.root_menu, visible)
        self.assertNotIn(self.members_menu, visible)
        self.assertNotIn(self.organisations_menu, visible)
        # portal users have no backend menus at all
        with self.assertRaises(AccessError):
            self._visible_menus(self.portal_user)

    def test_organisations_action_lists_companies_only(self):
        Partner = self.env["res.partner"].with_user(self.staff)
        company = Partner.create({"name": "Caracole", "is_company": True})
        person = Partner.create({"name": "Jeanne Martin", "parent_id": company.id})
        action = self.env.ref("periscope_members.periscope_member_organisation_action")
        domain = safe_eval(action.domain)
        found = Partner.search([("id", "in", (company | person).ids)] + domain)
        self.assertEqual(found, company)
        self.assertEqual(action.res_model, "res.partner")

    def test_portal_user_cannot_write_organisations(self):
        company = self.env["res.partner"].create({"name": "ADEPES", "is_company": True})
        with self.assertRaises(AccessError):
            company.with_user(self.portal_user).write({"name": "Renamed"})

    def test_a_new_records_chatter_names_it_in_the_users_language(self):
        """Data files and crons run without a language in the context: the
        chatter's « … créé » names the model in the user's language, as the
        rest of the sentence (not « Key Figures of a Member Organisation
        créé »)."""
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(["mail", "periscope_members"], ["fr_FR"], overwrite=True)
        self.manager.lang = "fr_FR"
        org = self.env["res.partner"].create({"name": "Caracole", "is_company": True})
        Figure = self.env["periscope.key.figure"].with_user(self.manager)
        without_lang = Figure.with_context(lang=None).create({"partner_id": org.id, "year": 2025, "fte": 1.0})
        self.assertEqual(without_lang.message_ids[-1].preview, "Chiffres clés d'une structure membre créé")
        # a language in the context is kept
        in_english = Figure.with_context(lang="en_US").create({"partner_id": org.id, "year": 2024, "fte": 1.0})
        self.assertEqual(in_english.message_ids[-1].preview, "Key Figures of a Member Organisation created")

    def test_french_translation_is_loaded(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(["periscope_members"], ["fr_FR"], overwrite=True)
        self.assertEqual(self.members_menu.with_context(lang="fr_FR").name, "Membres")
        self.assertEqual(self.organisations_menu.with_context(lang="fr_FR").name, "Organisations")
        group = self.env.ref("periscope_members.group_periscope_members_manager")
        self.assertEqual(group.with_context(lang="fr_FR").name, "Administrateur")
