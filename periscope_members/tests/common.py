# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import TransactionCase, new_test_user


class PeriscopeMembersCase(TransactionCase):
    """Users and organisations of the members tests, built once."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.staff = new_test_user(
            cls.env,
            login="members_staff",
            groups="periscope_members.group_periscope_members_user",
        )
        cls.manager = new_test_user(
            cls.env,
            login="members_manager",
            groups="periscope_members.group_periscope_members_manager",
        )
        cls.type_permanent = cls.env.ref(
            "periscope_members.member_type_permanent_resident"
        )
        cls.type_occasional = cls.env.ref(
            "periscope_members.member_type_occasional_resident"
        )
        cls.type_partner = cls.env.ref(
            "periscope_members.member_type_associated_partner"
        )
        Partner = cls.env["res.partner"]
        cls.network = Partner.create(
            {
                "name": "URSCOP (test)",
                "is_company": True,
                "is_network_head": True,
                "periscope_member_type_id": cls.type_permanent.id,
            }
        )
        cls.org = Partner.create(
            {
                "name": "Coop'Action (test)",
                "is_company": True,
                "periscope_member_type_id": cls.type_permanent.id,
                "periscope_network_head_id": cls.network.id,
                "email": "contact@coop-action.example.org",
            }
        )
        cls.person = Partner.create(
            {"name": "Marc Vidal", "parent_id": cls.org.id, "function": "Gérant"}
        )
        cls.other_org = Partner.create(
            {
                "name": "Caracole (test)",
                "is_company": True,
                "periscope_member_type_id": cls.type_occasional.id,
            }
        )
        cls.other_person = Partner.create(
            {"name": "Inès Moreau", "parent_id": cls.other_org.id}
        )
        cls.portal_user = new_test_user(
            cls.env,
            login="portal_coop_action",
            groups="base.group_portal",
            partner_id=cls.person.id,
        )
