# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import PeriscopeFactoryMixin
from .http import PortalHttpMixin
from .rpc import RpcCase


class StaffLoanPortalMixin(PeriscopeFactoryMixin):
    """Coop'Action lends Marc's time to Caracole (Inès); BGE (Julie) is a
    third. The loan runs since two months ago."""

    @classmethod
    def _member(cls, name, person_name, login, **person):
        organisation = cls._make_organisation(name, cls.PERMANENT_RESIDENT)
        person = cls.env["res.partner"].create(
            {"name": person_name, "parent_id": organisation.id, "email": f"{login}@example.org", **person}
        )
        return organisation, person, cls._make_portal_login(person, login, password=f"{login}_pw")

    @classmethod
    def _make_loan(cls):
        cls.org, cls.marc, cls.marc_user = cls._member(
            "Coop'Action (test)", "Marc Vidal", "loan_marc", periscope_monthly_hours=151.67
        )
        cls.caracole, cls.ines, cls.ines_user = cls._member("Caracole (test)", "Inès Moreau", "loan_ines")
        cls.bge, cls.julie, cls.julie_user = cls._member("BGE Sud-Ouest (test)", "Julie Castex", "loan_julie")
        start = fields.Date.context_today(cls.env["periscope.staff.loan"]).replace(day=1) - relativedelta(months=2)
        cls.loan = cls.env["periscope.staff.loan"].create(
            {
                "name": "Animation de la coopération (test)",
                "lender_id": cls.org.id,
                "borrower_id": cls.caracole.id,
                "employee_id": cls.marc.id,
                "date_start": start,
                "date_end": start + relativedelta(months=6, days=-1),
                "hours_per_month": 35.0,
                "cost_price": 32.0,
                "hourly_rate": 32.0,
            }
        )
        cls.loan.action_activate()
        cls.first = cls.loan.month_ids.filtered(lambda line: line.month == start)


@tagged("post_install", "-at_install")
class TestStaffLoanPortal(PortalHttpMixin, StaffLoanPortalMixin, HttpCase):
    # every member's page with a form: the account's details
    csrf_page = "/my/account"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._make_loan()

    def test_the_lender_declares_and_the_borrower_validates_on_the_portal(self):
        self._login(self.marc_user)
        page = self.url_open("/my/staff-loans").text
        self.assertIn("Animation de la coopération (test)", page)
        self.assertIn("Caracole (test)", page)
        page = self.url_open(f"/my/staff-loans/{self.loan.id}").text
        self.assertIn(f"/my/staff-loans/months/{self.first.id}/declare", page)
        self.assertNotIn(f"/my/staff-loans/months/{self.first.id}/validate", page)
        response = self._post(f"/my/staff-loans/months/{self.first.id}/declare", {"hours": "27,5"})
        self.assertIn("The hours are declared", response.text)
        self.assertEqual((self.first.state, self.first.hours), ("declared", 27.5))
        response = self._post(f"/my/staff-loans/months/{self.first.id}/declare", {"hours": "36"})
        self.assertIn("a number between 0 and", response.text)
        self.assertEqual(self.first.hours, 27.5)
        # the lender does not validate its own hours
        response = self._post(f"/my/staff-loans/months/{self.first.id}/validate")
        self.assertEqual(response.status_code, 404)
        self.assertEqual(self.first.state, "declared")
        self._login(self.ines_user)
        page = self.url_open(f"/my/staff-loans/{self.loan.id}").text
        self.assertIn(f"/my/staff-loans/months/{self.first.id}/validate", page)
        response = self._post(f"/my/staff-loans/months/{self.first.id}/dispute", {"reason": ""})
        self.assertIn("Say why", response.text)
        response = self._post(f"/my/staff-loans/months/{self.first.id}/validate")
        self.assertIn("The hours are validated", response.text)
        self.assertEqual((self.first.state, self.first.validated_by_id), ("validated", self.ines_user))

    def test_both_download_the_statement_and_a_third_sees_nothing(self):
        self.first.action_declare(20)
        for user in (self.marc_user, self.ines_user):
            self._login(user)
            response = self.url_open(f"/my/staff-loans/months/{self.first.id}/statement")
            self.assertEqual(response.status_code, 200)
            self.assertEqual(response.headers["Content-Type"], "application/pdf")
        self._login(self.julie_user)
        self.assertNotIn("Animation de la coopération", self.url_open("/my/staff-loans").text)
        for url in (f"/my/staff-loans/{self.loan.id}", f"/my/staff-loans/months/{self.first.id}/statement"):
            self.assertEqual(self.url_open(url).status_code, 404)
        response = self._post(f"/my/staff-loans/months/{self.first.id}/validate")
        self.assertEqual(response.status_code, 404)
        self.assertEqual(self.first.state, "declared")
        # a month not declared yet has no statement
        second = self.loan.month_ids.sorted("month")[1]
        self._login(self.ines_user)
        self.assertEqual(self.url_open(f"/my/staff-loans/months/{second.id}/statement").status_code, 404)


@tagged("post_install", "-at_install")
class TestStaffLoanRpc(StaffLoanPortalMixin, RpcCase):
    """A member attacks the loans through ``/web/dataset/call_kw``."""

    watched = {
        "periscope.staff.loan": ["state", "hours_per_month", "hourly_rate", "cost_price", "date_end"],
        "periscope.staff.loan.month": ["state", "hours", "validated_by_id"],
    }
    counted = ("periscope.staff.loan", "periscope.staff.loan.month", "account.move")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._make_loan()
        for user in (cls.marc_user, cls.ines_user, cls.julie_user):
            user.password = user.login
        cls.watched_ids = {"periscope.staff.loan": cls.loan.ids, "periscope.staff.loan.month": cls.loan.month_ids.ids}

    def test_the_lender_and_the_borrower_change_nothing_but_by_their_buttons(self):
        before = self._snapshot()
        loan, first = self.loan.id, self.first.id
        for user in (self.marc_user, self.ines_user):
            self.login(user)
            for method, args in (
                ("write", [[loan], {"hourly_rate": 10.0}]),
                ("write", [[loan], {"state": "closed"}]),
                ("action_close", [[loan]]),
                ("action_cancel", [[loan]]),
                ("action_activate", [[loan]]),
                ("unlink", [[loan]]),
                ("copy", [[loan]]),
            ):
                self.assertRefused(self.call("periscope.staff.loan", method, *args), "AccessError", "UserError")
            for method, args in (
                ("write", [[first], {"hours": 10.0, "state": "validated"}]),
                ("create", [{"loan_id": loan, "month": "2030-01-01"}]),
                ("unlink", [[first]]),
                ("action_create_invoices", [[first]]),
                ("_cron_invoice_staff_loans", []),
            ):
                self.assertRefused(self.call("periscope.staff.loan.month", method, *args))
        self.login(self.ines_user)
        self.assertRefused(self.call("periscope.staff.loan.month", "action_declare", [first], 35), "AccessError")
        self.login(self.marc_user)
        self.assertRefused(self.call("periscope.staff.loan.month", "action_validate", [first]), "AccessError")
        self.assertUnchanged(before)

    def test_a_third_organisation_reads_and_moves_nothing(self):
        before = self._snapshot()
        self.login(self.julie_user)
        self.assertEqual(self.assertAllowed(self.call("periscope.staff.loan", "search_read", [], ["name"])), [])
        self.assertEqual(self.assertAllowed(self.call("periscope.staff.loan.month", "search_read", [], ["hours"])), [])
        self.assertRefused(self.call("periscope.staff.loan", "read", [self.loan.id], ["name"]), "AccessError")
        for method, args in (("action_declare", [35]), ("action_validate", []), ("action_dispute", ["non"])):
            answer = self.call("periscope.staff.loan.month", method, [self.first.id], *args)
            self.assertRefused(answer, "AccessError")
        self.assertUnchanged(before)

    def test_the_people_lent_keep_their_working_time(self):
        self.login(self.marc_user)
        answer = self.call("res.partner", "write", [self.marc.id], {"periscope_monthly_hours": 1.0})
        self.assertRefused(answer, "AccessError")
        self.assertEqual(self.marc.periscope_monthly_hours, 151.67)
