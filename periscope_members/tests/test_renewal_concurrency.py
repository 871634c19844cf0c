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
        self.assertOneRefused(outcomes, "Another renewal of 2091")
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
