# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    # The inverse of membership lines' invoice: with it, the ORM finds the
    # membership lines to recompute when invoices change in one query for a
    # batch of invoices, instead of one search per invoice.
    periscope_membership_line_ids = fields.One2many(
        comodel_name="membership.membership_line",
        inverse_name="account_invoice_id",
        string="Membership lines",
    )
