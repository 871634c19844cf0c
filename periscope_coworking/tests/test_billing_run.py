# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.service.model import _as_validation_error
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import PeriscopeCoworkingCase


@tagged("post_install", "-at_install")
@freeze_time("2026-04-02 08:00:00")
class TestBillingRun(PeriscopeCoworkingCase):
    """The accountant's monthly run, for March 2026 (Paris is UTC+1 until
    Sunday 29 March, UTC+2 after)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.accountant = new_test_user(cls.env, login="accountant", groups="account.group_account_invoice")
        cls.room_hour = cls.env.ref("periscope_coworking.product_meeting_room_hour")
        cls.room.product_id = cls.room_hour
        cls.pool.product_id = cls.env.ref("periscope_coworking.product_desk_day")
        # one included hour a month for the permanent residents, here
        cls.org.periscope_member_type_id.included_booking_hours = 1
        cls.outsider = cls.env["res.partner"].create({"name": "Entreprise extérieure", "is_company": True})
        cls.office = cls.env["periscope.space"].create(
            {"name": "Bureau 3 (test)", "space_type": "office", "capacity": 4}
        )
        cls.bookings_account = cls.env.ref("periscope_coworking.analytic_account_bookings")
        cls.rent_account = cls.env.ref("periscope_coworking.analytic_account_office_rent")
        # the demo residents' rents are billed too: the tests look at theirs
        cls.customers = cls.org | cls.other_org | cls.outsider

    def _book_in_march(self):
        """Bookings of March 2026 (Paris time), and some that are not billed."""
        with freeze_time("2026-03-01 08:00:00"):
            self.two_hours = self._book("2026-03-03 08:00:00", "2026-03-03 10:00:00")
            self.outsider_hour = self._book("2026-03-04 08:00:00", "2026-03-04 09:30:00", partner=self.outsider)
            self.other_desk = self._book(
                "2026-03-05 08:00:00", "2026-03-05 16:00:00", space=self.pool, partner=self.other_org, seats=2
            )
            self.draft = self._book("2026-03-06 08:00:00", "2026-03-06 09:00:00", confirm=False)
            self.cancelled_early = self._book("2026-03-09 08:00:00", "2026-03-09 09:00:00", partner=self.outsider)
            self.cancelled_early.action_cancel()
            # the last evening of March in Paris is already 31 March in UTC…
            self.last_evening = self._book("2026-03-31 16:00:00", "2026-03-31 17:00:00", partner=self.outsider)
            # …and the first morning of April in Paris is still March in UTC
            self.april = self._book("2026-04-01 06:00:00", "2026-04-01 07:00:00", partner=self.outsider)
        with freeze_time("2026-03-10 08:00:00"):
            self.cancelled_late = self._book("2026-03-10 12:00:00", "2026-03-10 13:00:00", partner=self.outsider)
            self.cancelled_late.action_cancel()

    def _run(self, month="2026-03-15", user=None):
        Run = self.env["periscope.billing.run"].with_user(user or self.accountant)
        return Run.create({"period_start": month})

    def _invoices(self, run):
        return self.env["account.move"].search(
            [("periscope_billing_run_id", "=", run.id), ("partner_id", "in", self.customers.ids)], order="id"
        )

    def _summary(self, run):
        return {line.partner_id: line for line in run.line_ids if line.partner_id in self.customers}

    def test_the_summary_comes_first_and_creates_nothing(self):
        self._book_in_march()
        run = self._run()
        self.assertEqual(str(run.period_start), "2026-03-01")
        self.assertEqual(str(run.period_stop), "2026-03-31")
        run.action_prepare()
        summary = self._summary(run)
        self.assertEqual(set(summary), {self.org, self.other_org, self.outsider})
        self.assertEqual(summary[self.outsider].booking_count, 3)
        # 2 hours, one of them included, at the member rate of 12.50
        self.assertEqual(summary[self.org].amount_untaxed, 12.5)
        # 2 hours at 25.00, 1 hour at 25.00, a late cancellation at 50 %
        self.assertEqual(summary[self.outsider].amount_untaxed, 87.5)
        self.assertEqual(run.booking_count, 5)
        self.assertEqual(run.amount_untaxed, sum(run.line_ids.mapped("amount_untaxed")))
        self.assertFalse(self._invoices(run))
        self.assertFalse(self.two_hours.invoice_line_id)
        self.assertEqual(run.state, "draft")

    def test_one_draft_invoice_per_customer_a_line_per_booking(self):
        self._book_in_march()
        run = self._run()
        run.action_prepare()
        run.action_create_invoices()
        self.assertEqual(run.state, "done")
        invoices = self._invoices(run)
        self.assertEqual(set(invoices.partner_id), {self.org, self.other_org, self.outsider})
        self.assertEqual(set(invoices.mapped("state")), {"draft"})
        self.assertEqual(set(invoices.mapped("move_type")), {"out_invoice"})
        self.assertEqual(run.invoice_count, len(run.line_ids))
        by_customer = {invoice.partner_id: invoice for invoice in invoices}

        member_line = self.two_hours.invoice_line_id
        self.assertEqual(member_line.move_id, by_customer[self.org])
        self.assertEqual(member_line.product_id, self.room_hour)
        self.assertEqual((member_line.quantity, member_line.price_unit), (1, 12.5))
        # hours as people write them: "(2 h)", never "(2.0 h)"
        self.assertIn("(2 h), 1 h included", member_line.name)
        self.assertIn("03/03/2026 09:00", member_line.name)  # Paris time
        self.assertEqual(member_line.analytic_distribution, {str(self.bookings_account.id): 100})

        desk_line = self.other_desk.invoice_line_id
        self.assertEqual(desk_line.move_id, by_customer[self.other_org])
        # a desk for one day, two seats
        self.assertEqual(desk_line.quantity, 2)

        outsider_lines = by_customer[self.outsider].invoice_line_ids
        self.assertEqual(
            outsider_lines.periscope_booking_id, self.outsider_hour | self.cancelled_late | self.last_evening
        )
        late_line = self.cancelled_late.invoice_line_id
        self.assertEqual(late_line.price_unit, 12.5)  # half of 25.00
        self.assertIn("late cancellation", late_line.name)
        self.assertEqual(by_customer[self.outsider].amount_untaxed, 87.5)
        # not billed: a draft, an early cancellation, April in Paris
        for booking in self.draft | self.cancelled_early | self.april:
            self.assertFalse(booking.invoice_line_id)
        self.assertEqual({line.partner_id: line.invoice_id for line in self._summary(run).values()}, by_customer)

    def test_a_second_run_adds_nothing(self):
        self._book_in_march()
        first = self._run()
        first.action_create_invoices()
        lines = self._invoices(first).invoice_line_ids.filtered("periscope_booking_id")
        second = self._run()
        second.action_prepare()
        self.assertFalse(second.line_ids)
        second.action_create_invoices()
        self.assertFalse(second.invoice_ids)
        self.assertEqual(second.state, "done")
        # a booking of March confirmed later is all a third run adds
        with freeze_time("2026-03-20 08:00:00"):
            forgotten = self._book("2026-03-24 08:00:00", "2026-03-24 09:00:00", partner=self.outsider)
        third = self._run()
        third.action_create_invoices()
        self.assertEqual(self._invoices(third).invoice_line_ids.periscope_booking_id, forgotten)
        self.assertEqual(
            self.env["account.move.line"].search([("periscope_booking_id", "!=", False)]),
            lines | forgotten.invoice_line_id,
        )

    def test_the_hub_does_not_invoice_itself(self):
        hub = self.env.company.partner_id
        with freeze_time("2026-03-01 08:00:00"):
            own = self._book("2026-03-03 08:00:00", "2026-03-03 10:00:00", partner=hub)
        run = self._run()
        run.action_prepare()
        self.assertNotIn(hub, run.line_ids.partner_id)
        run.action_create_invoices()
        self.assertFalse(own.is_invoiced)

    def test_bookings_not_begun_wait_for_the_next_run(self):
        with freeze_time("2026-03-01 08:00:00"):
            booking = self._book("2026-03-24 08:00:00", "2026-03-24 10:00:00")
        with freeze_time("2026-03-15 08:00:00"):
            run = self._run()
            run.action_create_invoices()
        self.assertFalse(booking.invoice_line_id)
        self._run().action_create_invoices()
        self.assertTrue(booking.invoice_line_id)

    @mute_logger("odoo.sql_db")
    def test_the_database_refuses_to_invoice_a_booking_twice(self):
        self._book_in_march()
        self._run().action_create_invoices()
        journal = self.two_hours.invoice_line_id.move_id.journal_id
        with self.assertRaises(IntegrityError) as caught:
            self.env["account.move"].create(
                {
                    "move_type": "out_invoice",
                    "journal_id": journal.id,
                    "partner_id": self.org.id,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": "Again",
                                "quantity": 1,
                                "price_unit": 10,
                                "periscope_booking_id": self.two_hours.id,
                            }
                        )
                    ],
                }
            )
            self.env.flush_all()
        error = _as_validation_error(self.env, caught.exception)
        self.assertIn("already invoiced", str(error))

    def test_an_invoiced_booking_is_settled(self):
        self._book_in_march()
        self._run().action_create_invoices()
        booking = self.outsider_hour.with_user(self.reception)
        self.assertTrue(booking.is_invoiced)
        with self.assertRaises(UserError):
            booking.action_cancel()
        with self.assertRaises(UserError):
            booking.write({"stop": "2026-03-04 10:00:00"})
        with self.assertRaises(UserError):  # nor moved in the calendar
            booking.calendar_event_id.with_user(self.reception).write(
                {"start": "2026-03-04 10:00:00", "stop": "2026-03-04 11:00:00"}
            )
        with self.assertRaises(UserError):
            booking.unlink()
        self.assertEqual(str(booking.stop), "2026-03-04 09:30:00")
        self.assertEqual(booking.state, "confirmed")
        # marking it done does not change what was invoiced
        booking.action_done()
        # the accountant deletes the draft: the booking can be invoiced again
        invoice = booking.sudo().invoice_id
        invoice.with_user(self.accountant).unlink()
        self.assertFalse(booking.is_invoiced)
        run = self._run()
        run.action_create_invoices()
        self.assertEqual(booking.sudo().invoice_id.periscope_billing_run_id, run)

    def test_posted_invoices_are_left_as_they_are(self):
        self._book_in_march()
        self._run().action_create_invoices()
        invoice = self.two_hours.invoice_line_id.move_id
        invoice.with_user(self.accountant).action_post()
        self.env.flush_all()
        posted = (invoice.write_date, invoice.amount_total, invoice.name)
        with freeze_time("2026-03-20 08:00:00"):
            self._book("2026-03-25 08:00:00", "2026-03-25 11:00:00")
        run = self._run()
        run.action_create_invoices()
        self.env.flush_all()
        self.assertEqual((invoice.write_date, invoice.amount_total, invoice.name), posted)
        self.assertNotEqual(self._invoices(run), invoice)
        self.assertEqual(self._invoices(run).partner_id, self.org)

    def test_office_rent_prorated_and_invoiced_once(self):
        occupancy = self.env["periscope.occupancy"].create(
            {
                "space_id": self.office.id,
                "partner_id": self.other_org.id,
                "date_start": "2026-03-10",
                "monthly_rent": 310.0,
                "monthly_charges": 31.0,
            }
        )
        march = self._run()
        march.action_prepare()
        self.assertEqual(self._summary(march)[self.other_org].rent_count, 1)
        march.action_create_invoices()
        lines = self._invoices(march).invoice_line_ids
        self.assertEqual(lines.periscope_occupancy_id, occupancy)
        by_part = {line.periscope_rent_part: line for line in lines}
        # 22 of 31 days
        self.assertEqual(by_part["rent"].price_unit, 220.0)
        self.assertEqual(by_part["charges"].price_unit, 22.0)
        self.assertIn("22 of 31 days", by_part["rent"].name)
        self.assertEqual(by_part["charges"].product_id, self.env.ref("periscope_coworking.product_office_charges"))
        self.assertEqual(by_part["rent"].analytic_distribution, {str(self.rent_account.id): 100})
        again = self._run()
        again.action_create_invoices()
        self.assertFalse(again.invoice_ids)
        with freeze_time("2026-05-02 08:00:00"):
            april = self._run("2026-04-01")
            april.action_create_invoices()
        self.assertEqual(self._invoices(april).invoice_line_ids.mapped("price_unit"), [310.0, 31.0])

    @mute_logger("odoo.sql_db")
    def test_the_database_refuses_a_month_of_rent_twice(self):
        occupancy = self.env["periscope.occupancy"].create(
            {
                "space_id": self.office.id,
                "partner_id": self.other_org.id,
                "date_start": "2026-01-01",
                "monthly_rent": 300.0,
            }
        )
        self._run().action_create_invoices()
        line = self.env["account.move.line"].search([("periscope_occupancy_id", "=", occupancy.id)])
        with self.assertRaises(IntegrityError) as caught:
            line.move_id.write(
                {
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": "Rent again",
                                "quantity": 1,
                                "price_unit": 300,
                                "periscope_occupancy_id": occupancy.id,
                                "periscope_rent_month": "2026-03-01",
                                "periscope_rent_part": "rent",
                            }
                        )
                    ]
                }
            )
            self.env.flush_all()
        error = _as_validation_error(self.env, caught.exception)
        self.assertIn("already invoiced", str(error))

    def test_who_runs_the_billing(self):
        self._book_in_march()
        # the coworking manager may run it too; reception and members may not
        run = self._run(user=self.manager)
        run.action_prepare()
        self.assertTrue(run.line_ids)
        portal = new_test_user(self.env, login="portal_member", groups="base.group_portal", partner_id=self.person.id)
        for user in (self.reception, portal):
            with self.assertRaises(AccessError):
                self._run(user=user)
            with self.assertRaises(AccessError):
                run.with_user(user).read(["name"])
        # a run that created invoices stays
        run.action_create_invoices()
        with self.assertRaises(UserError):
            run.with_user(self.accountant).unlink()
        with self.assertRaises(UserError):
            run.action_create_invoices()

    def test_an_accountant_without_an_email_runs_the_billing(self):
        """The run logs what it did in its history: no e-mail is sent, so the
        user running it needs no e-mail address."""
        self.accountant.partner_id.email = False
        self._book_in_march()
        run = self._run()
        run.action_create_invoices()
        self.assertEqual(run.state, "done")
        self.assertTrue(self._invoices(run))
        self.assertIn("draft invoices created", run.message_ids[0].body)
        self.assertEqual(run.message_ids[0].author_id, self.accountant.partner_id)
        # the same month again: nothing is left to invoice
        empty = self._run()
        empty.action_create_invoices()
        self.assertEqual(empty.state, "done")
        self.assertIn("Nothing was left", empty.message_ids[0].body)

    def _count_queries(self, run):
        queries, lines = self.queries_of(run._lines_by_customer)
        return queries, sum(map(len, lines.values()))

    def test_what_to_bill_in_constant_queries(self):
        """Gathering what to bill does not query once per booking."""
        with freeze_time("2026-03-01 08:00:00"):
            self._book("2026-03-02 08:00:00", "2026-03-02 10:00:00")
            self._book("2026-03-03 08:00:00", "2026-03-03 09:00:00", self.pool)
        run = self._run()
        few_queries, few_lines = self._count_queries(run)
        with freeze_time("2026-03-01 08:00:00"):
            for day in range(4, 32):
                if date(2026, 3, day).weekday() >= 5:  # closed at week-ends
                    continue
                for hour in (8, 10, 12, 14):
                    self._book(
                        f"2026-03-{day:02d} {hour:02d}:00:00",
                        f"2026-03-{day:02d} {hour + 1:02d}:00:00",
                        partner=self.outsider if hour < 12 else self.other_org,
                    )
        many_queries, many_lines = self._count_queries(run)
        # 20 weekdays, 4 bookings each; Formethic's first hour is included
        self.assertEqual(many_lines - few_lines, 20 * 4 - 1)
        # the few bookings read one product more than the many
        self.assertLessEqual(many_queries, few_queries)
