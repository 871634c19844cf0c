# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.periscope_members.tools.billing import analytic_distribution, billed_once

from .common import PeriscopeMembersCase


@tagged("post_install", "-at_install")
class TestBilledOnce(PeriscopeMembersCase):
    """The one way the four addons make the drafts the accountant posts, and
    keep what they bill billed once."""

    def setUp(self):
        super().setUp()
        self.env.cr.execute("CREATE TEMPORARY TABLE periscope_billed (what integer UNIQUE)")

    def _billed(self):
        self.env.cr.execute("SELECT what FROM periscope_billed ORDER BY what")
        return [row[0] for row in self.env.cr.fetchall()]

    def test_what_is_billed_at_the_same_moment_is_refused_as_run_again(self):
        self.env.cr.execute("INSERT INTO periscope_billed VALUES (1)")
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaisesRegex(UserError, "run it again"),
            billed_once(self.env, "Billed meanwhile: run it again."),
        ):
            self.env.cr.execute("INSERT INTO periscope_billed VALUES (2)")
            self.env.cr.execute("INSERT INTO periscope_billed VALUES (1)")
        # nothing of the run is kept, what was there before is
        self.assertEqual(self._billed(), [1])

    def test_a_run_that_bills_nothing_twice_is_kept(self):
        with billed_once(self.env, "Billed meanwhile: run it again."):
            self.env.cr.execute("INSERT INTO periscope_billed VALUES (3)")
        self.assertEqual(self._billed(), [3])

    def test_other_errors_are_not_taken_for_a_second_bill(self):
        with self.assertRaises(ZeroDivisionError), billed_once(self.env, "Billed meanwhile: run it again."):
            self.env.cr.execute("INSERT INTO periscope_billed VALUES (4)")
            raise ZeroDivisionError
        self.assertEqual(self._billed(), [])

    def test_a_line_goes_wholly_to_its_analytic_account(self):
        account = self.env.ref("periscope_members.analytic_account_membership")
        self.assertEqual(analytic_distribution(account), {str(account.id): 100})
        self.assertFalse(analytic_distribution(account.browse()))

    def test_drafts_are_made_as_superuser_without_a_chatter_message(self):
        product = self.type_permanent.membership_product_id
        move = (
            self.env["account.move"]
            .with_user(self.manager)
            ._periscope_create_drafts(
                [
                    {
                        "move_type": "out_invoice",
                        "partner_id": self.org.id,
                        "invoice_line_ids": [Command.create({"product_id": product.id, "price_unit": 1})],
                    }
                ]
            )
        )
        self.assertEqual(move.state, "draft")
        self.assertTrue(move.env.su)
        self.assertFalse(move.message_ids)
