# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class ReportTrainingConvocation(models.AbstractModel):
    """The convocation of a registration, for who reads the registration."""

    _name = "report.periscope_training.report_training_convocation"
    _description = "Training Convocation"

    @api.model
    def _get_report_values(self, docids, data=None):
        registrations = self.env["event.registration"].browse(docids)
        registrations.check_access("read")
        return {"doc_ids": registrations.ids, "doc_model": "event.registration", "docs": registrations}
