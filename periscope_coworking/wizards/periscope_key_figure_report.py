# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from odoo import _, models


class PeriscopeKeyFigureReport(models.TransientModel):
    """The coworking's part of the year's mutualisation: the equipment of the
    resource centre lent, and the shared costs of the building split among
    the residents."""

    _inherit = "periscope.key.figure.report"

    def _equipment_figures(self):
        """The loans of equipment that began in the year (confirmed or
        returned), by the organisation they were lent to."""
        start, stop = self._year_bounds()
        loans = defaultdict(int)
        # sudo: counts for the hub's report, which staff without the
        # coworking's rights print too
        for partner, count in (
            self.env["periscope.booking"]
            .sudo()
            ._read_group(
                [
                    ("space_id.space_type", "=", "equipment"),
                    ("state", "in", ("confirmed", "done")),
                    ("start", ">=", start),
                    ("start", "<", stop),
                ],
                ["partner_id"],
                ["__count"],
            )
        ):
            loans[partner.commercial_partner_id.id] += count
        return [self._figure("equipment_loans", _("Equipment loans"), loans)]

    def _pooled_cost_figures(self):
        """The shared costs invoiced to the residents for the months of the
        year, by resident."""
        pooled = defaultdict(float)
        for partner, amount in (
            self.env["periscope.charge.allocation.line"]
            .sudo()
            ._read_group(
                [
                    ("allocation_id.state", "=", "invoiced"),
                    ("month", ">=", f"{self.year}-01-01"),
                    ("month", "<=", f"{self.year}-12-31"),
                ],
                ["partner_id"],
                ["amount:sum"],
            )
        ):
            pooled[partner.id] += amount
        return [self._figure("costs_pooled", _("Shared costs pooled"), pooled, digits=2)]

    def _mutualisation_figures(self):
        return super()._mutualisation_figures() + self._pooled_cost_figures() + self._equipment_figures()
