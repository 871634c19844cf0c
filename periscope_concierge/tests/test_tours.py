# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import HttpCase, tagged

from odoo.addons.periscope_members.tests.common import PeriscopeFactoryMixin


@tagged("post_install", "-at_install")
class TestConciergeTours(PeriscopeFactoryMixin, HttpCase):
    """In a real browser: a member orders a service of the concierge on the
    portal."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.provider = cls._make_organisation("Pressing solidaire (tour test)")
        cls.ironing = cls.env["product.product"].create(
            {
                "name": "Repassage chemise (tour test)",
                "type": "service",
                "list_price": 2.5,
                "taxes_id": [(5, 0, 0)],
                "supplier_taxes_id": [(5, 0, 0)],
                "is_concierge_service": True,
                "concierge_provider_id": cls.provider.id,
                "concierge_share_type": "percent",
                "concierge_share_percent": 80.0,
                "concierge_turnaround_days": 2,
            }
        )
        cls.org = cls._make_organisation("Tour Coop (test)", cls.PERMANENT_RESIDENT)
        cls.person, cls.member = cls._make_portal_person(
            cls.org, "Julie Tour (test)", "concierge_tour_member", email="julie.tour@example.org"
        )

    def test_member_orders_a_service_on_the_portal(self):
        self.start_tour("/my/concierge", "periscope_concierge_portal_order", login=self.member.login)
        order = self.env["periscope.concierge.order"].search([("beneficiary_id", "=", self.person.id)])
        self.assertEqual(len(order), 1)
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
