# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from odoo.addons.periscope_members.tests.french import FrenchPortalCase


@tagged("post_install", "-at_install")
class TestTrainingPortalInFrench(FrenchPortalCase):
    def test_the_training_pages_show_no_english_sentence_of_ours(self):
        self.assert_french_pages(["/my/trainings", "/my/referrals", "/trainings/catalogue"])
