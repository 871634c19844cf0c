# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from freezegun import freeze_time

from odoo.tests import tagged

from .common import ChargeAllocationCase


@tagged("post_install", "-at_install")
@freeze_time("2026-04-02 08:00:00")
class TestChargeAllocation(ChargeAllocationCase):
    """March 2026's shared costs split among the residents, by each method,
    to the cent, then invoiced once."""

    def test_1000_euros_over_three_equal_residents_to_the_cent(self):
        key = self._make_key("Parts égales (test)", "fixed", {self.org: 1, self.other_org: 1, self.third_org: 1})
        self._bill(600.0)
        self._bill(400.0, day="2026-03-25")
        # another account, another month: not this split's costs
        self._bill(77.0, account=self.env.ref("periscope_coworking.analytic_account_bookings"))
        self._bill(55.0, day="2026-02-27")
        allocation = self._allocation(key)
        allocation.action_compute()
        self.assertEqual(allocation.state, "computed")
        self.assertEqual(allocation.cost, 1000.0)
        self.assertEqual(allocation.cost_line_count, 2)
        # by name: BGE, Caracole, Formethic; the first of equal remainders
        # gets the cent left
        self.assertEqual(
            self._split(allocation),
            {self.org: (31, 333.34), self.third_org: (31, 333.33), self.other_org: (31, 333.33)},
        )
        self.assertEqual(round(sum(allocation.line_ids.mapped("amount")), 2), 1000.0)
        self.assertEqual(allocation.line_ids.mapped("share_percent"), [33.33, 33.33, 33.33])

    def test_one_cent_over_three_residents(self):
        key = self._make_key("Parts égales (test)", "fixed", {self.org: 1, self.other_org: 1, self.third_org: 1})
        self._bill(0.01)
        allocation = self._allocation(key)
        allocation.action_compute()
        self.assertEqual(allocation.line_ids.mapped("amount"), [0.01, 0.0, 0.0])
        allocation.with_user(self.accountant).action_create_invoices()
        # the residents with nothing to pay get no invoice
        self.assertEqual(allocation.invoice_ids.partner_id, self.org)
        self.assertEqual(allocation.invoice_ids.amount_untaxed, 0.01)

    def test_by_area(self):
        self._bill(999.99)
        allocation = self._allocation()
        allocation.action_compute()
        # quotas of 199.998, 299.997 and 499.995: the two largest remainders
        # get the two cents left
        self.assertEqual(
            self._split(allocation), {self.org: (31, 200.0), self.other_org: (31, 300.0), self.third_org: (31, 499.99)}
        )
        self.assertEqual(allocation.line_ids.mapped("basis"), [20.0, 50.0, 30.0])
        self.assertEqual(set(allocation.line_ids.mapped("basis_unit")), {"m²"})

    def test_pro_rata_of_an_arrival_and_a_departure_mid_month(self):
        other, third = self.occupancies[1], self.occupancies[2]
        # Formethic leaves on 10 March; Caracole arrives on 17 March
        other.date_end = "2026-03-10"
        third.date_start = "2026-03-17"
        # a resident gone in February and one arriving in April share nothing
        gone = self._make_organisation("Partie en février (test)")
        office = self._make_space("Bureau 4 (charges, test)", "office", 2, area=40.0)
        self.env["periscope.occupancy"].create(
            [
                {"space_id": office.id, "partner_id": gone.id, "date_start": "2026-01-01", "date_end": "2026-02-28"},
                {"space_id": office.id, "partner_id": self.vendor.id, "date_start": "2026-04-01"},
            ]
        )
        self._bill(1500.0)
        allocation = self._allocation()
        allocation.action_compute()
        lines = {line.partner_id: line for line in allocation.line_ids}
        self.assertEqual(set(lines), set(self.residents))
        # weights: 20 × 31/31, 30 × 10/31, 50 × 15/31
        self.assertEqual([lines[p].days for p in (self.org, self.other_org, self.third_org)], [31, 10, 15])
        self.assertAlmostEqual(lines[self.other_org].weight, 300 / 31, places=4)
        self.assertAlmostEqual(lines[self.third_org].weight, 750 / 31, places=4)
        # 1500 × 620 / 1670, 1500 × 300 / 1670, 1500 × 750 / 1670
        self.assertEqual(
            [lines[p].amount for p in (self.org, self.other_org, self.third_org)], [556.89, 269.46, 673.65]
        )
        self.assertEqual(round(sum(line.amount for line in lines.values()), 2), 1500.0)
        allocation.action_create_invoices()
        self.assertIn("(10 of 31 days)", lines[self.other_org].invoice_id.invoice_line_ids.name)

    def test_by_fte_of_the_year_of_the_month(self):
        Figure = self.env["periscope.key.figure"]
        Figure.create({"partner_id": self.org.id, "year": 2026, "fte": 2.5})
        Figure.create({"partner_id": self.other_org.id, "year": 2026, "fte": 1.5})
        # last year's figure is not this year's
        Figure.create({"partner_id": self.third_org.id, "year": 2025, "fte": 40.0})
        key = self._make_key("Par ETP (test)", "fte")
        self._bill(100.0)
        allocation = self._allocation(key)
        allocation.action_compute()
        self.assertEqual(
            self._split(allocation), {self.org: (31, 62.5), self.other_org: (31, 37.5), self.third_org: (31, 0.0)}
        )
        self.assertEqual(allocation.line_ids.mapped("basis"), [2.5, 0.0, 1.5])
