# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import SQL, mute_logger

from .common import ChargeAllocationCase


@tagged("post_install", "-at_install")
@freeze_time("2026-04-02 08:00:00")
class TestChargeRules(ChargeAllocationCase):
    """What is refused, to whom, and the queries of a split."""

    def test_nothing_to_split_is_refused_with_the_reason(self):
        allocation = self._allocation()
        with self.assertRaisesRegex(UserError, "No shared cost to split"):
            allocation.action_compute()
        self._bill(100.0)
        key = self._make_key("Par ETP (test)", "fte")
        allocation.key_id = key
        with self.assertRaisesRegex(UserError, "gives no basis to any resident"):
            allocation.action_compute()
        self.occupancies.unlink()
        with self.assertRaisesRegex(UserError, "No organisation rents an office"):
            allocation.action_compute()
        self.assertEqual(allocation.state, "draft")
        with self.assertRaisesRegex(ValidationError, "give the share of at least one organisation"):
            self._make_key("Parts fixes sans parts (test)", "fixed")

    def test_an_area_is_never_negative(self):
        office = self.offices[0].with_user(self.manager)
        with self.assertRaises(ValidationError):
            office.area = -5
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.env.cr.savepoint():
            self.env.cr.execute(SQL("UPDATE periscope_space SET area = -1 WHERE id = %s", office.id))
        office.write({"area": "22,5"})
        self.assertEqual(office.area, 22.5)

    def test_invoicing_comes_after_the_compute(self):
        self._bill(100.0)
        allocation = self._allocation()
        with self.assertRaisesRegex(UserError, "Compute the split"):
            allocation.action_create_invoices()
        self.assertFalse(allocation.invoice_ids)

    def test_one_allocation_per_month_and_account(self):
        self._allocation()
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.env.cr.savepoint():
            self._allocation(key=self._make_key("Autre clé (test)", "area"))

    def test_the_state_and_the_split_are_the_buttons_alone(self):
        self._bill(100.0)
        allocation = self._allocation()
        for user in (self.manager, self.accountant):
            with self.assertRaises(AccessError):
                allocation.with_user(user).write({"state": "invoiced"})
            with self.assertRaises(AccessError):
                allocation.with_user(user).write({"cost": 1.0})
            Allocation = self.env["periscope.charge.allocation"].with_user(user).with_context(default_state="computed")
            with self.assertRaises(AccessError):
                Allocation.create(
                    {"month": "2026-02-01", "key_id": self.key_area.id, "analytic_account_id": self.shared.id}
                )
        allocation.action_compute()
        with self.assertRaises(AccessError):
            allocation.line_ids[0].with_user(self.manager).write({"amount": 1000.0})
        self.assertEqual(allocation.state, "computed")
        allocation.action_create_invoices()
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            allocation.with_user(self.manager).unlink()
        with self.assertRaisesRegex(UserError, "archive it"):
            self.key_area.with_user(self.manager).unlink()
        with self.assertRaisesRegex(UserError, "cannot change"):
            allocation.with_user(self.manager).month = "2026-02-01"

    def test_reception_and_members_reach_none_of_it(self):
        self._bill(100.0)
        allocation = self._allocation()
        allocation.action_compute()
        _person, portal = self._make_portal_person(self.org, "Membre BGE", "charges_portal")
        for user in (self.reception, portal):
            for records in (allocation, allocation.line_ids, self.key_area):
                with self.assertRaises(AccessError):
                    records.with_user(user).read(["display_name"])
            with self.assertRaises(AccessError):
                self._allocation(month="2026-02-01", user=user)
        # the accountant runs the allocations but does not change the keys
        self.assertTrue(self.key_area.with_user(self.accountant).read(["name"]))
        with self.assertRaises(AccessError):
            self.key_area.with_user(self.accountant).name = "Autre nom"

    def test_the_queries_of_a_split_do_not_grow_with_the_residents(self):
        self.env["periscope.key.figure"].create({"partner_id": self.org.id, "year": 2026, "fte": 2.0})
        with freeze_time("2026-03-01 08:00:00"):
            self._book("2026-03-03 08:00:00", "2026-03-03 10:00:00")
        allocations = []
        for month, key in (
            ("01", self.key_area),
            ("02", self._make_key("ETP", "fte")),
            ("03", self._make_key("Usage", "usage")),
        ):
            self._bill(1000.0, day=f"2026-{month}-15")
            allocations.append(self._allocation(key, month=f"2026-{month}-01"))
        # a first round fills the server's caches (rights, rules, accounts), as in a running server
        for allocation in allocations:
            self.queries_of(allocation.action_compute)
        few = [self.queries_of(allocation.action_compute)[0] for allocation in allocations]
        for index in range(30):
            organisation = self._make_organisation(f"Résidente {index} (test)")
            office = self._make_space(f"Bureau R{index} (test)", "office", 2, area=10.0 + index)
            self.env["periscope.occupancy"].create(
                {"space_id": office.id, "partner_id": organisation.id, "date_start": "2026-01-01"}
            )
            self.env["periscope.key.figure"].create({"partner_id": organisation.id, "year": 2026, "fte": 1.0})
        many = [self.queries_of(allocation.action_compute)[0] for allocation in allocations]
        self.assertEqual([len(allocation.line_ids) for allocation in allocations], [33, 33, 33])
        self.assertQueriesDoNotGrow(few, many, "residents")

    def test_the_manager_reads_the_split_and_its_invoices(self):
        self._bill(100.0)
        allocation = self._allocation()
        allocation.action_compute()
        action = allocation.action_create_invoices()
        self.assertEqual(action["res_model"], "account.move")
        as_manager = allocation.with_user(self.manager)
        as_manager.invalidate_recordset()
        self.assertEqual(as_manager.invoice_count, 3)
        self.assertEqual(as_manager.state, "invoiced")
        lines = as_manager.line_ids
        lines.invalidate_recordset()
        self.assertEqual(set(lines.invoice_id.ids), set(allocation.invoice_ids.ids))
        self.assertEqual(sorted(lines.mapped("amount")), [20.0, 30.0, 50.0])
