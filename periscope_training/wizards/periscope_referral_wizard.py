# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class PeriscopeReferralWizard(models.TransientModel):
    """The reception refers a project holder to one or more support
    structures of the hub, with the reason (the model refuses it without the
    project holder's consent)."""

    _name = "periscope.referral.wizard"
    _description = "Refer a Project Holder"

    project_holder_id = fields.Many2one(
        comodel_name="periscope.project.holder",
        required=True,
        ondelete="cascade",
        default=lambda self: self._default_project_holder_id(),
    )
    consent_date = fields.Datetime(related="project_holder_id.consent_date")
    structure_ids = fields.Many2many(
        comodel_name="res.partner",
        relation="periscope_referral_wizard_structure_rel",
        column1="wizard_id",
        column2="structure_id",
        string="Support structures",
        required=True,
        domain=[("periscope_support_structure", "=", True)],
    )
    reason = fields.Text(
        required=True, help="Why these structures: what the project holder needs from them. The structures read it."
    )

    @api.model
    def _default_project_holder_id(self):
        if self.env.context.get("active_model") == "periscope.project.holder":
            return self.env.context.get("active_id")
        return False

    def action_refer(self):
        self.ensure_one()
        self.project_holder_id.action_refer(self.structure_ids, self.reason)
        return {"type": "ir.actions.act_window_close"}
