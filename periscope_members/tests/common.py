# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import TransactionCase, new_test_user


class QueryCountMixin:
    """Query counts for the pages and methods that data may grow under: the
    rule is "as many queries for few records as for many"."""

    def queries_of(self, call, warm=True, invalidate=True):
        """``(queries, result)`` of ``call()``: run once before when ``warm``
        (the caches filled, as in a running server), the ORM cache emptied
        when ``invalidate``, what is pending flushed before and after."""
        if warm:
            call()
        self.env.flush_all()
        if invalidate:
            self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        result = call()
        self.env.flush_all()
        return self.env.cr.sql_log_count - before, result

    def assertQueriesDoNotGrow(self, few, many, what="records"):
        """``few`` and ``many``, the queries of the same call for few and for
        many ``what``, are as many."""
        self.assertEqual(many, few, f"{many} queries for many {what}, {few} for few: the queries grow with the data")


class PeriscopeFactoryMixin:
    """The organisations, people and users of the four addons' tests, made
    one way (for TransactionCase and HttpCase tests alike)."""

    PERMANENT_RESIDENT = "periscope_members.member_type_permanent_resident"

    @classmethod
    def _make_organisation(cls, name, member_type=None, **values):
        """An organisation (a company partner), a member of ``member_type``
        (a ``periscope.member.type`` or its xml id) when given."""
        values.update(name=name, is_company=True)
        if isinstance(member_type, str):
            member_type = cls.env.ref(member_type)
        if member_type:
            values["periscope_member_type_id"] = member_type.id
        return cls.env["res.partner"].create(values)

    @classmethod
    def _make_user(cls, login, groups, **values):
        """A user of ``groups`` (comma-separated xml ids), named after the
        login unless ``name`` is given; its password is its login (padded to
        eight characters with ``x``, as Odoo's ``new_test_user`` does) unless
        ``password`` is given."""
        return new_test_user(cls.env, login=login, groups=groups, **values)

    @classmethod
    def _make_portal_person(cls, organisation, name, login, **values):
        """``(person, user)``: a person of ``organisation`` with a portal
        login."""
        person = cls.env["res.partner"].create({"name": name, "parent_id": organisation.id, **values})
        user = cls._make_user(login, "base.group_portal", partner_id=person.id)
        return person, user

    @classmethod
    def _make_portal_login(cls, person, login, **values):
        """A portal user for ``person``, a contact already made: it keeps the
        person's name and e-mail unless ``values`` give others (``new_test_user``
        would write its own on the contact)."""
        values = {"name": person.name, "email": person.email, **values}
        return cls._make_user(login, "base.group_portal", partner_id=person.id, **values)

    @classmethod
    def _make_member_with_portal_person(cls, name, person_name, login, **values):
        """``(organisation, person, user)``: an organisation, a permanent
        resident, and a person of it with a portal login (``values`` are the
        person's, as for ``_make_portal_person``)."""
        organisation = cls._make_organisation(name, cls.PERMANENT_RESIDENT)
        person, user = cls._make_portal_person(organisation, person_name, login, **values)
        return organisation, person, user


class PeriscopeCase(QueryCountMixin, PeriscopeFactoryMixin, TransactionCase):
    """The base of the four addons' test cases: their organisations and users
    made one way, and the query counts."""


class PeriscopeMembersCase(PeriscopeCase):
    """Users and organisations of the members tests, built once."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.staff = cls._make_user("members_staff", "periscope_members.group_periscope_members_user")
        cls.manager = cls._make_user("members_manager", "periscope_members.group_periscope_members_manager")
        cls.type_permanent = cls.env.ref("periscope_members.member_type_permanent_resident")
        cls.type_occasional = cls.env.ref("periscope_members.member_type_occasional_resident")
        cls.type_partner = cls.env.ref("periscope_members.member_type_associated_partner")
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
        cls.person = Partner.create({"name": "Marc Vidal", "parent_id": cls.org.id, "function": "Gérant"})
        cls.other_org = Partner.create(
            {"name": "Caracole (test)", "is_company": True, "periscope_member_type_id": cls.type_occasional.id}
        )
        cls.other_person = Partner.create({"name": "Inès Moreau", "parent_id": cls.other_org.id})
        cls.portal_user = new_test_user(
            cls.env, login="portal_coop_action", groups="base.group_portal", partner_id=cls.person.id
        )


class TourMixin:
    """Tours of the portal in a real browser, for HttpCase tests."""

    def _run_tour(self, url, tour, user, model, **values):
        """Run ``tour`` from ``url`` logged in as ``user``: the one record of
        ``model`` it made, found by its ``values``."""
        self.start_tour(url, tour, login=user.login)
        records = self.env[model].search([(fname, "=", value) for fname, value in values.items()])
        self.assertEqual(len(records), 1)
        return records
