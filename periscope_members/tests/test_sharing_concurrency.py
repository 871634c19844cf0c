# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from .concurrency import TwoConnectionsCase


@tagged("post_install", "-at_install")
class TestConcurrentSharingRequests(TwoConnectionsCase):
    """Two people of the same organisation ask for the same offer at the same
    instant, in two real transactions: the database keeps one request, the
    other person is told that it is under way."""

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = self._env(cr)
            member_type = env.ref("periscope_members.member_type_permanent_resident")
            asking, offering = env["res.partner"].create(
                [
                    {"name": name, "is_company": True, "periscope_member_type_id": member_type.id}
                    for name in ("Race sharing asking", "Race sharing offering")
                ]
            )
            offer = env["periscope.sharing.offer"].create(
                {"name": "Race sharing tools", "category": "equipment", "partner_id": offering.id}
            )
            offer.action_publish()
            self.asking, self.offering, self.offer = asking.id, offering.id, offer.id

    def tearDown(self):
        with self.registry.cursor() as cr:
            env = self._env(cr)
            env["periscope.sharing.request"].search([("offer_id", "=", self.offer)]).unlink()
            env["periscope.sharing.offer"].browse(self.offer).unlink()
            env["res.partner"].browse([self.asking, self.offering]).unlink()
        super().tearDown()

    def _snapshot_read(self, env):
        env["periscope.sharing.request"].search_count([("offer_id", "=", self.offer)])

    def _ask(self, env):
        # as the portal does for each of the two people; the organisation
        # asked is told by the mail queue (no mail server in a test's thread)
        env["periscope.sharing.request"].with_context(mail_notify_force_send=False).create(
            {"offer_id": self.offer, "partner_id": self.asking, "message": "Pour notre chantier."}
        )

    def test_two_people_asking_at_once_make_one_request(self):
        outcomes = self._race({"first": self._ask, "second": self._ask})
        self.assertOneRefused(outcomes, "its request is under way")
        with self.registry.cursor() as cr:
            env = self._env(cr)
            self.assertEqual(env["periscope.sharing.request"].search_count([("offer_id", "=", self.offer)]), 1)
