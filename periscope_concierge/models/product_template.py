# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ProductTemplate(models.Model):
    _inherit = "product.template"

    is_concierge_service = fields.Boolean(
        string="Concierge service",
        tracking=True,
        help="Sold at the hub's solidarity concierge and carried out by an ESS "
        "provider.",
    )
    concierge_provider_id = fields.Many2one(
        comodel_name="res.partner",
        string="Concierge provider",
        tracking=True,
        help="The social and solidarity economy organisation that carries out "
        "the service.",
    )

    @api.constrains("is_concierge_service", "concierge_provider_id")
    def _check_concierge_provider(self):
        for template in self:
            if template.is_concierge_service and not template.concierge_provider_id:
                raise ValidationError(
                    _(
                        "The concierge service %s needs a provider: choose the "
                        "organisation that carries it out.",
                        template.display_name,
                    )
                )
