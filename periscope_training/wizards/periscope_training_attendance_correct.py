# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class PeriscopeTrainingAttendanceCorrect(models.TransientModel):
    """A training administrator's correction of attendance, also of a closed
    session: the new status and the reason, logged in the session."""

    _name = "periscope.training.attendance.correct"
    _description = "Correct Training Attendance"

    attendance_ids = fields.Many2many(
        comodel_name="periscope.training.attendance",
        relation="periscope_training_attendance_correct_rel",
        column1="wizard_id",
        column2="attendance_id",
        required=True,
        default=lambda self: self._default_attendance_ids(),
    )
    state = fields.Selection(
        selection=[("present", "Present"), ("absent", "Absent"), ("excused", "Excused")],
        string="Corrected status",
        required=True,
        default="present",
    )
    reason = fields.Text(
        required=True,
        help="Why the attendance is corrected, e.g. the signed paper sheet "
        "received after closing; logged in the session's history.",
    )

    @api.model
    def _default_attendance_ids(self):
        if self.env.context.get("active_model") == "periscope.training.attendance":
            return [fields.Command.set(self.env.context.get("active_ids") or [])]
        return False

    def action_apply(self):
        self.ensure_one()
        self.attendance_ids.action_correct_attendance(self.state, self.reason)
        return {"type": "ir.actions.act_window_close"}
