# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date
from unittest.mock import patch

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError
from odoo.service.model import _as_validation_error
from odoo.tests import Form, new_test_user, tagged
from odoo.tools import SQL, mute_logger

from odoo.addons.periscope_members.tests.concurrency import TwoConnectionsCase

from .common import PeriscopeConciergeCase, make_service

MARCH = date(2026, 3, 1)
APRIL = date(2026, 4, 1)


@tagged("post_install", "-at_install")
@freeze_time("2026-04-02 08:00:00")
class TestSettlement(PeriscopeConciergeCase):
    """The providers settled for March 2026 (Paris is UTC+1 until Sunday
    29 March, UTC+2 after)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # a share that rounds: 70 % of 1.15 is 0.805, paid 0.81
        cls.ironing = make_service(
            cls.env, "Repassage, la pièce (test)", cls.oil_provider, 1.15, share=("percent", 70.0)
        )
        cls.oil.supplier_taxes_id = [(5, 0, 0)]
        # the basket provider charges VAT on its share
        cls.purchase_tax = cls.env["account.tax"].create(
            {"name": "TVA déductible 10 % (test)", "amount": 10.0, "amount_type": "percent", "type_tax_use": "purchase"}
        )
        cls.basket.supplier_taxes_id = [(6, 0, cls.purchase_tax.ids)]
        cls.portal = new_test_user(
            cls.env, login="concierge_portal", groups="base.group_portal", partner_id=cls.other_employee.id
        )
        cls.providers = cls.oil_provider | cls.basket_provider

    # ------------------------------------------------------------ helpers
    def _collected(self, when, lines, beneficiary=None):
        """An order dropped off, done and collected at ``when`` (UTC)."""
        with freeze_time(when):
            order = self._order(beneficiary or self.other_employee, lines)
            self._to_desk(order)
            order.action_collect(order.pickup_code)
        return order

    def _collect_march(self):
        """Services collected in March in Paris, and some that are not."""
        self.first = self._collected("2026-03-03 10:00:00", [(self.ironing, 1)])
        self.second = self._collected("2026-03-10 10:00:00", [(self.ironing, 1), (self.oil, 2)])
        # 23:30 in Paris, still March
        self.last_evening = self._collected("2026-03-31 21:30:00", [(self.ironing, 1), (self.basket, 2)])
        # 00:30 on 1 April in Paris, though 31 March in UTC
        self.april = self._collected("2026-03-31 22:30:00", [(self.oil, 1)])
        with freeze_time("2026-03-20 10:00:00"):
            self.at_desk = self._to_desk(self._order(self.other_employee))
            self.cancelled = self._order(self.other_employee)
            self.cancelled.action_deposit()
            self.cancelled.action_cancel()

    def _settle(self, month=MARCH, user=None):
        """The run, as the manager; the settlements to check, as the
        superuser (the manager does not read the vendor bills)."""
        Settlement = self.env["periscope.concierge.settlement"]
        settlements = Settlement.with_user(user or self.manager)._settle_month(month)
        return settlements.with_env(self.env)

    def _bills(self):
        return self.env["account.move"].search(
            [("move_type", "=", "in_invoice"), ("partner_id", "in", self.providers.ids)]
        )

    def _lines(self, *orders):
        lines = self.env["periscope.concierge.order.line"]
        for order in orders:
            lines |= order.line_ids
        return lines

    # ------------------------------------------------------------ the run
    def test_one_settlement_and_one_draft_bill_per_provider(self):
        self._collect_march()
        self.assertEqual(self.ironing.lst_price, 1.15)
        self.assertEqual(self.first.line_ids.price_unit, 1.15)
        settlements = self._settle()
        self.assertEqual(settlements.provider_id, self.providers)
        by_provider = {s.provider_id: s for s in settlements}

        oil = by_provider[self.oil_provider]
        self.assertEqual((oil.period_start, oil.period_stop), (MARCH, date(2026, 3, 31)))
        march_oil = self._lines(self.first, self.second, self.last_evening).filtered(
            lambda line: line.provider_id == self.oil_provider
        )
        self.assertEqual(oil.line_ids, march_oil)
        self.assertEqual(oil.line_count, 4)
        # 3 pressings at 1.15 and 2 cans at 5.00; 3 x 0.81 + 7.00
        self.assertEqual(oil.revenue, 13.45)
        self.assertEqual(oil.amount, 9.43)
        self.assertEqual(oil.commission, 4.02)
        self.assertEqual(oil.amount, round(sum(march_oil.mapped("provider_share")), 2))
        self.assertEqual(oil.state, "draft")

        bill = oil.bill_id
        self.assertEqual(bill.move_type, "in_invoice")
        self.assertEqual(bill.state, "draft")
        self.assertEqual(bill.journal_id.type, "purchase")
        self.assertEqual(bill.partner_id, self.oil_provider)
        self.assertEqual(bill.amount_untaxed, 9.43)
        self.assertEqual(bill.amount_total, 9.43)  # no purchase tax
        self.assertEqual(
            sorted((line.product_id.id, line.quantity, line.price_unit) for line in bill.invoice_line_ids),
            sorted([(self.ironing.id, 3, 0.81), (self.oil.id, 1, 7.0)]),
        )
        analytic = self.env.ref("periscope_concierge.analytic_account_concierge")
        self.assertEqual(bill.invoice_line_ids[0].analytic_distribution, {str(analytic.id): 100})

        basket = by_provider[self.basket_provider]
        self.assertEqual(
            basket.line_ids, self.last_evening.line_ids.filtered(lambda line: line.product_id == self.basket)
        )
        # 2 baskets at 18.50, 16.00 each to the provider
        self.assertEqual((basket.revenue, basket.amount), (37.0, 32.0))
        self.assertEqual(basket.commission, 5.0)
        self.assertEqual(basket.bill_id.amount_untaxed, 32.0)
        # the provider's own VAT on top
        self.assertEqual(basket.bill_id.amount_tax, 3.2)
        self.assertIn("(2 Units each)", basket.bill_id.invoice_line_ids.name)

        # not settled: collected in April in Paris, not collected, cancelled
        for order in self.april | self.at_desk | self.cancelled:
            self.assertFalse(order.line_ids.settlement_id)
        self.assertEqual(self._bills(), settlements.bill_id)
        self.assertIn("4 services settled", oil.message_ids[0].body)

    def test_shares_that_round_add_up_to_the_cent(self):
        orders = [self._collected(f"2026-03-{day:02d} 10:00:00", [(self.ironing, 1)]) for day in (2, 3, 4)]
        lines = self._lines(*orders)
        self.assertEqual(lines.mapped("provider_share"), [0.81, 0.81, 0.81])
        settlement = self._settle()
        # 3 x 0.81, not 70 % of 3.45 (2.415, 2.42)
        self.assertEqual(settlement.amount, 2.43)
        self.assertEqual(settlement.revenue, 3.45)
        self.assertEqual(settlement.commission, 1.02)
        self.assertEqual(settlement.bill_id.amount_untaxed, 2.43)
        self.assertEqual(settlement.bill_id.amount_total, 2.43)
        self.assertEqual(settlement.commission, sum(lines.mapped("commission")), "the hub's share")

    def test_all_bills_by_one_account_move_create(self):
        self._collect_march()
        Move = type(self.env["account.move"])
        with patch.object(Move, "create", autospec=True, side_effect=Move.create) as spy:
            settlements = self._settle()
        self.assertEqual(spy.call_count, 1)
        self.assertEqual(len(spy.call_args.args[1]), 2)
        self.assertEqual(len(settlements.bill_id), 2)

    def test_a_second_run_adds_nothing(self):
        self._collect_march()
        first = self._settle()
        bills = self._bills()
        second = self._settle()
        self.assertFalse(second)
        self.assertEqual(
            self.env["periscope.concierge.settlement"].search([("provider_id", "in", self.providers.ids)]), first
        )
        self.assertEqual(self._bills(), bills)
        self.assertEqual(first.bill_id.mapped("amount_untaxed"), [9.43, 32.0])

    def test_a_service_collected_after_the_run_goes_to_next_month(self):
        """The month of a provider is settled once: what is collected in that
        month after the run waits for the next month's settlement."""
        with freeze_time("2026-03-20 10:00:00"):
            early = self._collected("2026-03-05 10:00:00", [(self.ironing, 1)])
            march = self._settle()
        self.assertEqual(march.line_ids, early.line_ids)
        late = self._collected("2026-03-25 10:00:00", [(self.ironing, 1), (self.oil, 1)])
        basket = self._collected("2026-03-26 10:00:00", [(self.basket, 1)])
        # March again: the basket provider was not settled for March yet, the
        # oil provider was
        again = self._settle()
        self.assertEqual(again.provider_id, self.basket_provider)
        self.assertEqual(again.line_ids, basket.line_ids)
        self.assertFalse(late.line_ids.settlement_id)
        self.assertEqual(march.line_count, 1)
        self.assertEqual(march.bill_id.amount_untaxed, 0.81)
        # April: the late March services, and April's
        april_order = self._collected("2026-04-01 10:00:00", [(self.oil, 1)])
        with freeze_time("2026-05-04 08:00:00"):
            april = self._settle(APRIL)
        self.assertEqual(april.provider_id, self.oil_provider)
        self.assertEqual(april.period_start, APRIL)
        self.assertEqual(april.line_ids, late.line_ids | april_order.line_ids)
        self.assertEqual(april.amount, 7.81)
        self.assertEqual(april.bill_id.amount_untaxed, april.amount)

    def test_a_month_to_come_is_not_settled(self):
        self._collect_march()
        with self.assertRaises(UserError):
            self._settle(date(2026, 5, 1))
        self.assertFalse(self._bills())
        # the month under way is (what is collected later goes to the next)
        self._settle()
        self.assertEqual(self._settle(APRIL).line_ids, self.april.line_ids)

    @mute_logger("odoo.sql_db")
    def test_the_database_refuses_a_month_settled_twice(self):
        self._collect_march()
        settlement = self._settle().filtered(lambda s: s.provider_id == self.oil_provider)
        with self.assertRaises(IntegrityError) as caught, self.cr.savepoint():
            self.env["periscope.concierge.settlement"].create(
                {"provider_id": self.oil_provider.id, "period_start": "2026-03-17"}
            )
            self.env.flush_all()
        error = _as_validation_error(self.env, caught.exception)
        self.assertIn("already settled for this month", str(error))
        # the lines of the other provider stay with their settlement
        self.assertEqual(settlement.line_count, len(settlement.line_ids))

    def test_what_is_settled_stays(self):
        self._collect_march()
        settlement = self._settle().filtered(lambda s: s.provider_id == self.oil_provider)
        line = settlement.line_ids[0].with_user(self.manager)
        for vals in ({"settlement_id": False}, {"provider_share": 0.5}, {"quantity": 3}):
            with self.assertRaises(UserError):
                line.write(vals)
        self.assertEqual(line.settlement_id, settlement)
        self.assertEqual(line.provider_share, 0.81)
        with self.assertRaises(UserError):
            settlement.with_user(self.manager).write({"amount": 1.0})
        with self.assertRaises(UserError):
            settlement.with_user(self.manager).unlink()
        # a draft bill that pays a settlement is not deleted either
        bill = settlement.bill_id.with_user(self.accountant)
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError) as caught, self.cr.savepoint():
            bill.unlink()
            self.env.flush_all()
        self.assertIn("another model requires", str(_as_validation_error(self.env, caught.exception)))
        self.assertTrue(settlement.bill_id.exists())
        self.assertEqual(settlement.amount, 9.43)

    def test_the_settlement_follows_its_bill(self):
        self._collect_march()
        settlement = self._settle().filtered(lambda s: s.provider_id == self.oil_provider)
        bill = settlement.bill_id.with_user(self.accountant)
        bill.action_post()
        self.env.flush_all()
        self.env.cr.precommit.run()  # the tracking, as at the commit
        self.assertEqual(settlement.state, "posted")
        self.assertEqual(settlement.sudo().message_ids.tracking_value_ids.field_id.name, "state")
        bill.button_draft()
        bill.button_cancel()
        self.assertEqual(settlement.state, "cancelled")

    # ------------------------------------------------------------ who
    def test_the_manager_settles_with_the_wizard(self):
        self._collect_march()
        with Form(self.env["periscope.concierge.settlement.run"].with_user(self.manager)) as wizard:
            wizard.month = date(2026, 3, 12)
            # what would be settled, before anything is created
            self.assertEqual(wizard.provider_count, 2)
            self.assertEqual(wizard.line_count, 5)
            self.assertEqual(wizard.amount, 41.43)
            self.assertEqual(wizard.revenue, 50.45)
            self.assertEqual(wizard.commission, 9.02)
        run = wizard.save()
        self.assertFalse(self._bills())
        action = run.action_settle()
        settlements = self.env["periscope.concierge.settlement"].search(action["domain"])
        self.assertEqual(settlements.provider_id, self.providers)
        self.assertEqual(sum(settlements.mapped("amount")), 41.43)
        # the form, as the manager (no accounting rights) and the accountant
        self.env.invalidate_all()
        for user in (self.manager, self.accountant):
            form = Form(settlements[0].with_user(user))
            self.assertEqual(form.amount, settlements[0].amount)
            self.assertEqual(len(form.line_ids), settlements[0].line_count)
        again = self.env["periscope.concierge.settlement.run"].with_user(self.manager).create({"month": MARCH})
        self.assertEqual(again.line_count, 0)
        self.assertEqual(again.action_settle()["tag"], "display_notification")

    def test_the_accountant_reads_desk_and_portal_are_refused(self):
        self._collect_march()
        settlements = self._settle()
        as_accountant = settlements.with_user(self.accountant)
        self.assertEqual(as_accountant.mapped("amount"), settlements.mapped("amount"))
        self.assertEqual(len(as_accountant.line_ids), 5)
        as_accountant[0].note = "Virement le 10 avril"
        for user in (self.desk, self.portal):
            with self.assertRaises(AccessError):
                settlements.with_user(user).read(["amount"])
            with self.assertRaises(AccessError):
                self._settle(user=user)
            with self.assertRaises(AccessError):
                self.env["periscope.concierge.settlement.run"].with_user(user).create({"month": MARCH})
        # the accountant settles the next month too
        april_order = self._collected("2026-04-01 10:00:00", [(self.oil, 1)])
        with freeze_time("2026-05-04 08:00:00"):
            april = self._settle(APRIL, user=self.accountant)
        self.assertEqual(april.line_ids, self.april.line_ids | april_order.line_ids)
        self.assertEqual(april.line_count, 2)

    # ------------------------------------------------------------ queries
    def _count_queries(self):
        """The queries of a run, rolled back (after a first run that warms
        the caches)."""
        Settlement = self.env["periscope.concierge.settlement"].with_user(self.manager)
        for _warm_or_measured in range(2):
            self.env.flush_all()
            self.env.invalidate_all()
            with self.cr.savepoint(flush=False) as savepoint:
                before = self.cr.sql_log_count
                settlements = Settlement._settle_month(MARCH)
                self.env.flush_all()
                count = self.cr.sql_log_count - before
                lines = sum(settlements.mapped("line_count"))
                savepoint.rollback()
            self.env.invalidate_all()
        return count, lines

    def test_the_run_in_constant_queries(self):
        """The queries do not grow with the services settled."""
        self._collect_march()
        few_queries, few_lines = self._count_queries()
        for day in range(2, 28):
            self._collected(f"2026-03-{day:02d} 10:00:00", [(self.ironing, 1), (self.oil, 2), (self.basket, 2)])
        many_queries, many_lines = self._count_queries()
        self.assertEqual((few_lines, many_lines), (5, 5 + 26 * 3))
        self.assertEqual(many_queries, few_queries)


@tagged("post_install", "-at_install")
class TestSettlementRace(TwoConnectionsCase):
    """Two runs settle March at the same instant, in two real transactions:
    one settles, the other waits on the lines' lock, fails to serialize, is
    retried as Odoo retries a request, and settles nothing.

    The retry is that of ``odoo.service.model.retrying`` without its registry
    reset, which would wait forever on the test runner's registry lock."""

    def _snapshot_read(self, env):
        env["res.partner"].browse(self.provider.id).read(["name"])

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = self._env(cr)
            self.provider = env["res.partner"].create({"name": "Prestataire de la course (test)", "is_company": True})
            self.customer = env["res.partner"].create({"name": "Client (test)"})
            self.product = make_service(
                env, "Repassage de la course (test)", self.provider, 1.15, concierge_share_percent=70.0
            )
            orders = env["periscope.concierge.order"].create(
                [
                    {"beneficiary_id": self.customer.id, "line_ids": [(0, 0, {"product_id": self.product.id})]}
                    for _i in range(3)
                ]
            )
            env.flush_all()
            # collected in March, by SQL: the desk's steps are not the point
            cr.execute(
                SQL(
                    "UPDATE periscope_concierge_order SET state = 'collected', "
                    "date_collected = '2026-03-10 10:00:00' WHERE id = ANY(%s)",
                    orders.ids,
                )
            )
            self.orders = orders.ids

    def tearDown(self):
        with self.registry.cursor() as cr:
            env = self._env(cr)
            settlements = env["periscope.concierge.settlement"].search([("provider_id", "=", self.provider.id)])
            bills = settlements.bill_id
            # what is settled stays, but not a test's: by SQL
            cr.execute(SQL("DELETE FROM periscope_concierge_order WHERE id = ANY(%s)", self.orders))
            cr.execute(SQL("DELETE FROM periscope_concierge_settlement WHERE id = ANY(%s)", settlements.ids))
            env.invalidate_all()
            bills.unlink()
            self.product.with_env(env).product_tmpl_id.unlink()
            (self.provider | self.customer).with_env(env).unlink()
        super().tearDown()

    def test_two_runs_at_once_settle_once(self):
        settled = {}

        def settle(name):
            def step(env):
                Settlement = env["periscope.concierge.settlement"]
                settled[name] = len(Settlement._settle_month(date(2026, 3, 1)))

            return step

        outcomes = self._race({"first": settle("first"), "second": settle("second")})
        self.assertEqual(set(outcomes.values()), {"committed"}, outcomes)
        outcomes = sorted((settled[name], self.race_tries[name]) for name in outcomes)
        # one settled the provider at once; the other was retried and found
        # nothing left
        self.assertEqual(sorted(outcomes), [(0, 2), (1, 1)], outcomes)
        with self.registry.cursor() as cr:
            env = self._env(cr)
            settlement = env["periscope.concierge.settlement"].search([("provider_id", "=", self.provider.id)])
            self.assertEqual(len(settlement), 1)
            self.assertEqual(settlement.line_count, 3)
            self.assertEqual(settlement.amount, 2.43)
            self.assertEqual(env["account.move"].search_count([("partner_id", "=", self.provider.id)]), 1)
            lines = env["periscope.concierge.order.line"].search([("order_id", "in", self.orders)])
            self.assertEqual(lines.settlement_id, settlement)
