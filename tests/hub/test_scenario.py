# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A month of the hub, across the four addons, as the people who run it.

June 2031 (Paris is UTC+2 all month; times below are naive UTC):

1. 2 June — an organisation joins: the members' administrator invoices its
   membership of 2031, the accountant posts the invoice and registers its
   payment: the organisation and its employee are paid members.
2. 3 June — reception books the meeting room for the employee, 5 hours on
   10 June at the member rate, 2 of them included in the membership, and
   moves the booking an hour later in the calendar.
3. 4 June — the training officer plans a two-day session in the training
   room (12 and 13 June, a trainer from outside the first day, the officer
   the second) and registers the employee, funded by an OPCO.
4. 10 to 13 June — the meeting takes place; at the session, the officer
   takes the roll call, the employee and the trainers sign each slot.
5. 16 to 18 June — the employee drops off a concierge service at the desk;
   the provider does it and marks it ready on the portal; the employee
   collects it with the pick-up code: the desk drafts its invoice.
6. 1 July — month end: the coworking billing run, the concierge settlement
   of the provider, the training administrator closes the session and
   invoices the funder; the accountant posts every draft. Then the BPF of
   2031.
"""

import base64
from datetime import date, datetime, timedelta
from itertools import pairwise

import pytest
from books import vat_boxes
from freezegun import freeze_time
from lxml import etree

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, new_test_user, tagged

YEAR = 2031
JUNE = date(YEAR, 6, 1)
# the employee's meeting: Tuesday 10 June, booked 9:00-14:00 in Paris, then
# moved in the calendar to 10:00-15:00
BOOKED = ("2031-06-10 07:00:00", "2031-06-10 12:00:00")
MEETING = ("2031-06-10 08:00:00", "2031-06-10 13:00:00")
# the session: two days of two half-days, 9:00-12:30 and 13:30-17:00 in Paris
DAY_ONE = [("2031-06-12 07:00:00", "2031-06-12 10:30:00"), ("2031-06-12 11:30:00", "2031-06-12 15:00:00")]
DAY_TWO = [("2031-06-13 07:00:00", "2031-06-13 10:30:00"), ("2031-06-13 11:30:00", "2031-06-13 15:00:00")]
# a one-pixel PNG: what the signature pad sends
SIGNATURE = base64.b64encode(
    base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==")
)


def utc(value):
    return datetime.fromisoformat(value)


def no_taxes():
    """A product's values without taxes: the amounts are the prices."""
    return {"taxes_id": [Command.clear()], "supplier_taxes_id": [Command.clear()]}


# Outside an addon, Odoo's metaclass gives a test case no tags: name them.
@tagged("standard", "post_install")
class TestHubScenario(TransactionCase):
    """The hub's staff, its rates, its rooms, a provider, an OPCO and a
    programme, built once; the organisation joins in the story."""

    test_module = "periscope_hub"

    # the month's invoices, to the cent: untaxed, total, due once posted (no
    # taxes here: untaxed is total is due; the membership is paid)
    AMOUNTS = {
        "membership": (365.50, 365.50, 0.0),
        "room": (54.00, 54.00, 54.00),
        "concierge": (23.70, 23.70, 23.70),
        "settlement": (16.59, 16.59, 16.59),
        "training": (840.00, 840.00, 840.00),
    }

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.currency = cls.company.currency_id
        # the training organisation's number: the BPF does not miss it
        cls.company.periscope_training_declaration_number = "76310000031"
        cls._setup_staff()
        cls._setup_membership()
        cls._setup_rooms()
        cls._setup_concierge()
        cls._setup_training()

    @classmethod
    def _setup_staff(cls):
        """The people who run the hub."""

        def user(login, groups):
            return new_test_user(cls.env, login=login, groups=groups)

        cls.members_admin = user("hub_members_admin", "periscope_members.group_periscope_members_manager")
        cls.accountant = user("hub_accountant", "account.group_account_invoice")
        cls.reception = user("hub_reception", "periscope_coworking.group_periscope_coworking_user")
        cls.coworking_manager = user("hub_coworking_manager", "periscope_coworking.group_periscope_coworking_manager")
        cls.desk = user("hub_concierge_desk", "periscope_concierge.group_periscope_concierge_user")
        cls.concierge_manager = user("hub_concierge_manager", "periscope_concierge.group_periscope_concierge_manager")
        cls.officer = user("hub_training_officer", "periscope_training.group_periscope_training_user")
        cls.training_admin = user("hub_training_admin", "periscope_training.group_periscope_training_manager")

    @classmethod
    def _setup_membership(cls):
        """The membership fee, the room's hour, the member rates and the
        member type; the products without taxes: the amounts are the prices."""
        Product = cls.env["product.product"]
        cls.fee = Product.create(
            {
                "name": "Adhésion résident (scénario)",
                "type": "service",
                "membership": True,
                "membership_date_from": date(YEAR, 1, 1),
                "membership_date_to": date(YEAR, 12, 31),
                "list_price": 365.50,
                **no_taxes(),
            }
        )
        hour = cls.env.ref("uom.product_uom_hour")
        cls.room_hour = Product.create(
            {
                "name": "Salle de réunion, l'heure (scénario)",
                "type": "service",
                "uom_id": hour.id,
                "uom_po_id": hour.id,
                "list_price": 22.50,
                **no_taxes(),
            }
        )
        # the member rates: 20 % off the rooms
        cls.member_rates = cls.env["product.pricelist"].create(
            {
                "name": "Tarifs résidents (scénario)",
                "currency_id": cls.currency.id,
                "item_ids": [
                    Command.create(
                        {
                            "applied_on": "1_product",
                            "product_tmpl_id": cls.room_hour.product_tmpl_id.id,
                            "compute_price": "percentage",
                            "percent_price": 20.0,
                        }
                    )
                ],
            }
        )
        cls.member_type = cls.env["periscope.member.type"].create(
            {
                "name": "Résident (scénario)",
                "code": "scenario_resident",
                "membership_product_id": cls.fee.id,
                "pricelist_id": cls.member_rates.id,
                "included_booking_hours": 2.0,
            }
        )

    @classmethod
    def _setup_rooms(cls):
        """The rooms, open Monday to Friday, 8:00-20:00 in Paris."""
        hours = cls.env.ref("periscope_coworking.resource_calendar_hub")
        Space = cls.env["periscope.space"]
        cls.meeting_room = Space.create(
            {
                "name": "Salle du Canal (scénario)",
                "space_type": "meeting_room",
                "capacity": 12,
                "buffer_minutes": 15,
                "resource_calendar_id": hours.id,
                "product_id": cls.room_hour.id,
                "portal_bookable": True,
            }
        )
        cls.training_room = Space.create(
            {
                "name": "Salle de formation (scénario)",
                "space_type": "training_room",
                "capacity": 20,
                "buffer_minutes": 30,
                "resource_calendar_id": hours.id,
            }
        )

    @classmethod
    def _setup_concierge(cls):
        """The concierge provider, its service and its portal user."""
        Partner = cls.env["res.partner"]
        cls.provider = Partner.create({"name": "Repassage Solidaire (scénario)", "is_company": True})
        cls.provider_user = new_test_user(
            cls.env,
            login="hub_provider",
            groups="base.group_portal",
            partner_id=Partner.create({"name": "Nadia Ferrand (scénario)", "parent_id": cls.provider.id}).id,
        )
        cls.ironing = cls.env["product.product"].create(
            {
                "name": "Repassage, la chemise (scénario)",
                "type": "service",
                "list_price": 7.90,
                "is_concierge_service": True,
                "concierge_provider_id": cls.provider.id,
                "concierge_share_type": "percent",
                "concierge_share_percent": 70.0,
                "concierge_turnaround_days": 2,
                **no_taxes(),
            }
        )

    @classmethod
    def _setup_training(cls):
        """The training: a funder, an outside trainer, a programme."""
        Partner = cls.env["res.partner"]
        cls.opco = Partner.create({"name": "Uniformation (scénario)", "is_company": True})
        trainer_org = Partner.create({"name": "Coopérative Ozon (scénario)", "is_company": True})
        cls.trainer = Partner.create({"name": "Antoine Mercier (scénario)", "parent_id": trainer_org.id})
        cls.programme = (
            cls.env["periscope.training.programme"]
            .with_user(cls.training_admin)
            .create(
                {
                    "name": "Coopérer entre structures de l'ESS (scénario)",
                    "duration_hours": 14.0,
                    "price_per_trainee": 840.0,
                    "nsf_code": "310",
                    "nsf_label": "Spécialités plurivalentes des échanges et de la gestion",
                    "certification": "none",
                    "trainer_ids": [Command.set((cls.trainer | cls.officer.partner_id).ids)],
                }
            )
        )

    # ------------------------------------------------------------ the story
    def test_a_month_at_the_hub(self):
        self._join_and_pay_the_membership()
        self._book_the_meeting_room()
        self._plan_the_training()
        self._hold_the_meeting_and_the_training()
        self._order_at_the_concierge()
        self._month_end()
        self._check_the_rooms_calendar()
        self._check_the_bpf()

    # 1. ------------------------------------------------------------ members
    @freeze_time("2031-06-02 08:00:00")
    def _join_and_pay_the_membership(self):
        Partner = self.env["res.partner"].with_user(self.members_admin)
        self.org = Partner.create(
            {
                "name": "Les Jardins de Pech (scénario)",
                "is_company": True,
                "periscope_member_type_id": self.member_type.id,
                "periscope_legal_form": "scic",
                "charter_signed_date": date(YEAR, 6, 2),
                "email": "contact@jardins-pech.example.org",
            }
        )
        self.employee = Partner.create(
            {
                "name": "Camille Roques (scénario)",
                "parent_id": self.org.id,
                "email": "camille.roques@jardins-pech.example.org",
            }
        )
        self.employee_user = new_test_user(
            self.env, login="hub_camille", groups="base.group_portal", partner_id=self.employee.id
        )
        self.assertEqual(self.org.membership_state, "none")

        invoice = Partner._periscope_renew_memberships(YEAR, partners=self.org)
        self.assertEqual(invoice.partner_id, self.org)
        self.assertEqual(invoice.state, "draft")
        self.assertEqual(self.org.membership_state, "waiting")

        invoice.with_user(self.accountant).action_post()
        self.assertEqual(self.org.membership_state, "invoiced")
        self.env["account.payment.register"].with_user(self.accountant).with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({"payment_date": date(YEAR, 6, 2)})._create_payments()

        self.assertEqual(invoice.amount_untaxed, 365.50)
        self.assertEqual(invoice.amount_total, 365.50)
        self.assertEqual(invoice.amount_residual, 0.0)
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        self.assertEqual(self.org.membership_state, "paid")
        self.assertEqual(self.employee.membership_state, "paid")
        self.assertEqual(self.org.membership_start, date(YEAR, 1, 1))
        self.assertEqual(self.org.membership_stop, date(YEAR, 12, 31))
        self.membership_invoice = invoice

    # 2. ------------------------------------------------------------ coworking
    @freeze_time("2031-06-03 08:00:00")
    def _book_the_meeting_room(self):
        # reception clicks in the calendar: a booking of the meeting room
        self.meeting = (
            self.env["periscope.booking"]
            .with_user(self.reception)
            .create(
                {
                    "space_id": self.meeting_room.id,
                    "partner_id": self.org.id,
                    "contact_id": self.employee.id,
                    "start": BOOKED[0],
                    "stop": BOOKED[1],
                }
            )
        )
        self.meeting.action_confirm()
        # the employee calls back: an hour later. Reception drags the event in
        # the calendar, the booking follows
        event = self.meeting.calendar_event_id
        self.assertEqual((event.start, event.stop), (utc(BOOKED[0]), utc(BOOKED[1])))
        event.with_user(self.reception).write({"start": MEETING[0], "stop": MEETING[1]})
        self.assertEqual((self.meeting.start, self.meeting.stop), (utc(MEETING[0]), utc(MEETING[1])))
        self.assertEqual(self.meeting.state, "confirmed")
        # 5 hours, 2 included in the membership: 3 at the member rate
        self.assertEqual(self.meeting.duration, 5.0)
        self.assertEqual(self.meeting.included_hours, 2.0)
        self.assertEqual(self.meeting.quantity, 3.0)
        self.assertEqual(self.meeting.pricelist_id, self.member_rates)
        self.assertEqual(self.meeting.price_unit, 18.00)  # 22.50 less 20 %
        # the employee sees on the portal that no included hour is left
        self.assertEqual(self.org.with_user(self.employee_user).periscope_included_hours_left, 0.0)
        self.assertEqual(event.partner_ids, self.employee)
        self.assertEqual(self.meeting.seat_ids.start, utc(MEETING[0]))

    # 3. ------------------------------------------------------------ training
    @freeze_time("2031-06-04 08:00:00")
    def _plan_the_training(self):
        self._open_the_session()
        self._register_the_employee()
        self._check_the_training_room_is_the_sessions()

    def _open_the_session(self):
        self.session = (
            self.env["event.event"]
            .with_user(self.officer)
            .create(
                {
                    "name": "Coopérer entre structures — juin 2031 (scénario)",
                    "is_training": True,
                    "programme_id": self.programme.id,
                    "date_tz": "Europe/Paris",
                    "date_begin": DAY_ONE[0][0],
                    "date_end": DAY_TWO[-1][1],
                }
            )
        )
        Slot = self.env["periscope.training.slot"].with_user(self.officer)
        self.slots = Slot.create(
            [
                {
                    "event_id": self.session.id,
                    "start": start,
                    "stop": stop,
                    "space_id": self.training_room.id,
                    "trainer_id": trainer.id,
                }
                for times, trainer in ((DAY_ONE, self.trainer), (DAY_TWO, self.officer.partner_id))
                for start, stop in times
            ]
        )
        self.session.with_user(self.officer).action_training_open()
        self.assertEqual(self.session.training_state, "open")
        self.assertEqual(sum(self.slots.mapped("hours")), 14.0)
        # each slot holds a confirmed booking of the training room
        self.assertEqual(set(self.slots.booking_id.mapped("state")), {"confirmed"})

    def _register_the_employee(self):
        self.registration = (
            self.env["event.registration"]
            .with_user(self.officer)
            .create(
                {
                    "event_id": self.session.id,
                    "partner_id": self.employee.id,
                    "trainee_type": "employee",
                    "funding_ids": [
                        Command.create({"funder_id": self.opco.id, "funder_type": "opco_skills", "amount": 840.0})
                    ],
                }
            )
        )
        # funded to the cent: confirmed, with one attendance per slot
        self.assertEqual(self.registration.state, "open")
        self.assertEqual(self.registration.employer_id, self.org)
        self.assertEqual(self.registration.funding_difference, 0.0)
        self.assertEqual(len(self.registration.attendance_ids), 4)

    def _check_the_training_room_is_the_sessions(self):
        # the room is the session's: reception cannot book it over a slot
        # (Odoo's assertRaises undoes the refused operation, as the UI does)
        with self.assertRaises(ValidationError) as caught:
            self.env["periscope.booking"].with_user(self.reception).create(
                {
                    "space_id": self.training_room.id,
                    "partner_id": self.org.id,
                    "contact_id": self.employee.id,
                    "start": "2031-06-12 09:00:00",
                    "stop": "2031-06-12 11:00:00",
                }
            ).action_confirm()
        self.assertIn("is already booked at that time", str(caught.exception))
        self.assertIn(self.session.name, str(caught.exception))

    # 4. ------------------------------------------------------------ the days
    def _hold_the_meeting_and_the_training(self):
        with freeze_time("2031-06-10 13:05:00"):
            self.meeting.with_user(self.reception).action_done()
        for slot in self.slots.sorted("start"):
            with freeze_time(slot.stop - timedelta(minutes=5)):
                attendance = self.registration.attendance_ids.filtered(lambda a, s=slot: a.slot_id == s)
                attendance.with_user(self.officer).action_mark_present()
                attendance.with_user(self.employee_user).action_sign(SIGNATURE, "Camille Roques")
                slot.with_user(self.officer).action_trainer_sign(SIGNATURE, slot.trainer_id.name)
        attendances = self.registration.attendance_ids
        self.assertEqual(set(attendances.mapped("state")), {"present"})
        self.assertTrue(all(attendances.mapped("signed_at")))
        self.assertEqual(sum(attendances.mapped("attended_hours")), 14.0)
        self.assertTrue(all(self.slots.mapped("trainer_signed_at")))

    # 5. ------------------------------------------------------------ concierge
    def _order_at_the_concierge(self):
        with freeze_time("2031-06-16 07:30:00"):
            self.order = (
                self.env["periscope.concierge.order"]
                .with_user(self.desk)
                .create(
                    {
                        "beneficiary_id": self.employee.id,
                        "line_ids": [Command.create({"product_id": self.ironing.id, "quantity": 3})],
                    }
                )
            )
            self.order.action_deposit()
            self.order.action_send_to_provider()
        self.assertEqual(self.order.state, "at_provider")
        self.assertEqual(self.order.partner_id, self.employee)
        line = self.order.line_ids
        self.assertEqual(line.provider_id, self.provider)
        self.assertEqual(line.price_unit, 7.90)
        self.assertEqual(self.order.amount_total, 23.70)
        self.assertEqual(self.order.provider_share_total, 16.59)  # 70 %
        self.assertEqual(line.commission, 7.11)
        with freeze_time("2031-06-17 14:00:00"):
            # the provider marks the service ready on the portal
            line.with_user(self.provider_user).action_mark_ready()
        self.assertEqual(self.order.state, "ready")
        with freeze_time("2031-06-18 08:00:00"):
            self.order.with_user(self.desk).action_at_desk()
        with freeze_time("2031-06-18 16:00:00"):
            self.order.with_user(self.desk).action_collect(self.order.pickup_code)
        self.assertEqual(self.order.state, "collected")
        self.assertEqual(
            [
                self.order.date_deposited,
                self.order.date_at_provider,
                self.order.date_ready,
                self.order.date_at_desk,
                self.order.date_collected,
            ],
            [
                utc("2031-06-16 07:30:00"),
                utc("2031-06-16 07:30:00"),
                utc("2031-06-17 14:00:00"),
                utc("2031-06-18 08:00:00"),
                utc("2031-06-18 16:00:00"),
            ],
        )
        self.assertEqual(line.ready_by_id, self.provider_user)
        # collected: the desk drafted the invoice
        invoice = self.order.sudo().invoice_id
        self.assertEqual(invoice.state, "draft")
        self.assertEqual(invoice.partner_id, self.employee)
        self.assertEqual(invoice.commercial_partner_id, self.org)
        self.concierge_invoice = invoice

    # 6. ------------------------------------------------------------ month end
    @freeze_time("2031-07-01 07:00:00")
    def _month_end(self):
        room_invoice = self._run_the_billing()
        settlement, bill = self._settle_the_provider()
        training_invoice = self._invoice_the_funder()
        drafts = room_invoice | self.concierge_invoice | bill | training_invoice
        self._post_every_draft(drafts, bill)
        self._check_every_amount(room_invoice, bill, training_invoice)
        self.room_invoice = room_invoice
        self.settlement_bill = bill
        self.training_invoice = training_invoice
        self.assertEqual(settlement.state, "posted")
        # still a paid member at the end of the month
        self.org.invalidate_recordset(["membership_state"])
        self.assertEqual(self.org.membership_state, "paid")
        self.assertEqual(self.employee.membership_state, "paid")

    def _run_the_billing(self):
        """The coworking billing run of June; returns the organisation's
        invoice of its meeting."""
        # the coworking billing run of June: the meeting, not the hub's own
        # training bookings
        run = self.env["periscope.billing.run"].with_user(self.coworking_manager).create({"period_start": JUNE})
        run.action_create_invoices()
        room_invoice = run.sudo().invoice_ids.filtered(lambda m: m.partner_id == self.org)
        self.assertEqual(len(room_invoice), 1)
        self.assertEqual(len(room_invoice.invoice_line_ids), 1)
        self.assertEqual(room_invoice.invoice_line_ids.periscope_booking_id, self.meeting)
        self.assertEqual(room_invoice.invoice_line_ids.quantity, 3.0)
        self.assertEqual(room_invoice.invoice_line_ids.price_unit, 18.00)
        self.assertFalse(run.sudo().invoice_ids.invoice_line_ids.periscope_booking_id & self.slots.booking_id)
        # run again: nothing is left to invoice
        again = self.env["periscope.billing.run"].with_user(self.coworking_manager).create({"period_start": JUNE})
        again.action_create_invoices()
        self.assertFalse(again.invoice_ids)
        return room_invoice

    def _settle_the_provider(self):
        """The concierge settlement of June; returns the provider's
        settlement and its bill."""
        # the concierge settlement of June: the provider's share
        Settlement = self.env["periscope.concierge.settlement"].with_user(self.concierge_manager)
        settlement = Settlement._settle_month(JUNE).filtered(lambda s: s.provider_id == self.provider)
        self.assertEqual(len(settlement), 1)
        self.assertEqual(settlement.line_count, 1)
        self.assertEqual(settlement.revenue, 23.70)
        self.assertEqual(settlement.amount, 16.59)
        self.assertEqual(settlement.commission, 7.11)
        self.assertFalse(Settlement._settle_month(JUNE) & settlement)
        bill = settlement.sudo().bill_id
        self.assertEqual(bill.move_type, "in_invoice")
        self.assertEqual(bill.partner_id, self.provider)
        return settlement, bill

    def _invoice_the_funder(self):
        """The session closed and its funder invoiced; returns the invoice."""
        # the training administrator closes the session and invoices the OPCO
        session = self.session.with_user(self.training_admin)
        session.action_training_close()
        session.action_invoice_funders()
        training_invoice = self.env["account.move"].search([("periscope_training_event_id", "=", self.session.id)])
        self.assertEqual(training_invoice.partner_id, self.opco)
        self.assertEqual(training_invoice.invoice_line_ids.periscope_training_funding_id, self.registration.funding_ids)
        return training_invoice

    def _post_every_draft(self, drafts, bill):
        # the accountant posts every draft of the month
        self.assertEqual(set(drafts.mapped("state")), {"draft"})
        drafts.with_user(self.accountant).action_post()
        self.assertEqual(set(drafts.mapped("state")), {"posted"})
        # the provider's bill is dated the last day of June, the invoices the
        # day they are posted
        self.assertEqual(bill.invoice_date, date(YEAR, 6, 30))
        self.assertEqual(set((drafts - bill).mapped("invoice_date")), {date(YEAR, 7, 1)})

    def _check_every_amount(self, room_invoice, bill, training_invoice):
        # every amount, to the cent (untaxed, total, due)
        expected = [
            (self.membership_invoice, "out_invoice", self.org, "membership"),
            (room_invoice, "out_invoice", self.org, "room"),
            (self.concierge_invoice, "out_invoice", self.employee, "concierge"),
            (bill, "in_invoice", self.provider, "settlement"),
            (training_invoice, "out_invoice", self.opco, "training"),
        ]
        for move, move_type, partner, amounts in expected:
            self.assertEqual(
                (move.move_type, move.partner_id, move.state), (move_type, partner, "posted"), move.display_name
            )
            self.assertEqual(
                (move.amount_untaxed, move.amount_total, move.amount_residual), self.AMOUNTS[amounts], move.display_name
            )

    # ------------------------------------------------------------ checks
    def _check_the_rooms_calendar(self):
        """The bookings of June of the two rooms, as reception sees them."""
        Booking = self.env["periscope.booking"].with_user(self.reception)
        june = [("start", ">=", "2031-06-01 00:00:00"), ("start", "<", "2031-07-01")]
        meeting_room = Booking.search([("space_id", "=", self.meeting_room.id), *june], order="start")
        self.assertEqual(meeting_room, self.meeting)
        self.assertEqual(self.meeting.state, "done")
        self.assertTrue(self.meeting.is_invoiced)
        training_room = Booking.search([("space_id", "=", self.training_room.id), *june], order="start")
        self.assertEqual(training_room, self.slots.booking_id.sorted("start"))
        self.assertEqual(
            [(b.start, b.stop) for b in training_room], [(utc(start), utc(stop)) for start, stop in DAY_ONE + DAY_TWO]
        )
        self.assertEqual(set(training_room.mapped("state")), {"confirmed"})
        # the hub's own session: for the company, billed nothing
        self.assertEqual(training_room.partner_id, self.company.partner_id)
        self.assertEqual(set(training_room.mapped("quantity")), {0.0})
        self.assertFalse(any(training_room.mapped("is_invoiced")))
        self.assertEqual(training_room.contact_id, self.trainer | self.officer.partner_id)
        # one calendar event per booking, at its time; no overlap in a room,
        # buffer included
        for bookings in (meeting_room, training_room):
            for booking in bookings:
                event = booking.calendar_event_id
                self.assertEqual((event.start, event.stop), (booking.start, booking.stop))
                self.assertEqual(event.periscope_booking_id, booking)
            buffer = timedelta(minutes=bookings.space_id.buffer_minutes)
            for before, after in pairwise(bookings):
                self.assertLessEqual(before.stop + buffer, after.start)

    def _check_the_bpf(self):
        with freeze_time("2031-07-01 08:00:00"):
            bpf = self.env["periscope.training.bpf"].with_user(self.training_admin).create({"year": YEAR})
            bpf.action_compute()
        self.assertEqual((bpf.date_from, bpf.date_to), (date(YEAR, 1, 1), date(YEAR, 12, 31)))
        # the lines of the form by their code; F-4 names each main speciality
        specialities = bpf.line_ids.filtered(lambda line: line.line == "F-4")
        lines = {line.line: line for line in bpf.line_ids - specialities}

        def figures(code):
            line = lines[code]
            return (line.trainee_count, line.hours, line.amount)

        # C: the OPCO's 840.00, on its line (skills development plan)
        self.assertEqual(bpf.revenue, 840.0)
        self.assertEqual(lines["C-2 h"].amount, 840.0)
        self.assertEqual(lines["C-2"].amount, 840.0)
        self.assertEqual(lines["C-total"].amount, 840.0)
        self.assertEqual(lines["C-9"].amount, 0.0)
        # E: one trainer from outside, one of the hub, 7 hours each
        self.assertEqual(figures("E-external")[:2], (1, 7.0))
        self.assertEqual(figures("E-internal")[:2], (1, 7.0))
        self.assertEqual(figures("E-total")[:2], (2, 14.0))
        # F: one employee, present 14 hours
        self.assertEqual((bpf.trainee_count, bpf.trainee_hours), (1, 14.0))
        self.assertEqual(figures("F-1 a")[:2], (1, 14.0))
        self.assertEqual(figures("F-1 total")[:2], (1, 14.0))
        self.assertEqual(figures("F-3 d")[:2], (1, 14.0))
        self.assertEqual(figures("F-3 total")[:2], (1, 14.0))
        self.assertEqual([(s.nsf_code, s.trainee_count, s.hours) for s in specialities], [("310", 1, 14.0)])
        self.assertEqual(figures("F-4 total")[:2], (1, 14.0))
        # the form is consistent, and nothing of the scenario is missing
        self.assertEqual(bpf.inconsistency_count, 0, bpf.issue_ids.mapped("name"))
        self.assertEqual(bpf.missing_count, 0, bpf.issue_ids.mapped("name"))


@pytest.mark.fr_chart
@tagged("standard", "post_install")
class TestHubScenarioFrenchBooks(TestHubScenario):
    """The same month in the books of a French association: the demo
    database of scripts/test, whose company is on Odoo's French chart
    (``l10n_fr_account``). The scenario's products take the taxes and income
    accounts the addons give the hub's products on that chart: the
    membership fee outside the scope of VAT (756000 Cotisations), the rooms
    at 20 % on payment (708300), the concierge's services at 20 % on payment
    (706000), the training exempt with its legal mention (706000)."""

    AMOUNTS = {**TestHubScenario.AMOUNTS, "room": (54.00, 64.80, 64.80), "concierge": (23.70, 28.44, 28.44)}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        assert cls.company.chart_template == "fr", "run on a database whose company is in France (tools/create_db.py)"
        for product, hub_product in (
            (cls.fee, "periscope_members.product_membership_permanent_resident"),
            (cls.room_hour, "periscope_coworking.product_meeting_room_hour"),
            (cls.ironing, "periscope_concierge.service_repassage"),
        ):
            hub_product = cls.env.ref(hub_product).with_company(cls.company)
            product.write(
                {
                    "taxes_id": [
                        Command.set(hub_product.taxes_id.filtered(lambda tax: tax.company_id == cls.company).ids)
                    ],
                    "property_account_income_id": (hub_product.property_account_income_id.id),
                }
            )

    def test_a_month_at_the_hub(self):
        super().test_a_month_at_the_hub()
        self._check_the_income_accounts()
        self._check_the_training_exemption()
        self._check_the_vat_return()

    def _tax_report(self):
        """The French VAT return's boxes over the scenario's months."""
        boxes = vat_boxes(self.env, self.company, [("date", ">=", date(YEAR, 6, 1)), ("date", "<=", date(YEAR, 7, 31))])
        return {box: round(amount, 2) for box, amount in boxes.items() if amount}

    def _check_the_income_accounts(self):
        def income(move):
            return move.sudo().invoice_line_ids.account_id.mapped("code")

        self.assertEqual(income(self.membership_invoice), ["756000"])
        self.assertEqual(income(self.room_invoice), ["708300"])
        self.assertEqual(income(self.concierge_invoice), ["706000"])
        self.assertEqual(income(self.training_invoice), ["706000"])
        fees = self.membership_invoice.sudo().invoice_line_ids.account_id
        self.assertEqual((fees.account_type, fees.name), ("income", "Membership fees"))
        # in French once the language is there, as the chart's own accounts
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["account.chart.template"]._load_translations(langs=["fr_FR"], companies=self.company)
        self.assertEqual(fees.with_context(lang="fr_FR").name, "Cotisations")

    def _check_the_training_exemption(self):
        invoice = self.training_invoice.sudo()
        self.assertEqual(invoice.amount_tax, 0.0)
        self.assertEqual(
            invoice.invoice_line_ids.tax_ids.invoice_repartition_line_ids.filtered(
                lambda line: line.repartition_type == "base"
            ).tag_ids.mapped("name"),
            ["+E2"],
        )
        self.assertIn("article 261-4-4° a", invoice.taxes_legal_notes)
        html = self.env["ir.actions.report"]._render_qweb_html("account.report_invoice", invoice.ids)[0].decode()
        self.assertIn("article 261-4-4° a du Code général des impôts", html)
        # the other invoices carry no such mention
        self.assertFalse(self.room_invoice.sudo().taxes_legal_notes)

        # sent as Factur-X (Odoo's CII export): the hub and the funder named by
        # their SIRET, the training as a VAT-exempt line of 840.00
        self.opco.write(
            {
                "company_registry": "85123456700010",
                "street": "43 boulevard Diderot",
                "zip": "75012",
                "city": "Paris",
                "country_id": self.env.ref("base.fr").id,
            }
        )
        xml, errors = self.env["account.edi.xml.cii"]._export_invoice(invoice)
        self.assertFalse(errors)
        tree = etree.fromstring(xml)
        ns = {"ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"}

        def legal_id(party):
            return tree.findtext(f".//ram:{party}/ram:SpecifiedLegalOrganization/ram:ID", namespaces=ns)

        self.assertEqual(legal_id("SellerTradeParty"), self.company.company_registry)
        self.assertEqual(legal_id("BuyerTradeParty"), "85123456700010")
        self.assertEqual(tree.findtext(".//ram:ApplicableTradeTax/ram:CategoryCode", namespaces=ns), "E")
        self.assertEqual(tree.findtext(".//ram:GrandTotalAmount", namespaces=ns), "840.00")

    def _check_the_vat_return(self):
        # VAT on services is due on payment: nothing but the exempt training
        # before the customers pay
        self.assertEqual(self._tax_report(), {"E2": 840.00})
        with freeze_time("2031-07-05 08:00:00"):
            for invoice in self.room_invoice | self.concierge_invoice:
                self.env["account.payment.register"].with_user(self.accountant).with_context(
                    active_model="account.move", active_ids=invoice.ids
                ).create({"payment_date": date(YEAR, 7, 5)})._create_payments()
        self.assertEqual(
            self._tax_report(),
            {
                # sales and services taxable in France, and their base at 20 %
                "A1": 77.70,
                "08_base": 77.70,
                "08_taxe": 15.54,
                # other operations not taxable: the exempt training
                "E2": 840.00,
            },
        )
