# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import HttpCase, tagged

from odoo.addons.periscope_members.tests.common import PeriscopeFactoryMixin, TourMixin

from .common import make_service


@tagged("post_install", "-at_install")
class TestConciergeTours(TourMixin, PeriscopeFactoryMixin, HttpCase):
    """In a real browser: a member orders a service of the concierge on the
    portal."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.provider = cls._make_organisation("Pressing solidaire (tour test)")
        cls.ironing = make_service(
            cls.env, "Repassage chemise (tour test)", cls.provider, 2.5, share=("percent", 80.0), days=2
        )
        cls.org, cls.person, cls.member = cls._make_member_with_portal_person(
            "Tour Coop (test)", "Julie Tour (test)", "concierge_tour_member", email="julie.tour@example.org"
        )

    def test_member_orders_a_service_on_the_portal(self):
        order = self._run_tour(
            "/my/concierge",
            "periscope_concierge_portal_order",
            self.member,
            "periscope.concierge.order",
            beneficiary_id=self.person.id,
        )
        # no company agreement: the employee pays for themselves
        self.assertEqual(order.partner_id, self.person)
        self.assertEqual(order.state, "draft")
        self.assertEqual(order.note, "No starch, please")
        self.assertTrue(order.pickup_code)
        line = order.line_ids
        self.assertEqual(len(line), 1)
        self.assertEqual(line.product_id, self.ironing)
        self.assertEqual(line.quantity, 3)
        self.assertEqual(line.provider_id, self.provider)
        self.assertEqual(line.price_unit, 2.5)
        self.assertAlmostEqual(order.amount_total, 7.5)
