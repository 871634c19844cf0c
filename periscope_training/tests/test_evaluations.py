# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import MARCH_16_MORNING, MARCH_30_MORNING, PeriscopeTrainingCase


@tagged("post_install", "-at_install")
@freeze_time("2026-03-02 07:00:00")
class TestEvaluations(PeriscopeTrainingCase):
    """The session: Monday 16 March 2026 (08:00-11:30 UTC) and Monday 30 March
    (07:00-10:30 UTC), its last slot. Its programme has a satisfaction survey
    and a follow-up survey. Inès and Léa are confirmed, Marc is not funded
    yet."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_three_trainees()
        Survey = cls.env["survey.survey"]
        cls.satisfaction = Survey.create({"title": "Satisfaction (test)"})
        cls.followup = Survey.create({"title": "Follow-up at 60 days (test)"})
        cls.programme.write({"satisfaction_survey_id": cls.satisfaction.id, "followup_survey_id": cls.followup.id})
        cls._make_slots([MARCH_16_MORNING, MARCH_30_MORNING], user=cls.officer, space_id=cls.room.id)
        cls.session.with_user(cls.officer).action_training_open()

    def setUp(self):
        super().setUp()
        self.registrations = (
            self._register(self.ines, [(self.ines, "individual", 420.0)])
            | self._register(self.lea, [(self.lea, "individual", 420.0)])
            | self._register(self.marc)
        )
        self.assertEqual(self.registrations.mapped("state"), ["open", "open", "draft"])

    def _answers(self, kind):
        return self.env["survey.user_input"].search(
            [("registration_id", "in", self.registrations.ids), ("evaluation_kind", "=", kind)]
        )

    def _invitations(self, answers):
        return self.env["mail.mail"].search([("model", "=", "survey.user_input"), ("res_id", "in", answers.ids)])

    def _cron(self, when):
        with freeze_time(when):
            self.env["event.event"]._cron_send_training_evaluations()

    def test_the_training_manager_chooses_the_surveys(self):
        programme = self.programme.with_user(self.manager)
        programme.write({"satisfaction_survey_id": self.followup.id})
        self.assertEqual(programme.satisfaction_survey_id.title, "Follow-up at 60 days (test)")
        self.assertTrue(self.manager.has_group("survey.group_survey_user"))

    def test_nothing_is_sent_before_the_end(self):
        self._cron("2026-03-30 10:00:00")
        self.assertFalse(self._answers("satisfaction") | self._answers("followup"))

    def test_the_satisfaction_survey_is_sent_once(self):
        self._cron("2026-03-30 11:00:00")
        answers = self._answers("satisfaction")
        self.assertEqual(answers.partner_id, self.ines | self.lea)
        self.assertEqual(answers.survey_id, self.satisfaction)
        self.assertEqual(answers.registration_id, self.registrations[:2])
        self.assertEqual(set(answers.mapped("state")), {"new"})
        invitations = self._invitations(answers)
        self.assertEqual(len(invitations), 2)
        self.assertEqual(set(invitations.mapped("email_to")), {self.ines.email_formatted, self.lea.email_formatted})
        self.assertFalse(self._answers("followup"))
        self.assertIn("Satisfaction survey sent to 2 trainees.", self.session.message_ids.mapped("body")[0])
        # the next day: nothing more
        self._cron("2026-03-31 05:00:00")
        self.assertEqual(self._answers("satisfaction"), answers)
        self.assertEqual(self._invitations(self._answers("satisfaction")), invitations)
        # nor by hand
        result = self.session.with_user(self.officer).action_send_satisfaction_survey()
        self.assertEqual(result["params"]["type"], "info")
        self.assertEqual(self._answers("satisfaction"), answers)
        # and the database refuses a second one
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            self.satisfaction._create_answer(
                partner=self.ines,
                check_attempts=False,
                registration_id=self.registrations[0].id,
                evaluation_kind="satisfaction",
            )
            self.env.flush_all()

    def test_send_the_satisfaction_survey_by_hand(self):
        with freeze_time("2026-03-30 09:00:00"):
            result = self.session.with_user(self.officer).action_send_satisfaction_survey()
        self.assertEqual(result["params"]["type"], "success")
        answers = self._answers("satisfaction")
        self.assertEqual(answers.partner_id, self.ines | self.lea)
        # the job sends no second one
        self._cron("2026-03-31 05:00:00")
        self.assertEqual(self._answers("satisfaction"), answers)

    def test_the_followup_survey_is_sent_60_days_after(self):
        self._cron("2026-05-29 10:00:00")
        self.assertEqual(len(self._answers("satisfaction")), 2)
        self.assertFalse(self._answers("followup"))
        self._cron("2026-05-29 11:00:00")
        answers = self._answers("followup")
        self.assertEqual(answers.partner_id, self.ines | self.lea)
        self.assertEqual(answers.survey_id, self.followup)
        self.assertEqual(len(self._invitations(answers)), 2)
        self._cron("2026-05-30 05:00:00")
        self.assertEqual(self._answers("followup"), answers)

    def test_response_rate(self):
        session = self.session.with_user(self.officer)
        self.assertEqual(session.satisfaction_response_rate, 0.0)
        self._cron("2026-03-30 11:00:00")
        self._answers("satisfaction")[0].write({"state": "done"})
        session.invalidate_recordset()
        self.assertEqual(session.satisfaction_response_rate, 50.0)
        self.assertEqual(session.followup_response_rate, 0.0)
        other = self._new_session("Créer son entreprise — avril (test)")
        both = (session | other).with_user(self.officer)
        self.env.invalidate_all()
        # one read_group, and the sessions of the registrations
        with self.assertQueryCount(__system__=2):
            self.assertEqual(both.mapped("satisfaction_response_rate"), [50.0, 0.0])

    def test_a_programme_without_survey_sends_nothing(self):
        self.programme.write({"satisfaction_survey_id": False, "followup_survey_id": False})
        self._cron("2026-06-30 05:00:00")
        self.assertFalse(self._answers("satisfaction") | self._answers("followup"))
        with self.assertRaises(UserError):
            self.session.with_user(self.officer).action_send_satisfaction_survey()

    def test_a_draft_session_sends_nothing(self):
        draft = self._new_session("Créer son entreprise — mai (test)")
        with self.assertRaises(UserError):
            draft.with_user(self.officer).action_send_satisfaction_survey()
