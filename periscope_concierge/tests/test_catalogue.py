# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools.safe_eval import safe_eval

from .common import PeriscopeConciergeCase


@tagged("post_install", "-at_install")
class TestCatalogue(PeriscopeConciergeCase):
    """The catalogue of the concierge's services: the manager's to change,
    the desk's to read (the desk and the manager of the concierge's tests)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.provider = cls._make_organisation("Roule Ma Frite 31")
        cls.action = cls.env.ref("periscope_concierge.product_template_concierge_action")

    def _action_env(self, user):
        context = safe_eval(self.action.context)
        return self.env["product.template"].with_user(user).with_context(**context)

    def test_manager_creates_a_service_from_the_catalogue(self):
        with Form(self._action_env(self.manager)) as form:
            form.name = "Collecte d'huiles usagées"
            form.concierge_provider_id = self.provider
        service = form.save()
        self.assertTrue(service.is_concierge_service)
        self.assertEqual(service.type, "service")
        found = self.env["product.template"].search(safe_eval(self.action.domain))
        self.assertIn(service, found)

    def test_a_service_needs_its_provider(self):
        with self.assertRaises(ValidationError) as caught:
            self._action_env(self.manager).create({"name": "Repassage"})
        self.assertIn("needs a provider", str(caught.exception))
        self.assertFalse(self.env["product.template"].search([("name", "=", "Repassage")]))

    def test_ordinary_products_are_not_in_the_catalogue(self):
        product = self.env["product.template"].create({"name": "Ramette de papier"})
        found = self.env["product.template"].search(safe_eval(self.action.domain))
        self.assertNotIn(product, found)

    def test_desk_reads_the_catalogue_but_does_not_change_it(self):
        service = self._action_env(self.manager).create(
            {"name": "Panier Caracole", "concierge_provider_id": self.provider.id}
        )
        self.assertEqual(service.with_user(self.desk).concierge_provider_id, self.provider)
        with self.assertRaises(AccessError):
            service.with_user(self.desk).write({"list_price": 1.0})
