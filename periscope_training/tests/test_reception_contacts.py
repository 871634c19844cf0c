# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user, tagged

RECEPTION = "periscope_coworking.group_periscope_coworking_user"


@tagged("post_install", "-at_install")
class TestReceptionContacts(TransactionCase):
    """The reception creates and updates the contacts of the people it
    receives, without Odoo's Contact Creation: it never changes the e-mail of
    a user's contact (their login, where a password reset goes), nor deletes
    a contact. Databases installed before 18.0.1.1.0 take back the Contact
    Creation the reception had from the training addon."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.partner_manager = cls.env.ref("base.group_partner_manager")
        cls.reception = new_test_user(cls.env, login="desk_contacts", groups=RECEPTION)
        cls.organisation = cls.env["res.partner"].create({"name": "ETYMON (test)", "is_company": True})
        cls.member = new_test_user(cls.env, login="desk_member", email="member@example.org", groups="base.group_portal")
        cls.member.partner_id.parent_id = cls.organisation

    def test_the_reception_has_no_contact_creation(self):
        self.assertFalse(self.reception.has_group("base.group_partner_manager"))
        self.assertNotIn(self.partner_manager, self.env.ref(RECEPTION).trans_implied_ids)

    def test_the_reception_creates_and_updates_the_people_it_receives(self):
        Partner = self.env["res.partner"].with_user(self.reception)
        person = Partner.create({"name": "Marc Roux (test)"})
        person.write({"email": "marc.roux@example.org", "phone": "05 61 00 00 00"})
        self.assertEqual(person.email, "marc.roux@example.org")
        # a member's phone too, not their login
        member = self.member.partner_id.with_user(self.reception)
        member.phone = "05 61 11 11 11"
        with self.assertRaisesRegex(AccessError, "login of a user account"):
            member.email = "desk@example.org"
        with self.assertRaises(AccessError):
            person.unlink()
        self.assertEqual(self.member.partner_id.email, "member@example.org")

    def test_the_upgrade_takes_back_what_the_training_addon_gave(self):
        reception = self.env.ref(RECEPTION)
        # as before 18.0.1.1.0: the group implies Contact Creation, which
        # Odoo then gives its users
        reception.implied_ids = [Command.link(self.partner_manager.id)]
        self.assertTrue(self.reception.has_group("base.group_partner_manager"))
        admin = new_test_user(self.env, login="desk_admin", groups=f"{RECEPTION},base.group_system")
        contacts_desk = self.env["res.groups"].create(
            {"name": "Contacts desk (test)", "implied_ids": [Command.link(self.partner_manager.id)]}
        )
        desk = new_test_user(self.env, login="desk_desk", groups=RECEPTION)
        desk.groups_id = [Command.link(contacts_desk.id)]
        dropped = self.env["res.users"]._periscope_drop_reception_contact_creation()
        self.assertIn(self.reception, dropped)
        self.assertNotIn(self.partner_manager, reception.implied_ids)
        self.assertNotIn(self.partner_manager, self.reception.groups_id)
        self.assertTrue(self.reception.has_group(RECEPTION))
        self.assertIn(self.partner_manager, admin.groups_id)
        self.assertIn(self.partner_manager, desk.groups_id)
        # run twice, it changes nothing more
        self.assertFalse(self.env["res.users"]._periscope_drop_reception_contact_creation())
