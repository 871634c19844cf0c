# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from freezegun import freeze_time

from odoo.tests import tagged

from .common import PeriscopeMembersCase


@tagged("post_install", "-at_install")
@freeze_time("2026-03-02 09:00:00")
class TestRenewalPerformance(PeriscopeMembersCase):
    """The renewal invoices in batch: its query count hardly grows with the
    number of organisations."""

    def _organisations(self, count, tag):
        orgs = self.env["res.partner"].create(
            [
                {
                    "name": f"Structure {tag} {i}",
                    "is_company": True,
                    "periscope_member_type_id": self.type_occasional.id,
                }
                for i in range(count)
            ]
        )
        self.env["res.partner"].create(
            [{"name": f"Personne {tag} {i}", "parent_id": org.id} for i, org in enumerate(orgs)]
        )
        self.env.flush_all()
        self.env.invalidate_all()
        return orgs

    def _count_queries(self, orgs):
        queries, moves = self.queries_of(
            lambda: self.env["res.partner"]._periscope_renew_memberships(2026, orgs), warm=False, invalidate=False
        )
        self.assertEqual(len(moves), len(orgs))
        return queries

    def test_renewal_of_100_costs_at_most_one_and_a_half_renewals_of_10(self):
        small = self._count_queries(self._organisations(10, "a"))
        large = self._count_queries(self._organisations(100, "b"))
        self.assertLessEqual(large, 1.5 * small, f"renewing 100 organisations took {large} queries, 10 took {small}")
