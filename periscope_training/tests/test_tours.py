# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged

from .common import PeriscopeTrainingCase


@tagged("post_install", "-at_install")
class TestTrainingTours(PeriscopeTrainingCase, HttpCase):
    """In a real browser: a trainee signs on the portal the half-day of their
    session that began an hour ago. Times are relative to now: the server
    answering the browser runs on the real clock."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the session of the common fixture would shadow the HTTP session
        del cls.session
        org = cls.env["res.partner"].create(
            {
                "name": "Tour Coop (test)",
                "is_company": True,
                "periscope_member_type_id": cls.env.ref("periscope_members.member_type_permanent_resident").id,
            }
        )
        trainee = cls.env["res.partner"].create(
            {"name": "Inès Tourneur", "parent_id": org.id, "email": "ines.tourneur@example.org"}
        )
        cls.trainee_user = new_test_user(
            cls.env, login="training_tour_trainee", name=trainee.name, groups="base.group_portal", partner_id=trainee.id
        )
        now = fields.Datetime.now()
        session = cls._new_session(
            "Atelier coopération (tour test)", date_begin=now - timedelta(days=1), date_end=now + timedelta(days=3)
        )
        Slot = cls.env["periscope.training.slot"].with_user(cls.officer)
        cls.started, cls.later = Slot.create(
            [
                {
                    "event_id": session.id,
                    "start": now - timedelta(hours=1),
                    "stop": now + timedelta(hours=2),
                    "trainer_id": cls.trainer.id,
                },
                {
                    "event_id": session.id,
                    "start": now + timedelta(days=2),
                    "stop": now + timedelta(days=2, hours=3),
                    "trainer_id": cls.trainer.id,
                },
            ]
        )
        session.with_user(cls.officer).action_training_open()
        cls.registration = (
            cls.env["event.registration"]
            .with_user(cls.officer)
            .create(
                {
                    "event_id": session.id,
                    "partner_id": trainee.id,
                    "trainee_type": "individual",
                    "funding_ids": [
                        Command.create({"funder_id": trainee.id, "funder_type": "individual", "amount": 420.0})
                    ],
                }
            )
        )

    def _attendance(self, slot):
        return self.registration.attendance_ids.filtered(lambda a: a.slot_id == slot)

    def test_trainee_signs_a_half_day_on_the_portal(self):
        self.assertEqual(self.registration.state, "open")
        self.assertFalse(self._attendance(self.started).signed_at)
        self.start_tour("/my/trainings", "periscope_training_portal_sign", login=self.trainee_user.login)
        signed = self._attendance(self.started)
        self.assertEqual(signed.state, "present")
        self.assertTrue(signed.signature)
        self.assertTrue(signed.signed_at)
        self.assertEqual(signed.signer_name, "Inès Tourneur")
        self.assertEqual(signed.signed_by_id, self.trainee_user)
        # the half-day to come is not signed in advance
        self.assertFalse(self._attendance(self.later).signed_at)
