# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    periscope_training_declaration_number = fields.Char(
        string="Training declaration number",
        help="The number of the declaration of activity of the training "
        "organisation (numéro de déclaration d'activité), given by the "
        "Prefecture of the region: on the BPF and the certificates of completion.",
    )
