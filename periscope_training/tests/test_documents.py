# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import io
from datetime import timedelta

from freezegun import freeze_time
from lxml import html

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged
from odoo.tools.pdf import PdfFileReader

from .common import MARCH_16_AFTERNOON, MARCH_16_MORNING, MARCH_30_MORNING, PeriscopeTrainingCase

# a one-pixel PNG: what the signature pad sends
SIGNATURE = base64.b64encode(
    base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==")
)
SHEET = "periscope_training.report_training_attendance_sheet"
CERTIFICATE = "periscope_training.report_training_certificate"
CONVOCATION = "periscope_training.report_training_convocation"


@tagged("post_install", "-at_install")
@freeze_time("2026-03-02 07:00:00")
class TestDocuments(PeriscopeTrainingCase):
    """The session: Monday 16 March 2026, the morning (08:00-11:30 UTC,
    09:00-12:30 in Paris) and the afternoon (12:30-16:00 UTC) in the training
    room, and Monday 30 March after the change to summer time (07:00-10:30
    UTC, 09:00-12:30 in Paris again); 10.5 hours. Inès and Léa are confirmed,
    Marc is not funded yet."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_three_trainees()
        cls.programme.write({"prerequisites": "Having a business idea", "what_to_bring": "Your laptop"})
        cls.morning, cls.afternoon, cls.after_dst = cls._make_slots(
            [MARCH_16_MORNING, MARCH_16_AFTERNOON, MARCH_30_MORNING], user=cls.officer, space_id=cls.room.id
        )
        cls.session.with_user(cls.officer).action_training_open()

    def _trainees(self):
        ines = self._register(self.ines, [(self.ines, "individual", 420.0)])
        lea = self._register(self.lea, [(self.lea, "individual", 420.0)])
        marc = self._register(self.marc)
        self.assertEqual((ines.state, lea.state, marc.state), ("open", "open", "draft"))
        return ines, lea, marc

    def _render(self, report, records, user=None):
        html, _kind = (
            self.env["ir.actions.report"].with_user(user or self.officer)._render_qweb_html(report, records.ids)
        )
        return html.decode()

    def _attendance(self, registration, slot):
        return registration.attendance_ids.filtered(lambda a: a.slot_id == slot)

    def assertShows(self, html, *texts):
        """Each of ``texts`` is in ``html``."""
        for text in texts:
            self.assertIn(text, html)

    # ------------------------------------------------------------ sheet
    def test_attendance_sheet(self):
        ines, lea, _marc = self._trainees()
        html = self._render(SHEET, self.morning)
        self.assertShows(
            html, "Inès Moreau (test)", "Monday 16 March 2026", "09:00", "12:30", "Salle de formation (test)"
        )
        self.assertIn("Antoine Mercier (test)", html)
        self.assertNotIn("Marc Blanc", html)  # not confirmed: no line
        self.assertNotIn('alt="Signature"', html)  # nobody signed yet: blank boxes
        with freeze_time("2026-03-16 08:05:00"):
            self._attendance(ines, self.morning).with_user(self.officer).action_sign(SIGNATURE, "Inès Moreau")
            self._attendance(lea, self.morning).with_user(self.officer).action_mark_excused()
        with freeze_time("2026-03-16 11:25:00"):
            self.morning.with_user(self.officer).action_trainer_sign(SIGNATURE, "Antoine Mercier")
        html = self._render(SHEET, self.morning)
        # the trainee's and the trainer's signatures
        self.assertEqual(html.count('alt="Signature"'), 2)
        self.assertIn("Signed on 16/03/2026 09:05", html)  # Paris time
        self.assertIn("on 16/03/2026 12:25", html)
        self.assertIn("Excused absence", html)
        # after the change to summer time, the same local hours
        html = self._render(SHEET, self.after_dst)
        self.assertIn("Monday 30 March 2026", html)
        self.assertIn("09:00", html)
        self.assertNotIn("07:00", html)
        # the session prints the sheets of its planned slots
        action = self.session.with_user(self.officer).action_print_attendance_sheets()
        self.assertEqual(action["report_name"], SHEET)
        self.assertEqual(action["context"]["active_ids"], (self.morning | self.afternoon | self.after_dst).ids)

    # ------------------------------------------------------------ certificate
    def test_certificate_only_once_closed(self):
        ines, lea, marc = self._trainees()
        self.assertFalse(ines.certificate_available)
        with self.assertRaisesRegex(UserError, "once the training session"):
            self._render(CERTIFICATE, ines)
        with self.assertRaises(UserError):
            self.session.with_user(self.officer).action_print_certificates()
        with freeze_time("2026-03-16 08:05:00"):
            self._attendance(ines, self.morning).with_user(self.officer).action_sign(SIGNATURE, "Inès Moreau")
        # marked once the half-days are over
        with freeze_time("2026-03-31 08:00:00"):
            self._attendance(ines, self.afternoon).with_user(self.officer).action_mark_present()
            self._attendance(ines, self.after_dst).with_user(self.officer).action_mark_absent()
        self.session.with_user(self.manager).action_training_close()
        self.assertTrue(ines.certificate_available)
        self.assertFalse(marc.certificate_available)
        with freeze_time("2026-04-02 10:00:00"):
            html = self._render(CERTIFICATE, ines)
        self.assertShows(html, "Certificate of completion", "Inès Moreau (test)")
        # attended, never planned hours: 2 × 3.5 out of 3 × 3.5
        self.assertEqual(ines.attended_hours, 7.0)
        self.assertShows(
            html, "7 hours", "out of 10.50 hours", "from 16/03/2026 to 30/03/2026", "Training action", "2 April 2026"
        )
        # a trainee not confirmed gets none
        with self.assertRaisesRegex(UserError, "not confirmed"):
            self._render(CERTIFICATE, marc)
        action = self.session.with_user(self.officer).action_print_certificates()
        self.assertEqual(action["report_name"], CERTIFICATE)
        self.assertEqual(sorted(action["context"]["active_ids"]), sorted((ines | lea).ids))

    def test_a_portal_user_gets_no_certificate_of_others(self):
        ines, _lea, _marc = self._trainees()
        self.session.with_user(self.manager).action_training_close()
        self.assertIn("Inès Moreau (test)", self._render(CERTIFICATE, ines))
        with self.assertRaises(AccessError):
            self._render(CERTIFICATE, ines, user=self.portal_user)
        with self.assertRaises(AccessError):
            self._render(CONVOCATION, ines, user=self.portal_user)
        with self.assertRaises(AccessError):
            self._render(SHEET, self.morning, user=self.portal_user)

    # ------------------------------------------------------------ convocation
    def test_convocation(self):
        ines, _lea, _marc = self._trainees()
        html = self._render(CONVOCATION, ines)
        self.assertShows(html, "Inès Moreau (test)", "Monday 16 March 2026", "Monday 30 March 2026")
        self.assertEqual(html.count("09:00 – 12:30"), 2)  # before and after DST
        self.assertIn("13:30 – 17:00", html)
        self.assertNotIn("07:00", html)
        self.assertShows(html, "10.50 hours", "On site", "Salle de formation (test)")
        self.assertShows(html, "Having a business idea", "Your laptop", "Accessibility")
        self.assertEqual(
            self.after_dst._periscope_local_range(), {"date": "Monday 30 March 2026", "start": "09:00", "stop": "12:30"}
        )

    def _convocation_messages(self, registrations):
        return self.env["mail.message"].search(
            [
                ("model", "=", "event.registration"),
                ("res_id", "in", registrations.ids),
                ("message_type", "=", "comment"),
            ]
        )

    def test_the_cron_sends_the_due_convocations_once(self):
        ines, lea, marc = self._trainees()
        later = self._new_session("Créer son entreprise — avril (test)")
        self._slot("2026-03-30 12:00:00", "2026-03-30 15:30:00", session=later)
        later.with_user(self.officer).action_training_open()
        far = self._register(self.ines, [(self.ines, "individual", 420.0)], session=later)
        Event = self.env["event.event"]
        with freeze_time("2026-03-08 07:00:00"):  # 8 days before
            Event._cron_send_training_convocations()
        self.assertFalse(self._convocation_messages(ines | lea | marc | far))
        with freeze_time("2026-03-09 05:00:00"):  # 7 days before
            Event._cron_send_training_convocations()
        messages = self._convocation_messages(ines | lea | marc | far)
        self.assertEqual(sorted(messages.mapped("res_id")), sorted((ines | lea).ids))
        for message in messages:
            self.assertEqual(len(message.attachment_ids), 1)
            # (a PDF but in test mode, where reports are rendered as HTML)
            self.assertTrue(message.attachment_ids.name.startswith("Convocation "))
            self.assertIn("Your convocation", message.subject)
        # emailed to the trainees (the test mail server sends them at once)
        emailed = self.env["mail.notification"].search(
            [
                ("mail_message_id", "in", messages.ids),
                ("notification_type", "=", "email"),
                ("notification_status", "=", "sent"),
            ]
        )
        self.assertLessEqual(self.ines | self.lea, emailed.res_partner_id)
        self.assertEqual(messages.partner_ids, self.ines | self.lea)
        self.assertEqual(str(ines.convocation_sent_at), "2026-03-09 05:00:00")
        self.assertFalse(marc.convocation_sent_at or far.convocation_sent_at)
        # never twice
        with freeze_time("2026-03-10 05:00:00"):
            Event._cron_send_training_convocations()
        self.assertEqual(self._convocation_messages(ines | lea | marc | far), messages)

    def test_send_the_convocations_now(self):
        ines, lea, _marc = self._trainees()
        result = self.session.with_user(self.officer).action_send_convocations()
        self.assertEqual(result["params"]["type"], "success")
        self.assertEqual(len(self._convocation_messages(ines | lea)), 2)
        self.assertTrue(ines.convocation_sent_at and lea.convocation_sent_at)
        # again: nothing new
        self.session.with_user(self.officer).action_send_convocations()
        self.assertEqual(len(self._convocation_messages(ines | lea)), 2)
        draft = self._new_session("Créer son entreprise — brouillon (test)")
        with self.assertRaises(UserError):
            draft.with_user(self.officer).action_send_convocations()


@tagged("post_install", "-at_install")
class TestDocumentsPdf(PeriscopeTrainingCase, HttpCase):
    """Real PDFs: wkhtmltopdf fetches the styles from the running server,
    which shares the test's transaction (an HttpCase) and whose clock is not
    frozen."""

    def test_several_documents_print_as_one_pdf(self):
        """The session's attendance sheets, or two convocations, print as one
        PDF, also with Debian's wkhtmltopdf (unpatched Qt), which fails on
        several documents at once: the addons print them one by one."""
        today = fields.Date.today()
        monday = today + timedelta(days=28 + (7 - today.weekday()) % 7)
        slots = self._slot(f"{monday} 08:00:00", f"{monday} 11:30:00") | self._slot(
            f"{monday} 12:30:00", f"{monday} 16:00:00"
        )
        self.session.action_training_open()
        Partner = self.env["res.partner"]
        registrations = self._register(
            Partner.create({"name": "Inès Moreau (test)"}), agreed_price=0.0
        ) | self._register(Partner.create({"name": "Léa Garcia (test)"}), agreed_price=0.0)
        self.assertEqual(set(registrations.mapped("state")), {"open"})
        Report = self.env["ir.actions.report"].with_user(self.officer).with_context(force_report_rendering=True)
        for report, records in ((SHEET, slots), (CONVOCATION, registrations)):
            pdf, kind = Report._render_qweb_pdf(report, records.ids)
            self.assertEqual(kind, "pdf")
            pages = len(PdfFileReader(io.BytesIO(pdf)).pages)
            self.assertGreaterEqual(pages, len(records), report)

    def test_the_registration_e_mail_shows_its_images(self):
        """The confirmation a trainee receives (Odoo's event e-mail) shows its
        images: the QR code of the registration that reception scans, drawn
        by /report/barcode (ReportLab's renderer installed), and the others,
        each answered by the server as an image."""
        today = fields.Date.today()
        monday = today + timedelta(days=28 + (7 - today.weekday()) % 7)
        self._slot(f"{monday} 08:00:00", f"{monday} 11:30:00")
        self.session.action_training_open()
        registration = self._register(
            self.env["res.partner"].create({"name": "Inès Moreau (test)", "email": "ines@example.org"}),
            agreed_price=0.0,
        )
        self.assertTrue(registration.barcode)
        template = self.env.ref("event.event_subscription")
        body = template._render_field("body_html", registration.ids)[registration.id]
        sources = [src for src in html.fromstring(str(body)).xpath("//img/@src") if not src.startswith("data:")]
        self.assertTrue(any(f"/report/barcode/QR/{registration.barcode}" in s for s in sources), sources)
        base = registration.get_base_url()
        for src in sources:
            path = src.removeprefix(base)
            if path.startswith("http"):
                continue  # outside images (none of ours)
            response = self.url_open(path)
            self.assertEqual(response.status_code, 200, src)
            self.assertTrue(
                response.headers["Content-Type"].startswith("image/"), (src, response.headers["Content-Type"])
            )
