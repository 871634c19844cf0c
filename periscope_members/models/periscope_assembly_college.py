# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from .number_bounds import check_numbers

BOUNDS = {"weight": (0, 100), "member_count": (0, 1_000_000)}


class PeriscopeAssemblyCollege(models.Model):
    """A college as it was when the assembly was convened: its weight and
    its convened organisations. The results of the assembly's votes are
    weighted with it, whatever the colleges become afterwards."""

    _name = "periscope.assembly.college"
    _description = "College of an Assembly"
    _order = "assembly_id, sequence, id"

    assembly_id = fields.Many2one(comodel_name="periscope.assembly", required=True, index=True, ondelete="cascade")
    college_id = fields.Many2one(comodel_name="periscope.college", required=True, ondelete="restrict")
    sequence = fields.Integer(related="college_id.sequence", store=True)
    weight = fields.Float(string="Weight (%)", digits=(5, 2), required=True)
    member_count = fields.Integer(string="Convened organisations")

    # ------------------------------------------------------------ CRUD
    # the weights the votes are counted with: set by the convening, frozen
    # once a vote opens
    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [check_numbers(self, vals, BOUNDS) for vals in vals_list]
        lines = super().create(vals_list)
        lines.assembly_id._check_composition_editable()
        return lines

    def write(self, vals):
        # the rights first: the rules below tell nothing to whom may not write
        self.check_access("write")
        vals = check_numbers(self, vals, BOUNDS)
        self.assembly_id._check_composition_editable()
        res = super().write(vals)
        if "assembly_id" in vals:
            self.assembly_id._check_composition_editable()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_voting(self):
        self.assembly_id._check_composition_editable()
