# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.tests import tagged

from .concurrency import TwoConnectionsCase


class AssemblyRaceCase(TwoConnectionsCase):
    """An assembly of ``ORGANISATIONS`` committed in its own transaction,
    deleted afterwards."""

    ORGANISATIONS = ("Race organisation",)
    STATE = "in_session"

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = self._env(cr)
            college = env["periscope.college"].create({"name": "Race college", "weight": 0.0, "active": False})
            member_type = env.ref("periscope_members.member_type_permanent_resident")
            organisations = env["res.partner"].create(
                [
                    {
                        "name": name,
                        "is_company": True,
                        "free_member": True,
                        "periscope_member_type_id": member_type.id,
                        "periscope_college_id": college.id,
                    }
                    for name in self.ORGANISATIONS
                ]
            )
            assembly = env["periscope.assembly"].create(
                {
                    "name": "Race assembly",
                    "date": "2026-06-12 16:00:00",
                    "state": self.STATE,
                    "max_proxies": 1,
                    "college_line_ids": [
                        Command.create({"college_id": college.id, "weight": 100.0, "member_count": len(organisations)})
                    ],
                    "member_ids": [
                        Command.create(
                            {
                                "partner_id": organisation.id,
                                "college_id": college.id,
                                "attendance": "present" if self.STATE == "in_session" else "absent",
                            }
                        )
                        for organisation in organisations
                    ],
                }
            )
            self.ids = {
                "college": college.id,
                "organisations": organisations.ids,
                "assembly": assembly.id,
                "members": [assembly.member_ids.filtered(lambda m, o=o: m.partner_id == o).id for o in organisations],
            }
            self._setup_more(env, assembly)

    def _setup_more(self, env, assembly):
        """More of the race's data, in the same transaction."""

    def tearDown(self):
        with self.registry.cursor() as cr:
            # a closed vote no longer changes, whoever asks: its rows go
            # in SQL, the ballots first (they hold their organisations)
            cr.execute("DELETE FROM periscope_assembly_ballot WHERE assembly_id = %s", (self.ids["assembly"],))
            cr.execute("DELETE FROM periscope_assembly WHERE id = %s", (self.ids["assembly"],))
            env = self._env(cr)
            env["res.partner"].browse(self.ids["organisations"]).unlink()
            env["periscope.college"].browse(self.ids["college"]).unlink()
        super().tearDown()

    def _members(self, env):
        return env["periscope.assembly.member"].browse(self.ids["members"])


@tagged("post_install", "-at_install")
class TestConcurrentBallots(AssemblyRaceCase):
    """Votes, and the close of the vote, at the same instant in two real
    transactions: each ballot kept is counted, or the vote is refused."""

    def _setup_more(self, env, assembly):
        resolution = env["periscope.assembly.resolution"].create(
            {"assembly_id": assembly.id, "name": "Race resolution"}
        )
        resolution.action_open()
        self.ids.update(
            resolution=resolution.id,
            **{kind: resolution.option_ids.filtered(lambda o, k=kind: o.kind == k).id for kind in ("for", "against")},
        )

    def _snapshot_read(self, env):
        self._resolution(env).read(["state", "ballot_count"])

    def _resolution(self, env):
        return env["periscope.assembly.resolution"].browse(self.ids["resolution"])

    def _vote(self, choice):
        def step(env):
            self._resolution(env).action_vote(
                env["periscope.assembly.option"].browse(self.ids[choice]), self._members(env)
            )

        return step

    def _close(self, env):
        self._resolution(env).action_close()

    def _ballots_and_counted(self):
        """The ballots kept, and the votes the result counted."""
        with self.registry.cursor() as cr:
            env = self._env(cr)
            resolution = self._resolution(env)
            totals = resolution.result_ids.filtered(lambda r: not r.college_id)
            return (len(resolution.ballot_ids), sum(totals.mapped("votes")), resolution.state)

    def test_two_simultaneous_votes_leave_one_ballot(self):
        outcomes = self._race({"for": self._vote("for"), "against": self._vote("against")})
        self.assertOneRefused(outcomes, "has already voted")
        with self.registry.cursor() as cr:
            env = self._env(cr)
            ballots = self._resolution(env).ballot_ids
            self.assertEqual(len(ballots), 1)
            winner = next(c for c, o in outcomes.items() if o == "committed")
            self.assertEqual(ballots.option_id.id, self.ids[winner])

    def test_a_vote_committed_while_closing_is_counted(self):
        """The vote commits after the close began: the close counts it (it
        closes again, in a new transaction that sees the ballot)."""
        outcomes = self._race({"vote": self._vote("for"), "close": self._close}, "vote")
        self.assertEqual(outcomes, {"vote": "committed", "close": "committed"})
        self.assertEqual(self._ballots_and_counted(), (1, 1, "closed"))

    def test_a_vote_after_the_close_is_refused(self):
        outcomes = self._race({"vote": self._vote("for"), "close": self._close}, "close")
        self.assertEqual(outcomes["close"], "committed")
        self.assertIn("is not open", outcomes["vote"])
        self.assertEqual(self._ballots_and_counted(), (0, 0, "closed"))

    def test_a_vote_and_the_close_at_the_same_instant(self):
        outcomes = self._race({"vote": self._vote("for"), "close": self._close})
        self.assertEqual(outcomes["close"], "committed")
        ballots, counted, state = self._ballots_and_counted()
        self.assertEqual(state, "closed")
        self.assertEqual(ballots, counted, outcomes)
        self.assertEqual(ballots, 1 if outcomes["vote"] == "committed" else 0)


@tagged("post_install", "-at_install")
class TestConcurrentProxies(AssemblyRaceCase):
    """Proxies given at the same instant, in two real transactions: an
    organisation never carries more proxies than the assembly allows (one),
    and a proxy is never passed on."""

    ORGANISATIONS = ("Race ADEPES", "Race Caracole", "Race URSCOP")
    STATE = "convened"

    def _snapshot_read(self, env):
        members = self._members(env)
        members.read(["attendance", "proxy_holder_id", "carried_proxy_ids"])

    def _give(self, giver, holder):
        def step(env):
            members = self._members(env)
            members[giver].action_give_proxy(members[holder])

        return step

    def _proxies(self):
        with self.registry.cursor() as cr:
            members = self._members(self._env(cr))
            return [members.ids.index(m.proxy_holder_id.id) if m.proxy_holder_id else None for m in members]

    def test_two_proxies_to_one_organisation(self):
        # ADEPES and Caracole give theirs to URSCOP
        outcomes = self._race({"adepes": self._give(0, 2), "caracole": self._give(1, 2)})
        self.assertOneRefused(outcomes, "already carries 1 proxies")
        self.assertEqual(sorted(self._proxies(), key=str), [2, None, None])

    def test_a_proxy_to_an_organisation_giving_its_own(self):
        # ADEPES gives its proxy to Caracole, which gives its own to URSCOP
        outcomes = self._race({"adepes": self._give(0, 1), "caracole": self._give(1, 2)})
        self.assertOneRefused(outcomes, "Proxies are not passed on")
        proxies = self._proxies()
        self.assertIn(proxies, ([1, None, None], [None, 2, None]))
