# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The accountant closes a month of the demo, in the French books.

On the demo database of scripts/test (made for France: Odoo's French chart of
accounts), with the demo's own users and data, around the day it was
installed: the accountant invoices last month's coworking (the demo's draft
billing run: bookings and the resident offices' rents), settles the concierge
providers of the services collected, posts the desk's concierge invoices and
the funders' invoices of the session held three weeks ago; the administrator
renews the memberships of next year. The accountant posts every draft and
registers the customers' payments (VAT on services is due on payment).

Then the French VAT return and the general ledger move by exactly what the
hub's own records say, to the cent: the billing run's summary, the concierge
orders, the funding lines, the membership fees."""

from datetime import date

import pytest
from books import vat_boxes

from odoo.tests import TransactionCase, tagged


@pytest.mark.demo
@pytest.mark.fr_chart
@tagged("standard", "post_install")
class TestTheAccountantPostsAMonthOfTheDemo(TransactionCase):
    test_module = "periscope_hub"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.ref("base.main_company")
        assert cls.company.chart_template == "fr", "run on the demo database made for France (tools/create_db.py)"
        cls.currency = cls.company.currency_id
        cls.accountant = cls.env.ref("periscope_members.user_demo_accountant")
        cls.admin = cls.env.ref("base.user_admin")
        cls.held_session = cls.env.ref("periscope_training.session_eco_responsable_past")

    # ------------------------------------------------------------ the books
    def _vat_boxes(self):
        return vat_boxes(self.env, self.company)

    def _balances(self):
        """The posted balance of each account, by code."""
        groups = self.env["account.move.line"]._read_group(
            [("company_id", "=", self.company.id), ("parent_state", "=", "posted")], ["account_id"], ["balance:sum"]
        )
        return {account.code: balance for account, balance in groups}

    @staticmethod
    def _delta(before, after):
        """What moved between two ``{key: amount}``, to the cent."""
        moved = {key: round(after.get(key, 0.0) - before.get(key, 0.0), 2) for key in set(before) | set(after)}
        return {key: amount for key, amount in moved.items() if amount}

    # ------------------------------------------------------------ the month
    def test_the_accountant_posts_a_month_of_the_demo(self):
        boxes_before, balances_before = self._vat_boxes(), self._balances()
        today = date.today()
        coworking, summary = self._bill_last_months_coworking(today)
        orders, concierge, sales, owed, bills = self._settle_the_concierge()
        funders, funded = self._funders_of_the_held_session()
        memberships, fees = self._renew_next_years_memberships(today)
        self._post_and_pay(coworking, concierge, bills, funders, memberships, today)
        vat = self._check_the_vat_return(boxes_before, summary, sales, orders, funded)
        self._check_the_general_ledger(balances_before, coworking, summary, sales, funded, fees, owed, vat)

    def _bill_last_months_coworking(self, today):
        """1. last month's coworking: the demo's draft billing run; returns
        its invoices and its summary (the untaxed amount by partner)."""
        # its summary first (what the accountant checks), then the drafts
        run = self.env["periscope.billing.run"].search([("state", "=", "draft"), ("company_id", "=", self.company.id)])
        self.assertEqual(len(run), 1, "the demo has last month's run to do")
        self.assertLess(run.period_start, today.replace(day=1))
        run = run.with_user(self.accountant)
        run.action_prepare()
        summary = {line.partner_id: line.amount_untaxed for line in run.line_ids}
        self.assertTrue(summary)
        self.assertTrue(any(line.rent_count for line in run.line_ids))
        self.assertTrue(any(line.booking_count for line in run.line_ids))
        run.action_create_invoices()
        coworking = run.sudo().invoice_ids
        self.assertEqual(set(coworking.partner_id), set(summary))
        return coworking, summary

    def _settle_the_concierge(self):
        """2. the concierge: the desk's drafts of the services collected, and
        the providers' settlement of each month they were collected in;
        returns the orders, their invoices, their sales, the providers' share
        and the providers' bills."""
        orders = self.env["periscope.concierge.order"].search(
            [("state", "=", "collected"), ("company_id", "=", self.company.id)]
        )
        self.assertTrue(orders, "the demo has a collected concierge order")
        concierge = orders.sudo().invoice_id
        self.assertEqual(set(concierge.mapped("state")), {"draft"})
        sales = sum(orders.line_ids.mapped("price_subtotal"))
        owed = 0.0
        Wizard = self.env["periscope.concierge.settlement.run"].with_user(self.accountant)
        for month in sorted({o.date_collected.date().replace(day=1) for o in orders}):
            wizard = Wizard.create({"month": month})
            owed += wizard.amount
            wizard.action_settle()
        settlements = self.env["periscope.concierge.settlement"].search([("line_ids", "in", orders.line_ids.ids)])
        self.assertTrue(settlements)
        bills = settlements.sudo().bill_id
        self.assertEqual(set(bills.mapped("move_type")), {"in_invoice"})
        return orders, concierge, sales, owed, bills

    def _funders_of_the_held_session(self):
        """3. the funders of the session held three weeks ago: their draft
        invoices and the amount funded."""
        funders = (
            self.env["account.move"]
            .with_user(self.accountant)
            .search([("periscope_training_event_id", "=", self.held_session.id)])
        )
        self.assertTrue(funders)
        self.assertEqual(set(funders.mapped("state")), {"draft"})
        funded = sum(self.held_session.registration_ids.funding_ids.mapped("amount"))
        return funders, funded

    def _renew_next_years_memberships(self, today):
        """4. next year's memberships, renewed by the administrator: their
        invoices and the fees."""
        renewal = self.env["periscope.membership.renewal"].with_user(self.admin).create({"year": today.year + 1})
        due = renewal._due_partners()
        self.assertGreater(len(due), 10)
        fees = sum(partner.periscope_member_type_id.membership_product_id.list_price for partner in due)
        memberships = self.env["account.move"].search(renewal.action_renew()["domain"])
        self.assertEqual(len(memberships), len(due))
        return memberships, fees

    def _post_and_pay(self, coworking, concierge, bills, funders, memberships, today):
        accountant = self.accountant
        # the accountant posts every draft of the month...
        drafts = coworking | concierge | bills | funders | memberships
        drafts.with_user(accountant).action_post()
        self.assertEqual(set(drafts.mapped("state")), {"posted"})
        # ... and registers the customers' payments of the rooms, offices and
        # services (their VAT is due on payment)
        for invoice in coworking | concierge:
            self.env["account.payment.register"].with_user(accountant).with_context(
                active_model="account.move", active_ids=invoice.ids
            ).create({"payment_date": today})._create_payments()
        self.assertLessEqual(set((coworking | concierge).mapped("payment_state")), {"paid", "in_payment"})

    def _check_the_vat_return(self, boxes_before, summary, sales, orders, funded):
        """The VAT return's move; returns the VAT collected."""
        # the VAT return moved by the hub's own figures, to the cent: the
        # rooms, offices and services at 20 % (the billing run's summary and
        # the concierge orders), the exempt training (the funding lines);
        # nothing else (the memberships are outside the scope of VAT, the
        # providers bill none)
        taxable = self.currency.round(sum(summary.values()) + sales)
        vat = self.currency.round(
            sum(self.currency.round(amount * 0.20) for amount in summary.values())
            + sum(self.currency.round(sum(order.line_ids.mapped("price_subtotal")) * 0.20) for order in orders)
        )
        self.assertEqual(
            self._delta(boxes_before, self._vat_boxes()),
            {"A1": taxable, "08_base": taxable, "08_taxe": vat, "E2": self.currency.round(funded)},
        )
        return vat

    def _check_the_general_ledger(self, balances_before, coworking, summary, sales, funded, fees, owed, vat):
        # and the general ledger: each income in its account, the providers'
        # share in purchases, the VAT collected, the bank
        rents = sum(line.price_subtotal for line in coworking.invoice_line_ids if line.account_id.code == "708800")
        balances = self._delta(balances_before, self._balances())
        self.assertEqual(balances.get("756000"), -self.currency.round(fees))
        self.assertEqual(balances.get("708300"), -self.currency.round(sum(summary.values()) - rents))
        self.assertEqual(balances.get("708800"), -self.currency.round(rents))
        self.assertEqual(balances.get("706000"), -self.currency.round(sales + funded))
        self.assertEqual(balances.get("607100"), self.currency.round(owed))
        self.assertEqual(balances.get("445710"), -vat, "the VAT collected, once paid")
