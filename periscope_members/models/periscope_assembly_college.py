# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class PeriscopeAssemblyCollege(models.Model):
    """A college as it was when the assembly was convened: its weight and
    its convened organisations. The results of the assembly's votes are
    weighted with it, whatever the colleges become afterwards."""

    _name = "periscope.assembly.college"
    _description = "College of an Assembly"
    _order = "assembly_id, sequence, id"

    assembly_id = fields.Many2one(
        comodel_name="periscope.assembly",
        required=True,
        index=True,
        ondelete="cascade",
    )
    college_id = fields.Many2one(
        comodel_name="periscope.college", required=True, ondelete="restrict"
    )
    sequence = fields.Integer(related="college_id.sequence", store=True)
    weight = fields.Float(string="Weight (%)", digits=(5, 2), required=True)
    member_count = fields.Integer(string="Convened organisations")
