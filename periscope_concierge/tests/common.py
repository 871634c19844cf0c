# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.periscope_members.tests.common import PeriscopeCase


class PeriscopeConciergeCase(PeriscopeCase):
    """The desk, a manager, an accountant; two providers and their services;
    a member organisation with an employee, and an outside customer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.desk = cls._make_user("concierge_desk", "periscope_concierge.group_periscope_concierge_user")
        cls.manager = cls._make_user("concierge_manager", "periscope_concierge.group_periscope_concierge_manager")
        cls.accountant = cls._make_user("concierge_accountant", "account.group_account_invoice")
        Partner = cls.env["res.partner"]
        cls.oil_provider = cls._make_organisation("Roule Ma Frite 31 (test)")
        cls.basket_provider = cls._make_organisation("Caracole (test)")
        Product = cls.env["product.product"]
        cls.oil = Product.create(
            {
                "name": "Collecte d'huiles usagées (test)",
                "type": "service",
                "list_price": 5.0,
                "taxes_id": [(5, 0, 0)],
                "supplier_taxes_id": [(5, 0, 0)],
                "is_concierge_service": True,
                "concierge_provider_id": cls.oil_provider.id,
                "concierge_share_type": "percent",
                "concierge_share_percent": 70.0,
                "concierge_turnaround_days": 5,
            }
        )
        cls.basket = Product.create(
            {
                "name": "Panier circuit court (test)",
                "type": "service",
                "list_price": 18.5,
                "taxes_id": [(5, 0, 0)],
                "supplier_taxes_id": [(5, 0, 0)],
                "is_concierge_service": True,
                "concierge_provider_id": cls.basket_provider.id,
                "concierge_share_type": "fixed",
                "concierge_share_fixed": 16.0,
                "concierge_turnaround_days": 2,
            }
        )
        member_type = cls.env.ref("periscope_members.member_type_permanent_resident")
        cls.org = cls._make_organisation("BGE Sud-Ouest (test)", member_type)
        cls.employee = Partner.create(
            {"name": "Julie Castex", "parent_id": cls.org.id, "email": "julie.castex@example.org"}
        )
        cls.other_org = cls._make_organisation("Formethic (test)")
        cls.other_employee = Partner.create({"name": "Paul Sabatier", "parent_id": cls.other_org.id})

    def _order(self, beneficiary=None, lines=None, user=None):
        """A draft order taken at the desk: ``lines`` are (product, quantity)."""
        Order = self.env["periscope.concierge.order"].with_user(user or self.desk)
        return Order.create(
            {
                "beneficiary_id": (beneficiary or self.employee).id,
                "line_ids": [
                    (0, 0, {"product_id": product.id, "quantity": quantity})
                    for product, quantity in (lines or [(self.oil, 2)])
                ],
            }
        )

    def _to_desk(self, order):
        """Through the steps up to the desk, the providers marking ready."""
        order.action_deposit()
        order.action_send_to_provider()
        order.action_mark_ready()
        order.action_at_desk()
        return order
