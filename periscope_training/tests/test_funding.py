# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from freezegun import freeze_time
from lxml import etree
from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.service.model import _as_validation_error
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import MARCH_16_AFTERNOON, MARCH_16_MORNING, PeriscopeTrainingCase


@tagged("post_install", "-at_install")
@freeze_time("2026-03-02 07:00:00")
class TestFunding(PeriscopeTrainingCase):
    """The programme costs 420.00 per trainee; the session is open, with two
    half-days on Monday 16 March 2026."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_funders_and_trainees()
        cls.lea = cls.env["res.partner"].create({"name": "Léa Garcia (test)"})
        cls._make_slots([MARCH_16_MORNING, MARCH_16_AFTERNOON])
        cls.session.action_training_open()

    def _moves(self):
        return self.env["account.move"].search([("periscope_training_event_id", "=", self.session.id)])

    def _funded_trainees(self):
        """Inès: the OPCO 300.00 and herself 120.00; Paul: the OPCO 420.00;
        Léa, a job seeker: France Travail 420.00; and an unconfirmed one."""
        ines = self._register(
            self.ines, [(self.opco, "opco_skills", 300.0), (self.ines, "individual", 120.0)], trainee_type="employee"
        )
        paul = self._register(self.paul, [(self.opco, "opco_skills", 420.0)], trainee_type="employee")
        lea = self._register(self.lea, [(self.france_travail, "france_travail", 420.0)], trainee_type="job_seeker")
        someone = self.env["res.partner"].create({"name": "Half-funded (test)"})
        unconfirmed = self._register(someone, [(someone, "individual", 100.0)])
        return ines, paul, lea, unconfirmed

    # ------------------------------------------------------------ the sum
    def test_the_agreed_price_is_the_programme_price(self):
        registration = self._register(self.lea)
        self.assertEqual(registration.agreed_price, 420.0)
        self.assertEqual(registration.currency_id, self.env.company.currency_id)
        self.assertEqual(registration.funding_difference, 420.0)
        # unfunded, it waits unconfirmed: it takes no seat
        self.assertEqual(registration.state, "draft")
        self.assertFalse(registration.attendance_ids)

    def test_funded_to_the_cent_it_is_confirmed(self):
        registration = self._register(
            self.ines, [(self.opco, "opco_skills", 300.0), (self.ines, "individual", 120.0)], trainee_type="employee"
        )
        self.assertEqual(registration.state, "open")
        self.assertEqual(registration.employer_id, self.caracole)
        self.assertEqual(registration.funded_amount, 420.0)
        self.assertEqual(registration.funding_difference, 0.0)

    def test_a_cent_short_is_refused(self):
        registration = self._register(self.ines, [(self.opco, "opco_skills", 300.0), (self.ines, "individual", 119.99)])
        self.assertEqual(registration.state, "draft")
        self.assertAlmostEqual(registration.funding_difference, 0.01)
        with self.assertRaises(ValidationError) as caught:
            registration.with_user(self.officer).action_confirm()
        self.assertIn("419.99", str(caught.exception))
        self.assertIn("420.00", str(caught.exception))
        self.assertEqual(registration.state, "draft")
        # asked confirmed (the form sends Odoo's default state), unfunded: it
        # is saved unconfirmed; attended, unfunded: refused
        asked = self._register(self.lea, [(self.lea, "individual", 420.01)], state="open")
        self.assertEqual(asked.state, "draft")
        with self.assertRaises(ValidationError):
            self._register(self.lea, [(self.lea, "individual", 420.01)], state="done")
        # the missing cent, and it is confirmed
        own = registration.funding_ids.filtered(lambda f: f.funder_id == self.ines)
        registration.with_user(self.officer).write({"funding_ids": [Command.update(own.id, {"amount": 120.0})]})
        registration.with_user(self.officer).action_confirm()
        self.assertEqual(registration.state, "open")

    def test_the_form_saves_an_unfunded_registration_unconfirmed(self):
        """The officer registers a trainee from the form before the funding
        is settled: it is saved unconfirmed (no seat, no attendance), then
        confirmed once the funding adds up. What the form requires is on its
        first screen."""
        # in the officer's language, as the web client sends it
        Registration = self.env["event.registration"].with_user(self.officer).with_context(lang=self.officer.lang)
        views = Registration.get_views([(False, "form")])
        arch = views["views"]["form"]["arch"]
        first_screen = arch.split("<notebook")[0]
        self.assertIn('name="trainee_type"', first_screen)
        self.assertIn('name="employer_id"', first_screen)
        with Form(Registration.with_context(default_event_id=self.session.id)) as form:
            form.partner_id = self.ines
            form.trainee_type = "employee"
            form.employer_id = self.caracole
            with form.funding_ids.new() as line:
                line.funder_id = self.opco
                line.funder_type = "opco_skills"
                line.amount = 300.0
        registration = form.record
        self.assertEqual(registration.state, "draft")
        self.assertEqual(registration.funding_difference, 120.0)
        self.assertFalse(registration.attendance_ids)
        with self.assertRaises(ValidationError) as caught:
            registration.action_confirm()
        # the error names what the user sees: the tab and the labels of the
        # form that show the price and what is left to fund
        form_arch = etree.fromstring(arch)
        tab = form_arch.find(".//page[@name='periscope_training']").get("string")
        described = views["models"]["event.registration"]["fields"]
        labels = {name: described[name]["string"] for name in ("agreed_price", "funding_difference")}
        for name in labels:
            self.assertTrue(form_arch.findall(f".//page//field[@name='{name}']"))
        message = str(caught.exception)
        self.assertIn(tab, message.split()[:3])
        for label in labels.values():
            self.assertIn(label, message)
        with Form(registration) as form, form.funding_ids.new() as line:
            line.funder_id = self.ines
            line.funder_type = "individual"
            line.amount = 120.0
        registration.action_confirm()
        self.assertEqual(registration.state, "open")
        self.assertEqual(len(registration.attendance_ids), 2)

    def test_a_confirmed_registration_stays_funded(self):
        registration = self._register(self.ines, [(self.opco, "opco_skills", 300.0), (self.ines, "individual", 120.0)])
        opco_line, own_line = registration.funding_ids
        # one line alone breaks the sum
        with self.assertRaises(ValidationError):
            opco_line.with_user(self.officer).amount = 250.0
        with self.assertRaises(ValidationError):
            registration.with_user(self.officer).agreed_price = 400.0
        # both lines at once, from the registration's form, keep it
        registration.with_user(self.officer).write(
            {
                "funding_ids": [
                    Command.update(opco_line.id, {"amount": 250.0}),
                    Command.update(own_line.id, {"amount": 170.0}),
                ]
            }
        )
        self.assertEqual(registration.funding_ids.mapped("amount"), [250.0, 170.0])
        # a new price with its funding
        registration.with_user(self.officer).write(
            {"agreed_price": 400.0, "funding_ids": [Command.update(own_line.id, {"amount": 150.0})]}
        )
        self.assertEqual(registration.funding_difference, 0.0)

    def test_amounts_are_positive(self):
        registration = self._register(self.lea)
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError) as caught, self.cr.savepoint():
            self.env["periscope.training.funding"].with_user(self.officer).create(
                {
                    "registration_id": registration.id,
                    "funder_id": self.lea.id,
                    "funder_type": "individual",
                    "amount": 0.0,
                }
            )
            self.env.flush_all()
        self.assertIn("more than zero", str(_as_validation_error(self.env, caught.exception)))

    def test_an_employee_has_an_employer(self):
        with self.assertRaises(ValidationError):
            self._register(self.lea, trainee_type="employee")
        with self.assertRaises(ValidationError):
            self._register(self.lea, trainee_type="apprentice")
        registration = self._register(self.lea, trainee_type="apprentice", employer_id=self.caracole.id)
        self.assertEqual(registration.employer_id, self.caracole)
        # a job seeker has none
        registration.with_user(self.officer).trainee_type = "job_seeker"
        self.assertFalse(registration.employer_id)

    def test_only_training_registrations_are_funded(self):
        fair = self.env["event.event"].create(
            {"name": "Forum de l'ESS", "date_begin": "2026-03-10 08:00:00", "date_end": "2026-03-10 16:00:00"}
        )
        visitor = self.env["event.registration"].create({"event_id": fair.id, "partner_id": self.lea.id})
        self.assertEqual(visitor.state, "open")  # core events are left alone
        with self.assertRaises(ValidationError):
            self.env["periscope.training.funding"].create(
                {"registration_id": visitor.id, "funder_id": self.lea.id, "funder_type": "individual", "amount": 10.0}
            )

    # ------------------------------------------------------------ invoicing
    def test_funders_are_invoiced_once_the_session_has_begun(self):
        """Before its first half-day, a session's funders are invoiced only in
        advance, on purpose (the button that asks for confirmation)."""
        self._funded_trainees()
        self.assertFalse(self.session.training_begun)
        Session = self.session.with_user(self.accountant)
        with self.assertRaisesRegex(UserError, "has not begun"):
            Session.action_invoice_funders()
        self.assertFalse(self._moves())
        # the form offers "Invoice in advance", which confirms first
        arch = Session.get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn("Invoice in advance", arch)
        Session.with_context(periscope_invoice_in_advance=True).action_invoice_funders()
        self.assertEqual(len(self._moves()), 3)
        # from the first half-day on, the plain button invoices
        with freeze_time("2026-03-16 08:00:00"):
            self.session.invalidate_recordset(["training_begun"])
            self.assertTrue(self.session.training_begun)
            self._register(
                self.env["res.partner"].create({"name": "Retardataire (test)"}),
                [(self.france_travail, "france_travail", 420.0)],
            )
            Session.action_invoice_funders()
        self.assertEqual(len(self._moves()), 4)

    @freeze_time("2026-03-16 09:00:00")  # the session has begun
    def test_one_draft_invoice_per_funder_never_twice(self):
        ines, paul, lea, unconfirmed = self._funded_trainees()
        self.session.with_user(self.manager).action_invoice_funders()
        moves = self._moves()
        self.assertEqual(len(moves), 3)
        self.assertEqual(set(moves.mapped("state")), {"draft"})
        self.assertEqual(set(moves.mapped("move_type")), {"out_invoice"})
        by_funder = {move.partner_id: move for move in moves}
        self.assertEqual(set(by_funder), {self.opco, self.ines, self.france_travail})
        opco_invoice = by_funder[self.opco]
        self.assertEqual(len(opco_invoice.invoice_line_ids), 2)
        self.assertEqual(sorted(opco_invoice.invoice_line_ids.mapped("price_unit")), [300.0, 420.0])
        self.assertEqual(opco_invoice.amount_untaxed, 720.0)
        self.assertEqual(by_funder[self.ines].amount_total, 120.0)
        self.assertEqual(by_funder[self.france_travail].amount_total, 420.0)
        self.assertIn("Léa Garcia (test)", by_funder[self.france_travail].invoice_line_ids.name)
        analytic = self.env.ref("periscope_training.analytic_account_training")
        self.assertEqual(opco_invoice.invoice_line_ids[0].analytic_distribution, {str(analytic.id): 100.0})
        self.assertEqual(analytic.plan_id, self.env.ref("periscope_members.analytic_plan_activities"))
        # each funding line names its invoice; the unconfirmed one is not billed
        self.assertEqual(lea.funding_ids.invoice_id, by_funder[self.france_travail])
        self.assertEqual((ines | paul).funding_ids.invoice_id, opco_invoice | by_funder[self.ines])
        self.assertEqual(unconfirmed.state, "draft")
        self.assertFalse(unconfirmed.funding_ids.invoice_id)
        self.assertEqual(self.session.training_invoice_count, 3)
        # again: nothing is added
        action = self.session.with_user(self.manager).action_invoice_funders()
        self.assertEqual(action["tag"], "display_notification")
        self.assertEqual(self._moves(), moves)
        # and the database refuses to bill a funding line twice
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError) as caught:
            opco_invoice.write(
                {
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": "Again",
                                "quantity": 1,
                                "price_unit": 420.0,
                                "periscope_training_funding_id": paul.funding_ids.id,
                            }
                        )
                    ]
                }
            )
            self.env.flush_all()
        self.assertIn("already invoiced", str(_as_validation_error(self.env, caught.exception)))

    @freeze_time("2026-03-16 09:00:00")  # the session has begun
    def test_a_later_trainee_is_invoiced_alone(self):
        self._funded_trainees()
        self.session.with_user(self.manager).action_invoice_funders()
        first = self._moves()
        late = self._register(
            self.env["res.partner"].create({"name": "Retardataire (test)"}),
            [(self.france_travail, "france_travail", 420.0)],
            trainee_type="job_seeker",
        )
        self.session.with_user(self.accountant).action_invoice_funders()
        added = self._moves() - first
        self.assertEqual(len(added), 1)
        self.assertEqual(added.partner_id, self.france_travail)
        self.assertEqual(added.invoice_line_ids.periscope_training_funding_id, late.funding_ids)

    @freeze_time("2026-03-16 09:00:00")  # the session has begun
    def test_an_invoiced_funding_is_frozen(self):
        ines = self._funded_trainees()[0]
        self.session.with_user(self.manager).action_invoice_funders()
        opco_line = ines.funding_ids.filtered(lambda f: f.funder_id == self.opco)
        with self.assertRaises(UserError):
            opco_line.with_user(self.manager).write({"amount": 250.0})
        with self.assertRaises(UserError):
            opco_line.with_user(self.manager).unlink()
        with self.assertRaises(UserError):
            ines.with_user(self.officer).action_cancel()
        with self.assertRaises(UserError):
            ines.with_user(self.officer).write({"agreed_price": 400.0})
        with self.assertRaises(UserError):
            ines.with_user(self.manager).unlink()
        # its reference may still be noted
        opco_line.with_user(self.officer).reference = "UNI-2026-0412"
        # once its drafts are deleted, the registration is cancelled
        ines.sudo().funding_ids.invoice_id.unlink()
        ines.with_user(self.officer).action_cancel()
        self.assertEqual(ines.state, "cancel")

    @freeze_time("2026-03-16 09:00:00")  # the session has begun
    def test_who_invoices_the_funders(self):
        self._funded_trainees()
        with self.assertRaises(AccessError):
            self.session.with_user(self.officer).action_invoice_funders()
        with self.assertRaises(AccessError):
            self.session.with_user(self.portal_user).action_invoice_funders()
        self.assertFalse(self._moves())
        # the accountant invoices, and is shown the drafts
        action = self.session.with_user(self.accountant).action_invoice_funders()
        self.assertEqual(action["res_model"], "account.move")
        self.assertEqual(len(self._moves()), 3)

    def test_funding_access(self):
        ines = self._funded_trainees()[0]
        funding = ines.funding_ids[0]
        # the accountant reads the funding lines, and changes none
        self.assertEqual(funding.with_user(self.accountant).read(["amount"])[0]["amount"], 300.0)
        with self.assertRaises(AccessError):
            funding.with_user(self.accountant).write({"reference": "X"})
        # the officer does not delete a funding line, the administrator does
        draft = self._register(self.lea, [(self.lea, "individual", 100.0)])
        with self.assertRaises(AccessError):
            draft.funding_ids.with_user(self.officer).unlink()
        draft.funding_ids.with_user(self.manager).unlink()
        self.assertFalse(draft.funding_ids)
        # portal users and employees without the group see nothing
        with self.assertRaises(AccessError):
            funding.with_user(self.portal_user).read(["amount"])
