# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class MembershipLine(models.Model):
    _inherit = "membership.membership_line"

    periscope_unpaid_reminded = fields.Boolean(
        string="Unpaid reminder sent",
        copy=False,
        help="The organisation was reminded that this renewal is unpaid.",
    )
