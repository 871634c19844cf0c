# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import ChargeAllocationCase


@tagged("post_install", "-at_install")
@freeze_time("2026-04-02 08:00:00")
class TestChargeInvoicing(ChargeAllocationCase):
    """The hours booked and the fixed shares; the invoices, made once."""

    def test_by_hours_booked(self):
        with freeze_time("2026-03-01 08:00:00"):
            # 3 hours for BGE (one by its person), 1 hour for a person of Formethic
            self._book("2026-03-03 08:00:00", "2026-03-03 10:00:00")
            self._book("2026-03-04 08:00:00", "2026-03-04 09:00:00")
            colleague = self.env["res.partner"].create({"name": "Léa Martin", "parent_id": self.other_org.id})
            self._book("2026-03-05 08:00:00", "2026-03-05 09:00:00", partner=colleague)
            # a draft, a cancelled booking and one of April count for nothing
            self._book("2026-03-06 08:00:00", "2026-03-06 12:00:00", confirm=False)
            self._book("2026-03-09 08:00:00", "2026-03-09 12:00:00").action_cancel()
            self._book("2026-04-01 08:00:00", "2026-04-01 12:00:00")
        key = self._make_key("À l'usage (test)", "usage")
        self._bill(100.0)
        allocation = self._allocation(key)
        allocation.action_compute()
        self.assertEqual(
            self._split(allocation), {self.org: (31, 75.0), self.other_org: (31, 25.0), self.third_org: (31, 0.0)}
        )
        self.assertEqual(allocation.line_ids.mapped("basis"), [3.0, 0.0, 1.0])

    def test_by_fixed_shares(self):
        outsider = self._make_organisation("Pas résidente (test)")
        key = self._make_key("Parts fixes (test)", "fixed", {self.org: 2, self.third_org: 1, outsider: 5})
        self._bill(90.0)
        allocation = self._allocation(key)
        allocation.action_compute()
        # the share of an organisation that rents no office counts for nothing
        self.assertEqual(
            self._split(allocation), {self.org: (31, 60.0), self.third_org: (31, 30.0), self.other_org: (31, 0.0)}
        )

    def test_computed_twice_invoiced_twice_one_invoice_per_resident(self):
        self._bill(1000.0)
        allocation = self._allocation(user=self.accountant)
        allocation.action_compute()
        allocation.action_compute()
        self.assertEqual(len(allocation.line_ids), 3)
        allocation.action_create_invoices()
        self.assertEqual(allocation.state, "invoiced")
        invoices = allocation.invoice_ids
        self.assertEqual(invoices.partner_id, self.residents)
        self.assertEqual(set(invoices.mapped("state")), {"draft"})
        self.assertEqual(set(invoices.mapped("move_type")), {"out_invoice"})
        self.assertEqual(sorted(invoices.mapped("amount_untaxed")), [200.0, 300.0, 500.0])
        line = allocation.line_ids.filtered(lambda line: line.partner_id == self.org)
        invoice_line = line.invoice_line_ids
        self.assertEqual(invoice_line.move_id, line.invoice_id)
        self.assertEqual(invoice_line.product_id, self.env.ref("periscope_coworking.product_office_charges"))
        self.assertEqual(invoice_line.analytic_distribution, {str(self.shared.id): 100})
        self.assertIn("20 m², 20 % of", invoice_line.name)
        # again: nothing is added
        action = allocation.action_create_invoices()
        self.assertEqual(action["tag"], "display_notification")
        self.assertEqual(allocation.invoice_ids, invoices)
        self.assertEqual(len(invoices.invoice_line_ids), 3)
        with self.assertRaisesRegex(UserError, "already invoiced"):
            allocation.action_compute()

    def test_a_split_out_of_date_is_computed_again_before_invoicing(self):
        self._bill(1000.0)
        allocation = self._allocation()
        allocation.action_compute()
        self._bill(10.0, day="2026-03-31")
        with self.assertRaisesRegex(UserError, "compute it again"):
            allocation.action_create_invoices()
        self.assertFalse(allocation.invoice_ids)
        allocation.action_compute()
        self.assertEqual(allocation.cost, 1010.0)
        # a refund of the month lowers the costs
        self._bill(110.0, day="2026-03-31", move_type="in_refund")
        allocation.action_compute()
        self.assertEqual(allocation.cost, 900.0)
        # another key: the split is out of date, back to draft
        allocation.key_id = self._make_key("Parts fixes (test)", "fixed", {self.org: 1})
        self.assertEqual(allocation.state, "draft")
        self.assertFalse(allocation.line_ids)

    def test_an_invoiced_key_changes_by_a_new_version(self):
        key = self._make_key("Parts fixes (test)", "fixed", {self.org: 1, self.other_org: 3})
        self._bill(100.0)
        allocation = self._allocation(key)
        allocation.action_compute()
        allocation.action_create_invoices()
        Key = key.with_user(self.manager)
        with self.assertRaisesRegex(UserError, "new version"):
            Key.method = "area"
        with self.assertRaisesRegex(UserError, "new version"):
            Key.line_ids[0].share = 2
        action = Key.action_new_version()
        version = self.env["periscope.charge.key"].browse(action["res_id"])
        self.assertEqual(str(key.date_until), "2026-04-30")
        self.assertEqual(str(version.date_from), "2026-05-01")
        self.assertEqual(version.line_ids.mapped("share"), [1.0, 3.0])
        version.with_user(self.manager).line_ids[0].share = 2
        self.assertEqual(key.line_ids.mapped("share"), [1.0, 3.0])
        self.assertIn("Share changed", version.message_ids.mapped("body")[0])
        # the key of May is not that of April; the key of March stays valid in March
        with self.assertRaisesRegex(ValidationError, "not valid in"):
            self._allocation(version, month="2026-04-01")
        with self.assertRaisesRegex(ValidationError, "stays valid for that month"):
            Key.date_until = "2026-02-28"
