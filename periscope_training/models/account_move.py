# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from odoo.addons.periscope_members.tools.billing import billing_link


class AccountMove(models.Model):
    _inherit = "account.move"

    periscope_training_event_id = billing_link("event.event", "Training session", ondelete="set null")

    @api.model
    def _periscope_billing_link_fields(self):
        return super()._periscope_billing_link_fields() | {"periscope_training_event_id"}


class AccountMoveLine(models.Model):
    """What a line of a training invoice bills: one funding line of a
    trainee's registration. The unique constraint makes the database refuse to
    bill the same funding twice."""

    _inherit = "account.move.line"

    periscope_training_funding_id = billing_link("periscope.training.funding", "Training funding")
    # written by the reversal of an invoice (the accountant's credit note),
    # not by a run: not a billing link of _periscope_billing_link_fields
    periscope_training_refunded_funding_id = billing_link(
        "periscope.training.funding",
        "Refunded training funding",
        help="The funding line that the invoice line this credit note line "
        "reverses billed: the BPF deducts it from the same source of income.",
    )
    # to group the income of the BPF by the line of its section C
    periscope_training_funder_type = fields.Selection(
        related="periscope_training_funding_id.funder_type", string="Kind of training funder"
    )
    periscope_training_refunded_funder_type = fields.Selection(
        related="periscope_training_refunded_funding_id.funder_type", string="Kind of refunded training funder"
    )

    _sql_constraints = [
        (
            "periscope_training_funding_billed_once",
            "UNIQUE(periscope_training_funding_id)",
            "This training funding is already invoiced.",
        )
    ]

    @api.model
    def _periscope_billing_link_fields(self):
        return super()._periscope_billing_link_fields() | {"periscope_training_funding_id"}

    def _copy_data_extend_business_fields(self, values):
        # a credit note reversing a training invoice refunds its funding lines
        res = super()._copy_data_extend_business_fields(values)
        if self.periscope_training_funding_id:
            values["periscope_training_refunded_funding_id"] = self.periscope_training_funding_id.id
        return res
