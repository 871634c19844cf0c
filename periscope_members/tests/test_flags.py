# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import TransactionCase, tagged

from ..tools.flags import collecting, collector_of, is_raised, raised


@tagged("post_install", "-at_install")
class TestFlags(TransactionCase):
    """The flags the addons' own methods raise: on the cursor, for the
    records named, lowered whatever happens, out of any caller's reach."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.partners = cls.env["res.partner"].create([{"name": f"Flag {i} (test)"} for i in range(3)])

    def test_a_flag_covers_the_records_it_was_raised_for_alone(self):
        first, second, third = self.partners
        self.assertFalse(is_raised(self.env, "test_flag", first))
        with raised(self.env, "test_flag", first | second):
            self.assertTrue(is_raised(self.env, "test_flag", first))
            self.assertTrue(is_raised(self.env, "test_flag", first | second))
            self.assertFalse(is_raised(self.env, "test_flag", first | third))
            # raised for some records, it does not cover "every record"
            self.assertFalse(is_raised(self.env, "test_flag"))
            # another flag's name is another flag
            self.assertFalse(is_raised(self.env, "other_flag", first))
        self.assertFalse(is_raised(self.env, "test_flag", first))

    def test_raised_without_records_a_flag_covers_every_record(self):
        with raised(self.env, "test_flag"):
            self.assertTrue(is_raised(self.env, "test_flag"))
            self.assertTrue(is_raised(self.env, "test_flag", self.partners))
        self.assertFalse(is_raised(self.env, "test_flag", self.partners))

    def test_a_flag_is_lowered_when_the_block_fails(self):
        with self.assertRaises(ValueError), raised(self.env, "test_flag", self.partners):
            int("not a number")
        self.assertFalse(is_raised(self.env, "test_flag", self.partners))

    def test_no_context_key_raises_a_flag(self):
        env = self.env(context={**self.env.context, "periscope_flags": {"test_flag": [None]}, "test_flag": True})
        self.assertFalse(is_raised(env, "test_flag", self.partners))
        self.assertFalse(is_raised(env, "test_flag"))

    def test_inner_collectors_hand_their_ids_to_the_outermost(self):
        self.assertIsNone(collector_of(self.env, "test_collect"))
        with collecting(self.env, "test_collect") as outer:
            self.assertTrue(outer.outermost)
            with collecting(self.env, "test_collect") as inner:
                self.assertFalse(inner.outermost)
                self.assertIs(collector_of(self.env, "test_collect"), inner)
                inner.add(self.partners[0].id)
            self.assertEqual(outer, {self.partners[0].id})
        self.assertIsNone(collector_of(self.env, "test_collect"))
