# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools import mute_logger

from .common import MARCH_16_AFTERNOON, MARCH_16_MORNING, PeriscopeTrainingCase

# a one-pixel PNG: what the signature pad sends
SIGNATURE = base64.b64encode(
    base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==")
)


@tagged("post_install", "-at_install")
@freeze_time("2026-03-02 07:00:00")
class TestAttendance(PeriscopeTrainingCase):
    """Monday 16 March 2026: the morning (08:00-11:30 UTC, 3.5 h) and the
    afternoon (12:30-16:00 UTC, 3.5 h); two trainees, one of them a portal
    user, and the trainer a portal user of his organisation."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.ines = Partner.create({"name": "Inès Moreau (test)"})
        cls.lea = Partner.create({"name": "Léa Garcia (test)"})
        cls.trainee_user = new_test_user(
            cls.env, login="training_trainee", groups="base.group_portal", partner_id=cls.ines.id
        )
        cls.trainer_user = new_test_user(
            cls.env, login="training_trainer", groups="base.group_portal", partner_id=cls.trainer.id
        )
        cls.morning, cls.afternoon = cls._make_slots([MARCH_16_MORNING, MARCH_16_AFTERNOON])
        cls.session.action_training_open()

    def _trainees(self):
        ines = self._register(self.ines, [(self.ines, "individual", 420.0)])
        lea = self._register(self.lea, [(self.lea, "individual", 420.0)])
        return ines, lea

    def _attendance(self, registration, slot):
        return registration.attendance_ids.filtered(lambda a: a.slot_id == slot)

    def _close(self):
        self.session.with_user(self.manager).action_training_close()

    # ------------------------------------------------------------ creation
    def test_attendance_follows_registrations_and_slots(self):
        ines, _lea = self._trainees()
        self.assertEqual(len(self.session.slot_ids), 2)
        self.assertEqual(len(ines.attendance_ids), 2)
        self.assertEqual(set(ines.attendance_ids.mapped("state")), {"to_mark"})
        self.assertEqual(self.session.attendance_count, 4)
        # an unconfirmed trainee has no sheet yet; confirmed, it has
        waiting = self._register(self.env["res.partner"].create({"name": "X"}))
        self.assertFalse(waiting.attendance_ids)
        waiting.with_user(self.officer).agreed_price = 0.0
        waiting.with_user(self.officer).action_confirm()
        self.assertEqual(len(waiting.attendance_ids), 2)
        # a new half-day: a line per trainee
        tuesday = self._slot("2026-03-17 08:00:00", "2026-03-17 11:30:00")
        self.assertEqual(len(tuesday.attendance_ids), 3)
        # a cancelled half-day or trainee: their unmarked lines go
        tuesday.with_user(self.officer).action_cancel()
        self.assertFalse(tuesday.attendance_ids)
        waiting.with_user(self.officer).action_cancel()
        self.assertFalse(waiting.attendance_ids)
        tuesday.with_user(self.officer).action_plan()
        self.assertEqual(len(tuesday.attendance_ids), 2)
        # one line per trainee and slot, in the database too
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            self.env["periscope.training.attendance"].create({"registration_id": ines.id, "slot_id": self.morning.id})
            self.env.flush_all()

    @freeze_time("2026-03-16 16:30:00")  # the day is over
    def test_a_present_trainee_keeps_the_line_when_cancelled(self):
        ines, _lea = self._trainees()
        self._attendance(ines, self.morning).with_user(self.officer).action_mark_present()
        ines.with_user(self.officer).action_cancel()
        self.assertEqual(ines.attendance_ids.slot_id, self.morning)
        self.assertEqual(ines.attended_hours, 3.5)

    # ------------------------------------------------------------ marking
    @freeze_time("2026-03-16 16:30:00")  # the day is over
    def test_staff_mark_the_grid_and_hours_add_up(self):
        ines, lea = self._trainees()
        Attendance = self.env["periscope.training.attendance"].with_user(self.officer)
        grid = Attendance.search([("event_id", "=", self.session.id)])
        self.assertEqual(len(grid), 4)
        self._attendance(ines, self.morning).with_user(self.officer).action_mark_present()
        self.assertEqual(ines.attended_hours, 3.5)
        self._attendance(ines, self.afternoon).with_user(self.officer).write({"state": "excused"})
        self.assertEqual(ines.attended_hours, 3.5)
        lea.attendance_ids.with_user(self.officer).action_mark_present()
        self.assertEqual(lea.attended_hours, 7.0)
        self._attendance(lea, self.afternoon).with_user(self.officer).action_mark_absent()
        self.assertEqual(lea.attended_hours, 3.5)
        # the grid, grouped by slot
        groups = Attendance.read_group([("event_id", "=", self.session.id)], ["attended_hours:sum"], ["slot_id"])
        self.assertEqual([g["attended_hours"] for g in groups], [7.0, 0.0], "morning, afternoon")
        # nobody writes a signature but by signing
        with self.assertRaises(UserError):
            ines.attendance_ids[0].with_user(self.officer).write({"signature": SIGNATURE})

    def test_nobody_is_marked_present_before_the_half_day(self):
        """Present or absent is known from the start of the half-day; an
        absence announced before is excused. Its hours are not counted
        before."""
        ines, lea = self._trainees()
        morning = self._attendance(ines, self.morning).with_user(self.officer)
        for mark in (morning.action_mark_present, morning.action_mark_absent):
            with self.assertRaisesRegex(UserError, "has not begun"):
                mark()
        # whatever the path: a write, the administrator's correction
        with self.assertRaisesRegex(UserError, "has not begun"):
            morning.write({"state": "present"})
        with self.assertRaisesRegex(UserError, "has not begun"):
            morning.with_user(self.manager).action_correct_attendance("present", "Venue en avance")
        self.assertEqual(ines.attended_hours, 0.0)
        # Léa says she will miss the afternoon
        self._attendance(lea, self.afternoon).with_user(self.officer).action_mark_excused()
        with freeze_time("2026-03-16 08:00:00"):
            morning.action_mark_present()
            # the afternoon has not begun yet
            with self.assertRaisesRegex(UserError, "has not begun"):
                self._attendance(ines, self.afternoon).with_user(self.officer).action_mark_absent()
        self.assertEqual(ines.attended_hours, 3.5)

    # ------------------------------------------------------------ signing
    def test_the_trainee_signs_from_the_slot_start(self):
        ines, _lea = self._trainees()
        mine = self._attendance(ines, self.morning).with_user(self.trainee_user)
        with freeze_time("2026-03-16 07:59:00"), self.assertRaises(UserError):
            mine.action_sign(SIGNATURE, "Inès Moreau")
        self.assertFalse(mine.signed_at)
        with freeze_time("2026-03-16 08:05:00"):
            mine.action_sign(SIGNATURE, "Inès Moreau")
        self.assertEqual(mine.state, "present")
        self.assertEqual(str(mine.signed_at), "2026-03-16 08:05:00")
        self.assertEqual(mine.signed_by_id, self.trainee_user)
        self.assertEqual(mine.signer_name, "Inès Moreau")
        self.assertEqual(ines.attended_hours, 3.5)
        with freeze_time("2026-03-16 08:10:00"), self.assertRaises(UserError):
            mine.action_sign(SIGNATURE, "Inès Moreau")  # once
        # the afternoon has not started: not yet
        with freeze_time("2026-03-16 12:00:00"), self.assertRaises(UserError):
            self._attendance(ines, self.afternoon).with_user(self.trainee_user).action_sign(SIGNATURE)

    def test_nobody_signs_for_someone_else(self):
        _ines, lea = self._trainees()
        hers = self._attendance(lea, self.morning)
        with freeze_time("2026-03-16 08:05:00"):
            with self.assertRaises(AccessError):
                hers.with_user(self.trainee_user).action_sign(SIGNATURE, "Léa")
            with self.assertRaises(AccessError):
                hers.with_user(self.portal_user).action_sign(SIGNATURE, "Léa")
            self.assertFalse(hers.signed_at)
            # the staff's tablet signs for her
            hers.with_user(self.officer).action_sign(SIGNATURE, "Léa Garcia")
        self.assertEqual(hers.state, "present")
        self.assertEqual(hers.signed_by_id, self.officer)

    @freeze_time("2026-03-16 16:30:00")  # the day is over
    def test_a_portal_trainee_reads_only_their_own_attendance(self):
        ines, lea = self._trainees()
        Attendance = self.env["periscope.training.attendance"].with_user(self.trainee_user)
        self.assertEqual(Attendance.search([("event_id", "=", self.session.id)]), ines.attendance_ids)
        with self.assertRaises(AccessError):
            lea.attendance_ids[0].with_user(self.trainee_user).read(["state"])
        with self.assertRaises(AccessError):
            ines.attendance_ids[0].with_user(self.trainee_user).write({"state": "present"})
        with self.assertRaises(AccessError):
            ines.attendance_ids[0].with_user(self.trainee_user).unlink()

    def test_the_trainer_signs_the_slot(self):
        self._trainees()
        slot = self.morning
        with freeze_time("2026-03-16 07:30:00"), self.assertRaises(UserError):
            slot.with_user(self.trainer_user).action_trainer_sign(SIGNATURE)
        with freeze_time("2026-03-16 11:30:00"):
            with self.assertRaises(AccessError):
                slot.with_user(self.trainee_user).action_trainer_sign(SIGNATURE)
            slot.with_user(self.trainer_user).action_trainer_sign(SIGNATURE, "Antoine Mercier")
        self.assertEqual(slot.trainer_signed_by, "Antoine Mercier")
        self.assertEqual(str(slot.trainer_signed_at), "2026-03-16 11:30:00")
        self.assertEqual(slot.trainer_signed_uid, self.trainer_user)
        self.assertTrue(slot.trainer_signature)
        with freeze_time("2026-03-16 11:35:00"), self.assertRaises(UserError):
            slot.with_user(self.trainer_user).action_trainer_sign(SIGNATURE)
        with self.assertRaises(UserError):
            slot.with_user(self.officer).write({"trainer_signed_by": "Someone"})
        # a signed slot took place: it is not deleted
        with self.assertRaises(UserError):
            slot.with_user(self.manager).unlink()

    def test_a_signed_registration_is_not_deleted(self):
        ines, _lea = self._trainees()
        with freeze_time("2026-03-16 08:05:00"):
            self._attendance(ines, self.morning).with_user(self.trainee_user).action_sign(SIGNATURE)
        with self.assertRaises(UserError):
            ines.with_user(self.manager).unlink()
        with self.assertRaises(UserError):
            ines.attendance_ids.with_user(self.manager).unlink()
        # cancelled, the trainee keeps what she signed
        ines.with_user(self.officer).action_cancel()
        self.assertEqual(ines.attendance_ids.slot_id, self.morning)

    # ------------------------------------------------------------ closing
    @freeze_time("2026-03-16 16:30:00")  # the day is over
    def test_a_closed_session_locks_its_attendance(self):
        ines, lea = self._trainees()
        self._attendance(ines, self.morning).with_user(self.officer).action_mark_present()
        self._close()
        with self.assertRaises(UserError):
            lea.attendance_ids.with_user(self.officer).action_mark_present()
        with self.assertRaises(UserError):
            lea.attendance_ids.with_user(self.manager).write({"state": "present"})
        with freeze_time("2026-03-16 08:05:00"):
            with self.assertRaises(UserError):
                self._attendance(ines, self.afternoon).with_user(self.trainee_user).action_sign(SIGNATURE)
            with self.assertRaises(UserError):
                self.morning.with_user(self.trainer_user).action_trainer_sign(SIGNATURE)
        # the context flag alone opens nothing
        with self.assertRaises(UserError):
            lea.attendance_ids.with_user(self.officer).with_context(periscope_attendance_correction=True).write(
                {"state": "present"}
            )
        self.assertEqual(set(lea.attendance_ids.mapped("state")), {"to_mark"})

    @freeze_time("2026-03-16 16:30:00")  # the day is over
    def test_the_manager_corrects_a_closed_session_with_a_reason(self):
        _ines, lea = self._trainees()
        self._close()
        target = self._attendance(lea, self.afternoon)
        with self.assertRaises(AccessError):
            target.with_user(self.officer).action_correct_attendance("present", "Feuille papier signée")
        with self.assertRaises(UserError):
            target.with_user(self.manager).action_correct_attendance("present", " ")
        target.with_user(self.manager).action_correct_attendance(
            "present", "Feuille d'émargement papier reçue après la clôture"
        )
        self.assertEqual(target.state, "present")
        self.assertEqual(lea.attended_hours, 3.5)
        self.env.flush_all()
        self.env.cr.precommit.run()
        message = self.session.message_ids[0]
        self.assertIn("papier reçue après la clôture", message.body)
        self.assertIn("Léa Garcia (test)", message.body)
        self.assertIn("To mark → Present", message.body)
        self.assertEqual(message.author_id, self.manager.partner_id)

    def test_the_correction_wizard(self):
        _ines, lea = self._trainees()
        self._close()
        Wizard = (
            self.env["periscope.training.attendance.correct"]
            .with_user(self.manager)
            .with_context(active_model="periscope.training.attendance", active_ids=lea.attendance_ids.ids)
        )
        with Form(Wizard) as form:
            form.state = "excused"
            form.reason = "Arrêt maladie reçu"
        form.record.action_apply()
        self.assertEqual(set(lea.attendance_ids.mapped("state")), {"excused"})
        with self.assertRaises(AccessError):
            self.env["periscope.training.attendance.correct"].with_user(self.officer).create(
                {"state": "present", "reason": "x"}
            )
