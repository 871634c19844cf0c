# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import random
import threading
import time
from datetime import datetime, timedelta

from psycopg2 import errorcodes
from psycopg2.errors import SerializationFailure

from odoo import SUPERUSER_ID, Command, api
from odoo.exceptions import ValidationError
from odoo.modules.registry import Registry
from odoo.service.model import MAX_TRIES_ON_CONCURRENCY_FAILURE as MAX_TRIES
from odoo.tests import BaseCase, get_db_name, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestConcurrentRegistrations(BaseCase):
    """Two people register for the last seat of a training session at the same
    instant, in two real transactions: exactly one registration commits, the
    other gets the seats error, whatever the timing."""

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
            self.programme = (
                env["periscope.training.programme"]
                .create({"name": "Race programme", "duration_hours": 3.5})
                .id
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
            env["event.registration"].create(
                {"event_id": self.session, "name": "First trainee"}
            )

    def tearDown(self):
        with self.registry.cursor() as cr:
            env = self._env(cr)
            session = env["event.event"].browse(self.session)
            session.with_context(active_test=False).registration_ids.unlink()
            session.unlink()
            env["periscope.training.programme"].browse(self.programme).unlink()
        super().tearDown()

    def _race(self, names, retry=True):
        """Each name registers in its own transaction, both having read the
        session (their snapshot taken) before either writes. With ``retry``,
        a serialization failure is retried in a new transaction, as Odoo's
        request layer does (``odoo.service.model.retrying``, which cannot run
        here: it reloads the registry, whose lock the test runner holds)."""
        barrier = threading.Barrier(len(names))
        outcomes = {}

        def register(name):
            try:
                for attempt in range(1, MAX_TRIES + 1):
                    try:
                        # committed when the block ends, rolled back on error
                        with self.registry.cursor() as cr:
                            env = self._env(cr)
                            if attempt == 1:
                                # the snapshot is taken: one seat is left
                                session = env["event.event"].browse(self.session)
                                session.read(["seats_available"])
                                barrier.wait(timeout=10)
                            env["event.registration"].create(
                                {"event_id": self.session, "name": name}
                            )
                            env.flush_all()
                        break
                    except SerializationFailure:
                        if not retry or attempt == MAX_TRIES:
                            raise
                        time.sleep(random.uniform(0.0, 0.2))
                outcomes[name] = "committed"
            except ValidationError as error:
                outcomes[name] = f"refused: {error}"
            except SerializationFailure as error:
                outcomes[name] = f"serialization: {error.pgcode}"

        threads = [threading.Thread(target=register, args=(n,)) for n in names]
        with mute_logger("odoo.sql_db"):
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=60)
        return outcomes

    def _registered(self):
        with self.registry.cursor() as cr:
            env = self._env(cr)
            return env["event.registration"].search_count(
                [("event_id", "=", self.session), ("state", "in", ("open", "done"))]
            )

    def test_exactly_one_registration_takes_the_last_seat(self):
        outcomes = self._race(["Alice", "Bob"])
        self.assertEqual(
            sorted(o.split(":")[0] for o in outcomes.values()),
            ["committed", "refused"],
            outcomes,
        )
        refusal = next(o for o in outcomes.values() if o.startswith("refused"))
        self.assertIn("not enough seats", refusal)
        self.assertEqual(self._registered(), 2)

    def test_the_second_transaction_fails_before_any_retry(self):
        # what the request layer retries: the loser's snapshot predates the
        # winner's commit, so it cannot count the winner's registration; the
        # database stops it instead of letting it overbook
        outcomes = self._race(["Alice", "Bob"], retry=False)
        self.assertEqual(
            sorted(outcomes.values()),
            ["committed", f"serialization: {errorcodes.SERIALIZATION_FAILURE}"],
            outcomes,
        )
        self.assertEqual(self._registered(), 2)
