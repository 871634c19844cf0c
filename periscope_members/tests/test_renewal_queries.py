# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from freezegun import freeze_time

from odoo.tests import tagged

from .common import PeriscopeMembersCase

PEOPLE = 12  # per organisation: 1,200 people for 100 organisations, past the ORM's prefetch of 1,000


@tagged("post_install", "-at_install")
@freeze_time("2026-03-02 09:00:00")
class TestRenewalQueries(PeriscopeMembersCase):
    """The membership renewal takes as many queries for 100 organisations as
    for 10 (64 each on Odoo 18.0, ``periscope_members`` alone), whatever
    their people.

    What grew, and what was done about it:

    - core's invoice address (``account.move._compute_partner_shipping_id``,
      ``res.partner.address_get``) reads each organisation's people, 1,000 at
      a time: ``account.move._periscope_prefetch_addresses`` reads them all
      at once;
    - the membership state of the organisations and of their people was
      flushed in UPDATEs of 100 partners, and its membership lines and
      people read 1,000 at a time:
      ``membership.membership_line._periscope_write_membership_states``
      reads them at once and writes every partner in one UPDATE.

    What remains, inherent to core's ORM: it inserts and updates rows in
    batches of 100 (``odoo.models.INSERT_BATCH_SIZE`` and
    ``UPDATE_BATCH_SIZE``). Up to 100 organisations each of these is one
    query; past 100, each further 100 organisations (or fewer) add 10: the
    INSERTs of their invoices, of the invoices' product lines and of their
    receivable lines (and of their tax lines, were the fees taxed), and of
    their membership lines; the flush's UPDATEs of the invoices' computed
    fields (2) and of their lines' (3), and the UPDATE of the membership
    lines' state and company: 300 organisations of 30 people each take 84
    queries."""

    def _organisations(self, count, tag):
        """``count`` fresh organisations due for 2026, each with its people."""
        Partner = self.env["res.partner"]
        orgs = Partner.create(
            [
                {"name": f"Renewal {tag} {i}", "is_company": True, "periscope_member_type_id": self.type_occasional.id}
                for i in range(count)
            ]
        )
        Partner.create(
            [
                {"name": f"Person {tag} {i}-{j}", "parent_id": org.id}
                for i, org in enumerate(orgs)
                for j in range(PEOPLE)
            ]
        )
        self.env.flush_all()
        self.env.invalidate_all()
        return orgs

    def _renewal_queries(self, orgs):
        """The queries of renewing ``orgs`` for 2026, their records read
        from the database (cold record cache)."""
        queries, moves = self.queries_of(
            lambda: self.env["res.partner"]._periscope_renew_memberships(2026, orgs), warm=False, invalidate=False
        )
        self.assertEqual(moves.partner_id, orgs)
        return queries

    def test_renewal_of_100_organisations_takes_as_many_queries_as_10(self):
        # a first renewal fills the registry's caches, as in a running server
        self._renewal_queries(self._organisations(2, "warm"))
        few = self._renewal_queries(self._organisations(10, "few"))
        many_orgs = self._organisations(100, "many")
        many = self._renewal_queries(many_orgs)
        self.assertQueriesDoNotGrow(few, many, "organisations")
        # the states written at once are those core would have written
        self.env.invalidate_all()
        self.assertEqual(set((many_orgs | many_orgs.child_ids).mapped("membership_state")), {"waiting"})
        self.assertEqual({str(stop) for stop in many_orgs.child_ids.mapped("membership_stop")}, {"2026-12-31"})
