# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import TransactionCase, tagged

from ..models.number_format import format_number


@tagged("post_install", "-at_install")
class TestNumberFormat(TransactionCase):
    """Hours, shares and quantities written for people: in their language,
    without trailing zeros."""

    def test_in_english_and_in_french(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        english = self.env(context={"lang": "en_US"})
        french = self.env(context={"lang": "fr_FR"})
        cases = [
            (4.0, "4", "4"),
            (1.5, "1.5", "1,5"),
            (2.25, "2.25", "2,25"),
            (0.333333, "0.33", "0,33"),
            (0.0, "0", "0"),
            (None, "0", "0"),
        ]
        for value, in_english, in_french in cases:
            self.assertEqual(format_number(english, value), in_english, value)
            self.assertEqual(format_number(french, value), in_french, value)
        # the thousands as each language groups them
        self.assertEqual(format_number(english, 1234.5), "1,234.5")
        self.assertNotIn(".", format_number(french, 1234.5))
        self.assertTrue(format_number(french, 1234.5).endswith(",5"))
        self.assertEqual(format_number(english, 12.345, digits=1), "12.3")
