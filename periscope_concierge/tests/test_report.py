# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import PeriscopeConciergeCase


@tagged("post_install", "-at_install")
@freeze_time("2026-04-02 08:00:00")
class TestConciergeReport(PeriscopeConciergeCase):
    """The concierge's activity: its figures are the order lines'."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal = new_test_user(
            cls.env, login="concierge_report_portal", groups="base.group_portal", partner_id=cls.other_employee.id
        )

    def _step(self, when, order, action):
        with freeze_time(when):
            getattr(order, action)()

    def _activity(self):
        """Orders at each step, each step at a known time (UTC)."""
        # dropped off at 00:30 on 1 March in Paris (28 February in UTC),
        # back at the desk 60 hours later
        with freeze_time("2026-02-28 23:30:00"):
            self.march = self._order(self.other_employee, [(self.oil, 2), (self.basket, 1)])
        self._step("2026-02-28 23:30:00", self.march, "action_deposit")
        self._step("2026-03-01 09:00:00", self.march, "action_send_to_provider")
        self._step("2026-03-03 10:00:00", self.march, "action_mark_ready")
        self._step("2026-03-03 11:30:00", self.march, "action_at_desk")
        with freeze_time("2026-03-04 17:00:00"):
            self.march.action_collect(self.march.pickup_code)
        # back at the desk 30 hours after the drop-off, not collected yet
        with freeze_time("2026-03-10 08:00:00"):
            self.at_desk = self._order(self.employee, [(self.basket, 3)])
            self.at_desk.action_deposit()
            self.at_desk.action_send_to_provider()
            self.at_desk.action_mark_ready()
        self._step("2026-03-11 14:00:00", self.at_desk, "action_at_desk")
        # at the provider, in February
        with freeze_time("2026-02-10 08:00:00"):
            self.february = self._order(self.other_employee, [(self.oil, 1)])
            self.february.action_deposit()
            self.february.action_send_to_provider()
        self.draft = self._order(self.other_employee, [(self.oil, 1)])
        self.orders = self.march | self.at_desk | self.february | self.draft

    def _rows(self, user=None):
        self.env.flush_all()  # the view reads the tables
        Report = self.env["periscope.concierge.report"].with_user(user or self.manager)
        return Report.search([("order_id", "in", self.orders.ids)])

    def test_one_row_per_service_with_its_figures(self):
        self._activity()
        rows = self._rows()
        lines = self.orders.line_ids
        self.assertEqual(sorted(rows.ids), sorted(lines.ids))
        by_id = {row.id: row for row in rows}
        for line in lines:
            row = by_id[line.id]
            self.assertEqual(row.order_id, line.order_id)
            self.assertEqual(row.product_id, line.product_id)
            self.assertEqual(row.provider_id, line.provider_id)
            self.assertEqual(row.beneficiary_id, line.order_id.beneficiary_id)
            self.assertEqual(row.partner_id, line.order_id.partner_id)
            self.assertEqual(row.state, line.order_id.state)
            self.assertEqual(row.quantity, line.quantity)
            self.assertEqual(row.revenue, line.price_subtotal)
            self.assertEqual(row.provider_share, line.provider_share)
            self.assertEqual(row.commission, line.commission)
            self.assertEqual(row.date_deposited, line.order_id.date_deposited)
            self.assertEqual(row.date_at_desk, line.order_id.date_at_desk)
        march_rows = rows.filtered(lambda row: row.order_id == self.march)
        # 1 March in Paris, although 28 February in UTC
        self.assertEqual(set(march_rows.mapped("month")), {date(2026, 3, 1)})
        self.assertEqual(set(march_rows.mapped("turnaround_hours")), {60.0})
        self.assertEqual(set(march_rows.mapped("turnaround_days")), {2.5})
        self.assertEqual(sum(march_rows.mapped("order_count")), 1)
        at_desk = rows.filtered(lambda row: row.order_id == self.at_desk)
        self.assertEqual(at_desk.turnaround_hours, 30.0)
        february = rows.filtered(lambda row: row.order_id == self.february)
        self.assertEqual(february.month, date(2026, 2, 1))
        self.assertFalse(february.turnaround_hours)  # not back yet
        draft = rows.filtered(lambda row: row.order_id == self.draft)
        self.assertFalse(draft.month)

    def test_the_pivot_adds_up_to_the_lines(self):
        self._activity()
        self.env.flush_all()  # the view reads the tables
        Report = self.env["periscope.concierge.report"].with_user(self.manager)
        domain = [("order_id", "in", self.orders.ids)]
        by_provider = {
            provider.id: (quantity, revenue, share, commission)
            for provider, quantity, revenue, share, commission in Report._read_group(
                domain, ["provider_id"], ["quantity:sum", "revenue:sum", "provider_share:sum", "commission:sum"]
            )
        }
        for provider in self.oil_provider | self.basket_provider:
            lines = self.orders.line_ids.filtered(lambda line, p=provider: line.provider_id == p)
            self.assertEqual(
                by_provider[provider.id],
                (
                    sum(lines.mapped("quantity")),
                    sum(lines.mapped("price_subtotal")),
                    sum(lines.mapped("provider_share")),
                    sum(lines.mapped("commission")),
                ),
            )
        # orders per month of deposit: the draft has no month yet
        per_month = dict(Report._read_group(domain, ["month:month"], ["order_count:sum"]))
        self.assertEqual(
            {(day.strftime("%Y-%m") if day else False): count for day, count in per_month.items()},
            {"2026-02": 1, "2026-03": 2, False: 1},
        )
        # turnaround per service, on average: basket 60 h and 30 h
        turnaround = dict(Report._read_group(domain, ["product_id"], ["turnaround_hours:avg"]))
        self.assertEqual(turnaround[self.basket], 45.0)
        self.assertEqual(turnaround[self.oil], 60.0)  # the other one is not back

    def test_for_the_manager_only(self):
        self._activity()
        self.assertEqual(len(self._rows()), len(self.orders.line_ids))
        for user in (self.desk, self.accountant, self.portal):
            with self.assertRaises(AccessError):
                self._rows(user)
