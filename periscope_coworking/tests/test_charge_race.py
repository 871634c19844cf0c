# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.tests import tagged
from odoo.tools import SQL

from odoo.addons.periscope_members.tests.concurrency import TwoConnectionsCase


@tagged("post_install", "-at_install")
class TestChargeInvoicingRace(TwoConnectionsCase):
    """Two users create the invoices of the same allocation at the same
    instant, in two real transactions: the database refuses the second
    (the unique index on the invoice lines' link), which says so; each
    resident has one invoice."""

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = self._env(cr)
            plan = env.ref("periscope_members.analytic_plan_activities")
            self.account = env["account.analytic.account"].create({"name": "Charges de la course", "plan_id": plan.id})
            Partner = env["res.partner"]
            self.partners = Partner.create(
                [
                    {"name": "Résidente de la course", "is_company": True},
                    {"name": "Bailleur de la course", "is_company": True},
                ]
            )
            hours = env.ref("periscope_coworking.resource_calendar_hub")
            self.office = env["periscope.space"].create(
                {"name": "Bureau de la course", "space_type": "office", "area": 12.0, "resource_calendar_id": hours.id}
            )
            self.occupancy = env["periscope.occupancy"].create(
                {"space_id": self.office.id, "partner_id": self.partners[0].id, "date_start": "2020-03-01"}
            )
            # fixed shares: the other residents of the building share nothing
            self.key = env["periscope.charge.key"].create(
                {
                    "name": "Clé de la course",
                    "method": "fixed",
                    "date_from": "2020-01-01",
                    "line_ids": [Command.create({"partner_id": self.partners[0].id, "share": 1})],
                }
            )
            self.bill = self._bill(env)
            self.allocation = env["periscope.charge.allocation"].create(
                {"month": "2020-03-01", "key_id": self.key.id, "analytic_account_id": self.account.id}
            )
            self.allocation.action_compute()

    def _bill(self, env):
        bill = env["account.move"].create(
            {
                "move_type": "in_invoice",
                "partner_id": self.partners[1].id,
                "invoice_date": "2020-03-10",
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Loyer commun",
                            "quantity": 1,
                            "price_unit": 333.33,
                            "tax_ids": [Command.clear()],
                            "analytic_distribution": {str(self.account.id): 100},
                        }
                    )
                ],
            }
        )
        bill.action_post()
        return bill

    def tearDown(self):
        with self.registry.cursor() as cr:
            env = self._env(cr)
            allocation = self.allocation.with_env(env)
            allocation.invoice_ids.unlink()
            # an invoiced allocation stays, but not a test's: by SQL
            cr.execute(SQL("DELETE FROM periscope_charge_allocation WHERE id = %s", allocation.id))
            env.invalidate_all()
            self.key.with_env(env).unlink()
            bill = self.bill.with_env(env)
            bill.button_draft()
            bill.unlink()
            self.occupancy.with_env(env).unlink()
            self.office.with_env(env).unlink()
            self.partners.with_env(env).unlink()
            self.account.with_env(env).unlink()
        super().tearDown()

    def _snapshot_read(self, env):
        env["periscope.charge.allocation"].browse(self.allocation.id).read(["state"])

    def test_two_users_invoice_the_same_allocation_at_once(self):
        def invoice(env):
            env["periscope.charge.allocation"].browse(self.allocation.id).action_create_invoices()

        outcomes = self._race({"first": invoice, "second": invoice})
        self.assertOneRefused(outcomes, "has just invoiced this allocation")
        with self.registry.cursor() as cr:
            allocation = self.allocation.with_env(self._env(cr))
            self.assertEqual(allocation.state, "invoiced")
            self.assertEqual(len(allocation.invoice_ids), 1)
            self.assertEqual(allocation.invoice_ids.partner_id, self.partners[0])
            self.assertEqual(allocation.invoice_ids.amount_untaxed, 333.33)
            self.assertEqual(len(allocation.invoice_ids.invoice_line_ids), 1)
