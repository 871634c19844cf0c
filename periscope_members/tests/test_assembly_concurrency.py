# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import random
import threading
import time

from psycopg2.errors import SerializationFailure

from odoo import SUPERUSER_ID, Command, api
from odoo.exceptions import UserError
from odoo.modules.registry import Registry
from odoo.service.model import MAX_TRIES_ON_CONCURRENCY_FAILURE as MAX_TRIES
from odoo.tests import BaseCase, get_db_name, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestConcurrentBallots(BaseCase):
    """The same organisation votes twice on one resolution at the same
    instant — two people of it, on two screens —, in two real transactions:
    exactly one ballot is kept, the other vote is refused."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = Registry(get_db_name())

    def _env(self, cr):
        cr.transaction = api.Transaction(self.registry)
        return api.Environment(cr, SUPERUSER_ID, {})

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = self._env(cr)
            college = env["periscope.college"].create(
                {"name": "Race college", "weight": 0.0, "active": False}
            )
            organisation = env["res.partner"].create(
                {
                    "name": "Race organisation",
                    "is_company": True,
                    "free_member": True,
                    "periscope_member_type_id": env.ref(
                        "periscope_members.member_type_permanent_resident"
                    ).id,
                    "periscope_college_id": college.id,
                }
            )
            assembly = env["periscope.assembly"].create(
                {
                    "name": "Race assembly",
                    "date": "2026-06-12 16:00:00",
                    "state": "in_session",
                    "college_line_ids": [
                        Command.create(
                            {
                                "college_id": college.id,
                                "weight": 100.0,
                                "member_count": 1,
                            }
                        )
                    ],
                    "member_ids": [
                        Command.create(
                            {
                                "partner_id": organisation.id,
                                "college_id": college.id,
                                "attendance": "present",
                            }
                        )
                    ],
                }
            )
            resolution = env["periscope.assembly.resolution"].create(
                {"assembly_id": assembly.id, "name": "Race resolution"}
            )
            resolution.action_open()
            self.ids = {
                "college": college.id,
                "organisation": organisation.id,
                "assembly": assembly.id,
                "resolution": resolution.id,
                "member": assembly.member_ids.id,
                "for": resolution.option_ids.filtered(lambda o: o.kind == "for").id,
                "against": resolution.option_ids.filtered(
                    lambda o: o.kind == "against"
                ).id,
            }

    def tearDown(self):
        with self.registry.cursor() as cr:
            env = self._env(cr)
            env["periscope.assembly.ballot"].search(
                [("resolution_id", "=", self.ids["resolution"])]
            ).unlink()
            env["periscope.assembly"].browse(self.ids["assembly"]).write(
                {"state": "draft"}
            )
            env["periscope.assembly.resolution"].browse(self.ids["resolution"]).write(
                {"state": "draft"}
            )
            env["periscope.assembly"].browse(self.ids["assembly"]).unlink()
            env["res.partner"].browse(self.ids["organisation"]).unlink()
            env["periscope.college"].browse(self.ids["college"]).unlink()
        super().tearDown()

    def _race(self, choices):
        """Each choice is voted in its own transaction, both having read the
        resolution (their snapshot taken) before either writes; a
        serialization failure is retried in a new transaction, as Odoo's
        request layer does."""
        barrier = threading.Barrier(len(choices))
        outcomes = {}

        def vote(choice):
            try:
                for attempt in range(1, MAX_TRIES + 1):
                    try:
                        with self.registry.cursor() as cr:
                            env = self._env(cr)
                            resolution = env["periscope.assembly.resolution"].browse(
                                self.ids["resolution"]
                            )
                            if attempt == 1:
                                resolution.read(["state", "ballot_count"])
                                barrier.wait(timeout=10)
                            resolution.action_vote(
                                env["periscope.assembly.option"].browse(
                                    self.ids[choice]
                                ),
                                env["periscope.assembly.member"].browse(
                                    self.ids["member"]
                                ),
                            )
                            env.flush_all()
                        break
                    except SerializationFailure:
                        if attempt == MAX_TRIES:
                            raise
                        time.sleep(random.uniform(0.0, 0.2))
                outcomes[choice] = "committed"
            except UserError as error:
                outcomes[choice] = f"refused: {error}"

        threads = [threading.Thread(target=vote, args=(c,)) for c in choices]
        with mute_logger("odoo.sql_db"):
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=60)
        return outcomes

    def test_two_simultaneous_votes_leave_one_ballot(self):
        outcomes = self._race(["for", "against"])
        self.assertEqual(
            sorted(o.split(":")[0] for o in outcomes.values()),
            ["committed", "refused"],
            outcomes,
        )
        refusal = next(o for o in outcomes.values() if o.startswith("refused"))
        self.assertIn("has already voted", refusal)
        with self.registry.cursor() as cr:
            env = self._env(cr)
            ballots = env["periscope.assembly.ballot"].search(
                [("resolution_id", "=", self.ids["resolution"])]
            )
            self.assertEqual(len(ballots), 1)
            winner = next(c for c, o in outcomes.items() if o == "committed")
            self.assertEqual(ballots.option_id.id, self.ids[winner])
