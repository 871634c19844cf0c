# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, time, timedelta

import pytz

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestCatalogue(HttpCase):
    """The public catalogue: active programmes with their open sessions to
    come, for anyone; nothing else."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        new_test_user(cls.env, login="catalogue_portal", groups="base.group_portal")
        cls._setup_programmes()
        cls._setup_sessions()

    @classmethod
    def _setup_programmes(cls):
        """A programme of the catalogue, an archived one and another
        company's."""
        Programme = cls.env["periscope.training.programme"]
        cls.programme = Programme.create(
            {
                "name": "Gestion associative (catalogue test)",
                "duration_hours": 7.0,
                "modality": "mixed",
                "price_per_trainee": 240.0,
                "objectives": "<p>Tenir les comptes de son association.</p>",
                "audience": "Trésoriers et trésorières bénévoles",
                "prerequisites": "Aucun prérequis",
                "accessibility": "<p>Salle accessible en fauteuil roulant.</p>",
                "nsf_code": "314",
                "nsf_label": "Comptabilité, gestion",
            }
        )
        cls.archived = Programme.create(
            {"name": "Programme retiré (catalogue test)", "duration_hours": 7.0, "active": False}
        )
        cls.other_company = Programme.create(
            {
                "name": "Programme d'une autre société (catalogue test)",
                "duration_hours": 7.0,
                "company_id": cls.env["res.company"].create({"name": "Autre"}).id,
            }
        )

    @classmethod
    def _setup_sessions(cls):
        """An open session on a Tuesday four to five weeks ahead, a draft one
        the week after, and a past one."""
        today = datetime.combine(datetime.now().date(), time(0, 0))
        day = today + timedelta(days=28 + (1 - today.weekday()) % 7)
        past = today - timedelta(days=14)
        cls.slot_start = day.replace(hour=8)
        cls.slot_stop = day.replace(hour=11, minute=30)
        Event = cls.env["event.event"]
        values = {
            "is_training": True,
            "programme_id": cls.programme.id,
            "date_tz": "Europe/Paris",
            "date_begin": cls.slot_start,
            "date_end": cls.slot_stop,
        }
        cls.open_session = Event.create(
            {**values, "name": "Session ouverte (catalogue test)", "seats_limited": True, "seats_max": 12}
        )
        cls._open_with_a_seat_taken(cls.open_session)
        cls.draft_session = Event.create(
            {
                **values,
                "name": "Session en préparation (catalogue test)",
                "date_begin": day + timedelta(days=7, hours=8),
                "date_end": day + timedelta(days=7, hours=12),
            }
        )
        cls.past_session = Event.create(
            {
                **values,
                "name": "Session passée (catalogue test)",
                "date_begin": past.replace(hour=8),
                "date_end": past.replace(hour=12),
                "training_state": "open",
            }
        )

    @classmethod
    def _open_with_a_seat_taken(cls, session):
        """``session`` opened with a remote half-day (no room to book); a
        trainee at her own expense, funded to the cent, takes a seat."""
        cls.env["periscope.training.slot"].create(
            {"event_id": session.id, "start": cls.slot_start, "stop": cls.slot_stop}
        )
        session.action_training_open()
        trainee = cls.env["res.partner"].create({"name": "Stagiaire"})
        cls.env["event.registration"].create(
            {
                "event_id": session.id,
                "partner_id": trainee.id,
                "trainee_type": "individual",
                "funding_ids": [
                    Command.create({"funder_id": trainee.id, "funder_type": "individual", "amount": 240.0})
                ],
            }
        )

    def _local(self, value, fmt):
        paris = pytz.timezone("Europe/Paris")
        return pytz.utc.localize(value).astimezone(paris).strftime(fmt)

    def test_the_public_sees_the_catalogue(self):
        response = self.url_open("/trainings/catalogue")
        self.assertEqual(response.status_code, 200)
        page = response.text
        self.assertIn("Gestion associative (catalogue test)", page)
        self.assertIn(f"/trainings/catalogue/{self.programme.id}", page)
        self.assertIn("Tenir les comptes de son association.", page)
        self.assertIn("Salle accessible en fauteuil roulant.", page)
        self.assertIn("240.00", page)
        self.assertIn("07:00", page)  # the duration
        self.assertIn("11 seat(s) left", page)
        self.assertNotIn("Programme retiré", page)
        self.assertNotIn("autre société", page)

    def test_the_programme_page(self):
        response = self.url_open(f"/trainings/catalogue/{self.programme.id}")
        self.assertEqual(response.status_code, 200)
        page = response.text
        for text in (
            "Gestion associative (catalogue test)",
            "Tenir les comptes de son association.",
            "Trésoriers et trésorières bénévoles",
            "Aucun prérequis",
            "Salle accessible en fauteuil roulant.",
            "314",
            "Comptabilité, gestion",
        ):
            self.assertIn(text, page)
        # the open session to come, its half-day in Paris time
        slot_label = "%s – %s" % (self._local(self.slot_start, "%H:%M"), self._local(self.slot_stop, "%H:%M"))
        self.assertIn(slot_label, page)

    def test_only_the_open_sessions_to_come(self):
        response = self.url_open(f"/trainings/catalogue/{self.programme.id}")
        # the draft and the past sessions are not listed: one session only
        self.assertEqual(response.text.count('<li class="mb-2">'), 1)
        self.assertNotIn("No session planned yet", response.text)

    def test_archived_or_unknown_programmes_are_not_found(self):
        for programme_id in (self.archived.id, self.other_company.id, 999999999):
            with self.subTest(programme_id=programme_id):
                response = self.url_open(f"/trainings/catalogue/{programme_id}")
                self.assertEqual(response.status_code, 404)

    def test_a_logged_in_member_sees_it_too(self):
        self.authenticate("catalogue_portal", "catalogue_portal")
        response = self.url_open("/trainings/catalogue")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Gestion associative (catalogue test)", response.text)
