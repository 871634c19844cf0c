# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class AccountChartTemplate(models.AbstractModel):
    _inherit = "account.chart.template"

    @api.model
    def _periscope_product_accounting(self, template_code):
        """Rooms, desks and offices: rentals with services, VAT at 20 % on
        payment (708300); the office charges invoiced on (708800)."""
        mapping = super()._periscope_product_accounting(template_code)
        if template_code == "fr":
            rental = ("tva_normale_encaissement", "pcg_7083")
            mapping.update(
                dict.fromkeys(
                    [
                        "periscope_coworking.product_meeting_room_hour",
                        "periscope_coworking.product_training_room_half_day",
                        "periscope_coworking.product_desk_day",
                        "periscope_coworking.product_office_rent",
                    ],
                    rental,
                ),
                **{"periscope_coworking.product_office_charges": ("tva_normale_encaissement", "pcg_7088")},
            )
        return mapping
