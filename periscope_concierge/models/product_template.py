# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .number_bounds import MAX_PRICE, check_numbers

# the concierge's own numbers of a service (the others are the product's)
CONCIERGE_BOUNDS = {
    "concierge_share_percent": (0, 100),
    "concierge_share_fixed": (0, MAX_PRICE),
    "concierge_turnaround_days": (0, 365),
}


class ProductTemplate(models.Model):
    _inherit = "product.template"

    is_concierge_service = fields.Boolean(
        string="Concierge service",
        tracking=True,
        help="Sold at the hub's solidarity concierge and carried out by an ESS provider.",
    )
    concierge_provider_id = fields.Many2one(
        comodel_name="res.partner",
        string="Concierge provider",
        tracking=True,
        help="The social and solidarity economy organisation that carries out the service.",
    )
    concierge_share_type = fields.Selection(
        selection=[("percent", "A percentage of the price"), ("fixed", "A fixed cost per unit")],
        string="Provider's share",
        default="percent",
        tracking=True,
        help="What the provider is paid for each unit sold; the hub keeps the rest as its commission.",
    )
    concierge_share_percent = fields.Float(string="Provider's share (%)", default=80.0, tracking=True)
    concierge_share_fixed = fields.Monetary(
        string="Provider's cost per unit", currency_field="currency_id", tracking=True
    )
    concierge_turnaround_days = fields.Integer(
        string="Turnaround (days)",
        default=2,
        tracking=True,
        help="Working days between the drop-off at the desk and the return to the desk.",
    )

    _sql_constraints = [
        (
            "concierge_share_valid",
            (
                "CHECK(concierge_share_percent IS NULL OR (concierge_share_percent "
                ">= 0 AND concierge_share_percent <= 100))"
            ),
            "The provider's share is a percentage between 0 and 100.",
        ),
        (
            "concierge_share_fixed_not_negative",
            "CHECK(concierge_share_fixed IS NULL OR concierge_share_fixed >= 0)",
            "The provider's cost per unit cannot be negative.",
        ),
        (
            "concierge_turnaround_not_negative",
            "CHECK(COALESCE(concierge_turnaround_days, 0) >= 0)",
            "The turnaround cannot be negative.",
        ),
    ]

    @api.constrains("is_concierge_service", "concierge_provider_id")
    def _check_concierge_provider(self):
        for template in self:
            if template.is_concierge_service and not template.concierge_provider_id:
                raise ValidationError(
                    _(
                        "The concierge service %s needs a provider: choose the organisation that carries it out.",
                        template.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [check_numbers(self, vals, CONCIERGE_BOUNDS, only=True) for vals in vals_list]
        return super().create(vals_list)

    def write(self, vals):
        vals = check_numbers(self, vals, CONCIERGE_BOUNDS, only=True)
        return super().write(vals)

    def _concierge_share(self, price_subtotal, quantity):
        """The provider's share of a line of this service, unrounded."""
        self.ensure_one()
        if self.concierge_share_type == "fixed":
            return self.concierge_share_fixed * quantity
        return price_subtotal * self.concierge_share_percent / 100
