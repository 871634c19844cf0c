# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.service.model import _as_validation_error
from odoo.tools import mute_logger

from odoo.addons.periscope_members.tests.common import PeriscopeCase

# what the list of pathways reads
LIST_SPECIFICATION = {
    "partner_id": {"fields": {"display_name": {}}},
    "coordinator_id": {"fields": {"display_name": {}}},
    "date_start": {},
    "state": {},
    "training_hours": {},
    "coaching_hours": {},
    "total_hours": {},
}


class TestPathway(PeriscopeCase):
    """The pathway of an entrepreneur: their training sessions and coaching
    appointments with their hours, as the training officer, the training
    administrator and the entrepreneur on the portal see it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.officer = cls._make_user("pathway_officer", "periscope_training.group_periscope_training_user")
        cls.manager = cls._make_user("pathway_manager", "periscope_training.group_periscope_training_manager")
        cls.portal_user = cls._make_user("pathway_portal", "base.group_portal")
        cls.other_portal_user = cls._make_user("pathway_portal_2", "base.group_portal")
        cls.bge = cls._make_organisation("BGE Sud-Ouest (test)")
        cls.etymon = cls._make_organisation("ETYMON (test)")
        cls.entrepreneur = cls.portal_user.partner_id
        cls.entrepreneur.name = "Samir Haddad (test)"
        cls.other_entrepreneur = cls.other_portal_user.partner_id
        cls.other_entrepreneur.name = "Claire Dupuy (test)"
        cls.programme = (
            cls.env["periscope.training.programme"]
            .with_user(cls.manager)
            .create({"name": "Créer son entreprise de l'ESS (test)", "duration_hours": 7.0, "price_per_trainee": 0.0})
        )
        cls.session = cls.env["event.event"].create(
            {
                "name": "Créer son entreprise — mars (test)",
                "is_training": True,
                "programme_id": cls.programme.id,
                "date_tz": "Europe/Paris",
                "date_begin": "2026-03-16 08:00:00",
                "date_end": "2026-03-16 16:00:00",
            }
        )
        # remote slots: no room to book
        Slot = cls.env["periscope.training.slot"]
        cls.slot_am, cls.slot_pm = Slot.create(
            [
                {"event_id": cls.session.id, "start": "2026-03-16 08:00:00", "stop": "2026-03-16 11:30:00"},
                {"event_id": cls.session.id, "start": "2026-03-16 12:30:00", "stop": "2026-03-16 16:00:00"},
            ]
        )
        Registration = cls.env["event.registration"]
        cls.registration = Registration.create({"event_id": cls.session.id, "partner_id": cls.entrepreneur.id})
        cls.other_registration = Registration.create(
            {"event_id": cls.session.id, "partner_id": cls.other_entrepreneur.id}
        )

    def _pathway(self, partner=None, user=None, **values):
        return (
            self.env["periscope.training.pathway"]
            .with_user(user or self.officer)
            .create({"partner_id": (partner or self.entrepreneur).id, "coordinator_id": self.bge.id, **values})
        )

    def _appointment(self, pathway, start, stop, attendees=None, user=None):
        return (
            self.env["calendar.event"]
            .with_user(user or self.officer)
            .create(
                {
                    "name": "Accompagnement (test)",
                    "start": start,
                    "stop": stop,
                    "pathway_id": pathway.id,
                    "partner_ids": [Command.set((attendees or pathway.partner_id).ids)],
                }
            )
        )

    # ------------------------------------------------------------ linking
    def test_officer_creates_and_links(self):
        pathway = self._pathway()
        self.assertEqual(pathway.state, "open")
        self.assertEqual(pathway.display_name, "Samir Haddad (test)")
        pathway.registration_ids = [Command.link(self.registration.id)]
        appointment = self._appointment(pathway, "2026-03-02 08:00:00", "2026-03-02 09:30:00")
        self.assertTrue(appointment.is_coaching)
        self.assertEqual(pathway.coaching_event_ids, appointment)
        self.assertEqual(pathway.coaching_event_count, 1)
        self.assertAlmostEqual(pathway.training_hours, 7.0)
        self.assertAlmostEqual(pathway.coaching_hours, 1.5)
        self.assertAlmostEqual(pathway.total_hours, 8.5)

    def test_link_all_registrations(self):
        """The button adds all the entrepreneur's training registrations,
        only theirs, once."""
        pathway = self._pathway()
        pathway.action_link_registrations()
        self.assertEqual(pathway.registration_ids, self.registration)
        pathway.action_link_registrations()
        self.assertEqual(pathway.registration_ids, self.registration)
        self.assertAlmostEqual(pathway.training_hours, 7.0)

    def test_new_coaching_appointment(self):
        """The button opens a calendar event with the entrepreneur as attendee
        and the pathway linked: saving it links the appointment."""
        pathway = self._pathway()
        action = pathway.action_new_coaching()
        self.assertEqual(action["res_model"], "calendar.event")
        event = (
            self.env["calendar.event"]
            .with_user(self.officer)
            .with_context(**action["context"])
            .create({"start": "2026-03-04 13:00:00", "stop": "2026-03-04 15:00:00"})
        )
        self.assertEqual(event.pathway_id, pathway)
        self.assertIn(self.entrepreneur, event.partner_ids)
        self.assertIn(self.officer.partner_id, event.partner_ids)
        self.assertEqual(event.user_id, self.officer)
        self.assertTrue(event.is_coaching)
        self.assertAlmostEqual(pathway.coaching_hours, 2.0)

    def test_partner_smart_button(self):
        pathway = self._pathway()
        entrepreneur = self.entrepreneur.with_user(self.officer)
        self.assertEqual(entrepreneur.periscope_pathway_count, 1)
        action = entrepreneur.action_view_periscope_pathway()
        self.assertEqual(action["res_id"], pathway.id)
        other = self.other_entrepreneur.with_user(self.officer)
        self.assertEqual(other.periscope_pathway_count, 0)
        action = other.action_view_periscope_pathway()
        self.assertEqual(action["context"]["default_partner_id"], other.id)
        self.assertNotIn("res_id", action)

    # ------------------------------------------------------------ hours
    def test_hours_follow_slots(self):
        pathway = self._pathway()
        pathway.registration_ids = [Command.link(self.registration.id)]
        self.assertAlmostEqual(pathway.training_hours, 7.0)
        slot = self.env["periscope.training.slot"].create(
            {"event_id": self.session.id, "start": "2026-03-17 08:00:00", "stop": "2026-03-17 11:00:00"}
        )
        self.assertAlmostEqual(pathway.training_hours, 10.0)
        slot.stop = "2026-03-17 12:00:00"
        self.assertAlmostEqual(pathway.training_hours, 11.0)
        self.assertAlmostEqual(pathway.total_hours, 11.0)
        slot.action_cancel()
        self.assertAlmostEqual(pathway.training_hours, 7.0)
        self.registration.action_cancel()
        self.assertAlmostEqual(pathway.training_hours, 0.0)
        self.assertAlmostEqual(pathway.total_hours, 0.0)
        # stored: what the database holds, not only the cache
        self.env.flush_all()
        self.env.invalidate_all()
        self.assertAlmostEqual(pathway.training_hours, 0.0)

    def test_hours_follow_appointments(self):
        pathway = self._pathway()
        first = self._appointment(pathway, "2026-03-02 08:00:00", "2026-03-02 09:00:00")
        second = self._appointment(pathway, "2026-03-09 08:00:00", "2026-03-09 10:00:00")
        self.assertAlmostEqual(pathway.coaching_hours, 3.0)
        first.write({"start": "2026-03-02 08:00:00", "stop": "2026-03-02 09:30:00"})
        self.assertAlmostEqual(pathway.coaching_hours, 3.5)
        self.assertAlmostEqual(pathway.total_hours, 3.5)
        second.action_archive()
        self.assertAlmostEqual(pathway.coaching_hours, 1.5)
        first.pathway_id = False
        self.assertAlmostEqual(pathway.coaching_hours, 0.0)
        self.env.flush_all()
        self.env.invalidate_all()
        self.assertAlmostEqual(pathway.total_hours, 0.0)

    def test_registration_hours_method(self):
        """One method gives the hours of each registration."""
        hours = self.env["periscope.training.pathway"]._registration_hours(self.registration | self.other_registration)
        self.assertEqual(hours, {self.registration.id: 7.0, self.other_registration.id: 7.0})

    # ------------------------------------------------------------ states
    def test_complete_stop_reopen(self):
        pathway = self._pathway(date_start="2026-01-05")
        pathway.action_complete()
        self.assertEqual(pathway.state, "completed")
        self.assertTrue(pathway.date_end)
        with self.assertRaises(UserError):
            pathway.action_stop()
        pathway.action_reopen()
        self.assertEqual(pathway.state, "open")
        self.assertFalse(pathway.date_end)
        pathway.action_stop()
        self.assertEqual(pathway.state, "stopped")
        with self.assertRaises(UserError):
            pathway.action_complete()

    # ------------------------------------------------------------ refusals
    def test_refuse_organisation(self):
        with self.assertRaises(ValidationError) as caught:
            self._pathway(partner=self.etymon)
        self.assertIn("is an organisation", str(caught.exception))

    def test_refuse_second_pathway(self):
        self._pathway()
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError) as caught, self.cr.savepoint():
            self._pathway(coordinator_id=self.etymon.id)
        self.assertIn("An entrepreneur has one pathway", str(_as_validation_error(self.env, caught.exception)))

    def test_refuse_registration_of_another_person(self):
        pathway = self._pathway()
        with self.assertRaises(ValidationError) as caught:
            pathway.registration_ids = [Command.link(self.other_registration.id)]
        self.assertIn("Claire Dupuy (test)", str(caught.exception))

    def test_refuse_registration_to_an_event(self):
        event = self.env["event.event"].create(
            {"name": "Portes ouvertes (test)", "date_begin": "2026-03-20 16:00:00", "date_end": "2026-03-20 18:00:00"}
        )
        registration = self.env["event.registration"].create({"event_id": event.id, "partner_id": self.entrepreneur.id})
        pathway = self._pathway()
        with self.assertRaises(ValidationError):
            pathway.registration_ids = [Command.link(registration.id)]

    def test_refuse_appointment_without_entrepreneur(self):
        pathway = self._pathway()
        with self.assertRaises(ValidationError) as caught:
            self._appointment(pathway, "2026-03-02 08:00:00", "2026-03-02 09:00:00", attendees=self.officer.partner_id)
        self.assertIn("does not attend", str(caught.exception))
        appointment = self._appointment(pathway, "2026-03-02 08:00:00", "2026-03-02 09:00:00")
        with self.assertRaises(ValidationError):
            appointment.partner_ids = [Command.unlink(self.entrepreneur.id)]
        # an appointment of another entrepreneur is not linked either
        other = self._pathway(partner=self.other_entrepreneur)
        with self.assertRaises(ValidationError):
            appointment.pathway_id = other

    # ------------------------------------------------------------ access
    def test_officer_cannot_delete_manager_can(self):
        pathway = self._pathway()
        with self.assertRaises(AccessError):
            pathway.unlink()
        pathway.with_user(self.manager).unlink()
        self.assertFalse(pathway.exists())

    def test_portal_reads_own_pathway_only(self):
        own = self._pathway()
        other = self._pathway(partner=self.other_entrepreneur)
        Pathway = self.env["periscope.training.pathway"].with_user(self.portal_user)
        self.assertEqual(Pathway.search([]), own)
        self.assertEqual(own.with_user(self.portal_user).total_hours, 0.0)
        with self.assertRaises(AccessError):
            other.with_user(self.portal_user).read(["total_hours"])
        with self.assertRaises(AccessError):
            own.with_user(self.portal_user).write({"note": "<p>Moi</p>"})
        with self.assertRaises(AccessError):
            Pathway.create({"partner_id": self.entrepreneur.id})

    # ------------------------------------------------------------ queries
    def _list_queries(self, count):
        """The queries of the list of ``count`` pathways with their hours."""
        partners = self.env["res.partner"].create(
            [{"name": f"Entrepreneur {count}-{index} (test)"} for index in range(count)]
        )
        pathways = self.env["periscope.training.pathway"].create(
            [{"partner_id": partner.id, "coordinator_id": self.bge.id} for partner in partners]
        )
        for pathway, partner in zip(pathways[:3], partners[:3], strict=True):
            self._appointment(pathway, "2026-03-02 08:00:00", "2026-03-02 09:00:00")
            registration = self.env["event.registration"].create(
                {"event_id": self.session.id, "partner_id": partner.id}
            )
            pathway.registration_ids = [Command.link(registration.id)]
        Pathway = self.env["periscope.training.pathway"].with_user(self.officer)
        domain = [("id", "in", pathways.ids)]
        # warmed first: the registry's caches (views, rules), as a running
        # server has them
        queries, result = self.queries_of(lambda: Pathway.web_search_read(domain, LIST_SPECIFICATION, limit=None))
        self.assertEqual(result["length"], count)
        self.assertEqual(len(result["records"]), count)
        return queries

    def test_list_query_count(self):
        """The list of pathways with their hours reads as many queries for 10
        pathways as for 100."""
        queries_10 = self._list_queries(10)
        queries_100 = self._list_queries(100)
        self.assertEqual(queries_10, queries_100)
        self.assertLessEqual(queries_100, 8)
