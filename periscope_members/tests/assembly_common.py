# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import TransactionCase, new_test_user


class AssemblyCase(TransactionCase):
    """The hub's governance for the tests, built once, whatever the demo
    data: three colleges (residents 50 %, network heads 30 %, partners 20 %;
    any other college archived), six member organisations up to date (free
    members) — three residents, two network heads, one partner —, one whose
    membership is not up to date, one outside any college; a portal user for
    three of them; a members user (staff) and a members administrator; a
    draft ordinary general assembly (quorum: half the organisations)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.staff = new_test_user(env, login="assembly_staff", groups="periscope_members.group_periscope_members_user")
        cls.manager = new_test_user(
            env, login="assembly_manager", groups="periscope_members.group_periscope_members_manager"
        )
        College = env["periscope.college"]
        College.search([]).write({"active": False})
        cls.residents, cls.networks, cls.partners = College.create(
            [
                {"name": "Résidents (test)", "weight": 50.0, "sequence": 1},
                {"name": "Têtes de réseau (test)", "weight": 30.0, "sequence": 2},
                {"name": "Partenaires (test)", "weight": 20.0, "sequence": 3},
            ]
        )
        member_type = env.ref("periscope_members.member_type_permanent_resident")
        Partner = env["res.partner"]

        def organisation(name, college, **values):
            return Partner.create(
                {
                    "name": name,
                    "is_company": True,
                    "email": f"{name.split()[0].lower()}@example.org",
                    "periscope_member_type_id": member_type.id,
                    "periscope_college_id": college.id if college else False,
                    "free_member": True,
                    **values,
                }
            )

        cls.adepes = organisation("ADEPES (test)", cls.residents)
        cls.caracole = organisation("Caracole (test)", cls.residents)
        cls.francas = organisation("Francas (test)", cls.residents)
        cls.urscop = organisation("URSCOP (test)", cls.networks)
        cls.ies = organisation("IES (test)", cls.networks)
        cls.sicoval = organisation("Sicoval (test)", cls.partners)
        cls.unpaid = organisation("Tremplin (test)", cls.residents, free_member=False)
        cls.outside = organisation("Hors collège (test)", False)
        cls.organisations = cls.adepes + cls.caracole + cls.francas + cls.urscop + cls.ies + cls.sicoval

        def portal_user(login, company):
            user = new_test_user(env, login=login, groups="base.group_portal")
            user.partner_id.parent_id = company
            return user

        cls.adepes_user = portal_user("assembly_adepes", cls.adepes)
        cls.caracole_user = portal_user("assembly_caracole", cls.caracole)
        cls.urscop_user = portal_user("assembly_urscop", cls.urscop)
        cls.unpaid_user = portal_user("assembly_unpaid", cls.unpaid)
        cls.assembly = (
            env["periscope.assembly"]
            .with_user(cls.manager)
            .create(
                {
                    "name": "Assemblée générale 2026 (test)",
                    "date": "2026-06-12 16:00:00",
                    "place": "Le Périscope, Ramonville",
                    "agenda": "<p>Rapport d'activité, comptes, élection du CA.</p>",
                    "quorum_percent": 50.0,
                    "max_proxies": 1,
                }
            )
        )

    def _convened(self, **values):
        """The assembly convened (with ``values`` written first)."""
        assembly = self.assembly.with_user(self.manager)
        if values:
            assembly.write(values)
        assembly.action_convene()
        return assembly

    def _member(self, organisation, assembly=None):
        return (assembly or self.assembly).member_ids.filtered(lambda m: m.partner_id == organisation)
