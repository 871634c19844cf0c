# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, timedelta

from psycopg2 import errorcodes

from odoo import Command
from odoo.tests import tagged

from odoo.addons.periscope_members.tests.concurrency import TwoConnectionsCase


@tagged("post_install", "-at_install")
class TestConcurrentHubEventRegistrations(TwoConnectionsCase):
    """Two visitors register for the last seat of an event of the hub at the
    same instant, in two real transactions, as the public page does: exactly
    one registration commits, the other is told the event is full."""

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = self._env(cr)
            begin = datetime.now().replace(microsecond=0) + timedelta(days=30)
            event = env["event.event"].create(
                {
                    "name": "Race open day",
                    "is_hub_event": True,
                    "periscope_public": True,
                    "date_begin": begin,
                    "date_end": begin + timedelta(hours=3),
                    "seats_limited": True,
                    "seats_max": 2,
                }
            )
            # no mail on registration: the mail schedulers' own writes must not
            # be what serialises the registrations
            event.event_mail_ids = [Command.clear()]
            self.event = event.id
            # one seat of two is taken
            env["event.registration"].create({"event_id": self.event, "name": "First visitor"})

    def tearDown(self):
        with self.registry.cursor() as cr:
            event = self._env(cr)["event.event"].browse(self.event)
            event.with_context(active_test=False).registration_ids.unlink()
            event.unlink()
        super().tearDown()

    def _snapshot_read(self, env):
        # the snapshot is taken: one seat is left
        env["event.event"].browse(self.event).read(["seats_available"])

    def _register_all(self, names, retry=True):
        def register(name):
            return lambda env: (
                env["event.event"].browse(self.event)._periscope_register_attendee(name, f"{name.lower()}@example.com")
            )

        return self._race({name: register(name) for name in names}, retry=retry)

    def _registered(self):
        with self.registry.cursor() as cr:
            return self._env(cr)["event.registration"].search_count(
                [("event_id", "=", self.event), ("state", "in", ("open", "done"))]
            )

    def test_exactly_one_visitor_takes_the_last_seat(self):
        outcomes = self._register_all(["Alice", "Bob"])
        self.assertOneRefused(outcomes, "is full")
        self.assertEqual(self._registered(), 2)

    def test_the_second_transaction_fails_before_any_retry(self):
        # the loser's snapshot predates the winner's commit: the database
        # stops it, and Odoo's request layer tries it again
        outcomes = self._register_all(["Alice", "Bob"], retry=False)
        self.assertEqual(
            sorted(outcomes.values()), ["committed", f"concurrency: {errorcodes.SERIALIZATION_FAILURE}"], outcomes
        )
        self.assertEqual(self._registered(), 2)
