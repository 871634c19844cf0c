# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, fields, models


class PeriscopeAssemblyVote(models.TransientModel):
    """The hub's staff record a vote cast in the room: an organisation
    present (or the holder of its proxy) and its choice."""

    _name = "periscope.assembly.vote"
    _description = "Record a Vote"

    resolution_id = fields.Many2one(comodel_name="periscope.assembly.resolution", required=True, readonly=True)
    assembly_id = fields.Many2one(related="resolution_id.assembly_id")
    member_id = fields.Many2one(
        comodel_name="periscope.assembly.member",
        string="Organisation",
        required=True,
        domain="[('assembly_id', '=', assembly_id), ('attendance', 'in', ('present', 'represented'))]",
    )
    option_id = fields.Many2one(
        comodel_name="periscope.assembly.option",
        string="Vote",
        required=True,
        domain="[('resolution_id', '=', resolution_id)]",
    )

    def action_record(self):
        self.ensure_one()
        self.resolution_id.action_vote(self.option_id, self.member_id)
        return True

    def action_record_next(self):
        """Record the vote and open the form again for the next one."""
        self.action_record()
        return {
            "type": "ir.actions.act_window",
            "name": _("Record a vote"),
            "res_model": self._name,
            "view_mode": "form",
            "target": "new",
            "context": {"default_resolution_id": self.resolution_id.id},
        }
