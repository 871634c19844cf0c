# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class PeriscopeConciergeCollect(models.TransientModel):
    """The desk hands an order back once the customer gives its code."""

    _name = "periscope.concierge.collect"
    _description = "Collect a Concierge Order"

    order_id = fields.Many2one(comodel_name="periscope.concierge.order", required=True, readonly=True)
    beneficiary_id = fields.Many2one(related="order_id.beneficiary_id")
    amount_total = fields.Monetary(related="order_id.amount_total")
    currency_id = fields.Many2one(related="order_id.currency_id")
    code = fields.Char(string="Pick-up code", required=True)

    def action_collect(self):
        self.ensure_one()
        self.order_id.action_collect(self.code)
        return {"type": "ir.actions.act_window_close"}
