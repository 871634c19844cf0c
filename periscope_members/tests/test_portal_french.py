# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from .french import FrenchPortalCase


@tagged("post_install", "-at_install")
class TestMembersPortalInFrench(FrenchPortalCase):
    def test_the_members_pages_show_no_english_sentence_of_ours(self):
        self.assert_french_pages(["/my", "/my/membership", "/my/directory", "/my/assemblies"])
