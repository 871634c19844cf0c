# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Races in real transactions: each step runs in its own thread, with its own
cursor, built on the registry the test already has (the test runner holds
the registry lock)."""

import random
import threading
import time

from psycopg2 import OperationalError

from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError
from odoo.modules.registry import Registry
from odoo.service.model import MAX_TRIES_ON_CONCURRENCY_FAILURE as MAX_TRIES
from odoo.service.model import PG_CONCURRENCY_ERRORS_TO_RETRY
from odoo.tests import BaseCase, get_db_name
from odoo.tools import mute_logger


class TwoConnectionsCase(BaseCase):
    """Tests that commit in transactions of their own."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = Registry(get_db_name())

    def _env(self, cr):
        cr.transaction = api.Transaction(self.registry)
        return api.Environment(cr, SUPERUSER_ID, {})

    def _race(self, steps, first=None, retry=True, timeout=60):
        """Run each step of ``steps`` (a name: a function of an environment)
        in its own transaction. Each step first reads (``_snapshot_read``,
        its snapshot taken), then waits for the others to have read too,
        then writes and commits. With ``first``, the others wait for that
        step to have committed (or been refused) before they write: the
        snapshot of the others is older than what the first committed. With
        ``retry``, what the database stops as a concurrency failure (40001,
        40P01, 55P03) is tried again in a new transaction, as Odoo's request
        layer does (``odoo.service.model.retrying``, which cannot run here: it
        reloads the registry, whose lock the test runner holds). Returns each
        step's outcome: "committed", "refused: <the message>" (a UserError),
        "concurrency: <pgcode>" (stopped, no try left) or "error: <it>";
        ``self.race_tries`` has the transactions each step took."""
        barrier = threading.Barrier(len(steps))
        first_done = threading.Event()
        outcomes = {}
        self.race_tries = {}

        def attempt_step(name, step, attempt):
            with self.registry.cursor() as cr:
                env = self._env(cr)
                self._snapshot_read(env)
                if attempt == 1:
                    barrier.wait(timeout=10)
                    if first and name != first:
                        first_done.wait(timeout=20)
                step(env)
                env.flush_all()

        def run(name, step):
            try:
                for attempt in range(1, MAX_TRIES + 1):
                    self.race_tries[name] = attempt
                    try:
                        attempt_step(name, step, attempt)
                    except OperationalError as error:
                        retried = error.pgcode in PG_CONCURRENCY_ERRORS_TO_RETRY
                        if not retried:
                            outcomes[name] = f"error: {error}"
                            return
                        if not retry or attempt == MAX_TRIES:
                            outcomes[name] = f"concurrency: {error.pgcode}"
                            return
                        time.sleep(random.uniform(0.0, 0.2))
                        continue
                    outcomes[name] = "committed"
                    return
            except UserError as error:
                outcomes[name] = f"refused: {error}"
            finally:
                if name == first:
                    first_done.set()

        threads = [threading.Thread(target=run, args=(name, step)) for name, step in steps.items()]
        with mute_logger("odoo.sql_db"):
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=timeout)
        return outcomes

    def _snapshot_read(self, env):
        """What each step reads before the others write (its snapshot)."""
        env.cr.execute("SELECT 1")

    def assertOneRefused(self, outcomes, message):
        self.assertEqual(
            sorted(outcome.split(":")[0] for outcome in outcomes.values()), ["committed", "refused"], outcomes
        )
        refusal = next(o for o in outcomes.values() if o.startswith("refused"))
        self.assertIn(message, refusal)
