# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The members' addon attacked as its real users attack it: JSON-RPC calls to
``/web/dataset/call_kw``, logged in as a member, their colleague, a member of
another organisation, a plain employee, the members' staff and their
administrator. Whatever a call is refused, the database has not changed (read
again as superuser)."""

import json

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from .common import PeriscopeFactoryMixin
from .rpc import RpcCase

PARTNER = "res.partner"
KEY_FIGURE = "periscope.key.figure"
ASSEMBLY = "periscope.assembly"
COLLEGE_LINE = "periscope.assembly.college"
MEMBER = "periscope.assembly.member"
RESOLUTION = "periscope.assembly.resolution"
OPTION = "periscope.assembly.option"
BALLOT = "periscope.assembly.ballot"
RESULT = "periscope.assembly.result"
LINE = "membership.membership_line"
MOVE = "account.move"
# what must not change, model by model
WATCHED = {
    PARTNER: [
        "name",
        "email",
        "phone",
        "website",
        "periscope_description",
        "comment",
        "parent_id",
        "periscope_member_type_id",
        "free_member",
        "directory_consent",
        "active",
    ],
    KEY_FIGURE: ["partner_id", "year", "company_id", "declared_by_id", "fte", "volunteers", "visitors"],
    "periscope.member.type": ["name", "included_booking_hours"],
    "periscope.college": ["name", "weight"],
    ASSEMBLY: ["state", "name", "quorum_percent", "max_proxies", "remote_voting"],
    COLLEGE_LINE: ["college_id", "weight", "member_count"],
    MEMBER: ["partner_id", "college_id", "attendance", "proxy_holder_id", "weight"],
    RESOLUTION: ["state", "name", "majority", "adopted", "result_summary"],
    OPTION: ["resolution_id", "name", "kind", "sequence"],
    BALLOT: ["resolution_id", "member_id", "option_id", "cast_by_id"],
    RESULT: ["resolution_id", "college_id", "option_id", "votes", "share"],
    LINE: ["partner", "date_from", "date_to", "date_cancel", "member_price"],
    MOVE: ["partner_id", "state", "amount_total"],
}
# what an RPC caller may send for a number
BAD_NUMBERS = (float("nan"), float("inf"), -1.0, 1e307, 10**30, "1e400", "many")


@tagged("post_install", "-at_install")
class TestSecurityRpc(PeriscopeFactoryMixin, RpcCase):
    """Two member organisations and a third, their people, their key
    figures, their paid membership; an assembly with an open vote, one
    closed and counted, one cancelled, one the member's organisation is not
    convened to. Each user calls what their rights reach, and more."""

    watched = WATCHED

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.year = fields.Date.today().year
        cls.member_type = cls.env.ref(cls.PERMANENT_RESIDENT)
        cls.college = cls.env["periscope.college"].create(
            {"name": "Résidents (rpc test)", "weight": 0.0, "active": False}
        )
        cls._setup_organisations()
        cls._setup_people()
        cls._setup_users()
        cls._setup_declarations_and_membership()
        cls._setup_assemblies()
        cls._setup_watched_ids()

    @classmethod
    def _setup_organisations(cls):
        """Three member organisations of the college, each with an internal
        note and a public description."""

        def organisation(name, email):
            return cls._make_organisation(
                name,
                cls.member_type,
                email=email,
                periscope_college_id=cls.college.id,
                comment=f"<p>Internal note on {name}: pays late</p>",
                periscope_description=f"{name}, a cooperative",
            )

        cls.org = organisation("Coop'Action (rpc test)", "contact@coop.example.org")
        cls.other_org = organisation("Caracole (rpc test)", "contact@cara.example.org")
        cls.third_org = organisation("Francas (rpc test)", "contact@fran.example.org")

    @classmethod
    def _setup_people(cls):
        """Three people of the organisation (one without a login), one of
        another."""
        Partner = cls.env[PARTNER]

        def person(name, email, company):
            return Partner.create({"name": name, "email": email, "parent_id": company.id})

        cls.person = person("Alice Martin", "alice@coop.example.org", cls.org)
        cls.colleague_person = person("Bruno Roux", "bruno@coop.example.org", cls.org)
        cls.outsider_person = person("Chloé Sicre", "chloe@cara.example.org", cls.other_org)
        cls.unlinked_person = person("Denis Vidal", "denis@coop.example.org", cls.org)

    @classmethod
    def _setup_users(cls):
        """The member, their colleague, a member of another organisation (on
        the portal); a plain employee, the members' staff and administrator,
        an administrator of the contacts."""
        cls.member = cls._make_portal_login(cls.person, "memb_rpc_member")
        cls.colleague = cls._make_portal_login(cls.colleague_person, "memb_rpc_colleague")
        cls.outsider = cls._make_portal_login(cls.outsider_person, "memb_rpc_outsider")
        cls.employee = cls._make_user("memb_rpc_employee", "base.group_user")
        cls.staff = cls._make_user("memb_rpc_staff", "periscope_members.group_periscope_members_user")
        cls.manager = cls._make_user("memb_rpc_manager", "periscope_members.group_periscope_members_manager")
        cls.contacts_admin = cls._make_user("memb_rpc_contacts", "base.group_user,base.group_partner_manager")

    @classmethod
    def _setup_declarations_and_membership(cls):
        """The key figures of last year of two organisations; their
        membership of this year, invoiced and posted; the three free
        members."""
        KeyFigure = cls.env[KEY_FIGURE]
        cls.declaration = KeyFigure.create({"partner_id": cls.org.id, "year": cls.year - 1, "fte": 3, "volunteers": 5})
        cls.other_declaration = KeyFigure.create({"partner_id": cls.other_org.id, "year": cls.year - 1, "fte": 8})
        cls.invoices = cls.env[PARTNER]._periscope_renew_memberships(cls.year, cls.org | cls.other_org)
        cls.invoices.action_post()
        cls.invoice = cls.invoices.filtered(lambda m: m.partner_id == cls.org)
        cls.other_invoice = cls.invoices - cls.invoice
        cls.org.free_member = cls.other_org.free_member = True
        cls.third_org.free_member = True

    @classmethod
    def _setup_assemblies(cls):
        """An assembly with an open vote; one closed, its vote counted (one
        for, one against); one cancelled; one the member's organisation is
        not convened to, where another voted."""
        cls.open_assembly, cls.open_vote = cls._assembly(
            "AG ouverte (rpc test)", cls.org | cls.other_org | cls.third_org
        )
        cls.closed_assembly, cls.closed_vote = cls._assembly("AG close (rpc test)", cls.org | cls.other_org)
        for organisation_ in (cls.org, cls.other_org):
            cls._member(cls.closed_assembly, organisation_).action_mark_present()
        cls.closed_vote.action_vote(cls._option(cls.closed_vote, "for"), cls._member(cls.closed_assembly, cls.org))
        cls.closed_vote.action_vote(
            cls._option(cls.closed_vote, "against"), cls._member(cls.closed_assembly, cls.other_org)
        )
        cls.closed_assembly.action_open_session()
        cls.closed_assembly.action_close()
        cls.cancelled_assembly, cls.cancelled_vote = cls._assembly("AG annulée (rpc test)", cls.org | cls.other_org)
        cls.cancelled_assembly.action_cancel()
        cls.foreign_assembly, cls.foreign_vote = cls._assembly("CA restreint (rpc test)", cls.other_org | cls.third_org)
        cls._member(cls.foreign_assembly, cls.other_org).action_mark_present()
        cls.foreign_vote.action_vote(
            cls._option(cls.foreign_vote, "for"), cls._member(cls.foreign_assembly, cls.other_org)
        )

    @classmethod
    def _setup_watched_ids(cls):
        """The records ``assertUnchanged`` compares, model by model."""
        assemblies = cls.open_assembly | cls.closed_assembly | cls.cancelled_assembly | cls.foreign_assembly
        resolutions = assemblies.resolution_ids
        people = cls.person | cls.colleague_person | cls.outsider_person | cls.unlinked_person
        cls.watched_ids = {
            PARTNER: (cls.org | cls.other_org | cls.third_org | people).ids,
            KEY_FIGURE: (cls.declaration | cls.other_declaration).ids,
            "periscope.member.type": cls.member_type.ids,
            "periscope.college": cls.college.ids,
            ASSEMBLY: assemblies.ids,
            COLLEGE_LINE: assemblies.college_line_ids.ids,
            MEMBER: assemblies.member_ids.ids,
            RESOLUTION: resolutions.ids,
            OPTION: resolutions.option_ids.ids,
            BALLOT: resolutions.ballot_ids.ids,
            RESULT: resolutions.result_ids.ids,
            LINE: (cls.org | cls.other_org).member_lines.ids,
            MOVE: cls.invoices.ids,
        }

    @classmethod
    def _assembly(cls, name, organisations):
        """An assembly convened (remote voting, one proxy at most) of
        ``organisations``, with its resolution open."""
        assembly = cls.env[ASSEMBLY].create(
            {
                "name": name,
                "date": "2026-06-12 16:00:00",
                "state": "convened",
                "remote_voting": True,
                "max_proxies": 1,
                "college_line_ids": [
                    Command.create({"college_id": cls.college.id, "weight": 100.0, "member_count": len(organisations)})
                ],
                "member_ids": [
                    Command.create({"partner_id": organisation.id, "college_id": cls.college.id})
                    for organisation in organisations
                ],
            }
        )
        resolution = cls.env[RESOLUTION].create({"assembly_id": assembly.id, "name": f"Comptes — {name}"})
        resolution.action_open()
        return assembly, resolution

    @classmethod
    def _member(cls, assembly, organisation):
        return assembly.member_ids.filtered(lambda m: m.partner_id == organisation)

    @classmethod
    def _option(cls, resolution, kind):
        return resolution.option_ids.filtered(lambda o: o.kind == kind)

    # ------------------------------------------------------------ helpers
    def assertAllRefused(self, calls, *error_names):
        """Each call of ``calls`` (model, method, arguments...) refused."""
        for model, method, *arguments in calls:
            with self.subTest(model=model, method=method, arguments=arguments):
                answer = self.call(model, method, *arguments)
                self.assertRefused(answer, *(error_names or ("AccessError",)))

    def _writes_and_deletions(self):
        """A write and a deletion of a record of every model of the addon
        (and what it widens), none of which a member may do."""
        closed = self.closed_vote
        return [
            ("periscope.member.type", "write", self.member_type.ids, {"included_booking_hours": 99}),
            ("periscope.college", "write", self.college.ids, {"weight": 100}),
            ("periscope.cooperation.axis", "create", {"name": "Pirate"}),
            ("periscope.sector", "create", {"name": "Pirate"}),
            (ASSEMBLY, "write", self.open_assembly.ids, {"name": "Pirate"}),
            (ASSEMBLY, "write", self.open_assembly.ids, {"state": "closed"}),
            (ASSEMBLY, "unlink", self.open_assembly.ids),
            (ASSEMBLY, "create", {"name": "Pirate", "date": "2026-01-01 10:00:00"}),
            (COLLEGE_LINE, "write", self.open_assembly.college_line_ids.ids, {"weight": 1}),
            (MEMBER, "write", self._member(self.open_assembly, self.org).ids, {"attendance": "present"}),
            (
                MEMBER,
                "create",
                {"assembly_id": self.foreign_assembly.id, "partner_id": self.org.id, "college_id": self.college.id},
            ),
            (RESOLUTION, "write", self.open_vote.ids, {"name": "Pirate"}),
            (RESOLUTION, "write", closed.ids, {"adopted": False}),
            (OPTION, "write", self._option(closed, "for").ids, {"kind": "abstain"}),
            (OPTION, "unlink", self._option(self.open_vote, "against").ids),
            (BALLOT, "unlink", closed.ballot_ids.ids),
            (
                BALLOT,
                "create",
                {
                    "resolution_id": self.open_vote.id,
                    "member_id": self._member(self.open_assembly, self.org).id,
                    "option_id": self._option(self.open_vote, "for").id,
                    "cast_by_id": self._member(self.open_assembly, self.org).id,
                    "user_id": self.member.id,
                },
            ),
            (RESULT, "write", closed.result_ids.ids, {"votes": 99}),
            (RESULT, "unlink", closed.result_ids.ids),
            (LINE, "write", self.org.member_lines.ids, {"date_to": "2099-12-31"}),
            (LINE, "create", {"partner": self.org.id, "date": "2026-01-01"}),
            (MOVE, "write", self.invoice.ids, {"ref": "Pirate"}),
            (MOVE, "unlink", self.invoice.ids),
            ("periscope.membership.renewal", "create", {"year": self.year}),
            ("periscope.key.figure.report", "create", {"year": self.year - 1}),
            (
                "periscope.assembly.vote",
                "create",
                {
                    "resolution_id": self.open_vote.id,
                    "member_id": self._member(self.open_assembly, self.org).id,
                    "option_id": self._option(self.open_vote, "for").id,
                },
            ),
        ]

    # ------------------------------------------------------------ finding 1
    def test_a_member_cannot_take_over_a_colleague_account(self):
        """Finding 1: the e-mail of a colleague is their login; a member
        changes it neither through RPC nor through the organisation."""
        before = self._snapshot()
        self.login(self.member)
        colleague = self.colleague_person
        self.assertAllRefused(
            [
                (PARTNER, "write", colleague.ids, {"email": "alice@evil.example"}),
                (PARTNER, "write", colleague.ids, {"phone": "0"}),
                (PARTNER, "write", self.unlinked_person.ids, {"email": "x@evil.example"}),
                (
                    PARTNER,
                    "write",
                    self.org.ids,
                    {"child_ids": [Command.update(colleague.id, {"email": "a@evil.example"})]},
                ),
                (PARTNER, "write", self.outsider_person.ids, {"email": "x@evil.example"}),
                (PARTNER, "write", self.other_org.ids, {"phone": "0"}),
                (PARTNER, "write", self.org.ids, {"name": "Pirate"}),
                (PARTNER, "write", self.org.ids, {"free_member": False}),
                (PARTNER, "write", self.person.ids, {"parent_id": self.other_org.id}),
                (PARTNER, "create", {"name": "Pirate", "parent_id": self.org.id}),
                (PARTNER, "unlink", colleague.ids),
                ("res.users", "write", self.colleague.ids, {"login": "pirate"}),
            ]
        )
        self.assertUnchanged(before)
        self.assertEqual(colleague.email, "bruno@coop.example.org")

    def test_a_member_changes_their_contact_and_their_organisation_profile(self):
        """Finding 1: what a member changes is their own contact and their
        organisation's profile; the e-mail of an organisation that is itself
        a user's login is that user's."""
        self.login(self.member)
        self.assertAllowed(
            self.call(PARTNER, "write", self.person.ids, {"email": "alice@new.example.org", "phone": "05 61 00 00 01"})
        )
        self.assertAllowed(
            self.call(
                PARTNER,
                "write",
                self.org.ids,
                {
                    "phone": "05 61 00 00 00",
                    "email": "bonjour@coop.example.org",
                    "website": "https://coop.example.org",
                    "periscope_description": "Coopérative d'activité",
                    "directory_consent": True,
                },
            )
        )
        self.assertEqual(self.person.email, "alice@new.example.org")
        self.assertEqual(self.org.email, "bonjour@coop.example.org")
        self.assertTrue(self.org.directory_consent_date)
        # an organisation that is itself a user's login: its e-mail is theirs
        new_test_user(
            self.env,
            login="memb_rpc_org_account",
            email=self.org.email,
            groups="base.group_portal",
            partner_id=self.org.id,
        )
        answer = self.call(PARTNER, "write", self.org.ids, {"email": "x@evil.example"})
        self.assertRefused(answer, "AccessError", message="login of a user account")
        self.assertEqual(self.org.email, "bonjour@coop.example.org")
        # the same e-mail again is no change
        self.assertAllowed(
            self.call(PARTNER, "write", self.org.ids, {"email": "bonjour@coop.example.org", "phone": "05 61 00 00 02"})
        )

    def test_staff_do_not_take_over_accounts_either(self):
        """Finding 1 for the back office: the members' staff and
        administrator update people and organisations, not the e-mail of
        another user's contact; an administrator of the contacts does."""
        before = self._snapshot()
        for user in (self.staff, self.manager):
            self.login(user)
            with self.subTest(user=user.login):
                self.assertAllRefused(
                    [
                        (PARTNER, "write", self.colleague_person.ids, {"email": "x@evil.example"}),
                        (PARTNER, "write", self.outsider_person.ids, {"email": "x@evil.example"}),
                        (
                            PARTNER,
                            "write",
                            self.manager.partner_id.ids if user == self.staff else self.staff.partner_id.ids,
                            {"email": "x@evil.example"},
                        ),
                        (PARTNER, "unlink", self.unlinked_person.ids),
                    ]
                )
        self.assertUnchanged(before)
        self.login(self.staff)
        self.assertAllowed(self.call(PARTNER, "write", self.colleague_person.ids, {"phone": "05 61 11 11 11"}))
        self.assertAllowed(self.call(PARTNER, "write", self.unlinked_person.ids, {"email": "denis@new.example.org"}))
        self.assertTrue(
            self.assertAllowed(self.call(PARTNER, "create", {"name": "Eva Nouvelle", "parent_id": self.org.id}))
        )
        self.login(self.contacts_admin)
        self.assertAllowed(self.call(PARTNER, "write", self.colleague_person.ids, {"email": "bruno@new.example.org"}))
        self.assertEqual(self.colleague_person.email, "bruno@new.example.org")

    # ------------------------------------------------------------ finding 2
    def test_a_member_does_not_move_a_declaration(self):
        """Finding 2: the organisation, the year, the company and the
        declarer of a declaration are the server's; a member changes its
        figures, of their own organisation only."""
        before = self._snapshot()
        other_company = self.env["res.company"].create({"name": "Autre hub (rpc test)"})
        for user in (self.member, self.colleague):
            self.login(user)
            with self.subTest(user=user.login):
                self.assertAllRefused(
                    [
                        (KEY_FIGURE, "write", self.declaration.ids, {"partner_id": self.other_org.id}),
                        (KEY_FIGURE, "write", self.declaration.ids, {"year": self.year - 5}),
                        (KEY_FIGURE, "write", self.declaration.ids, {"company_id": other_company.id}),
                        (KEY_FIGURE, "write", self.declaration.ids, {"declared_by_id": self.outsider.id}),
                        (KEY_FIGURE, "write", self.declaration.ids, {"fte": 4, "partner_id": self.third_org.id}),
                        (KEY_FIGURE, "write", self.other_declaration.ids, {"fte": 1}),
                        (KEY_FIGURE, "read", self.other_declaration.ids, ["fte"]),
                        (KEY_FIGURE, "unlink", self.declaration.ids),
                        (KEY_FIGURE, "create", {"partner_id": self.other_org.id, "fte": 1}),
                        (KEY_FIGURE, "create", {"year": self.year - 3, "fte": 1}),
                        (
                            KEY_FIGURE,
                            "create",
                            {"declared_by_id": self.colleague.id if user == self.member else self.member.id},
                        ),
                    ]
                )
        self.assertUnchanged(before)
        # the figures, they change; a new declaration is theirs, this year
        self.login(self.member)
        self.assertAllowed(self.call(KEY_FIGURE, "write", self.declaration.ids, {"fte": "4,5", "volunteers": 6}))
        self.assertEqual((self.declaration.fte, self.declaration.volunteers), (4.5, 6))
        new_id = self.assertAllowed(self.call(KEY_FIGURE, "create", {"visitors": 40}))
        declared = self.env[KEY_FIGURE].browse(new_id)
        self.assertRecordValues(
            declared,
            [
                {
                    "partner_id": self.org.id,
                    "year": self.year,
                    "company_id": self.env.company.id,
                    "declared_by_id": self.member.id,
                    "visitors": 40,
                }
            ],
        )
        # staff neither sign in someone else's name
        self.login(self.staff)
        self.assertRefused(
            self.call(KEY_FIGURE, "write", self.declaration.ids, {"declared_by_id": self.member.id}), "AccessError"
        )

    # ------------------------------------------------------------ finding 3
    def test_a_website_is_a_web_address(self):
        """Finding 3: a ``javascript:`` (or ``data:``) website is refused,
        whoever writes it; an old one is not a link in the directory."""
        before = self._snapshot()
        bad = (
            "javascript:alert(document.cookie)",
            "JavaScript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:msgbox(1)",
        )
        for user, record in ((self.member, self.org), (self.staff, self.other_org)):
            self.login(user)
            for url in bad:
                with self.subTest(user=user.login, url=url):
                    answer = self.call(PARTNER, "write", record.ids, {"website": url})
                    self.assertRefused(answer, "ValidationError", message="http://")
        self.login(self.staff)
        answer = self.call(PARTNER, "create", {"name": "X", "website": bad[0]})
        self.assertRefused(answer, "ValidationError")
        self.assertUnchanged(before)
        # one from before the rule, in the directory: shown, not a link
        self.other_org.write({"directory_consent": True})
        self.env.cr.execute("UPDATE res_partner SET website = %s WHERE id = %s", (bad[0], self.other_org.id))
        self.third_org.write({"directory_consent": True, "website": "https://francas.example.org"})
        self.login(self.member)
        text = self.url_open("/my/directory").text
        self.assertIn("Caracole (rpc test)", text)
        self.assertNotIn('href="javascript', text.replace(" ", "").lower())
        self.assertNotIn("javascript:alert", text)
        self.assertIn('href="https://francas.example.org"', text)

    # ------------------------------------------------------------ finding 4
    def test_numbers_are_bounded_on_every_path(self):
        """Finding 4: a figure that is not a finite number within its bounds
        is refused with a message, through RPC and import; nothing is
        written."""
        before = self._snapshot()
        self.login(self.member)
        for fname in ("fte", "volunteers", "visitors"):
            for value in BAD_NUMBERS + (99999999999,):
                with self.subTest(fname=fname, value=value):
                    answer = self.call(KEY_FIGURE, "write", self.declaration.ids, {fname: value})
                    self.assertRefused(answer, "ValidationError")
                    self.assertTrue(answer.message)
        answer = self.call(KEY_FIGURE, "create", {"volunteers": 99999999999})
        self.assertRefused(answer, "ValidationError", message="Volunteers")
        answer = self.call(KEY_FIGURE, "write", self.declaration.ids, {"volunteers": 2.5})
        self.assertRefused(answer, "ValidationError", message="not a whole number")
        # the administrator's numbers too
        self.login(self.manager)
        for model, ids, vals in (
            (ASSEMBLY, self.open_assembly.ids, {"quorum_percent": float("nan")}),
            (ASSEMBLY, self.open_assembly.ids, {"max_proxies": 10**12}),
            ("periscope.college", self.college.ids, {"weight": float("inf")}),
            ("periscope.member.type", self.member_type.ids, {"included_booking_hours": 1e307}),
            (OPTION, self._option(self.open_vote, "for").ids, {"sequence": 10**30}),
            (KEY_FIGURE, self.declaration.ids, {"year": 10**30}),
        ):
            with self.subTest(model=model, vals=vals):
                self.assertRefused(self.call(model, "write", ids, vals), "ValidationError")
        # an import neither
        result = self.assertAllowed(
            self.call(
                KEY_FIGURE,
                "load",
                [".id", "volunteers", "fte"],
                [[str(self.declaration.id), "99999999999", "1"], [str(self.declaration.id), "1", "nan"]],
            )
        )
        self.assertFalse(result["ids"])
        self.assertTrue(result["messages"])
        self.assertUnchanged(before)

    # ------------------------------------------------------------ finding 5
    def test_a_member_votes_for_itself_on_an_open_vote_only(self):
        """Finding 5: over RPC, a member votes once for their organisation on
        an open vote of an assembly it is convened to, never on a cancelled
        assembly, never for another."""
        before = self._snapshot()
        self.login(self.member)
        mine = self._member(self.open_assembly, self.org)
        theirs = self._member(self.open_assembly, self.other_org)
        option = self._option(self.open_vote, "for").id
        self.assertRefused(
            self.call(RESOLUTION, "action_vote", self.cancelled_vote.ids, self._option(self.cancelled_vote, "for").id),
            "UserError",
            message="takes no vote",
        )
        self.assertRefused(
            self.call(RESOLUTION, "action_vote", self.foreign_vote.ids, self._option(self.foreign_vote, "for").id),
            "AccessError",
        )
        self.assertRefused(self.call(RESOLUTION, "action_vote", self.open_vote.ids, option, theirs.id), "AccessError")
        self.assertRefused(
            self.call(RESOLUTION, "action_vote", self.closed_vote.ids, self._option(self.closed_vote, "for").id),
            "UserError",
        )
        # an option of another resolution
        self.assertRefused(
            self.call(RESOLUTION, "action_vote", self.open_vote.ids, self._option(self.foreign_vote, "for").id),
            "UserError",
        )
        self.assertAllRefused(
            [
                (MEMBER, "action_give_proxy", mine.ids, theirs.id),
                (MEMBER, "action_mark_present", mine.ids),
                (ASSEMBLY, "action_close", self.open_assembly.ids),
                (ASSEMBLY, "action_cancel", self.open_assembly.ids),
                (RESOLUTION, "action_close", self.open_vote.ids),
                (RESOLUTION, "action_open", self.closed_vote.ids),
            ]
        )
        self.assertUnchanged(before)
        self.assertAllowed(self.call(RESOLUTION, "action_vote", self.open_vote.ids, option))
        self.assertRefused(
            self.call(RESOLUTION, "action_vote", self.open_vote.ids, option), "UserError", message="already voted"
        )
        ballot = self.open_vote.ballot_ids
        self.assertEqual(ballot.partner_id, self.org)
        self.assertEqual(ballot.user_id, self.member)

    def test_who_voted_is_not_told_to_strangers(self):
        """Finding 5: the count of a convened organisation's ballots is no
        longer a public method; a member reads nothing of an assembly their
        organisation is not convened to."""
        self.login(self.member)
        theirs = self._member(self.foreign_assembly, self.other_org)
        for method in ("ballot_count", "_ballot_count"):
            with self.subTest(method=method):
                answer = self.call(MEMBER, method, theirs.ids)
                self.assertRefused(answer, "AttributeError", "AccessError")
                self.assertNotIn("1", str(answer.result))
        self.assertAllRefused(
            [
                (MEMBER, "read", theirs.ids, ["attendance"]),
                (ASSEMBLY, "read", self.foreign_assembly.ids, ["name"]),
                (RESOLUTION, "read", self.foreign_vote.ids, ["ballot_count"]),
                (BALLOT, "read", self.foreign_vote.ballot_ids.ids, ["member_id"]),
            ]
        )
        found = self.assertAllowed(self.call(BALLOT, "search_read", [], ["partner_id"]))
        self.assertEqual({row["partner_id"][0] for row in found}, {self.org.id}, "only its own ballots")
        found = self.assertAllowed(self.call(MEMBER, "search_read", [], ["assembly_id"]))
        self.assertNotIn(self.foreign_assembly.id, {row["assembly_id"][0] for row in found})

    def _counted_vote_writes(self):
        """What would change a counted vote: its options, its results, its
        outcome, its status (calls as for ``assertAllRefused``)."""
        closed = self.closed_vote
        return [
            (OPTION, "write", self._option(closed, "for").ids, {"kind": "against"}),
            (OPTION, "write", self._option(closed, "abstain").ids, {"kind": "for"}),
            (OPTION, "unlink", self._option(closed, "abstain").ids),
            (OPTION, "create", {"resolution_id": closed.id, "name": "Pour bis", "kind": "for"}),
            (RESULT, "write", closed.result_ids.ids, {"votes": 0, "share": 0}),
            (RESULT, "unlink", closed.result_ids.ids),
            (RESULT, "create", {"resolution_id": closed.id, "option_id": self._option(closed, "for").id, "votes": 9}),
            (RESOLUTION, "write", closed.ids, {"adopted": not closed.adopted}),
            (RESOLUTION, "write", closed.ids, {"result_summary": "Adopted"}),
            (RESOLUTION, "write", closed.ids, {"state": "open"}),
            (RESOLUTION, "write", closed.ids, {"majority": "two_thirds"}),
            (RESOLUTION, "write", closed.ids, {"result_ids": [Command.clear()]}),
            (
                RESOLUTION,
                "write",
                closed.ids,
                {"option_ids": [Command.update(self._option(closed, "for").id, {"kind": "abstain"})]},
            ),
        ]

    def _frozen_assembly_writes(self):
        """What would change a status but through the buttons, a vote's
        ballots, or the weights and members a vote was counted with (calls as
        for ``assertAllRefused``)."""
        closed = self.closed_vote
        assembly = self.closed_assembly
        return [
            (RESOLUTION, "write", self.open_vote.ids, {"state": "closed", "adopted": True}),
            (
                RESOLUTION,
                "write",
                self.open_vote.ids,
                {"option_ids": [Command.update(self._option(self.open_vote, "for").id, {"kind": "abstain"})]},
            ),
            (
                RESOLUTION,
                "create",
                {"assembly_id": self.open_assembly.id, "name": "Déjà adoptée", "state": "closed", "adopted": True},
            ),
            (RESOLUTION, "create", {"assembly_id": assembly.id, "name": "Après coup"}),
            (RESOLUTION, "unlink", closed.ids),
            (BALLOT, "unlink", closed.ballot_ids.ids),
            (BALLOT, "write", closed.ballot_ids.ids, {"option_id": self._option(closed, "for").id}),
            (COLLEGE_LINE, "write", assembly.college_line_ids.ids, {"weight": 50.0}),
            (COLLEGE_LINE, "unlink", assembly.college_line_ids.ids),
            (COLLEGE_LINE, "write", self.open_assembly.college_line_ids.ids, {"weight": 50.0}),
            (
                MEMBER,
                "write",
                self._member(assembly, self.org).ids,
                {"college_id": self.college.id, "attendance": "absent"},
            ),
            (MEMBER, "unlink", self._member(self.open_assembly, self.org).ids),
            (
                MEMBER,
                "create",
                {"assembly_id": self.open_assembly.id, "partner_id": self.person.id, "college_id": self.college.id},
            ),
            (ASSEMBLY, "write", assembly.ids, {"state": "in_session"}),
            (ASSEMBLY, "write", assembly.ids, {"quorum_percent": 10.0}),
            (ASSEMBLY, "write", self.cancelled_assembly.ids, {"state": "convened"}),
            (ASSEMBLY, "write", self.open_assembly.ids, {"state": "closed"}),
            (ASSEMBLY, "action_cancel", assembly.ids),
            (RESOLUTION, "action_close", closed.ids),
        ]

    def test_a_counted_vote_is_frozen(self):
        """Finding 5: once closed, a vote's options, results, outcome,
        ballots and the weights it was counted with no longer change, for
        the administrator as for the superuser; a status changes through the
        buttons only."""
        before = self._snapshot()
        self.login(self.manager)
        counted_vote_writes = self._counted_vote_writes()
        self.assertAllRefused(counted_vote_writes + self._frozen_assembly_writes(), "AccessError", "UserError")
        self.assertUnchanged(before)
        # nor the superuser, whatever code runs
        for model, method, *arguments in counted_vote_writes:
            with self.subTest(superuser=True, model=model, method=method):
                records = self.env[model]
                if method != "create":
                    records, arguments = (self.env[model].browse(arguments[0]), arguments[1:])
                # AccessError and ValidationError are UserErrors
                with self.assertRaises(UserError), self.env.cr.savepoint():
                    getattr(records, method)(*arguments)
                    self.env.flush_all()
        self.assertUnchanged(before)

    def test_staff_record_the_room_not_who_is_convened(self):
        """Finding 5: the staff record attendance and votes, never who is
        convened, nor a vote's results."""
        before = self._snapshot()
        self.login(self.staff)
        self.assertAllRefused(
            [
                (MEMBER, "write", self._member(self.open_assembly, self.org).ids, {"partner_id": self.third_org.id}),
                (MEMBER, "write", self._member(self.open_assembly, self.org).ids, {"college_id": self.college.id}),
                (RESULT, "write", self.closed_vote.result_ids.ids, {"votes": 0}),
            ]
        )
        self.assertUnchanged(before)

    # ------------------------------------------------------------ finding 7
    def test_the_directory_search_does_not_read_internal_notes(self):
        """Finding 7: a member searches the directory by name, sector, axis
        and public description, never by the staff's internal notes; and
        reads no internal note through RPC."""
        self.other_org.directory_consent = True
        self.login(self.member)
        text = self.url_open("/my/directory?search=pays late").text
        self.assertNotIn("Caracole (rpc test)", text)
        text = self.url_open("/my/directory?search=a cooperative").text
        self.assertIn("Caracole (rpc test)", text)
        self.assertNotIn("pays late", text)
        self.assertAllRefused(
            [
                (PARTNER, "read", self.org.ids, ["comment"]),
                (PARTNER, "search_read", [("comment", "ilike", "pays late")], ["name"]),
                (PARTNER, "write", self.org.ids, {"comment": "<p>Pirate</p>"}),
            ]
        )
        described = self.assertAllowed(self.call(PARTNER, "fields_get", attributes=["type"]))
        self.assertNotIn("comment", described)
        self.assertIn("periscope_description", described)

    def test_members_staff_are_not_contact_administrators(self):
        """Finding 7: the members' staff create and update contacts; they do
        not delete them, nor the membership lines that make a membership."""
        self.assertFalse(self.staff.has_group("base.group_partner_manager"))
        self.assertFalse(self.manager.has_group("base.group_partner_manager"))
        before = self._snapshot()
        for user in (self.staff, self.manager, self.employee):
            self.login(user)
            with self.subTest(user=user.login):
                self.assertAllRefused(
                    [
                        (PARTNER, "unlink", self.unlinked_person.ids),
                        (LINE, "write", self.org.member_lines.ids, {"date_to": "2099-12-31"}),
                        (LINE, "unlink", self.org.member_lines.ids),
                        (
                            LINE,
                            "create",
                            {
                                "partner": self.third_org.id,
                                "date": "2026-01-01",
                                "membership_id": (self.member_type.membership_product_id.id),
                            },
                        ),
                        (MOVE, "write", self.invoice.ids, {"ref": "Pirate"}),
                        ("res.partner.category", "create", {"name": "Pirate"}),
                    ]
                )
        self.assertUnchanged(before)
        self.login(self.employee)
        self.assertRefused(self.call(PARTNER, "write", self.unlinked_person.ids, {"phone": "0"}), "AccessError")

    def _configuration_calls(self, mine):
        """What configures, convenes, opens, closes, renews or deletes: none
        of it the staff's (``mine``, the member's organisation convened to
        the open assembly)."""
        return [
            ("periscope.member.type", "write", self.member_type.ids, {"included_booking_hours": 99}),
            ("periscope.college", "write", self.college.ids, {"weight": 100}),
            ("periscope.college", "create", {"name": "Pirate", "weight": 0}),
            (ASSEMBLY, "create", {"name": "Pirate", "date": "2026-01-01 10:00:00"}),
            (ASSEMBLY, "write", self.open_assembly.ids, {"name": "Pirate"}),
            (ASSEMBLY, "action_convene", self.open_assembly.ids),
            (ASSEMBLY, "action_open_session", self.open_assembly.ids),
            (ASSEMBLY, "action_close", self.open_assembly.ids),
            (ASSEMBLY, "action_cancel", self.open_assembly.ids),
            (RESOLUTION, "action_open", self.open_vote.ids),
            (RESOLUTION, "action_close", self.open_vote.ids),
            (RESOLUTION, "write", self.open_vote.ids, {"name": "Pirate"}),
            (RESOLUTION, "create", {"assembly_id": self.open_assembly.id, "name": "P"}),
            (BALLOT, "unlink", self.closed_vote.ballot_ids.ids),
            (KEY_FIGURE, "unlink", self.declaration.ids),
            (MEMBER, "_ballot_count", mine.ids),
            ("periscope.membership.renewal", "create", {"year": self.year}),
        ]

    def _assert_staff_read_the_members_records(self):
        for model, records in (
            (KEY_FIGURE, self.declaration | self.other_declaration),
            (ASSEMBLY, self.open_assembly | self.foreign_assembly),
            (BALLOT, self.closed_vote.ballot_ids),
            (RESULT, self.closed_vote.result_ids),
            (LINE, self.org.member_lines),
        ):
            with self.subTest(reads=model):
                self.assertAllowed(self.call(model, "read", records.ids, ["id"]))

    def test_staff_run_the_day_and_configure_nothing(self):
        """The members' staff read the members' records, declare key
        figures, record attendance and votes in the room; they configure,
        convene, open, close, renew and delete nothing. A plain employee
        reads none of the declarations and assemblies."""
        before = self._snapshot()
        self.login(self.staff)
        self._assert_staff_read_the_members_records()
        mine = self._member(self.open_assembly, self.org)
        self.assertAllRefused(self._configuration_calls(mine))
        self.assertUnchanged(before)
        self.assertAllowed(self.call(MEMBER, "action_mark_present", mine.ids))
        self.assertEqual(mine.attendance, "present")
        wizard = self.assertAllowed(
            self.call(
                "periscope.assembly.vote",
                "create",
                {
                    "resolution_id": self.open_vote.id,
                    "member_id": mine.id,
                    "option_id": self._option(self.open_vote, "against").id,
                },
            )
        )
        self.assertAllowed(self.call("periscope.assembly.vote", "action_record", [wizard]))
        self.assertEqual(self.open_vote.ballot_ids.user_id, self.staff)
        self.assertAllowed(self.call(KEY_FIGURE, "create", {"partner_id": self.third_org.id, "fte": 2}))
        # a plain employee
        self.login(self.employee)
        self.assertAllRefused(
            [
                (KEY_FIGURE, "read", self.declaration.ids, ["fte"]),
                (ASSEMBLY, "read", self.open_assembly.ids, ["name"]),
                (BALLOT, "search_read", [], ["member_id"]),
                (MEMBER, "action_mark_absent", mine.ids),
            ]
        )

    def test_the_portal_home_counts_for_an_employee(self):
        """Finding 7: an employee without the members' rights opens their
        portal home; the members' counters are empty, not an error."""
        self.login(self.employee)
        counters = self.make_jsonrpc_request(
            "/my/counters",
            {"counters": ["periscope_membership_count", "periscope_directory_count", "periscope_assembly_count"]},
        )
        self.assertEqual(counters["periscope_assembly_count"], 0)
        self.assertEqual(counters["periscope_membership_count"], 0)

    # ------------------------------------------------------------ everything else
    def test_members_reach_nothing_else(self):
        """Every model of the addon, and what it widens: a member, their
        colleague and a member of another organisation write, create and
        delete nothing; they read what is their organisation's."""
        before = self._snapshot()
        for user in (self.member, self.colleague, self.outsider):
            self.login(user)
            with self.subTest(user=user.login):
                self.assertAllRefused(self._writes_and_deletions())
        self.assertUnchanged(before)
        # what the member reads: their organisation's, not the others'
        self.login(self.member)
        for model, records in (
            (KEY_FIGURE, self.declaration),
            (MOVE, self.invoice),
            (ASSEMBLY, self.open_assembly),
            (RESULT, self.closed_vote.result_ids),
            (PARTNER, self.colleague_person),
        ):
            with self.subTest(allowed=model):
                self.assertAllowed(self.call(model, "read", records.ids, ["display_name"]))
        self.assertAllRefused(
            [
                (KEY_FIGURE, "read", self.other_declaration.ids, ["fte"]),
                (MOVE, "read", self.other_invoice.ids, ["amount_total"]),
                (LINE, "read", self.org.member_lines.ids, ["state"]),
                (PARTNER, "read", self.outsider_person.ids, ["email"]),
                (PARTNER, "read", self.other_org.ids, ["phone"]),
            ]
        )
        found = self.assertAllowed(self.call(KEY_FIGURE, "search_read", [], ["partner_id"]))
        self.assertEqual({row["partner_id"][0] for row in found}, {self.org.id})
        found = self.assertAllowed(self.call(PARTNER, "search_read", [("email", "ilike", "chloe")], ["name"]))
        self.assertFalse(found)
        # the actions of the wizards, on the administrator's wizard
        renewal = self.env["periscope.membership.renewal"].with_user(self.manager).create({"year": self.year})
        report = self.env["periscope.key.figure.report"].with_user(self.manager).create({"year": self.year - 1})
        self.assertAllRefused(
            [
                ("periscope.membership.renewal", "action_renew", renewal.ids),
                ("periscope.key.figure.report", "action_download_csv", report.ids),
                ("periscope.key.figure.report", "action_print", report.ids),
                (PARTNER, "action_periscope_anonymise", self.colleague_person.ids),
            ]
        )
        self.assertUnchanged(before)

    # ------------------------------------------------------------ finding 8
    def test_a_person_downloads_their_data(self):
        """Finding 8: a person downloads what the hub holds about them, not
        about their colleagues."""
        self.login(self.member)
        self.call(RESOLUTION, "action_vote", self.open_vote.ids, self._option(self.open_vote, "for").id)
        response = self.url_open("/my/personal-data")
        self.assertEqual(response.status_code, 200)
        self.assertIn("attachment", response.headers["Content-Disposition"])
        data = json.loads(response.content)
        self.assertEqual(data["contact"]["email"], "alice@coop.example.org")
        self.assertEqual(data["organisation"], "Coop'Action (rpc test)")
        self.assertEqual(data["logins"], ["memb_rpc_member"])
        self.assertEqual(len(data["ballots_cast"]), 1)
        self.assertNotIn("bruno", response.text)
        self.assertNotIn("pays late", response.text)

    def test_the_administrator_erases_a_person(self):
        """Finding 8: the members' administrator erases a person on their
        request: anonymous, archived, their portal account closed, the
        invoices kept; nobody else does, and no organisation is erased."""
        person = self.outsider_person
        self.login(self.staff)
        self.assertRefused(self.call(PARTNER, "action_periscope_anonymise", person.ids), "AccessError")
        self.login(self.manager)
        self.assertRefused(self.call(PARTNER, "action_periscope_anonymise", self.other_org.ids), "UserError")
        self.assertRefused(self.call(PARTNER, "action_periscope_anonymise", self.staff.partner_id.ids), "UserError")
        self.assertEqual(person.name, "Chloé Sicre")
        self.assertAllowed(self.call(PARTNER, "action_periscope_anonymise", person.ids))
        person = person.with_context(active_test=False)
        self.assertRecordValues(
            person,
            [{"name": f"Erased person {person.id}", "email": False, "phone": False, "street": False, "active": False}],
        )
        self.assertFalse(self.outsider.with_context(active_test=False).active)
        self.assertNotIn("chloe", self.outsider.with_context(active_test=False).login)
        # the invoices of the organisation are kept
        self.assertTrue(self.other_invoice.exists())
        self.assertEqual(self.other_invoice.state, "posted")
