# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import re
from datetime import timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from odoo.addons.periscope_coworking.tests.common import PortalQueriesMixin
from odoo.addons.periscope_members.tests.http import PortalHttpMixin

from .common import PeriscopeTrainingCase

# a one-pixel PNG: what the signature pad sends
SIGNATURE = base64.b64encode(
    base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==")
).decode()


@tagged("post_install", "-at_install")
class TestTrainingPortal(PortalHttpMixin, PortalQueriesMixin, PeriscopeTrainingCase, HttpCase):
    """The trainee's portal. Inès and Marc work for a member organisation,
    whose contact Julie follows their trainings; Léa trains at her own
    expense; Paul works for another member organisation. The running session
    has a half-day that began an hour ago and one in two days; the upcoming
    session opens its registrations; the full one has its only seat taken.
    Times are relative to now: the server answering the requests runs on the
    real clock."""

    csrf_page = "/trainings/catalogue"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.org = cls._make_organisation("Coop Canal (portal test)", cls.PERMANENT_RESIDENT)
        cls.other_org = cls._make_organisation("Secret Coop (portal test)", cls.PERMANENT_RESIDENT)
        cls.ines_user = cls._portal_user("Inès Moreau (portal test)", cls.org)
        cls.julie_user = cls._portal_user("Julie Castex (portal test)", cls.org)
        cls.lea_user = cls._portal_user("Léa Garcia (portal test)")
        cls.paul_user = cls._portal_user("Paul Sabatier (portal test)", cls.other_org)
        cls.ines = cls.ines_user.partner_id
        cls.lea = cls.lea_user.partner_id
        cls.paul = cls.paul_user.partner_id
        cls.marc = cls.env["res.partner"].create({"name": "Marc Blanc (portal test)", "parent_id": cls.org.id})
        # the running session: a half-day begun an hour ago, one in two days;
        # ``session`` is the HTTP session of the test client
        cls.running = cls.session
        del cls.session
        now = fields.Datetime.now()
        cls.started, cls.later = cls._make_slots(cls._around_now(), session=cls.running, user=cls.officer)
        cls.running.with_user(cls.officer).action_training_open()
        cls.ines_reg = cls._confirmed(cls.ines)
        cls.marc_reg = cls._confirmed(cls.marc)
        cls.lea_reg = cls._confirmed(cls.lea)
        cls.paul_reg = cls._confirmed(cls.paul)
        # sessions to come: one open, one full, one draft
        cls.upcoming = cls._session_to_come("Session à venir (portal test)", now, 14)
        cls.full = cls._session_to_come("Session complète (portal test)", now, 21, seats_limited=True, seats_max=1)
        cls._confirmed(cls.marc, session=cls.full)
        cls.draft = cls._session_to_come("Session en préparation (portal test)", now, 28, open_it=False)
        cls.env.flush_all()

    @classmethod
    def _portal_user(cls, name, organisation=None):
        login = "portal_training_" + name.split()[0].lower().replace("è", "e")
        partner = cls.env["res.partner"].create(
            {"name": name, "email": f"{login}@example.org", "parent_id": organisation.id if organisation else False}
        )
        return cls._make_user(login, "base.group_portal", password=f"{login}_pw", name=name, partner_id=partner.id)

    @classmethod
    def _confirmed(cls, partner, session=None, funder_type=None):
        """A registration funded to the cent, hence confirmed: by their
        organisation for the people of one (an employee's training), by the
        trainee themselves otherwise, or by ``funder_type``."""
        organisation = partner.parent_id
        employed = bool(organisation) and funder_type in (None, "company", "opco_cpf")
        if funder_type is None:
            funder_type = "company" if organisation else "individual"
        funder = organisation if funder_type == "company" else partner
        return (
            cls.env["event.registration"]
            .with_user(cls.officer)
            .create(
                {
                    "event_id": (session or cls.running).id,
                    "partner_id": partner.id,
                    "trainee_type": "employee" if employed else "individual",
                    "employer_id": organisation.id if employed else False,
                    "funding_ids": [
                        Command.create({"funder_id": funder.id, "funder_type": funder_type, "amount": 420.0})
                    ],
                }
            )
        )

    @classmethod
    def _session_to_come(cls, name, now, days, open_it=True, **values):
        start = now + timedelta(days=days)
        session = cls._new_session(name, date_begin=start, date_end=start + timedelta(hours=3), **values)
        cls.env["periscope.training.slot"].with_user(cls.officer).create(
            {"event_id": session.id, "start": start, "stop": start + timedelta(hours=3), "trainer_id": cls.trainer.id}
        )
        if open_it:
            session.with_user(cls.officer).action_training_open()
        return session

    # ------------------------------------------------------------ helpers
    def _register(self, session, **extra):
        return self.url_open(
            "/my/trainings/register", data={"session_id": session.id, "csrf_token": self._csrf_token(), **extra}
        )

    def _sign(self, attendance, signature=SIGNATURE):
        return self.make_jsonrpc_request(
            f"/my/trainings/attendance/{attendance.id}/sign", {"name": "Inès M.", "signature": signature}
        )

    def _attendance(self, registration, slot):
        return registration.attendance_ids.filtered(lambda a: a.slot_id == slot)

    def _registrations(self, partner):
        return self.env["event.registration"].search([("partner_id", "=", partner.id)])

    # ------------------------------------------------------------ list
    def test_trainee_sees_their_registrations_only(self):
        self._login(self.lea_user)
        response = self.url_open("/my/trainings")
        self.assertEqual(response.status_code, 200)
        text = response.text
        self.assertIn(f'data-registration-id="{self.lea_reg.id}"', text)
        self.assertIn(f'href="/my/trainings/{self.lea_reg.id}"', text)
        self.assertIn(self.running.name, text)
        for registration in (self.ines_reg, self.marc_reg, self.paul_reg):
            self.assertNotIn(f'data-registration-id="{registration.id}"', text)
        self.assertNotIn("Paul Sabatier", text)
        self.assertIn('<li class="breadcrumb-item active">Trainings</li>', text)
        # the running session: 6 hours, the one begun not marked yet
        row = re.search(rf'data-registration-id="{self.lea_reg.id}">(.*?)</tr>', text, re.DOTALL).group(1)
        self.assertIn(">6<", row)
        self.assertIn("Registered", row)
        self.assertIn("1 to sign", row)
        for registration in (self.ines_reg, self.marc_reg, self.paul_reg):
            with self.subTest(registration=registration.name):
                url = f"/my/trainings/{registration.id}"
                self.assertEqual(self.url_open(url).status_code, 404)
                for document in ("convocation", "certificate"):
                    self.assertEqual(self.url_open(f"{url}/{document}").status_code, 404)
        self.assertEqual(self.url_open("/my/trainings/999999999").status_code, 404)

    def test_organisation_sees_its_employees_registrations(self):
        employer_reg = self._confirmed(self.lea, session=self.upcoming)
        employer_reg.with_user(self.officer).write(
            {
                "trainee_type": "employee",
                "employer_id": self.org.id,
                "funding_ids": [
                    Command.update(employer_reg.funding_ids.id, {"funder_id": self.org.id, "funder_type": "company"})
                ],
            }
        )
        self._login(self.julie_user)
        text = self.url_open("/my/trainings").text
        for registration in (self.ines_reg, self.marc_reg, employer_reg):
            self.assertIn(f'data-registration-id="{registration.id}"', text)
        for registration in (self.lea_reg, self.paul_reg):
            self.assertNotIn(f'data-registration-id="{registration.id}"', text)
        self.assertIn("Marc Blanc (portal test)", text)
        self.assertIn("Coop Canal (portal test)", text)
        # a colleague's page, without anything to sign
        response = self.url_open(f"/my/trainings/{self.marc_reg.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Marc Blanc (portal test)", response.text)
        self.assertNotIn("o_periscope_to_sign", response.text)
        self.assertNotIn("/sign", response.text)
        self.assertEqual(self.url_open(f"/my/trainings/{self.paul_reg.id}").status_code, 404)
        # the other organisation sees none of them
        self._login(self.paul_user)
        text = self.url_open("/my/trainings").text
        self.assertIn(f'data-registration-id="{self.paul_reg.id}"', text)
        self.assertEqual(text.count("o_periscope_training_row"), 1)

    def test_own_expense_and_cpf_trainings_are_the_trainees_alone(self):
        """A training a person pays themselves, or with their personal
        training account (CPF), is theirs alone: neither a colleague nor the
        employer's contact sees it, its funding, convocation or certificate."""
        own = self._confirmed(self.ines, session=self.upcoming, funder_type="individual")
        cpf = self._confirmed(self.ines, session=self.draft, funder_type="opco_cpf")
        self.assertEqual(cpf.trainee_type, "employee")
        self._login(self.julie_user)
        text = self.url_open("/my/trainings").text
        self.assertIn(f'data-registration-id="{self.ines_reg.id}"', text)
        for registration in (own, cpf):
            with self.subTest(registration=registration.event_id.name):
                self.assertNotIn(f'data-registration-id="{registration.id}"', text)
                url = f"/my/trainings/{registration.id}"
                self.assertEqual(self.url_open(url).status_code, 404)
                self.assertEqual(self.url_open(f"{url}/convocation").status_code, 404)
        Registration = self.env["event.registration"]
        self.assertFalse(Registration.with_user(self.julie_user).search([("id", "in", (own | cpf).ids)]))
        # Inès sees her own, with her convocation
        self._login(self.ines_user)
        text = self.url_open("/my/trainings").text
        for registration in (own, cpf):
            self.assertIn(f'data-registration-id="{registration.id}"', text)
        response = self.url_open(f"/my/trainings/{own.id}/convocation")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/pdf")

    def test_home_shows_the_trainings_card_and_its_counter(self):
        self._login(self.ines_user)
        self.assertIn('href="/my/trainings"', self.url_open("/my").text)
        counters = self.make_jsonrpc_request("/my/counters", {"counters": ["periscope_training_count"]})
        # hers and her colleague's two
        self.assertEqual(counters, {"periscope_training_count": 3})
        self._login(self.lea_user)
        counters = self.make_jsonrpc_request("/my/counters", {"counters": ["periscope_training_count"]})
        self.assertEqual(counters, {"periscope_training_count": 1})

    # ------------------------------------------------------------ detail
    def test_registration_page_shows_slots_and_signatures_to_give(self):
        self._login(self.ines_user)
        response = self.url_open(f"/my/trainings/{self.ines_reg.id}")
        self.assertEqual(response.status_code, 200)
        text = response.text
        for slot in (self.started, self.later):
            self.assertIn(f'data-slot-id="{slot.id}"', text)
        self.assertIn("Antoine Mercier (test)", text)
        self.assertIn("Remote", text)
        self.assertIn("To mark", text)
        started = self._attendance(self.ines_reg, self.started)
        later = self._attendance(self.ines_reg, self.later)
        # only the half-day begun is to sign, with the portal's signature form
        self.assertIn(f'data-attendance-id="{started.id}"', text)
        self.assertNotIn(f'data-attendance-id="{later.id}"', text)
        self.assertIn(f"/my/trainings/attendance/{started.id}/sign", text)
        self.assertNotIn(f"/my/trainings/attendance/{later.id}/sign", text)
        self.assertIn('name="portal.signature_form"', text)
        self.assertIn(f'href="/my/trainings/{self.ines_reg.id}/convocation"', text)
        self.assertNotIn("/certificate", text)

    # ------------------------------------------------------------ signing
    def test_trainee_signs_a_half_day_begun(self):
        attendance = self._attendance(self.ines_reg, self.started)
        self._login(self.ines_user)
        result = self._sign(attendance)
        self.assertTrue(result.get("force_refresh"), result)
        self.assertEqual(result["redirect_url"], f"/my/trainings/{self.ines_reg.id}?success=signed")
        self.assertEqual(attendance.state, "present")
        self.assertTrue(attendance.signed_at)
        self.assertEqual(attendance.signed_by_id, self.ines_user)
        self.assertEqual(attendance.signer_name, "Inès M.")
        self.assertEqual(self.ines_reg.attended_hours, 3.0)
        text = self.url_open(result["redirect_url"]).text
        self.assertIn("Your attendance is signed.", text)
        self.assertIn("Signed on", text)
        self.assertNotIn("o_periscope_to_sign", text)
        # once only
        result = self._sign(attendance)
        self.assertIn("is already signed", result["error"])

    def test_signature_refusals(self):
        self._login(self.ines_user)
        later = self._attendance(self.ines_reg, self.later)
        result = self._sign(later)
        self.assertIn("has not started yet", result["error"])
        self.assertFalse(later.signed_at)
        # someone else's, in or outside her organisation
        for registration in (self.lea_reg, self.marc_reg):
            attendance = self._attendance(registration, self.started)
            with self.subTest(trainee=registration.name):
                result = self._sign(attendance)
                self.assertEqual(result["error"], "Only the trainee signs their own attendance.")
                self.assertFalse(attendance.signed_at)
                self.assertEqual(attendance.state, "to_mark")
        result = self.make_jsonrpc_request(
            "/my/trainings/attendance/999999999/sign", {"name": "x", "signature": SIGNATURE}
        )
        self.assertEqual(result["error"], "Only the trainee signs their own attendance.")
        # no picture, no signature
        started = self._attendance(self.ines_reg, self.started)
        for signature in ("", "not base64!", base64.b64encode(b"<html/>").decode()):
            with self.subTest(signature=signature):
                result = self._sign(started, signature=signature)
                self.assertEqual(result["error"], "Sign in the signature box first.")
        self.assertFalse(started.signed_at)

    def test_trainee_signs_in_the_browser(self):
        """The portal's signature form, in a real browser: the half-day is
        signed with the name typed in."""
        attendance = self._attendance(self.ines_reg, self.started)
        # in a frame, so that the page the form goes back to once signed is
        # checked, and loaded before the browser closes
        url = f"/my/trainings/{self.ines_reg.id}"
        code = (
            """
            const waitFor = async (doc, selector) => {
                for (let i = 0; i < 100; i++) {
                    const element = doc.querySelector(selector);
                    if (element && !element.disabled) {
                        return element;
                    }
                    await new Promise((resolve) => setTimeout(resolve, 100));
                }
                throw new Error("not found: " + selector);
            };
            const sign = async (doc) => {
                await waitFor(doc, ".o_web_sign_name_input");
                const button = doc.querySelector(".o_periscope_to_sign_slot button");
                const modal = doc.querySelector(button.dataset.bsTarget);
                const shown = new Promise((resolve) =>
                    modal.addEventListener("shown.bs.modal", resolve)
                );
                button.click();
                await shown;
                (await waitFor(doc, ".modal.show .o_web_sign_auto_button")).click();
                await new Promise((resolve) => setTimeout(resolve, 500));
                (await waitFor(doc, ".modal.show .o_portal_sign_submit")).click();
            };
            const signed = async (doc) => {
                await waitFor(doc, ".o_periscope_training_success");
                // the page started before the browser closes
                await new Promise((resolve) => setTimeout(resolve, 1000));
                console.log("test successful");
            };
            const frame = document.createElement("iframe");
            frame.style.width = "1200px";
            frame.style.height = "900px";
            let loads = 0;
            frame.addEventListener("load", () => {
                const step = loads++ ? signed : sign;
                step(frame.contentDocument).catch((error) =>
                    console.error(error.message)
                );
            });
            frame.src = "%s";
            document.body.appendChild(frame);
        """
            % url
        )
        self.browser_js("/my", code, login=self.ines_user.login)
        self.assertEqual(attendance.state, "present")
        self.assertTrue(attendance.signature)
        self.assertEqual(attendance.signer_name, "Inès Moreau (portal test)")

    # ------------------------------------------------------------ documents
    def test_convocation_and_certificate(self):
        self._login(self.ines_user)
        url = f"/my/trainings/{self.ines_reg.id}"
        response = self.url_open(f"{url}/convocation")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        self.assertIn("attachment", response.headers["Content-Disposition"])
        self.assertTrue(response.content)
        # not before the session is closed
        response = self.url_open(f"{url}/certificate")
        self.assertEqual(response.status_code, 200)
        self.assertIn("text/html", response.headers["Content-Type"])
        self.assertIn("is issued once the training session", response.text)
        self.running.with_user(self.manager).action_training_close()
        text = self.url_open(url).text
        self.assertIn(f'href="{url}/certificate"', text)
        response = self.url_open(f"{url}/certificate")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        self.assertTrue(response.content)
        # the session closed, nothing is signed any more
        started = self._attendance(self.ines_reg, self.started)
        self.assertIn("is closed", self._sign(started)["error"])
        self.assertFalse(started.signed_at)

    # ------------------------------------------------------------ register
    def test_catalogue_offers_to_register(self):
        text = self.url_open("/trainings/catalogue").text
        self.assertNotIn("/my/trainings/register", text)
        self._login(self.ines_user)
        text = self.url_open("/trainings/catalogue").text
        self.assertIn('action="/my/trainings/register"', text)
        self.assertIn(f'name="session_id" value="{self.upcoming.id}"', text)
        self.assertNotIn(f'name="session_id" value="{self.full.id}"', text)
        self.assertIn("o_periscope_session_full", text)

    def test_member_registers_to_an_open_session(self):
        self._login(self.ines_user)
        response = self._register(
            self.upcoming,
            # ignored: the registration is the user's, unconfirmed
            partner_id=self.paul.id,
            state="open",
            agreed_price="0",
        )
        self.assertEqual(response.status_code, 200)
        registration = self.env["event.registration"].search([("event_id", "=", self.upcoming.id)])
        self.assertEqual(len(registration), 1)
        self.assertTrue(response.url.endswith(f"/my/trainings/{registration.id}?success=registered"))
        self.assertEqual(registration.partner_id, self.ines)
        self.assertEqual(registration.state, "draft")
        self.assertEqual(registration.trainee_type, "employee")
        self.assertEqual(registration.employer_id, self.org)
        self.assertEqual(registration.agreed_price, 420.0)
        self.assertIn(
            "Registered on the portal by Inès Moreau (portal test).", registration.message_ids.mapped("preview")
        )
        self.assertIn("awaiting confirmation", response.text)
        self.assertIn("Awaiting confirmation", response.text)
        # a second time: refused
        response = self._register(self.upcoming)
        self.assertEqual(response.status_code, 200)
        self.assertIn("You are already registered", response.text)
        self.assertEqual(self.env["event.registration"].search_count([("event_id", "=", self.upcoming.id)]), 1)

    def test_individual_registers_at_their_own_expense(self):
        self._login(self.lea_user)
        self._register(self.upcoming)
        registration = self._registrations(self.lea).filtered(lambda r: r.event_id == self.upcoming)
        self.assertEqual(registration.trainee_type, "individual")
        self.assertFalse(registration.employer_id)
        self.assertEqual(registration.state, "draft")

    def test_refused_registrations_create_nothing(self):
        closed = self._session_to_come("Session close (portal test)", fields.Datetime.now(), 7)
        closed.with_user(self.manager).action_training_close()
        count = self.env["event.registration"].search_count([])
        self._login(self.ines_user)
        for session, message in (
            (closed, "is closed: it takes no more registrations"),
            (self.full, "is full"),
            (self.draft, "is not open to registrations yet"),
            (self.running, "has begun"),
            (self.env["event.event"].browse(999999999), "not in the catalogue"),
        ):
            with self.subTest(session=session.id):
                response = self._register(session)
                self.assertEqual(response.status_code, 200)
                self.assertIn("o_periscope_training_error", response.text)
                self.assertIn(message, response.text)
                self.assertEqual(self.env["event.registration"].search_count([]), count)

    def test_register_needs_a_post_with_a_csrf_token(self):
        count = self.env["event.registration"].search_count([])
        self._login(self.ines_user)
        response = self.url_open(f"/my/trainings/register?session_id={self.upcoming.id}", allow_redirects=False)
        self.assertEqual(response.status_code, 405)
        with mute_logger("odoo.http"):
            response = self.url_open("/my/trainings/register", data={"session_id": self.upcoming.id})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self.env["event.registration"].search_count([]), count)

    # ------------------------------------------------------------ performance
    def _add_registrations(self, count):
        """``count`` more registrations of the organisation's people, over
        three sessions."""
        sessions = self.running | self.upcoming | self.draft
        people = self.env["res.partner"].create(
            [{"name": f"Salarié {index} (portal test)", "parent_id": self.org.id} for index in range(5)]
        )
        self.env["event.registration"].with_user(self.officer).create(
            [
                {"event_id": sessions[index % 3].id, "partner_id": people[index % 5].id, "trainee_type": "employee"}
                for index in range(count)
            ]
        )

    def test_trainings_page_queries_do_not_grow_with_the_registrations(self):
        # Inès's and Marc's three already: ten of the organisation's
        self._add_registrations(7)
        self._login(self.julie_user)
        self.assertPagesQueriesDoNotGrow(
            "/my/trainings",
            "o_periscope_training_row",
            10,
            lambda: self._add_registrations(490),
            "/my/trainings/page/2",
            "/my/trainings/page/25",
        )
