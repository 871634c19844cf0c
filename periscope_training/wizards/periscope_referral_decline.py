# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class PeriscopeReferralDecline(models.TransientModel):
    """A support structure declines a referral, saying why (recorded from the
    backend by the hub's staff on the structure's behalf)."""

    _name = "periscope.referral.decline"
    _description = "Decline a Referral"

    referral_id = fields.Many2one(
        comodel_name="periscope.referral",
        required=True,
        ondelete="cascade",
        default=lambda self: self._default_referral_id(),
    )
    answer = fields.Text(
        string="Why the structure declines",
        required=True,
        help="The reception orients the project holder again with it.",
    )

    @api.model
    def _default_referral_id(self):
        if self.env.context.get("active_model") == "periscope.referral":
            return self.env.context.get("active_id")
        return False

    def action_decline(self):
        self.ensure_one()
        self.referral_id.action_decline(self.answer)
        return {"type": "ir.actions.act_window_close"}
