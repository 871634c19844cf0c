# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class AccountChartTemplate(models.AbstractModel):
    _inherit = "account.chart.template"

    @api.model
    def _periscope_product_accounting(self, template_code):
        """The concierge's services: VAT at 20 % on payment, services
        income (706000)."""
        mapping = super()._periscope_product_accounting(template_code)
        if template_code == "fr":
            service = ("tva_normale_encaissement", "pcg_706")
            services = self.env["product.product"].search([("is_concierge_service", "=", True)])
            mapping.update(dict.fromkeys(filter(None, services.get_external_id().values()), service))
        return mapping
