# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from .common import PeriscopeCase


class AssemblyCase(PeriscopeCase):
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
        cls.staff = cls._make_user("assembly_staff", "periscope_members.group_periscope_members_user")
        cls.manager = cls._make_user("assembly_manager", "periscope_members.group_periscope_members_manager")
        cls._setup_colleges()
        cls._setup_organisations()
        cls._setup_portal_users()
        cls._setup_assembly()

    @classmethod
    def _setup_colleges(cls):
        """Residents 50 %, network heads 30 %, partners 20 %; any other
        college archived."""
        College = cls.env["periscope.college"]
        College.search([]).write({"active": False})
        cls.residents, cls.networks, cls.partners = College.create(
            [
                {"name": "Résidents (test)", "weight": 50.0, "sequence": 1},
                {"name": "Têtes de réseau (test)", "weight": 30.0, "sequence": 2},
                {"name": "Partenaires (test)", "weight": 20.0, "sequence": 3},
            ]
        )

    @classmethod
    def _setup_organisations(cls):
        """Six free members in the colleges, one not up to date, one outside
        any college."""

        def organisation(name, college, **values):
            values = {
                "email": f"{name.split()[0].lower()}@example.org",
                "periscope_college_id": college.id if college else False,
                "free_member": True,
                **values,
            }
            return cls._make_organisation(name, cls.PERMANENT_RESIDENT, **values)

        cls.adepes = organisation("ADEPES (test)", cls.residents)
        cls.caracole = organisation("Caracole (test)", cls.residents)
        cls.francas = organisation("Francas (test)", cls.residents)
        cls.urscop = organisation("URSCOP (test)", cls.networks)
        cls.ies = organisation("IES (test)", cls.networks)
        cls.sicoval = organisation("Sicoval (test)", cls.partners)
        cls.unpaid = organisation("Tremplin (test)", cls.residents, free_member=False)
        cls.outside = organisation("Hors collège (test)", False)
        cls.organisations = cls.adepes + cls.caracole + cls.francas + cls.urscop + cls.ies + cls.sicoval

    @classmethod
    def _setup_portal_users(cls):
        """A portal user of ADEPES, Caracole, URSCOP and Tremplin."""

        def portal_user(login, company):
            user = cls._make_user(login, "base.group_portal")
            user.partner_id.parent_id = company
            return user

        cls.adepes_user = portal_user("assembly_adepes", cls.adepes)
        cls.caracole_user = portal_user("assembly_caracole", cls.caracole)
        cls.urscop_user = portal_user("assembly_urscop", cls.urscop)
        cls.unpaid_user = portal_user("assembly_unpaid", cls.unpaid)

    @classmethod
    def _setup_assembly(cls):
        """A draft ordinary general assembly, made by the administrator."""
        cls.assembly = (
            cls.env["periscope.assembly"]
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
