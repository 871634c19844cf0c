# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from .common import PeriscopeTrainingCase


@tagged("post_install", "-at_install")
@freeze_time("2026-03-02 07:00:00")
class TestSession(PeriscopeTrainingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.employee = new_test_user(cls.env, login="employee", groups="base.group_user")
        cls.action = cls.env.ref("periscope_training.event_event_training_action")

    def _from_action(self, user):
        context = safe_eval(self.action.context)
        return self.env["event.event"].with_user(user).with_context(**context)

    def test_groups_imply_the_event_groups(self):
        self.assertTrue(self.officer.has_group("event.group_event_user"))
        self.assertFalse(self.officer.has_group("event.group_event_manager"))
        self.assertTrue(self.manager.has_group("event.group_event_manager"))
        self.assertTrue(self.manager.has_group("periscope_training.group_periscope_training_user"))

    def test_sessions_menu_lists_training_sessions_only(self):
        session = self._from_action(self.officer).create(
            {
                "name": "Créer son entreprise en coopérative",
                "programme_id": self.programme.id,
                "date_begin": "2026-03-02 08:00:00",
                "date_end": "2026-03-03 16:00:00",
            }
        )
        fair = self.env["event.event"].create(
            {"name": "Forum de l'ESS", "date_begin": "2026-03-10 08:00:00", "date_end": "2026-03-10 16:00:00"}
        )
        self.assertTrue(session.is_training)
        self.assertFalse(fair.is_training)
        found = (
            self.env["event.event"]
            .with_user(self.officer)
            .search([("id", "in", (session | fair).ids)] + safe_eval(self.action.domain))
        )
        self.assertEqual(found, session)

    def test_a_training_session_gives_a_programme(self):
        with self.assertRaises(ValidationError):
            self._from_action(self.officer).create(
                {"name": "Sans programme", "date_begin": "2026-04-02 08:00:00", "date_end": "2026-04-02 12:00:00"}
            )
        # a session of a programme is a training session, with its trainers
        session = (
            self.env["event.event"]
            .with_user(self.officer)
            .create(
                {
                    "name": "Gestion associative",
                    "programme_id": self.programme.id,
                    "date_begin": "2026-04-02 08:00:00",
                    "date_end": "2026-04-02 12:00:00",
                }
            )
        )
        self.assertTrue(session.is_training)
        self.assertEqual(session.trainer_ids, self.trainer)
        self.assertEqual(session.training_state, "draft")
        self.assertEqual(self.programme.session_count, 2)

    def test_officer_cannot_delete_a_session(self):
        with self.assertRaises(AccessError):
            self.session.with_user(self.officer).unlink()

    def test_employee_without_group_has_no_access(self):
        with self.assertRaises(AccessError):
            self._from_action(self.employee).create(
                {
                    "name": "Comptabilité",
                    "programme_id": self.programme.id,
                    "date_begin": "2026-04-02 08:00:00",
                    "date_end": "2026-04-02 12:00:00",
                }
            )

    def test_hours_are_the_sum_of_the_planned_slots(self):
        self._slot("2026-03-16 08:00:00", "2026-03-16 11:30:00")
        afternoon = self._slot("2026-03-16 12:30:00", "2026-03-16 16:00:00")
        self._slot(
            "2026-03-17 08:00:00",
            "2026-03-17 10:00:00",
            space=self.env["periscope.space"],  # remote: no room
        )
        self.assertAlmostEqual(self.session.hours, 9.0)
        afternoon.with_user(self.officer).action_cancel()
        self.assertAlmostEqual(self.session.hours, 5.5)
        # the session runs from its first slot to its last
        self.assertEqual(str(self.session.date_begin), "2026-03-16 08:00:00")
        self.assertEqual(str(self.session.date_end), "2026-03-17 10:00:00")

    def test_open_and_close_a_session(self):
        session = self.session.with_user(self.officer)
        with self.assertRaises(UserError):  # no slot yet
            session.action_training_open()
        self._slot("2026-03-16 08:00:00", "2026-03-16 11:30:00")
        session.action_training_open()
        self.assertEqual(session.training_state, "open")
        # only the training administrator closes it
        with self.assertRaises(AccessError):
            session.action_training_close()
        with self.assertRaises(AccessError):
            session.write({"training_state": "closed"})
        self.session.with_user(self.manager).action_training_close()
        self.assertEqual(self.session.training_state, "closed")
        # the core stage of the event is left alone
        self.assertFalse(self.session.stage_id.pipe_end)
        self.env.flush_all()
        self.env.cr.precommit.run()
        self.env.invalidate_all()
        tracked = self.session.sudo().message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "training_state"
        )
        self.assertEqual(sorted(tracked.mapped("new_value_char")), ["Closed", "Open"], tracked)

    def test_a_closed_session_is_frozen(self):
        slot = self._slot("2026-03-16 08:00:00", "2026-03-16 11:30:00")
        self.session.with_user(self.officer).action_training_open()
        self.session.with_user(self.manager).action_training_close()
        with self.assertRaises(UserError):
            slot.with_user(self.officer).write({"stop": "2026-03-16 11:00:00"})
        with self.assertRaises(UserError):
            slot.with_user(self.officer).action_cancel()
        with self.assertRaises(UserError):
            self._slot("2026-03-17 08:00:00", "2026-03-17 11:30:00")
        with self.assertRaises(UserError):
            slot.with_user(self.manager).unlink()
        with self.assertRaises(UserError):
            self.env["event.registration"].with_user(self.officer).create(
                {"event_id": self.session.id, "name": "Trop tard"}
            )
        # reopened by the administrator, it changes again
        self.session.with_user(self.manager).action_training_reopen()
        slot.with_user(self.officer).write({"stop": "2026-03-16 11:00:00"})
        self.assertEqual(str(slot.booking_id.stop), "2026-03-16 11:00:00")

    def test_renaming_the_session_renames_its_bookings(self):
        slot = self._slot("2026-03-16 08:00:00", "2026-03-16 11:30:00")
        self.session.with_user(self.officer).name = "Créer son SCOP (test)"
        self.assertEqual(slot.booking_id.name, "Créer son SCOP (test)")

    def test_deleting_a_session_frees_its_rooms(self):
        slot = self._slot("2026-03-16 08:00:00", "2026-03-16 11:30:00")
        booking = slot.booking_id.sudo()
        self.session.with_user(self.manager).unlink()
        self.assertFalse(slot.exists())
        self.assertEqual(booking.state, "cancelled")
