# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestConciergeTours(HttpCase):
    """In a real browser: a member orders a service of the concierge on the
    portal."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.provider = Partner.create(
            {"name": "Pressing solidaire (tour test)", "is_company": True}
        )
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
        cls.org = Partner.create(
            {
                "name": "Tour Coop (test)",
                "is_company": True,
                "periscope_member_type_id": cls.env.ref(
                    "periscope_members.member_type_permanent_resident"
                ).id,
            }
        )
        cls.person = Partner.create(
            {
                "name": "Julie Tour (test)",
                "parent_id": cls.org.id,
                "email": "julie.tour@example.org",
            }
        )
        cls.member = new_test_user(
            cls.env,
            login="concierge_tour_member",
            groups="base.group_portal",
            partner_id=cls.person.id,
        )

    def test_member_orders_a_service_on_the_portal(self):
        self.start_tour(
            "/my/concierge",
            "periscope_concierge_portal_order",
            login=self.member.login,
        )
        order = self.env["periscope.concierge.order"].search(
            [("beneficiary_id", "=", self.person.id)]
        )
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
