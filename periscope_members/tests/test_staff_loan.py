# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from contextlib import contextmanager

from dateutil.relativedelta import relativedelta
from psycopg2 import IntegrityError

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import PeriscopeMembersCase


class StaffLoanCase(PeriscopeMembersCase):
    """Coop'Action (``org``) lends Marc Vidal's time, 151.67 hours a month,
    to Caracole (``other_org``); Marc logs in to Coop'Action's portal, Inès
    to Caracole's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.person.periscope_monthly_hours = 151.67
        cls.other_user = cls._make_portal_login(cls.other_person, "loan_caracole", email="ines@caracole.example.org")
        cls.third_org, cls.third_person, cls.third_user = cls._make_member_with_portal_person(
            "BGE Sud-Ouest (test)", "Julie Castex", "loan_bge", email="julie@bge.example.org"
        )
        cls.accountant = cls._make_user("loan_accountant", "account.group_account_invoice")
        cls.this_month = fields.Date.context_today(cls.env["periscope.staff.loan"]).replace(day=1)
        cls.start = cls.this_month - relativedelta(months=2)

    @classmethod
    def _loan(cls, hours=35.0, lender=None, borrower=None, person=None, start=None, months=6, **values):
        start = start or cls.start
        # made by staff, handled by the test as superuser
        loan = (
            cls.env["periscope.staff.loan"]
            .with_user(cls.staff)
            .create(
                {
                    "name": "Coordination (test)",
                    "lender_id": (lender or cls.org).id,
                    "borrower_id": (borrower or cls.other_org).id,
                    "employee_id": (person or cls.person).id,
                    "date_start": start,
                    "date_end": start + relativedelta(months=months, days=-1),
                    "hours_per_month": hours,
                    "cost_price": 30.0,
                    "hourly_rate": 30.0,
                    **values,
                }
            )
        )
        return loan.with_env(cls.env)

    @contextmanager
    def assertRefused(self, exception, text):
        """``exception`` is raised, with ``text`` in its message; what the
        block did is rolled back (Odoo's ``assertRaises`` takes a savepoint)."""
        with self.assertRaises(exception) as caught:
            yield
        self.assertIn(text, str(caught.exception))

    def _month(self, loan, month=None):
        return loan.month_ids.filtered(lambda line: line.month == (month or self.start))


@tagged("post_install", "-at_install")
class TestStaffLoanTerms(StaffLoanCase):
    def test_a_loan_runs_with_its_months_and_its_terms_frozen(self):
        loan = self._loan(months=6)
        self.assertEqual(loan.state, "draft")
        self.assertFalse(loan.month_ids)
        loan.with_user(self.staff).action_activate()
        self.assertEqual(loan.state, "active")
        self.assertEqual(
            loan.month_ids.sorted("month").mapped("month"), [self.start + relativedelta(months=i) for i in range(6)]
        )
        self.assertEqual(set(loan.month_ids.mapped("state")), {"todo"})
        with self.assertRefused(UserError, "agreed"):
            loan.with_user(self.staff).hours_per_month = 40.0
        with self.assertRefused(UserError, "agreed"):
            loan.with_user(self.staff).hourly_rate = 20.0
        loan.with_user(self.staff).note = "<p>Convention signée.</p>"
        with self.assertRefused(UserError, "Only a draft"):
            loan.with_user(self.staff).action_activate()

    def test_a_loan_makes_no_profit(self):
        with self.assertRefused(ValidationError, "makes no profit"):
            self._loan(hourly_rate=30.01)
        form = Form(self.env["periscope.staff.loan"].with_user(self.staff))
        form.name = "Formulaire (test)"
        form.lender_id = self.org
        form.borrower_id = self.other_org
        form.employee_id = self.person
        form.date_start = self.start
        form.date_end = self.start + relativedelta(months=1)
        form.hours_per_month = 10.0
        form.cost_price = 25.0
        form.hourly_rate = 26.0
        with self.assertRefused(ValidationError, "makes no profit"):
            form.save()
        loan = self._loan(hourly_rate=20.0)
        self.assertEqual(loan.hourly_rate, 20.0)
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.env.cr.savepoint():
            self.env.cr.execute("UPDATE periscope_staff_loan SET hourly_rate = 31 WHERE id = %s", [loan.id])

    def test_the_parties_and_the_period_are_checked(self):
        with self.assertRefused(ValidationError, "to itself"):
            self._loan(borrower=self.org)
        with self.assertRefused(ValidationError, "not a person of"):
            self._loan(person=self.other_person)
        with self.assertRefused(ValidationError, "not an organisation"):
            self._loan(borrower=self.other_person)
        with self.assertRefused(ValidationError, "ends after it starts"):
            self._loan(months=0)
        with self.assertRefused(ValidationError, "some hours"):
            self._loan(hours=0.0)
        with self.assertRefused(ValidationError, "from 0 to 744"):
            self._loan(hours=800.0)

    def test_an_import_creates_drafts_only(self):
        Loan = self.env["periscope.staff.loan"].with_user(self.staff)
        fields_ = ["name", "lender_id/.id", "borrower_id/.id", "employee_id/.id", "date_start", "date_end"]
        row = ["Import (test)", str(self.org.id), str(self.other_org.id), str(self.person.id), "2026-01-01"]
        result = Loan.load(
            [*fields_, "hours_per_month", "cost_price", "hourly_rate", "state"],
            [[*row, "2026-06-30", "10", "20", "20", "active"]],
        )
        self.assertFalse(result["ids"])
        self.assertIn("runs by its button", str(result["messages"]))
        result = Loan.load(
            [*fields_, "hours_per_month", "cost_price", "hourly_rate"], [[*row, "2026-06-30", "10", "20", "25"]]
        )
        self.assertFalse(result["ids"])
        self.assertIn("makes no profit", str(result["messages"]))
        with self.assertRefused(AccessError, "buttons"):
            self._loan().with_user(self.staff).write({"state": "active"})


@tagged("post_install", "-at_install")
class TestStaffLoanWorkingTime(StaffLoanCase):
    def test_a_person_is_never_lent_beyond_their_working_time(self):
        self._loan(hours=100.0).action_activate()
        second = self._loan(hours=51.67, borrower=self.third_org)
        second.action_activate()
        third = self._loan(hours=1.0, borrower=self.third_org, start=self.start + relativedelta(months=3))
        with self.assertRefused(ValidationError, "more than their working time"):
            third.action_activate()
        self.assertEqual(third.state, "draft")
        # after the first loan ends, its hours are free again
        later = self._loan(hours=100.0, start=self.start + relativedelta(months=6))
        later.action_activate()
        self.assertEqual(later.state, "active")

    def test_loans_one_after_the_other_add_up_only_when_they_overlap(self):
        self._loan(hours=100.0, months=2).action_activate()
        self._loan(hours=100.0, start=self.start + relativedelta(months=2), months=2).action_activate()
        overlapping = self._loan(hours=51.67, start=self.start + relativedelta(months=1), months=2)
        overlapping.action_activate()
        too_much = self._loan(hours=0.5, start=self.start + relativedelta(months=1), months=1)
        with self.assertRefused(ValidationError, "more than their working time"):
            too_much.action_activate()

    def test_a_working_time_is_declared_and_cannot_drop_below_the_hours_lent(self):
        self._loan(hours=100.0).action_activate()
        with self.assertRefused(ValidationError, "more than their working time"):
            self.person.with_user(self.staff).periscope_monthly_hours = 80.0
        self.person.with_user(self.staff).periscope_monthly_hours = 120.0
        newcomer = self.env["res.partner"].create({"name": "Léa Martin", "parent_id": self.org.id})
        with self.assertRefused(ValidationError, "Declare the working time"):
            self._loan(person=newcomer).action_activate()
        with self.assertRefused(ValidationError, "working time of 0 to"):
            newcomer.periscope_monthly_hours = -1.0

    def test_a_cancelled_loan_frees_the_time_and_a_running_one_is_kept(self):
        loan = self._loan(hours=151.67)
        loan.action_activate()
        loan.action_cancel()
        self.assertFalse(loan.month_ids)
        self._loan(hours=151.67).action_activate()
        loan.action_draft()
        with self.assertRefused(ValidationError, "more than their working time"):
            loan.action_activate()
        running = self.env["periscope.staff.loan"].search(
            [("employee_id", "=", self.person.id), ("state", "=", "active")]
        )
        with self.assertRefused(UserError, "is kept"):
            running.with_user(self.manager).unlink()


@tagged("post_install", "-at_install")
class TestStaffLoanMonths(StaffLoanCase):
    def test_the_lender_declares_the_borrower_validates(self):
        loan = self._loan()
        loan.action_activate()
        month = self._month(loan)
        month.with_user(self.portal_user).action_declare("31,5")
        self.assertEqual((month.state, month.hours, month.amount), ("declared", 31.5, 945.0))
        self.assertEqual(month.declared_by_id, self.portal_user)
        with self.assertRefused(AccessError, "Only the borrower"):
            month.with_user(self.portal_user).action_validate()
        with self.assertRefused(UserError, "why"):
            month.with_user(self.other_user).action_dispute("  ")
        month.with_user(self.other_user).action_dispute("Nous comptons 30 heures.")
        self.assertEqual(month.state, "disputed")
        month.with_user(self.portal_user).action_declare(30)
        month.with_user(self.other_user).action_validate()
        self.assertEqual((month.state, month.amount, month.validated_by_id), ("validated", 900.0, self.other_user))
        self.assertEqual(loan.hours_validated, 30.0)
        with self.assertRefused(UserError, "cannot be so now"):
            month.with_user(self.portal_user).action_declare(10)
        with self.assertRefused(UserError, "is kept"):
            month.with_user(self.manager).unlink()
        self.assertIn(self.other_org, month.message_partner_ids)

    def test_the_hours_are_bounded_and_declared_once_the_month_has_begun(self):
        loan = self._loan(hours=35.0, start=self.this_month)
        loan.action_activate()
        month = self._month(loan, self.this_month)
        with self.assertRefused(ValidationError, "between 0 and 35"):
            month.with_user(self.portal_user).action_declare(35.5)
        with self.assertRefused(ValidationError, "a number"):
            month.with_user(self.portal_user).action_declare("beaucoup")
        with self.assertRefused(ValidationError, "between 0 and 35"):
            month.with_user(self.portal_user).action_declare(-1)
        next_month = self._month(loan, self.this_month + relativedelta(months=1))
        with self.assertRefused(UserError, "once it has begun"):
            next_month.with_user(self.portal_user).action_declare(10)

    def test_a_third_organisation_does_nothing_of_a_loan(self):
        loan = self._loan()
        loan.action_activate()
        month = self._month(loan)
        Month = self.env["periscope.staff.loan.month"]
        self.assertFalse(Month.with_user(self.third_user).search([("loan_id", "=", loan.id)]))
        self.assertFalse(self.env["periscope.staff.loan"].with_user(self.third_user).search([("id", "=", loan.id)]))
        for call in (lambda m: m.action_declare(10), lambda m: m.action_validate(), lambda m: m.action_dispute("x")):
            with self.assertRaises(AccessError):
                call(month.with_user(self.third_user))
        with self.assertRefused(AccessError, "buttons"):
            month.with_user(self.staff).write({"hours": 10.0, "state": "validated"})
        with self.assertRaises(AccessError):
            month.with_user(self.portal_user).write({"hours": 10.0})

    def test_an_ended_loan_drops_its_months_to_declare(self):
        loan = self._loan(months=6)
        loan.action_activate()
        self._month(loan).with_user(self.portal_user).action_declare(20)
        loan.with_user(self.staff).action_close()
        self.assertEqual(loan.state, "closed")
        self.assertEqual(loan.month_ids.mapped("state"), ["declared"])
        with self.assertRefused(UserError, "cannot be so now"):
            loan.month_ids.with_user(self.other_user).action_validate()

    def test_the_statement_prints_for_both(self):
        loan = self._loan()
        loan.action_activate()
        month = self._month(loan)
        month.with_user(self.portal_user).action_declare(12)
        html = (
            self.env["ir.actions.report"]
            .with_context(lang="en_US")
            ._render_qweb_html("periscope_members.action_report_staff_loan_statement", month.ids)[0]
            .decode()
        )
        for text in (self.person.name, "Coop&#39;Action (test)", "Caracole (test)", "Coordination (test)", "12.00"):
            self.assertIn(text, html)
        action = month.with_user(self.staff).action_print_statement()
        self.assertEqual(action["report_name"], "periscope_members.report_staff_loan_statement")


@tagged("post_install", "-at_install")
class TestStaffLoanInvoices(StaffLoanCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.hub = cls.env.company.partner_id
        cls.hub.is_company = True
        cls.hub_person = cls.env["res.partner"].create(
            {"name": "Camille Roux (test)", "parent_id": cls.hub.id, "periscope_monthly_hours": 151.67}
        )

    def _hub_months(self, *hours):
        loan = self._loan(lender=self.hub, person=self.hub_person, hours=20.0, hourly_rate=27.5)
        loan.action_activate()
        months = loan.month_ids.sorted("month")[: len(hours)]
        for month, done in zip(months, hours, strict=True):
            month.action_declare(done)
            month.with_user(self.other_user).action_validate()
        return loan, months

    def test_the_hub_invoices_its_validated_months_at_cost_once(self):
        loan, months = self._hub_months(20.0, 12.5)
        self.assertTrue(loan.is_hub_lender)
        action = months.with_user(self.accountant).action_create_invoices()
        invoices = self.env["account.move"].browse(action["domain"][0][2])
        self.assertEqual(len(invoices), 2, "one draft invoice per borrower and month")
        self.assertEqual(set(invoices.mapped("state")), {"draft"})
        self.assertEqual(invoices.partner_id, self.other_org)
        self.assertEqual(sorted(invoices.mapped("amount_untaxed")), [343.75, 550.0])
        self.assertEqual(months.invoice_id, invoices)
        with self.assertRefused(UserError, "left to invoice"):
            months.with_user(self.accountant).action_create_invoices()
        self.env["periscope.staff.loan.month"]._cron_invoice_staff_loans()
        self.assertEqual(
            self.env["account.move.line"].search_count([("periscope_staff_loan_month_id", "in", months.ids)]), 2
        )
        line = invoices.invoice_line_ids[0]
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.env.cr.savepoint():
            line.copy({"periscope_staff_loan_month_id": line.periscope_staff_loan_month_id.id}).flush_recordset()

    def test_only_the_hubs_loans_are_invoiced_and_only_by_the_accountant(self):
        loan = self._loan()
        loan.action_activate()
        month = self._month(loan)
        month.action_declare(10)
        month.with_user(self.other_user).action_validate()
        self.env["periscope.staff.loan.month"]._cron_invoice_staff_loans()
        self.assertFalse(month.invoice_line_ids, "a member's loan is invoiced by the member itself")
        _loan, months = self._hub_months(20.0)
        for user in (self.staff, self.portal_user, self.other_user):
            with self.assertRaises(AccessError):
                months.with_user(user).action_create_invoices()
        self.assertFalse(months.invoice_line_ids)
        # the accountant does not link an invoice line of theirs to a month
        line = Command.create({"name": "Heures", "price_unit": 1.0, "periscope_staff_loan_month_id": months.id})
        with self.assertRefused(AccessError, "hub's billing"):
            self.env["account.move"].with_user(self.accountant).create(
                {"move_type": "out_invoice", "partner_id": self.other_org.id, "invoice_line_ids": [line]}
            )

    def test_the_accountant_reads_the_months_and_nothing_more(self):
        _loan, months = self._hub_months(20.0)
        self.assertEqual(months.with_user(self.accountant).read(["hours"])[0]["hours"], 20.0)
        with self.assertRaises(AccessError):
            months.with_user(self.accountant).action_validate()
        with self.assertRaises(AccessError):
            self._loan().with_user(self.accountant).write({"name": "Autre"})
