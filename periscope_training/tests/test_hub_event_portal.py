# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from odoo.addons.periscope_members.tests.french import FrenchPortalCase
from odoo.addons.periscope_members.tests.http import PortalHttpMixin

from .common import PeriscopeTrainingCase


@tagged("post_install", "-at_install")
class TestHubEventRegistration(PortalHttpMixin, PeriscopeTrainingCase, HttpCase):
    """The public page of the hub's events, for a visitor who is not logged
    in, and the member's page of the portal. The open day is on the public
    page, the members' seminar is not, the workshop has one seat left. Times
    are relative to now: the server answers on the real clock."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # ``session`` is the HTTP session of the test client
        cls.training = cls.session
        del cls.session
        cls.org = cls._make_organisation("Coop Canal (hub event test)", cls.PERMANENT_RESIDENT)
        cls.member_user = cls._make_user(
            "hub_event_member", "base.group_portal", password="hub_event_member_pw", name="Nina Roche (test)"
        )
        cls.member = cls.member_user.partner_id
        cls.member.write({"parent_id": cls.org.id, "email": "nina@example.org"})
        cls.open_day = cls._hub_event("Journée portes ouvertes (test)", 10, periscope_public=True)
        cls.seminar = cls._hub_event("Séminaire des membres (test)", 11)
        cls.workshop = cls._hub_event(
            "Atelier complet (test)", 12, periscope_public=True, seats_limited=True, seats_max=1
        )
        cls.env.flush_all()

    @classmethod
    def _hub_event(cls, name, days, **values):
        begin = fields.Datetime.now().replace(microsecond=0) + timedelta(days=days)
        return (
            cls.env["event.event"]
            .with_user(cls.officer)
            .create(
                {
                    "name": name,
                    "is_hub_event": True,
                    "date_begin": begin,
                    "date_end": begin + timedelta(hours=3),
                    **values,
                }
            )
        )

    def setUp(self):
        super().setUp()
        # a page whose form carries a CSRF token, for a visitor as for a member
        self.csrf_page = f"/periscope/events/{self.open_day.id}"

    def _registrations(self, event):
        return self.env["event.registration"].search([("event_id", "=", event.id), ("state", "!=", "cancel")])

    def test_the_public_page_lists_the_published_events(self):
        response = self.url_open("/periscope/events")
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.open_day.name, response.text)
        self.assertNotIn(self.seminar.name, response.text)
        # a training session on the public page only once open
        self.training.with_user(self.officer).periscope_public = True
        self.assertNotIn(self.training.name, self.url_open("/periscope/events").text)
        page = self.url_open(f"/periscope/events/{self.open_day.id}")
        self.assertIn('name="csrf_token"', page.text)
        self.assertEqual(self.url_open(f"/periscope/events/{self.seminar.id}").status_code, 404)

    def test_a_visitor_registers_without_logging_in(self):
        response = self._post(
            f"/periscope/events/{self.open_day.id}/register", {"name": " Claire Dupuy ", "email": "Claire@Example.com"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("registered=1", response.url)
        registration = self._registrations(self.open_day)
        self.assertEqual(len(registration), 1)
        self.assertEqual((registration.name, registration.email), ("Claire Dupuy", "claire@example.com"))
        self.assertEqual(registration.state, "open")
        self.assertFalse(registration.partner_id)
        # a second time with the same address: refused
        again = self._post(
            f"/periscope/events/{self.open_day.id}/register", {"name": "Claire", "email": "claire@example.com"}
        )
        self.assertIn("already registered", again.text)
        self.assertEqual(len(self._registrations(self.open_day)), 1)

    def test_the_subscription_mails_of_a_web_registration_leave_by_the_cron(self):
        # Odoo 18 runs them at once and commits in the middle of the request
        # (outside tests): the cron of the mail scheduler is triggered instead
        self.assertIn("after_sub", self.open_day.event_mail_ids.mapped("interval_type"))
        cron = self.env.ref("event.event_mail_scheduler")
        triggers = self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)])
        self._post(f"/periscope/events/{self.open_day.id}/register", {"name": "Inès", "email": "ines@example.com"})
        self.assertEqual(self._registrations(self.open_day).state, "open")
        self.assertEqual(self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)]), triggers + 1)
        self.assertFalse(sum(self.open_day.event_mail_ids.mapped("mail_count_done")), "nothing sent in the request")

    def test_a_full_event_refuses_the_visitor(self):
        self._post(f"/periscope/events/{self.workshop.id}/register", {"name": "Léo", "email": "leo@example.com"})
        self.assertEqual(len(self._registrations(self.workshop)), 1)
        response = self._post(
            f"/periscope/events/{self.workshop.id}/register", {"name": "Zoé", "email": "zoe@example.com"}
        )
        self.assertIn("is full", response.text)
        self.assertEqual(self._registrations(self.workshop).mapped("name"), ["Léo"])

    def test_a_robot_or_a_bad_form_registers_nobody(self):
        robot = self._post(
            f"/periscope/events/{self.open_day.id}/register",
            {"name": "Bot", "email": "bot@example.com", "website_url": "http://spam.example.com"},
        )
        self.assertEqual(robot.status_code, 200)
        bad = self._post(f"/periscope/events/{self.open_day.id}/register", {"name": "Claire", "email": "not-an-email"})
        self.assertIn("valid e-mail address", bad.text)
        # without the CSRF token: refused
        with mute_logger("odoo.http"):
            forged = self.url_open(
                f"/periscope/events/{self.open_day.id}/register", data={"name": "Eve", "email": "eve@example.com"}
            )
        self.assertEqual(forged.status_code, 400)
        # an event not on the page: not found
        hidden = self._post(
            f"/periscope/events/{self.seminar.id}/register", {"name": "Eve", "email": "eve@example.com"}
        )
        self.assertEqual(hidden.status_code, 404)
        self.assertFalse(self._registrations(self.open_day) | self._registrations(self.seminar))

    def test_a_member_registers_on_the_portal(self):
        self._login(self.member_user)
        page = self.url_open("/my/events")
        self.assertIn(self.seminar.name, page.text)
        response = self._post("/my/events/register", {"event_id": self.seminar.id, "partner_id": self.org.id})
        self.assertIn("success=1", response.url)
        registration = self._registrations(self.seminar)
        self.assertEqual(registration.partner_id, self.member)
        self.assertEqual(registration.email, "nina@example.org")
        # read as the member: their own registration, nobody else's
        other = self.env["event.registration"].create({"event_id": self.seminar.id, "name": "Someone else"})
        Registration = self.env["event.registration"].with_user(self.member_user)
        self.assertEqual(Registration.search([("event_id", "=", self.seminar.id)]), registration)
        self.assertFalse(Registration.search([("id", "=", other.id)]))
        again = self._post("/my/events/register", {"event_id": self.seminar.id})
        self.assertIn("already registered", again.text)
        self.assertEqual(len(self._registrations(self.seminar)), 2)

    def test_a_member_is_refused_a_full_event(self):
        self.env["event.registration"].create({"event_id": self.workshop.id, "name": "Léo"})
        self._login(self.member_user)
        response = self._post("/my/events/register", {"event_id": self.workshop.id})
        self.assertIn("is full", response.text)
        self.assertEqual(len(self._registrations(self.workshop)), 1)


@tagged("post_install", "-at_install")
class TestHubEventPagesInFrench(FrenchPortalCase):
    def test_the_event_pages_show_no_english_sentence_of_ours(self):
        self.assert_french_pages(["/my/events", "/periscope/events"])
