# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from .number_bounds import check_numbers


class PeriscopeAssemblyOption(models.Model):
    """What an organisation may answer to a resolution."""

    _name = "periscope.assembly.option"
    _description = "Voting Option"
    _order = "resolution_id, sequence, id"

    resolution_id = fields.Many2one(
        comodel_name="periscope.assembly.resolution", required=True, index=True, ondelete="cascade"
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Option", required=True, translate=True)
    kind = fields.Selection(
        selection=[("for", "For"), ("against", "Against"), ("abstain", "Abstention"), ("other", "Other")],
        required=True,
        default="other",
        help="For and against count in the majority; abstentions and other options do not.",
    )

    # ------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [check_numbers(self, vals) for vals in vals_list]
        options = super().create(vals_list)
        options.resolution_id._check_options_editable()
        return options

    def write(self, vals):
        # the rights first: the rules below tell nothing to whom may not write
        self.check_access("write")
        vals = check_numbers(self, vals)
        self.resolution_id._check_options_editable()
        res = super().write(vals)
        if "resolution_id" in vals:
            self.resolution_id._check_options_editable()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_voted(self):
        self.resolution_id._check_options_editable()
