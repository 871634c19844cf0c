# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import PeriscopeTrainingCase


@tagged("post_install", "-at_install")
@freeze_time("2026-03-16 09:00:00")
class TestTrainingBillingLinks(PeriscopeTrainingCase):
    """What a training invoice bills is written by the funders' invoicing
    alone: an accountant who unlinked a funding line from its invoice would
    have it billed twice."""

    def setUp(self):
        super().setUp()
        self.opco = self.env["res.partner"].create({"name": "Uniformation (test)", "is_company": True})
        self._slot("2026-03-16 08:00:00", "2026-03-16 11:30:00")
        self.session.action_training_open()
        trainee = self.env["res.partner"].create({"name": "Inès Moreau (test)"})
        self.registration = self._register(trainee, [(self.opco, "opco_skills", 420.0)])
        self.session.with_user(self.manager).action_invoice_funders()
        self.invoice = self.registration.sudo().funding_ids.invoice_id
        self.line = self.invoice.invoice_line_ids

    def test_the_accountant_cannot_unlink_a_funding_from_its_invoice(self):
        self.assertEqual(self.line.periscope_training_funding_id, self.registration.funding_ids)
        line = self.line.with_user(self.accountant)
        with self.assertRaisesRegex(AccessError, "Training funding"):
            line.write({"periscope_training_funding_id": False})
        with self.assertRaisesRegex(AccessError, "Training session"):
            self.invoice.with_user(self.accountant).write({"periscope_training_event_id": False})
        # through the invoice's lines too
        with self.assertRaises(AccessError):
            self.invoice.with_user(self.accountant).write(
                {"invoice_line_ids": [Command.update(self.line.id, {"periscope_training_funding_id": False})]}
            )
        self.assertEqual(self.line.periscope_training_funding_id, self.registration.funding_ids)
        self.assertEqual(self.invoice.periscope_training_event_id, self.session)

    def test_the_accountant_cannot_bill_a_funding_by_hand(self):
        other = self._register(self.env["res.partner"].create({"name": "Paul (test)"}), [(self.opco, "opco_skills", 1)])
        with self.assertRaises(AccessError):
            self.invoice.with_user(self.accountant).write(
                {
                    "invoice_line_ids": [
                        Command.create(
                            {"name": "x", "price_unit": 1, "periscope_training_funding_id": other.funding_ids.id}
                        )
                    ]
                }
            )
        self.assertFalse(other.sudo().funding_ids.invoice_id)
        # the rest of a draft stays the accountant's
        self.line.with_user(self.accountant).write({"name": "Formation (libellé revu)"})
        self.assertEqual(self.line.name, "Formation (libellé revu)")
