# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from odoo.addons.periscope_members.tools.billing import billing_link


class AccountMove(models.Model):
    _inherit = "account.move"

    # the inverse of the settlements' bill: with it, a change of a bill's
    # state finds its settlement in the cache, not by a query per bill
    periscope_concierge_settlement_ids = fields.One2many(
        comodel_name="periscope.concierge.settlement",
        inverse_name="bill_id",
        string="Concierge settlements",
        readonly=True,
        # the providers read their vendor bills on the portal, not the hub's
        # settlements
        groups="base.group_user",
    )


class AccountMoveLine(models.Model):
    """What a line of a concierge invoice bills: a service of an order, or
    one month of an agreement's fee. The unique constraints make the database
    refuse to bill the same thing twice."""

    _inherit = "account.move.line"

    periscope_concierge_line_id = billing_link("periscope.concierge.order.line", "Concierge service")
    periscope_agreement_id = billing_link("periscope.concierge.agreement", "Concierge agreement")
    periscope_agreement_month = fields.Date(string="Agreement month", copy=False, readonly=True)

    _sql_constraints = [
        (
            "periscope_concierge_line_billed_once",
            "UNIQUE(periscope_concierge_line_id)",
            "This concierge service is already invoiced.",
        ),
        (
            "periscope_agreement_fee_billed_once",
            "UNIQUE(periscope_agreement_id, periscope_agreement_month)",
            "The fee of this concierge agreement for this month is already invoiced.",
        ),
    ]

    @api.model
    def _periscope_billing_link_fields(self):
        return super()._periscope_billing_link_fields() | {
            "periscope_concierge_line_id",
            "periscope_agreement_id",
            "periscope_agreement_month",
        }
