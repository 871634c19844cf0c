# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Cross-addon tests: the four addons installed together form one hub.

Run by scripts/test with pytest-odoo on the database where the addons were just
installed.
"""

from odoo.tests import TransactionCase, new_test_user, tagged

AREAS = ("members", "coworking", "concierge", "training")


# Outside an addon, Odoo's metaclass gives a test case no tags: name them.
@tagged("standard", "post_install")
class TestHub(TransactionCase):
    test_module = "periscope_hub"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.root = cls.env.ref("periscope_members.periscope_menu_root")
        cls.area_menus = {area: cls.env.ref(f"periscope_{area}.periscope_{area}_menu") for area in AREAS}

    def _visible(self, user):
        menus = self.env["ir.ui.menu"].with_user(user)
        return menus.browse(menus._visible_menu_ids())

    def test_one_root_menu_with_one_menu_per_addon(self):
        children = self.root.child_id.sorted("sequence")
        # the intake of project holders (periscope_training) has its own menu,
        # for the reception
        intake = self.env.ref("periscope_training.periscope_intake_menu")
        self.assertEqual(
            children.mapped("complete_name"),
            [
                "Périscope/Members",
                "Périscope/Coworking",
                "Périscope/Concierge",
                "Périscope/Intake",
                "Périscope/Training",
            ],
        )
        self.assertEqual(list(self.area_menus.values()), list(children - intake))

    def test_each_area_has_a_user_and_a_manager_group(self):
        category = self.env.ref("periscope_members.module_category_periscope")
        for area in AREAS:
            user = self.env.ref(f"periscope_{area}.group_periscope_{area}_user")
            manager = self.env.ref(f"periscope_{area}.group_periscope_{area}_manager")
            self.assertIn(user, manager.implied_ids, area)
            self.assertEqual(user.category_id, manager.category_id, area)
            self.assertEqual(user.category_id.parent_id, category, area)

    def test_a_user_sees_the_menus_of_the_areas_they_work_in(self):
        reception = new_test_user(
            self.env,
            login="hub_reception",
            groups="periscope_coworking.group_periscope_coworking_user,"
            "periscope_concierge.group_periscope_concierge_user",
        )
        visible = self._visible(reception)
        self.assertIn(self.root, visible)
        self.assertIn(self.area_menus["coworking"], visible)
        self.assertIn(self.area_menus["concierge"], visible)
        self.assertNotIn(self.area_menus["members"], visible)
        self.assertNotIn(self.area_menus["training"], visible)
        # the reception receives the project holders
        self.assertIn(self.env.ref("periscope_training.periscope_intake_menu"), visible)

    def test_the_administrator_manages_every_area(self):
        admin = self.env.ref("base.user_admin")
        for area in AREAS:
            self.assertTrue(admin.has_group(f"periscope_{area}.group_periscope_{area}_manager"), area)
        visible = self._visible(admin)
        for menu in self.area_menus.values():
            self.assertIn(menu, visible)

    def test_an_employee_outside_the_hub_sees_no_perisope_menu(self):
        employee = new_test_user(self.env, login="hub_outsider", groups="base.group_user")
        self.assertNotIn(self.root, self._visible(employee))

    def test_the_demo_has_a_login_for_each_job(self):
        """The demo database: each job of the hub has its login, whose
        password is the login (README), and sees its area of the hub; a
        database without demo data has none of them."""
        jobs = {
            "periscope_members.user_demo_accountant": ("comptable", None),
            "periscope_coworking.user_demo_reception": ("accueil", "coworking"),
            "periscope_concierge.user_demo_desk": ("conciergerie", "concierge"),
            "periscope_training.user_demo_training_officer": ("formation", "training"),
            "periscope_members.user_portal_caracole": ("portal.caracole", None),
            "periscope_members.user_portal_bge": ("portal.bge", None),
        }
        with_demo = self.env["ir.module.module"].search([("name", "=", "periscope_members")]).demo
        for xmlid, (login, area) in jobs.items():
            user = self.env.ref(xmlid, raise_if_not_found=False)
            if not with_demo:
                self.assertFalse(user, xmlid)
                continue
            self.assertEqual(user.login, login)
            user.with_user(user)._check_credentials(
                {"login": login, "password": login, "type": "password"}, {"interactive": False}
            )
            if area:
                self.assertIn(self.area_menus[area], self._visible(user))
        if with_demo:
            accountant = self.env.ref("periscope_members.user_demo_accountant")
            self.assertTrue(accountant.has_group("account.group_account_invoice"))
            self.assertFalse(accountant.has_group("base.group_partner_manager"))
