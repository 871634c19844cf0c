# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class PeriscopeProjectOutcome(models.TransientModel):
    """What became of the project: a business created (date, legal form,
    jobs) or a project stopped (date, reason)."""

    _name = "periscope.project.outcome"
    _description = "Outcome of a Project"

    project_holder_id = fields.Many2one(
        comodel_name="periscope.project.holder",
        required=True,
        ondelete="cascade",
        default=lambda self: self._default_project_holder_id(),
    )
    kind = fields.Selection(
        selection=[("created", "Business created"), ("stopped", "Project stopped")],
        string="Outcome",
        required=True,
        default="created",
    )
    date = fields.Date(required=True, default=fields.Date.context_today)
    business_name = fields.Char(string="Business")
    legal_form = fields.Selection(
        selection=lambda self: self.env["periscope.project.holder"]._fields["legal_form"].selection,
        string="Legal form of the business",
    )
    jobs = fields.Integer(string="Jobs created")
    reason = fields.Text(string="Why the project stopped")

    @api.model
    def _default_project_holder_id(self):
        if self.env.context.get("active_model") == "periscope.project.holder":
            return self.env.context.get("active_id")
        return False

    @api.onchange("project_holder_id")
    def _onchange_project_holder_id(self):
        for wizard in self:
            if not wizard.legal_form:
                wizard.legal_form = wizard.project_holder_id.legal_form
            if not wizard.business_name:
                wizard.business_name = wizard.project_holder_id.project_name

    def action_apply(self):
        self.ensure_one()
        holder = self.project_holder_id
        if self.kind == "created":
            holder.action_business_created(
                self.date, jobs=self.jobs, business_name=self.business_name, legal_form=self.legal_form
            )
        else:
            holder.action_project_stopped(self.date, self.reason)
        return {"type": "ir.actions.act_window_close"}
