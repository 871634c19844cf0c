# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import _, fields, models

from odoo.addons.periscope_members.tools.hub_time import first_of_previous_month


class PeriscopeConciergeAgreementInvoice(models.TransientModel):
    """The month's invoices of the organisations with a concierge agreement."""

    _name = "periscope.concierge.agreement.invoice"
    _description = "Invoice the Concierge Agreements"

    month = fields.Date(
        required=True, default=lambda self: first_of_previous_month(self), help="Any day of the month to invoice."
    )

    def action_invoice(self):
        self.ensure_one()
        moves = self.env["periscope.concierge.agreement"]._invoice_month(self.month)
        if not moves:
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "type": "info",
                    "message": _("Nothing is left to invoice for that month."),
                    "next": {"type": "ir.actions.act_window_close"},
                },
            }
        action = self.env["ir.actions.act_window"]._for_xml_id("account.action_move_out_invoice_type")
        action["domain"] = [("id", "in", moves.ids)]
        return action
