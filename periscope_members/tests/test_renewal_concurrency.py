# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from .concurrency import TwoConnectionsCase

# a year no other data renews
YEAR = 2091


@tagged("post_install", "-at_install")
class TestConcurrentRenewals(TwoConnectionsCase):
    """Two administrators run the renewal of the same year at the same
    instant, in two real transactions: each organisation is invoiced once."""

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = self._env(cr)
            member_type = env.ref("periscope_members.member_type_permanent_resident")
            self.organisations = (
                env["res.partner"]
                .create(
                    [
                        {"name": name, "is_company": True, "periscope_member_type_id": member_type.id}
                        for name in ("Race renewal A", "Race renewal B")
                    ]
                )
                .ids
            )

    def tearDown(self):
        with self.registry.cursor() as cr:
            env = self._env(cr)
            lines = env["membership.membership_line"].search([("partner", "in", self.organisations)])
            moves = lines.account_invoice_id | env["account.move"].search([("partner_id", "in", self.organisations)])
            lines.unlink()
            moves.unlink()
            env["res.partner"].browse(self.organisations).unlink()
        super().tearDown()

    def _snapshot_read(self, env):
        env["res.partner"].browse(self.organisations).read(["membership_state"])

    def _renew(self, env):
        partners = env["res.partner"].browse(self.organisations)
        env["res.partner"]._periscope_renew_memberships(YEAR, partners)

    def test_two_renewals_at_once_invoice_once(self):
        outcomes = self._race({"first": self._renew, "second": self._renew})
        if "refused" in str(outcomes):
            # the second wrote while the first was running: the database
            # refused its membership lines, the user reads why
            self.assertOneRefused(outcomes, "Another renewal of 2091")
        else:
            # the second wrote once the first had committed: the database
            # stopped it (serialization failure), and Odoo's retry, in a new
            # transaction, found nothing left to renew
            self.assertEqual(sorted(outcomes.values()), ["committed", "committed"], outcomes)
            self.assertEqual(sorted(self.race_tries.values()), [1, 2], self.race_tries)
        with self.registry.cursor() as cr:
            env = self._env(cr)
            for organisation in self.organisations:
                lines = env["membership.membership_line"].search(
                    [("partner", "=", organisation), ("date_cancel", "=", False)]
                )
                self.assertEqual(len(lines), 1)
                self.assertEqual(lines.periscope_renewal_year, YEAR)
                self.assertEqual(env["account.move"].search_count([("partner_id", "=", organisation)]), 1)
            # once committed, the next run finds nothing due
            self.assertFalse(
                env["res.partner"]._periscope_renew_memberships(YEAR, env["res.partner"].browse(self.organisations))
            )

    def test_a_renewal_written_after_another_committed_is_tried_again(self):
        # the second's snapshot is older than what the first committed
        outcomes = self._race({"first": self._renew, "second": self._renew}, first="first")
        self.assertEqual(outcomes["first"], "committed")
        self.assertIn(outcomes["second"].split(":")[0], ("committed", "refused"), outcomes)
        with self.registry.cursor() as cr:
            env = self._env(cr)
            for organisation in self.organisations:
                self.assertEqual(env["account.move"].search_count([("partner_id", "=", organisation)]), 1)
