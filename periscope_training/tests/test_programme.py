# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, ValidationError
from odoo.service.model import _as_validation_error
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import PeriscopeTrainingCase


@tagged("post_install", "-at_install")
class TestProgramme(PeriscopeTrainingCase):
    def _create(self, user=None, **values):
        return (
            self.env["periscope.training.programme"]
            .with_user(user or self.manager)
            .create({"name": "Sensibilisation éco-responsable (test)", "duration_hours": 3.5, **values})
        )

    def test_manager_builds_the_catalogue(self):
        programme = self._create(
            modality="mixed",
            price_per_trainee=90.0,
            nsf_code="343",
            nsf_label="Nettoyage, assainissement, protection de l'environnement",
            certification="rs",
        )
        self.assertEqual(programme.currency_id, self.env.company.currency_id)
        self.assertIn("disability", programme.accessibility)
        self.assertEqual(programme.session_count, 0)
        action = programme.action_view_sessions()
        self.assertEqual(action["context"]["default_programme_id"], programme.id)

    def test_officer_reads_the_catalogue_only(self):
        self.assertEqual(self.programme.with_user(self.officer).name, "Créer son entreprise de l'ESS (test)")
        with self.assertRaises(AccessError):
            self._create(user=self.officer)
        with self.assertRaises(AccessError):
            self.programme.with_user(self.officer).write({"price_per_trainee": 1.0})

    def test_portal_user_has_no_access(self):
        with self.assertRaises(AccessError):
            self.programme.with_user(self.portal_user).read(["name"])
        with self.assertRaises(AccessError):
            self.env["periscope.training.slot"].with_user(self.portal_user).search([])

    def test_duration_is_positive(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError) as caught, self.cr.savepoint():
            self._create(duration_hours=0.0)
        error = _as_validation_error(self.env, caught.exception)
        self.assertIn("more than zero hours", str(error))

    def test_price_is_not_negative(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            self._create(price_per_trainee=-1.0)

    def test_an_rncp_certification_has_a_level(self):
        with self.assertRaises(ValidationError):
            self._create(certification="rncp")
        programme = self._create(certification="rncp", rncp_level="5")
        self.assertEqual(programme.rncp_level, "5")
        # another certification has no level
        programme.certification = "none"
        self.assertFalse(programme.rncp_level)

    def test_nsf_code_is_a_speciality(self):
        for code in ("315", "100", "315p"):
            self.assertEqual(self._create(nsf_code=code).nsf_code, code)
        for code in ("31", "3150", "abc", "315 "):
            with self.assertRaises(ValidationError):
                self._create(nsf_code=code)

    def test_changes_are_tracked(self):
        self.programme.with_user(self.manager).price_per_trainee = 450.0
        self.env.flush_all()
        self.env.cr.precommit.run()
        self.env.invalidate_all()
        tracked = self.programme.sudo().message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "price_per_trainee"
        )
        self.assertEqual(tracked.new_value_float, 450.0)
