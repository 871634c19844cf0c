# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class MembershipLine(models.Model):
    _inherit = "membership.membership_line"

    periscope_unpaid_reminded = fields.Boolean(
        string="Unpaid reminder sent", copy=False, help="The organisation was reminded that this renewal is unpaid."
    )
    periscope_renewal_year = fields.Integer(
        string="Renewal of",
        copy=False,
        readonly=True,
        aggregator=False,
        help="The year a membership renewal invoiced this line for: one a year per organisation, unless cancelled.",
    )

    _sql_constraints = [
        (
            "periscope_renewal_year_unique",
            (
                "EXCLUDE USING btree (partner WITH =, periscope_renewal_year WITH =) "
                "WHERE (periscope_renewal_year IS NOT NULL AND date_cancel IS NULL)"
            ),
            "This organisation's membership is already invoiced for this year.",
        )
    ]
