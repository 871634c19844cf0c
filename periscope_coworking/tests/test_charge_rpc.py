# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The shared charges attacked through ``/web/dataset/call_kw``: a member,
the reception and the accountant try what is not theirs; the database has
not changed (read again as superuser)."""

from odoo import Command
from odoo.tests import tagged

from odoo.addons.periscope_members.tests.common import PeriscopeFactoryMixin
from odoo.addons.periscope_members.tests.rpc import RpcCase

from .common import CoworkingFactoryMixin

KEY = "periscope.charge.key"
ALLOCATION = "periscope.charge.allocation"
LINE = "periscope.charge.allocation.line"


@tagged("post_install", "-at_install")
class TestChargeRpc(CoworkingFactoryMixin, PeriscopeFactoryMixin, RpcCase):
    watched = {
        KEY: ["name", "method", "date_from", "active"],
        ALLOCATION: ["state", "cost", "month", "key_id"],
        LINE: ["amount", "weight", "partner_id"],
    }
    counted = (KEY, ALLOCATION, LINE, "account.move")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_coworking_staff()
        cls.env["periscope.occupancy"].search([]).unlink()
        cls.org, _person, cls.member = cls._make_member_with_portal_person("Coop'Action (test)", "Marc", "charge_marc")
        cls.accountant = cls._make_user("charge_rpc_accountant", "account.group_account_invoice")
        office = cls._make_space("Bureau (rpc, test)", "office", 4, area=25.0)
        cls.env["periscope.occupancy"].create(
            {"space_id": office.id, "partner_id": cls.org.id, "date_start": "2026-01-01"}
        )
        plan = cls.env.ref("periscope_members.analytic_plan_activities")
        shared = cls.env["account.analytic.account"].create({"name": "Charges (rpc, test)", "plan_id": plan.id})
        vendor = cls._make_organisation("Bailleur (rpc, test)")
        bill = cls.env["account.move"].create(
            {
                "move_type": "in_invoice",
                "partner_id": vendor.id,
                "invoice_date": "2026-03-10",
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Loyer",
                            "quantity": 1,
                            "price_unit": 900.0,
                            "tax_ids": [Command.clear()],
                            "analytic_distribution": {str(shared.id): 100},
                        }
                    )
                ],
            }
        )
        bill.action_post()
        cls.key = cls.env[KEY].create({"name": "Surface (rpc, test)", "method": "area", "date_from": "2026-01-01"})
        cls.allocation = cls.env[ALLOCATION].create(
            {"month": "2026-03-01", "key_id": cls.key.id, "analytic_account_id": shared.id}
        )
        cls.allocation.action_compute()
        for user in (cls.member, cls.reception, cls.accountant):
            user.password = user.login
        cls.watched_ids = {KEY: cls.key.ids, ALLOCATION: cls.allocation.ids, LINE: cls.allocation.line_ids.ids}

    def test_a_member_and_the_reception_reach_nothing_of_the_charges(self):
        before = self._snapshot()
        allocation, line = self.allocation.id, self.allocation.line_ids[0].id
        for user in (self.member, self.reception):
            self.login(user)
            for model, method, args in (
                (KEY, "search_read", [[], ["name"]]),
                (ALLOCATION, "read", [[allocation], ["cost"]]),
                (LINE, "search_read", [[], ["amount"]]),
                (ALLOCATION, "action_compute", [[allocation]]),
                (ALLOCATION, "action_create_invoices", [[allocation]]),
                (ALLOCATION, "create", [{"month": "2026-04-01", "key_id": self.key.id}]),
                (KEY, "write", [[self.key.id], {"method": "fixed"}]),
                (LINE, "write", [[line], {"amount": 1.0}]),
            ):
                with self.subTest(user=user.login, model=model, method=method):
                    self.assertRefused(self.call(model, method, *args), "AccessError")
        self.assertUnchanged(before)

    def test_the_accountant_runs_the_split_but_never_writes_its_result(self):
        before = self._snapshot()
        allocation, line = self.allocation.id, self.allocation.line_ids[0].id
        self.login(self.accountant)
        for model, method, args in (
            (ALLOCATION, "write", [[allocation], {"state": "invoiced"}]),
            (ALLOCATION, "write", [[allocation], {"cost": 1.0}]),
            (LINE, "write", [[line], {"amount": 1.0}]),
            (LINE, "create", [{"allocation_id": allocation, "partner_id": self.org.id, "amount": 5.0}]),
            (LINE, "unlink", [[line]]),
            (KEY, "write", [[self.key.id], {"method": "fixed"}]),
            (ALLOCATION, "unlink", [[allocation]]),
        ):
            with self.subTest(model=model, method=method):
                self.assertRefused(self.call(model, method, *args), "AccessError", "UserError")
        self.assertUnchanged(before)
        self.assertAllowed(self.call(ALLOCATION, "action_create_invoices", [allocation]))
        self.assertEqual(self.allocation.state, "invoiced")
        self.assertEqual(self.allocation.invoice_ids.partner_id, self.org)
