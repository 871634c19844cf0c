# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class PeriscopeAssemblyOption(models.Model):
    """What an organisation may answer to a resolution."""

    _name = "periscope.assembly.option"
    _description = "Voting Option"
    _order = "resolution_id, sequence, id"

    resolution_id = fields.Many2one(
        comodel_name="periscope.assembly.resolution",
        required=True,
        index=True,
        ondelete="cascade",
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Option", required=True, translate=True)
    kind = fields.Selection(
        selection=[
            ("for", "For"),
            ("against", "Against"),
            ("abstain", "Abstention"),
            ("other", "Other"),
        ],
        required=True,
        default="other",
        help="For and against count in the majority; abstentions and other "
        "options do not.",
    )
