# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import csv
import io

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import SIGNATURE, PeriscopeTrainingCase

# the half-days of the sessions of March and June 2035 (naive UTC)
MARCH_HALF_DAYS = [("2035-03-12 08:00:00", "2035-03-12 11:30:00"), ("2035-03-12 12:30:00", "2035-03-12 16:00:00")]
JUNE_HALF_DAYS = [("2035-06-11 07:00:00", "2035-06-11 10:30:00"), ("2035-06-11 11:30:00", "2035-06-11 15:00:00")]


class BpfYearCase(PeriscopeTrainingCase):
    """The year 2035 (far from the demo data) of the hub's training: the
    entrepreneurs' session of March (no certification, NSF 310, given by
    BGE's trainer) and a session towards an RNCP title of level 6 in June (NSF
    315, given by a trainer of the hub); a session of December 2034 that 2035
    does not count."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.periscope_training_declaration_number = "76 31 09999 31"
        cls._setup_funders_and_trainees()
        Partner = cls.env["res.partner"]
        cls.sofia = Partner.create({"name": "Sofia Benali (test)", "parent_id": cls.caracole.id})
        cls.lea = Partner.create({"name": "Léa Garcia (test)"})
        cls.marc = Partner.create({"name": "Marc Delpech (test)"})
        cls.hub_trainer = cls._make_user(
            "training_hub_trainer", "base.group_user", name="Claire Roques (test)"
        ).partner_id
        cls._setup_rncp_programme()
        cls._setup_sessions()

    @classmethod
    def _setup_rncp_programme(cls):
        cls.rncp_programme = (
            cls.env["periscope.training.programme"]
            .with_user(cls.manager)
            .create(
                {
                    "name": "Chargé·e de projet ESS — titre RNCP (test)",
                    "duration_hours": 7.0,
                    "price_per_trainee": 1000.0,
                    "nsf_code": "315",
                    "nsf_label": "Ressources humaines, gestion du personnel",
                    "certification": "rncp",
                    "rncp_level": "6",
                }
            )
        )
        cls.programme.nsf_label = "Spécialités plurivalentes des échanges"

    @classmethod
    def _setup_sessions(cls):
        # March: two half-days given by BGE's trainer
        cls.march_morning, cls.march_afternoon = cls._open_with_slots(cls.session, MARCH_HALF_DAYS, cls.trainer)
        # June: two half-days given by the hub's trainer
        cls.june = cls._new_session(
            "Chargé·e de projet ESS — juin (test)",
            programme_id=cls.rncp_programme.id,
            date_begin="2035-06-11 07:00:00",
            date_end="2035-06-11 15:00:00",
        )
        cls.june_morning, cls.june_afternoon = cls._open_with_slots(cls.june, JUNE_HALF_DAYS, cls.hub_trainer)
        # December 2034: counted in the BPF of 2034
        cls.last_year = cls._new_session(
            "Créer son entreprise — décembre 2034 (test)",
            date_begin="2034-12-04 08:00:00",
            date_end="2034-12-04 11:30:00",
        )
        cls._open_with_slots(cls.last_year, [("2034-12-04 08:00:00", "2034-12-04 11:30:00")], cls.trainer)

    @classmethod
    def _open_with_slots(cls, session, times, trainer):
        """``session`` opened, with slots at ``times`` given by ``trainer``
        in no room, created by the training officer; the slots."""
        slots = cls._make_slots(times, session=session, user=cls.officer, trainer_id=trainer.id, space_id=False)
        session.action_training_open()
        return slots

    def _year(self, **values):
        """The trainees of 2035, their attendance and their invoices:
        - March: Inès, employee (the OPCO 300.00, herself 120.00), present
          twice; Paul, employee (the OPCO 420.00), present in the morning,
          absent in the afternoon; Léa, job seeker (France Travail 420.00),
          present twice;
        - June: Marc, at his own expense (1,000.00), present twice; Sofia,
          apprentice (the OPCO, apprenticeship, 1,000.00), present in the
          morning, excused in the afternoon;
        - December 2034: Inès, present (not in 2035).
        The invoices are posted, but France Travail's; Marc's is refunded."""
        registrations = {
            "ines": self._register(
                self.ines,
                [(self.opco, "opco_skills", 300.0), (self.ines, "individual", 120.0)],
                trainee_type="employee",
            ),
            "paul": self._register(self.paul, [(self.opco, "opco_skills", 420.0)], trainee_type="employee"),
            "lea": self._register(
                self.lea, [(self.france_travail, "france_travail", 420.0)], trainee_type="job_seeker"
            ),
            "marc": self._register(self.marc, [(self.marc, "individual", 1000.0)], session=self.june),
            "sofia": self._register(
                self.sofia, [(self.opco, "opco_apprenticeship", 1000.0)], session=self.june, trainee_type="apprentice"
            ),
            "ines_2034": self._register(self.ines, session=self.last_year, agreed_price=0.0),
        }
        marks = {
            "ines": ("present", "present"),
            "paul": ("present", "absent"),
            "lea": ("present", "present"),
            "marc": ("present", "present"),
            "sofia": ("present", "excused"),
            "ines_2034": ("present",),
        }
        for key, states in marks.items():
            attendances = registrations[key].attendance_ids.sorted("slot_start")
            for attendance, state in zip(attendances, states, strict=True):
                attendance.with_user(self.officer).write({"state": state})
        # Inès signs her March morning herself
        registrations["ines"].attendance_ids.sorted("slot_start")[0].with_user(self.officer).action_sign(
            SIGNATURE, "Inès Moreau"
        )
        (self.session | self.june).with_user(self.manager).action_invoice_funders()
        moves = self.env["account.move"].search([("periscope_training_event_id", "in", (self.session | self.june).ids)])
        to_post = moves.filtered(lambda m: m.partner_id != self.france_travail)
        to_post.with_user(self.accountant).action_post()
        marc_invoice = moves.filtered(lambda m: m.partner_id == self.marc)
        reversal = (
            self.env["account.move.reversal"]
            .with_user(self.accountant)
            .with_context(active_model="account.move", active_ids=marc_invoice.ids)
            .create({"journal_id": marc_invoice.journal_id.id, "reason": "Annulation"})
        )
        refund = self.env["account.move"].browse(reversal.refund_moves()["res_id"])
        refund.with_user(self.accountant).action_post()
        return registrations, moves

    def _bpf(self, year=2035):
        bpf = self.env["periscope.training.bpf"].with_user(self.manager).create({"year": year})
        bpf.action_compute()
        return bpf

    def _figures(self, bpf):
        return {line.line: (line.trainee_count, line.hours, line.amount) for line in bpf.line_ids if line.line != "F-4"}


@tagged("post_install", "-at_install")
@freeze_time("2035-12-14 09:00:00")
class TestBpf(BpfYearCase):
    """The BPF of 2035 computed by the training administrator."""

    # ------------------------------------------------------------ figures
    def test_the_fiscal_year(self):
        bpf = self.env["periscope.training.bpf"].with_user(self.manager).create({"year": 2035})
        self.assertEqual(bpf.name, "BPF 2035")
        self.assertEqual(str(bpf.date_from), "2035-01-01")
        self.assertEqual(str(bpf.date_to), "2035-12-31")
        # a fiscal year ending in June
        self.env.company.write({"fiscalyear_last_month": "6", "fiscalyear_last_day": 30})
        other = self.env["periscope.training.bpf"].with_user(self.manager).create({"year": 2034})
        self.assertEqual(str(other.date_from), "2033-07-01")
        self.assertEqual(str(other.date_to), "2034-06-30")

    def test_section_c_counts_the_posted_income_by_source(self):
        self._year()
        bpf = self._bpf()
        figures = self._figures(bpf)
        amounts = {line: amount for line, (__, __, amount) in figures.items()}
        self.assertEqual(amounts["C-2 a"], 1000.0)
        self.assertEqual(amounts["C-2 h"], 720.0)
        self.assertEqual(amounts["C-2"], 1720.0)
        # France Travail's invoice is a draft: not counted, and said so
        self.assertEqual(amounts["C-7"], 0.0)
        # Inès' own 120.00, Marc's 1,000.00 refunded by a credit note
        self.assertEqual(amounts["C-9"], 120.0)
        self.assertEqual(amounts["C-total"], 1840.0)
        self.assertEqual(bpf.revenue, 1840.0)
        for line in ("C-1", "C-3", "C-4", "C-5", "C-6", "C-8", "C-10", "C-11"):
            self.assertEqual(amounts[line], 0.0, line)
        drafts = bpf.issue_ids.filtered(lambda i: "draft invoices" in i.name)
        self.assertEqual(drafts.severity, "missing")
        action = drafts.action_open_records()
        self.assertEqual(self.env["account.move"].search(action["domain"]).partner_id, self.france_travail)
        self.assertFalse(bpf.inconsistency_count)
        # the undated draft is of its session's year: not on the BPF of 2034
        draft = self.env["account.move"].search(action["domain"])
        self.assertFalse(draft.invoice_date)
        earlier = self._bpf(2034)
        self.assertFalse(earlier.issue_ids.filtered(lambda i: "draft invoices" in i.name))

    def test_income_without_a_source_line_fails_the_check(self):
        self._year()
        product = self.env.ref("periscope_training.product_training")
        invoice = (
            self.env["account.move"]
            .with_user(self.accountant)
            .create(
                {
                    "move_type": "out_invoice",
                    "partner_id": self.caracole.id,
                    "invoice_line_ids": [Command.create({"product_id": product.id, "price_unit": 250.0})],
                }
            )
        )
        invoice.action_post()
        bpf = self._bpf()
        self.assertEqual(bpf.revenue, 1840.0)
        issue = bpf.issue_ids.filtered(lambda i: i.severity == "inconsistency")
        self.assertEqual(len(issue), 1)
        self.assertIn("no source line", issue.name)
        self.assertIn(invoice.name, issue.name)
        self.assertEqual(self.env["account.move"].search(issue.action_open_records()["domain"]), invoice)
        with self.assertRaisesRegex(UserError, "consistency checks"):
            bpf.action_declare()
        self.assertEqual(bpf.state, "draft")

    def test_section_e_counts_the_trainers_of_the_organisation_and_from_outside(self):
        self._year()
        figures = self._figures(self._bpf())
        # BGE's trainer gave the two half-days of March, the hub's trainer
        # those of June; December 2034 is not in 2035
        self.assertEqual(figures["E-internal"][:2], (1, 7.0))
        self.assertEqual(figures["E-external"][:2], (1, 7.0))
        self.assertEqual(figures["E-total"][:2], (2, 14.0))

    def test_section_f_counts_the_hours_present_never_the_planned_ones(self):
        self._year()
        bpf = self._bpf()
        figures = self._figures(bpf)
        counts = {line: value[:2] for line, value in figures.items()}
        # F-1: Inès 7 h and Paul 3.5 h (absent in the afternoon)
        self.assertEqual(counts["F-1 a"], (2, 10.5))
        # Sofia: excused in the afternoon
        self.assertEqual(counts["F-1 b"], (1, 3.5))
        self.assertEqual(counts["F-1 c"], (1, 7.0))
        self.assertEqual(counts["F-1 d"], (1, 7.0))
        self.assertEqual(counts["F-1 e"], (0, 0.0))
        self.assertEqual(counts["F-1 total"], (5, 28.0))
        self.assertEqual((bpf.trainee_count, bpf.trainee_hours), (5, 28.0))
        # F-3: the RNCP title of level 6 in June, no certification in March
        self.assertEqual(counts["F-3 a 6-8"], (2, 10.5))
        self.assertEqual(counts["F-3 a"], (2, 10.5))
        self.assertEqual(counts["F-3 a 5"], (0, 0.0))
        self.assertEqual(counts["F-3 d"], (3, 17.5))
        self.assertEqual(counts["F-3 total"], (5, 28.0))
        # F-4: the specialities, the largest first
        specialities = bpf.f4_line_ids.filtered(lambda line: line.line == "F-4")
        self.assertEqual(specialities.mapped("code"), ["310", "315"])
        self.assertEqual(
            specialities.mapped("name"),
            ["Spécialités plurivalentes des échanges", "Ressources humaines, gestion du personnel"],
        )
        self.assertEqual([(s.trainee_count, s.hours) for s in specialities], [(3, 17.5), (2, 10.5)])
        self.assertEqual(counts["F-4 others"], (0, 0.0))
        self.assertEqual(counts["F-4 total"], (5, 28.0))
        self.assertFalse(bpf.inconsistency_count)
        # staff marked what the trainees did not sign
        unsigned = bpf.issue_ids.filtered(lambda i: "no signature" in i.name)
        self.assertIn("7 attendances", unsigned.name)

    def test_the_year_before_is_its_own(self):
        self._year()
        figures = self._figures(self._bpf(2034))
        self.assertEqual(figures["F-1 d"][:2], (1, 3.5))
        self.assertEqual(figures["F-1 total"][:2], (1, 3.5))
        self.assertEqual(figures["E-external"][:2], (1, 3.5))
        self.assertEqual(figures["C-total"][2], 0.0)

    def test_the_five_main_specialities_then_the_others(self):
        codes = ["100", "200", "310", "320", "330", "340", "410"]
        for index, code in enumerate(codes):
            programme = self.programme.copy({"name": f"Programme {code} (test)", "nsf_code": code})
            session = self._new_session(
                f"Session {code} (test)",
                programme_id=programme.id,
                date_begin="2035-09-10 07:00:00",
                date_end="2035-09-10 15:00:00",
            )
            slots = self._open_with_slots(session, [("2035-09-10 07:00:00", "2035-09-10 10:30:00")], self.trainer)
            # one more trainee for each speciality in the list
            partners = self.env["res.partner"].create(
                [{"name": f"Stagiaire {code}-{n} (test)"} for n in range(index + 1)]
            )
            for partner in partners:
                self._register(partner, session=session, agreed_price=0.0)
            slots.attendance_ids.with_user(self.officer).action_mark_present()
        bpf = self._bpf()
        specialities = bpf.f4_line_ids.filtered(lambda line: line.line == "F-4")
        self.assertEqual(specialities.mapped("code"), ["410", "340", "330", "320", "310"])
        self.assertEqual(specialities.mapped("trainee_count"), [7, 6, 5, 4, 3])
        figures = self._figures(bpf)
        # 100 and 200: one and two trainees
        self.assertEqual(figures["F-4 others"][:2], (3, 10.5))
        self.assertEqual(figures["F-4 total"][:2], (28, 98.0))
        self.assertEqual(figures["F-1 total"][:2], (28, 98.0))
        self.assertFalse(bpf.inconsistency_count)

    # ------------------------------------------------------------ checks
    def test_what_is_missing_is_listed_and_the_totals_checked(self):
        registrations, __ = self._year()
        # a trainee whose kind is not given, a programme without NSF code, a
        # slot without its trainer, an attendance never marked
        unknown = self._register(
            self.env["res.partner"].create({"name": "Sans statut (test)"}),
            session=self.june,
            agreed_price=0.0,
            trainee_type=False,
        )
        unknown.attendance_ids.with_user(self.officer).action_mark_present()
        self.june_afternoon.with_user(self.officer).trainer_id = False
        registrations["lea"].attendance_ids[:1].with_user(self.officer).write({"state": "to_mark"})
        self.env.company.periscope_training_declaration_number = False
        bpf = self._bpf()
        messages = bpf.issue_ids.mapped("name")
        missing = bpf.issue_ids.filtered(lambda i: i.severity == "missing")
        self.assertTrue(any("kind of trainee of 1 trainees" in m for m in messages))
        self.assertTrue(any("1 slots of the year have no trainer" in m for m in messages))
        self.assertTrue(any("1 attendances of past slots" in m for m in messages))
        self.assertTrue(any("declaration number" in m for m in messages))
        self.assertGreaterEqual(len(missing), 4)
        kind = missing.filtered(lambda i: "kind of trainee" in i.name)
        self.assertEqual(self.env["event.registration"].search(kind.action_open_records()["domain"]), unknown)
        # F-3 and F-4 count the trainee that F-1 does not: the form does not
        # add up
        failed = bpf.issue_ids.filtered(lambda i: i.severity == "inconsistency")
        self.assertEqual(len(failed), 2)
        self.assertIn("Section F-3 counts 6 trainees", failed[0].name)
        self.assertIn("section F-1 5 trainees", failed[0].name)
        with self.assertRaisesRegex(UserError, "2 consistency checks"):
            bpf.action_declare()
        # the trainee's kind given, the BPF computed again adds up
        unknown.with_user(self.officer).trainee_type = "other"
        bpf.action_compute()
        self.assertFalse(bpf.inconsistency_count)
        self.assertEqual(self._figures(bpf)["F-1 e"][:2], (1, 7.0))

    # ------------------------------------------------------------ the rules
    def test_one_bpf_per_year_and_valid_dates(self):
        Bpf = self.env["periscope.training.bpf"].with_user(self.manager)
        bpf = Bpf.create({"year": 2035})
        with self.assertRaisesRegex(ValidationError, "already has a BPF for 2035"):
            Bpf.create({"year": 2035})
        other = Bpf.create({"year": 2034})
        with self.assertRaisesRegex(ValidationError, "already has a BPF for 2035"):
            other.year = 2035
        with self.assertRaisesRegex(ValidationError, "is not a year"):
            Bpf.create({"year": 26})
        with self.assertRaisesRegex(ValidationError, "ends before it starts"):
            bpf.write({"date_to": "2034-12-31"})
        self.assertEqual(Bpf.search_count([("year", "in", (2034, 2035))]), 2)

    def test_a_declared_bpf_no_longer_changes(self):
        self._year()
        bpf = self._bpf()
        bpf.action_declare()
        self.assertEqual(bpf.state, "done")
        with self.assertRaisesRegex(UserError, "is declared"):
            bpf.action_compute()
        with self.assertRaisesRegex(UserError, "is declared"):
            bpf.write({"date_to": "2035-11-30"})
        with self.assertRaisesRegex(UserError, "is declared"):
            bpf.unlink()
        bpf.action_draft()
        bpf.action_compute()
        self.assertEqual(bpf.revenue, 1840.0)
        bpf.unlink()

    def test_who_computes_and_who_reads(self):
        self._year()
        draft = self.env["periscope.training.bpf"].with_user(self.manager).create({"year": 2035})
        with self.assertRaises(AccessError):
            draft.with_user(self.officer).action_compute()
        with self.assertRaises(AccessError):
            draft.with_user(self.accountant).action_compute()
        with self.assertRaises(AccessError):
            self.env["periscope.training.bpf"].with_user(self.officer).create({"year": 2033})
        with self.assertRaises(AccessError):
            draft.with_user(self.portal_user).read(["revenue"])
        draft.action_compute()
        # the accountant checks section C; the training officer reads it all
        self.assertEqual(draft.with_user(self.accountant).revenue, 1840.0)
        self.assertEqual(len(draft.with_user(self.officer).f1_line_ids), 6)
        with self.assertRaises(AccessError):
            draft.with_user(self.accountant).action_declare()
        with self.assertRaises(AccessError):
            draft.line_ids[:1].with_user(self.officer).write({"amount": 1.0})

    # ------------------------------------------------------------ output
    def test_csv_in_the_order_of_the_form(self):
        self._year()
        bpf = self._bpf()
        rows = list(csv.reader(io.StringIO(bpf._csv_content()), delimiter=";"))
        self.assertEqual(rows[0], ["Section", "Line", "Label", "Number", "Hours", "Amount"])
        codes = [row[1] for row in rows[1:]]
        self.assertEqual(codes[:3], ["C-1", "C-2 a", "C-2 b"])
        self.assertLess(codes.index("C-2 h"), codes.index("C-2"))
        self.assertLess(codes.index("C-11"), codes.index("E-internal"))
        self.assertLess(codes.index("F-1 e"), codes.index("F-3 a"))
        self.assertEqual(codes[-4:], ["310", "315", "", ""])
        by_code = {row[1]: row for row in rows[1:] if row[1]}
        self.assertEqual(by_code["C-2 h"][5], "720.00")
        self.assertEqual(by_code["F-1 a"][3:5], ["2", "10.50"])
        self.assertEqual(rows[-1][2], "Total of the specialities")
        self.assertEqual(rows[-1][3:5], ["5", "28.00"])
        action = bpf.action_export_csv()
        attachment = self.env["ir.attachment"].search([("res_model", "=", bpf._name), ("res_id", "=", bpf.id)])
        self.assertEqual(attachment.name, "BPF-2035.csv")
        self.assertIn(f"/web/content/{attachment.id}", action["url"])


@tagged("post_install", "-at_install")
@freeze_time("2035-12-14 09:00:00")
class TestBpfPdf(BpfYearCase, HttpCase):
    """The PDF of the BPF, printed by wkhtmltopdf (which loads its styles
    from the server: an HttpCase)."""

    def test_the_pdf(self):
        self._year()
        bpf = self._bpf()
        report = self.env["ir.actions.report"].with_user(self.manager)
        html = report._render_qweb_html("periscope_training.report_training_bpf", bpf.ids)[0].decode()
        self.assertIn("76 31 09999 31", html)
        self.assertIn("Total income from professional training", html)
        self.assertIn("Ressources humaines, gestion du personnel", html)
        self.assertIn("draft invoices of training funding", html)
        # Debian's wkhtmltopdf warns that it ignores the header's spacing
        with mute_logger("odoo.addons.base.models.ir_actions_report"):
            pdf, kind = report.with_context(force_report_rendering=True)._render_qweb_pdf(
                "periscope_training.report_training_bpf", bpf.ids
            )
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
