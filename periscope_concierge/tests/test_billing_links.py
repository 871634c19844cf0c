# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import PeriscopeConciergeCase


@tagged("post_install", "-at_install")
class TestConciergeBillingLinks(PeriscopeConciergeCase):
    """What a concierge invoice bills is written by the concierge's invoicing
    alone: an accountant who unlinked a service from its invoice would have it
    billed twice; one who linked another would freeze a service nobody
    invoiced."""

    def setUp(self):
        super().setUp()
        self.order = self._to_desk(self._order(lines=[(self.oil, 3)]))
        self.order.with_user(self.desk).action_collect(self.order.pickup_code)
        self.invoice = self.order.sudo().invoice_id
        self.line = self.invoice.invoice_line_ids

    def test_the_accountant_cannot_unlink_a_service_from_its_invoice(self):
        line = self.line.with_user(self.accountant)
        for vals in (
            {"periscope_concierge_line_id": False},
            {"periscope_agreement_month": "2026-03-01"},
            {"periscope_agreement_id": False},
        ):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                line.write(vals)
        with self.assertRaises(AccessError):
            self.invoice.with_user(self.accountant).write(
                {"invoice_line_ids": [Command.update(self.line.id, {"periscope_concierge_line_id": False})]}
            )
        self.assertEqual(self.line.periscope_concierge_line_id, self.order.line_ids)
        self.assertTrue(self.order.is_invoiced)

    def test_the_accountant_cannot_bill_a_service_by_hand(self):
        other = self._order(lines=[(self.basket, 1)])
        with self.assertRaisesRegex(AccessError, "Concierge service"):
            self.invoice.with_user(self.accountant).write(
                {
                    "invoice_line_ids": [
                        Command.create({"name": "x", "price_unit": 1, "periscope_concierge_line_id": other.line_ids.id})
                    ]
                }
            )
        self.assertFalse(other.line_ids.invoice_line_ids)
        # the rest of a draft stays the accountant's
        self.line.with_user(self.accountant).write({"name": "Collecte (libellé revu)"})
        self.assertEqual(self.line.name, "Collecte (libellé revu)")
