# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class AccountChartTemplate(models.AbstractModel):
    _inherit = "account.chart.template"

    @api.model
    def _periscope_product_accounting(self, template_code):
        """Training: exempt from VAT with the legal mention (art. 261-4-4° a
        of the CGI), services income (706000)."""
        mapping = super()._periscope_product_accounting(template_code)
        if template_code == "fr":
            mapping["periscope_training.product_training"] = ("periscope_tva_formation_0", "pcg_706")
        return mapping
