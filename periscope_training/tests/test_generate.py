# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import PeriscopeTrainingCase


@tagged("post_install", "-at_install")
@freeze_time("2026-03-02 07:00:00")
class TestGenerateSlots(PeriscopeTrainingCase):
    def _wizard(self, **values):
        Generate = self.env["periscope.training.slot.generate"].with_user(self.officer)
        return Generate.with_context(default_event_id=self.session.id).create({"space_id": self.room.id, **values})

    def test_defaults_come_from_the_session(self):
        wizard = self._wizard()
        self.assertEqual(str(wizard.date_from), "2026-03-16")
        self.assertEqual(str(wizard.date_to), "2026-03-17")
        self.assertEqual(wizard.trainer_id, self.trainer)
        self.assertEqual(
            (wizard.morning_start, wizard.morning_stop, wizard.afternoon_start, wizard.afternoon_stop),
            (9.0, 12.5, 13.5, 17.0),
        )
        self.assertEqual(wizard.tz, "Europe/Paris")
        action = self.session.with_user(self.officer).action_generate_slots()
        self.assertEqual(action["context"]["default_event_id"], self.session.id)

    def test_conflicts_are_shown_and_the_others_created(self):
        # Tuesday 17 March, 10:00-11:00 Paris: the training room is taken
        meeting = self.env["periscope.booking"].create(
            {
                "space_id": self.room.id,
                "partner_id": self.bge.id,
                "name": "Comité d'engagement",
                "start": "2026-03-17 09:00:00",
                "stop": "2026-03-17 10:00:00",
            }
        )
        meeting.action_confirm()
        # and the session already has its Monday afternoon
        self._slot("2026-03-16 12:30:00", "2026-03-16 16:00:00")
        # Monday 16 to Friday 20 March, Monday, Tuesday and Thursday
        wizard = self._wizard(date_from="2026-03-16", date_to="2026-03-20", wednesday=False, friday=False)
        wizard.action_check()
        lines = wizard.line_ids.sorted("start")
        self.assertEqual(len(lines), 6)
        self.assertEqual(
            [(str(line.start), str(line.stop)) for line in lines],
            [
                ("2026-03-16 08:00:00", "2026-03-16 11:30:00"),
                ("2026-03-16 12:30:00", "2026-03-16 16:00:00"),
                ("2026-03-17 08:00:00", "2026-03-17 11:30:00"),
                ("2026-03-17 12:30:00", "2026-03-17 16:00:00"),
                ("2026-03-19 08:00:00", "2026-03-19 11:30:00"),
                ("2026-03-19 12:30:00", "2026-03-19 16:00:00"),
            ],
        )
        self.assertEqual(lines.mapped("selected"), [True, False, False, True, True, True])
        self.assertIn("overlaps", lines[1].problem)
        self.assertIn("Comité d'engagement", lines[2].problem)
        before = self.env["periscope.booking"].search_count([])
        existing = self.session.slot_ids
        wizard.action_generate()
        slots = self.session.slot_ids - existing
        self.assertEqual(len(slots), 4)
        self.assertEqual(set(slots.mapped("booking_id.state")), {"confirmed"})
        self.assertEqual(slots.trainer_id, self.trainer)
        self.assertEqual(self.env["periscope.booking"].search_count([]), before + 4)
        self.assertEqual(len(self.session.slot_ids), 5)
        self.assertAlmostEqual(self.session.hours, 17.5)

    def test_the_officer_unselects_a_slot(self):
        wizard = self._wizard(date_from="2026-03-16", date_to="2026-03-16")
        wizard.action_check()
        wizard.line_ids.sorted("start")[1].selected = False
        wizard.action_generate()
        self.assertEqual([str(s.start) for s in self.session.slot_ids], ["2026-03-16 08:00:00"])

    def test_paris_time_across_daylight_saving(self):
        # Friday 27 March (UTC+1) and Monday 30 March 2026 (UTC+2): daylight
        # saving begins on the last Sunday of March, the 29th
        wizard = self._wizard(date_from="2026-03-27", date_to="2026-03-30", afternoon=False, morning_start=8.5)
        wizard.action_generate()
        slots = self.session.slot_ids.sorted("start")
        self.assertEqual(
            [(str(s.start), str(s.stop)) for s in slots],
            [("2026-03-27 07:30:00", "2026-03-27 11:30:00"), ("2026-03-30 06:30:00", "2026-03-30 10:30:00")],
        )
        self.assertEqual([s.booking_id.start for s in slots], [s.start for s in slots])
        self.assertIn("30/03/2026 08:30–12:30", slots[1].display_name)

    def test_remote_slots_book_no_room(self):
        wizard = self._wizard(date_from="2026-03-16", date_to="2026-03-16", space_id=False)
        wizard.action_generate()
        self.assertEqual(len(self.session.slot_ids), 2)
        self.assertFalse(self.session.slot_ids.booking_id)

    def test_a_pattern_must_make_sense(self):
        for values in (
            {"date_from": "2026-03-20", "date_to": "2026-03-16"},
            {"date_from": "2026-03-16", "date_to": "2027-03-20"},
            {"monday": False, "tuesday": False, "wednesday": False, "thursday": False, "friday": False},
            {"morning": False, "afternoon": False},
            {"morning_start": 12.5, "morning_stop": 9.0},
            {"morning": False, "afternoon_start": 12.0, "afternoon_stop": 18.0},
            {"morning_stop": 14.0},  # into the afternoon
        ):
            with self.subTest(values=values), self.assertRaises(ValidationError):
                self._wizard(**values)

    def test_nothing_free_nothing_created(self):
        self._slot("2026-03-16 08:00:00", "2026-03-16 11:30:00")
        wizard = self._wizard(date_from="2026-03-16", date_to="2026-03-16", afternoon=False)
        with self.assertRaises(UserError):
            wizard.action_generate()
