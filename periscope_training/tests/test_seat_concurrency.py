# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, timedelta

from psycopg2 import errorcodes

from odoo import Command
from odoo.tests import tagged

from odoo.addons.periscope_members.tests.concurrency import TwoConnectionsCase


@tagged("post_install", "-at_install")
class TestConcurrentRegistrations(TwoConnectionsCase):
    """Two people register for the last seat of a training session at the same
    instant, in two real transactions: exactly one registration commits, the
    other gets the seats error, whatever the timing."""

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = self._env(cr)
            self.programme = (
                env["periscope.training.programme"].create({"name": "Race programme", "duration_hours": 3.5}).id
            )
            begin = datetime.now().replace(microsecond=0) + timedelta(days=30)
            self.session = (
                env["event.event"]
                .create(
                    {
                        "name": "Race session",
                        "programme_id": self.programme,
                        "date_begin": begin,
                        "date_end": begin + timedelta(hours=3),
                        "seats_limited": True,
                        "seats_max": 2,
                    }
                )
                .id
            )
            # no mail on registration: the mail schedulers' own writes must not
            # be what serialises the registrations
            env["event.event"].browse(self.session).event_mail_ids = [Command.clear()]
            # one seat of two is taken
            env["event.registration"].create({"event_id": self.session, "name": "First trainee"})

    def tearDown(self):
        with self.registry.cursor() as cr:
            env = self._env(cr)
            session = env["event.event"].browse(self.session)
            session.with_context(active_test=False).registration_ids.unlink()
            session.unlink()
            env["periscope.training.programme"].browse(self.programme).unlink()
        super().tearDown()

    def _snapshot_read(self, env):
        # the snapshot is taken: one seat is left
        env["event.event"].browse(self.session).read(["seats_available"])

    def _register_all(self, names, retry=True):
        """Each name registers in its own transaction, both having read the
        session (their snapshot taken) before either writes; with ``retry``,
        as Odoo's request layer retries a concurrency failure."""

        def register(name):
            return lambda env: env["event.registration"].create({"event_id": self.session, "name": name})

        return self._race({name: register(name) for name in names}, retry=retry)

    def _registered(self):
        with self.registry.cursor() as cr:
            env = self._env(cr)
            return env["event.registration"].search_count(
                [("event_id", "=", self.session), ("state", "in", ("open", "done"))]
            )

    def test_exactly_one_registration_takes_the_last_seat(self):
        outcomes = self._register_all(["Alice", "Bob"])
        self.assertEqual(sorted(o.split(":")[0] for o in outcomes.values()), ["committed", "refused"], outcomes)
        refusal = next(o for o in outcomes.values() if o.startswith("refused"))
        self.assertIn("not enough seats", refusal)
        self.assertEqual(self._registered(), 2)

    def test_the_second_transaction_fails_before_any_retry(self):
        # what the request layer retries: the loser's snapshot predates the
        # winner's commit, so it cannot count the winner's registration; the
        # database stops it instead of letting it overbook
        outcomes = self._register_all(["Alice", "Bob"], retry=False)
        self.assertEqual(
            sorted(outcomes.values()), ["committed", f"concurrency: {errorcodes.SERIALIZATION_FAILURE}"], outcomes
        )
        self.assertEqual(self._registered(), 2)
