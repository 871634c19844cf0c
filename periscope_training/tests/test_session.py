# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools.safe_eval import safe_eval


@tagged("post_install", "-at_install")
class TestSession(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.officer = new_test_user(
            cls.env,
            login="training_officer",
            groups="periscope_training.group_periscope_training_user",
        )
        cls.manager = new_test_user(
            cls.env,
            login="training_manager",
            groups="periscope_training.group_periscope_training_manager",
        )
        cls.employee = new_test_user(
            cls.env, login="employee", groups="base.group_user"
        )
        cls.action = cls.env.ref("periscope_training.event_event_training_action")

    def _from_action(self, user):
        context = safe_eval(self.action.context)
        return self.env["event.event"].with_user(user).with_context(**context)

    def test_groups_imply_the_event_groups(self):
        self.assertTrue(self.officer.has_group("event.group_event_user"))
        self.assertFalse(self.officer.has_group("event.group_event_manager"))
        self.assertTrue(self.manager.has_group("event.group_event_manager"))
        self.assertTrue(
            self.manager.has_group("periscope_training.group_periscope_training_user")
        )

    def test_sessions_menu_lists_training_sessions_only(self):
        session = self._from_action(self.officer).create(
            {
                "name": "Créer son entreprise en coopérative",
                "date_begin": "2026-03-02 08:00:00",
                "date_end": "2026-03-03 16:00:00",
            }
        )
        fair = self.env["event.event"].create(
            {
                "name": "Forum de l'ESS",
                "date_begin": "2026-03-10 08:00:00",
                "date_end": "2026-03-10 16:00:00",
            }
        )
        self.assertTrue(session.is_training)
        self.assertFalse(fair.is_training)
        found = (
            self.env["event.event"]
            .with_user(self.officer)
            .search(
                [("id", "in", (session | fair).ids)] + safe_eval(self.action.domain)
            )
        )
        self.assertEqual(found, session)

    def test_officer_cannot_delete_a_session(self):
        session = self._from_action(self.officer).create(
            {
                "name": "Gestion associative",
                "date_begin": "2026-04-02 08:00:00",
                "date_end": "2026-04-02 12:00:00",
            }
        )
        with self.assertRaises(AccessError):
            session.with_user(self.officer).unlink()

    def test_employee_without_group_has_no_access(self):
        with self.assertRaises(AccessError):
            self._from_action(self.employee).create(
                {
                    "name": "Comptabilité",
                    "date_begin": "2026-04-02 08:00:00",
                    "date_end": "2026-04-02 12:00:00",
                }
            )
