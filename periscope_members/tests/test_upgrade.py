# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestContactCreationAfterUpgrade(TransactionCase):
    """The staff of a database installed before 18.0.1.1.0 kept Contact
    Creation from the members' User group: the migration takes it back from
    those to whom nothing else gives it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.partner_manager = cls.env.ref("base.group_partner_manager")

        def staff(login, *groups):
            user = new_test_user(
                cls.env, login=login, groups=",".join(("periscope_members.group_periscope_members_user",) + groups)
            )
            # as the group gave it before 18.0.1.1.0
            user.groups_id = [Command.link(cls.partner_manager.id)]
            return user

        cls.staff = staff("upgrade_staff")
        cls.archived = staff("upgrade_archived")
        cls.archived.active = False
        cls.admin_staff = staff("upgrade_admin", "base.group_system")
        cls.contacts_group = cls.env["res.groups"].create(
            {"name": "Contacts desk (test)", "implied_ids": [Command.link(cls.partner_manager.id)]}
        )
        cls.desk = staff("upgrade_desk")
        cls.desk.groups_id = [Command.link(cls.contacts_group.id)]

    def test_the_members_user_group_no_longer_gives_contact_creation(self):
        members_user = self.env.ref("periscope_members.group_periscope_members_user")
        self.assertNotIn(self.partner_manager, members_user.trans_implied_ids)
        self.assertFalse(
            new_test_user(
                self.env, login="new_staff", groups="periscope_members.group_periscope_members_user"
            ).has_group("base.group_partner_manager")
        )

    def test_the_migration_takes_back_only_what_the_group_gave(self):
        dropped = self.env["res.users"]._periscope_drop_old_contact_creation()
        self.assertEqual(dropped, self.staff | self.archived)
        self.assertNotIn(self.partner_manager, self.staff.groups_id)
        self.assertNotIn(self.partner_manager, self.archived.groups_id)
        # an administrator, and a user whom another group gives it, keep it
        self.assertIn(self.partner_manager, self.admin_staff.groups_id)
        self.assertIn(self.partner_manager, self.desk.groups_id)
        # the staff still work: they read and update the members
        self.assertTrue(self.staff.has_group("periscope_members.group_periscope_members_user"))
        # run twice, it changes nothing more
        self.assertFalse(self.env["res.users"]._periscope_drop_old_contact_creation())
