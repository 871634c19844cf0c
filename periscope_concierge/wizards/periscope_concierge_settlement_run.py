# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import _, api, fields, models

from odoo.addons.periscope_members.tools.hub_time import first_of_previous_month


class PeriscopeConciergeSettlementRun(models.TransientModel):
    """Settle a month with the providers: first what would be settled, then
    the settlements and their draft vendor bills."""

    _name = "periscope.concierge.settlement.run"
    _description = "Settle the Concierge Providers"

    month = fields.Date(
        required=True, default=lambda self: first_of_previous_month(self), help="Any day of the month to settle."
    )
    currency_id = fields.Many2one(comodel_name="res.currency", default=lambda self: self.env.company.currency_id)
    provider_count = fields.Integer(string="Providers to settle", compute="_compute_summary")
    line_count = fields.Integer(string="Services to settle", compute="_compute_summary")
    revenue = fields.Monetary(string="Sales", compute="_compute_summary")
    amount = fields.Monetary(string="Owed to the providers", compute="_compute_summary")
    commission = fields.Monetary(string="Hub's commission", compute="_compute_summary")

    @api.depends("month")
    def _compute_summary(self):
        Settlement = self.env["periscope.concierge.settlement"]
        for run in self:
            lines = Settlement._lines_to_settle(run.month, self.env.company) if run.month else {}
            rows = [row for provider_rows in lines.values() for row in provider_rows]
            currency = run.currency_id or self.env.company.currency_id
            run.provider_count = len(lines)
            run.line_count = len(rows)
            run.amount = currency.round(sum(row["provider_share"] for row in rows))
            run.revenue = currency.round(sum(row["price_subtotal"] for row in rows))
            run.commission = run.revenue - run.amount

    def action_settle(self):
        self.ensure_one()
        settlements = self.env["periscope.concierge.settlement"]._settle_month(self.month)
        if not settlements:
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "type": "info",
                    "message": _("Nothing is left to settle for that month."),
                    "next": {"type": "ir.actions.act_window_close"},
                },
            }
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "periscope_concierge.periscope_concierge_settlement_action"
        )
        action["domain"] = [("id", "in", settlements.ids)]
        return action
