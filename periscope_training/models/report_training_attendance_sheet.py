# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class ReportTrainingAttendanceSheet(models.AbstractModel):
    """The attendance sheet of a slot, for who reads the slot."""

    _name = "report.periscope_training.report_training_attendance_sheet"
    _description = "Training Attendance Sheet"

    @api.model
    def _get_report_values(self, docids, data=None):
        slots = self.env["periscope.training.slot"].browse(docids)
        slots.check_access("read")
        return {"doc_ids": slots.ids, "doc_model": "periscope.training.slot", "docs": slots}
