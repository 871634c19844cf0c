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


class _Race:
    """What the steps of one race share: the barrier they all reach before
    writing, the first step (if any) and the event of its end, whether a
    concurrency failure is tried again, and each step's outcome."""

    def __init__(self, count, first, retry):
        self.barrier = threading.Barrier(count)
        self.first = first
        self.first_done = threading.Event()
        self.retry = retry
        self.outcomes = {}


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
        race = _Race(len(steps), first, retry)
        self.race_tries = {}
        threads = [
            threading.Thread(target=self._run_race_step, args=(race, name, step)) for name, step in steps.items()
        ]
        with mute_logger("odoo.sql_db"):
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=timeout)
        return race.outcomes

    def _try_race_step(self, race, name, step, attempt):
        """One transaction of the step ``name``: its snapshot read, on its
        first try the wait for the others (and for the first step), then its
        writes, committed."""
        with self.registry.cursor() as cr:
            env = self._env(cr)
            self._snapshot_read(env)
            if attempt == 1:
                race.barrier.wait(timeout=10)
                if race.first and name != race.first:
                    race.first_done.wait(timeout=20)
            step(env)
            env.flush_all()

    def _run_race_step(self, race, name, step):
        """The step ``name`` tried until it commits, is refused, fails, or
        has no try left; its outcome in ``race.outcomes``."""
        try:
            for attempt in range(1, MAX_TRIES + 1):
                self.race_tries[name] = attempt
                try:
                    self._try_race_step(race, name, step, attempt)
                except OperationalError as error:
                    retried = error.pgcode in PG_CONCURRENCY_ERRORS_TO_RETRY
                    if not retried:
                        race.outcomes[name] = f"error: {error}"
                        return
                    if not race.retry or attempt == MAX_TRIES:
                        race.outcomes[name] = f"concurrency: {error.pgcode}"
                        return
                    time.sleep(random.uniform(0.0, 0.2))
                    continue
                race.outcomes[name] = "committed"
                return
        except UserError as error:
            race.outcomes[name] = f"refused: {error}"
        finally:
            if name == race.first:
                race.first_done.set()

    def _snapshot_read(self, env):
        """What each step reads before the others write (its snapshot)."""
        env.cr.execute("SELECT 1")

    def assertOneRefused(self, outcomes, message):
        self.assertEqual(
            sorted(outcome.split(":")[0] for outcome in outcomes.values()), ["committed", "refused"], outcomes
        )
        refusal = next(o for o in outcomes.values() if o.startswith("refused"))
        self.assertIn(message, refusal)
