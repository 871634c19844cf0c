# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from .concurrency import TwoConnectionsCase


@tagged("post_install", "-at_install")
class TestConcurrentStaffLoans(TwoConnectionsCase):
    """Two loans of the same person, 100 hours a month each, for a working
    time of 151.67, are started at the same instant in two real transactions:
    one runs, the other is refused once Odoo has tried it again."""

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = self._env(cr)
            lender, first, second = env["res.partner"].create(
                [{"name": name, "is_company": True} for name in ("Race lender", "Race borrower 1", "Race borrower 2")]
            )
            person = env["res.partner"].create(
                {"name": "Race person", "parent_id": lender.id, "periscope_monthly_hours": 151.67}
            )
            loans = env["periscope.staff.loan"].create(
                [
                    {
                        "name": "Race loan",
                        "lender_id": lender.id,
                        "borrower_id": borrower.id,
                        "employee_id": person.id,
                        "date_start": "2026-01-01",
                        "date_end": "2026-12-31",
                        "hours_per_month": 100.0,
                        "cost_price": 30.0,
                        "hourly_rate": 30.0,
                    }
                    for borrower in (first, second)
                ]
            )
            self.partners = [lender.id, first.id, second.id, person.id]
            self.loans = loans.ids

    def tearDown(self):
        with self.registry.cursor() as cr:
            env = self._env(cr)
            loans = env["periscope.staff.loan"].browse(self.loans)
            loans.month_ids.unlink()
            # a loan that ran is kept, but this one was a test's
            loans.write({"state": "cancelled"})
            loans.unlink()
            env["res.partner"].browse(self.partners).unlink()
        super().tearDown()

    def _snapshot_read(self, env):
        env["periscope.staff.loan"].search_count([("employee_id", "=", self.partners[-1]), ("state", "=", "active")])

    def _start(self, index):
        def step(env):
            # the chatter's mails go through the queue (no mail server in a
            # test's thread)
            loan = env["periscope.staff.loan"].with_context(mail_notify_force_send=False).browse(self.loans[index])
            loan.action_activate()

        return step

    def test_two_loans_started_at_once_never_over_commit_the_person(self):
        outcomes = self._race({"first": self._start(0), "second": self._start(1)})
        self.assertOneRefused(outcomes, "more than their working time")
        with self.registry.cursor() as cr:
            env = self._env(cr)
            states = env["periscope.staff.loan"].browse(self.loans).mapped("state")
            self.assertEqual(sorted(states), ["active", "draft"])
        self.assertEqual(max(self.race_tries.values()), 2, "the second was stopped by the database and tried again")

    def test_without_the_retry_the_database_stops_the_second(self):
        outcomes = self._race({"first": self._start(0), "second": self._start(1)}, retry=False)
        self.assertEqual(sorted(o.split(":")[0] for o in outcomes.values()), ["committed", "concurrency"], outcomes)
