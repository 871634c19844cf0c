# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models

from .number_bounds import check_numbers


class PeriscopeNumberMixin(models.AbstractModel):
    """The models whose numbers are checked before anything is written, on
    every path (form, portal, RPC, import): each number finite and within its
    bounds, ``4,5`` read as French users type it (``number_bounds``). A model
    whose ``create`` or ``write`` has its own rules calls ``check_numbers``
    itself, where they need it."""

    _name = "periscope.number.mixin"
    _description = "Checked numbers"

    def _periscope_number_bounds(self):
        """The lowest and highest values of some numeric fields, by name; the
        others are held within their column's range."""
        return {}

    @api.model_create_multi
    def create(self, vals_list):
        bounds = self._periscope_number_bounds()
        return super().create([check_numbers(self, vals, bounds) for vals in vals_list])

    def write(self, vals):
        return super().write(check_numbers(self, vals, self._periscope_number_bounds()))
