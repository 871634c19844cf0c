# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class PeriscopeStaffLoanDeclare(models.TransientModel):
    """At the desk, for a lender or a borrower who cannot use the portal: the
    hours done in a month of a staff loan, or why they are disputed. The
    month's own buttons check who may do it."""

    _name = "periscope.staff.loan.declare"
    _description = "Declare or dispute the hours of a staff loan"

    month_id = fields.Many2one(comodel_name="periscope.staff.loan.month", required=True, ondelete="cascade")
    mode = fields.Selection(
        selection=[("declare", "Declare"), ("dispute", "Dispute")], required=True, default="declare"
    )
    hours = fields.Float(string="Hours done")
    hours_per_month = fields.Float(related="month_id.hours_per_month")
    reason = fields.Text(string="Why the hours are disputed")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        from_month = self.env.context.get("active_model") == "periscope.staff.loan.month"
        if "month_id" in fields_list and not values.get("month_id") and from_month:
            values["month_id"] = self.env.context.get("active_id")
        if "hours" in fields_list and values.get("month_id"):
            values.setdefault("hours", self.env["periscope.staff.loan.month"].browse(values["month_id"]).hours)
        return values

    def action_confirm(self):
        self.ensure_one()
        if self.mode == "dispute":
            self.month_id.action_dispute(self.reason)
        else:
            self.month_id.action_declare(self.hours)
        return {"type": "ir.actions.act_window_close"}
