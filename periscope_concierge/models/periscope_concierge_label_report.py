# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, models
from odoo.exceptions import AccessError

from .periscope_concierge_order import DESK_GROUP


class ReportPeriscopeConciergeLabel(models.AbstractModel):
    """The label of an order, with its pick-up code: printed by the desk.
    The report's route is open to every logged-in user (a member reads their
    organisation's orders): the desk is checked here."""

    _name = "report.periscope_concierge.report_concierge_label"
    _description = "Concierge Order Label"

    @api.model
    def _get_report_values(self, docids, data=None):
        if not self.env.su and not self.env.user.has_group(DESK_GROUP):
            raise AccessError(_("The labels of the orders are printed at the desk."))
        orders = self.env["periscope.concierge.order"].browse(docids)
        orders.check_access("read")
        return {"doc_ids": docids, "doc_model": "periscope.concierge.order", "docs": orders}
