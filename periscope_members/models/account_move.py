# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from ..tools.billing import check_billing_links


class AccountMove(models.Model):
    _inherit = "account.move"

    # The inverse of membership lines' invoice: with it, the ORM finds the
    # membership lines to recompute when invoices change in one query for a
    # batch of invoices, instead of one search per invoice.
    periscope_membership_line_ids = fields.One2many(
        comodel_name="membership.membership_line", inverse_name="account_invoice_id", string="Membership lines"
    )

    @api.model
    def _periscope_billing_link_fields(self):
        """The fields that say what the hub billed with an invoice: each addon
        adds its own; only its runs write them (``check_billing_links``)."""
        return frozenset()

    @api.model_create_multi
    def create(self, vals_list):
        check_billing_links(self, vals_list)
        return super().create(vals_list)

    def write(self, vals):
        if self:
            check_billing_links(self, [vals])
        return super().write(vals)

    @api.model
    def _periscope_create_drafts(self, vals_list):
        """The draft invoices or bills of ``vals_list`` that the hub prepares
        and the accountant posts, created as superuser — their values come
        from the hub's records (memberships, bookings, orders, funding lines),
        not from the user — without an "invoice created" message in each
        draft's chatter. Run it within ``tools.billing.billed_once``."""
        moves = self.sudo().with_context(tracking_disable=True)
        moves._periscope_prefetch_addresses(vals_list)
        return moves.create(vals_list)

    @api.model
    def _periscope_prefetch_addresses(self, vals_list):
        """What core's invoice address needs of the partners of ``vals_list``,
        read at once. ``_compute_partner_shipping_id`` walks each invoiced
        organisation's people and their children (``res.partner.address_get``),
        and the ORM reads them 1,000 at a time (its prefetch): one more query
        for every thousand people of the organisations invoiced. Here, two
        queries for each generation (organisations, people…), whatever their
        number."""
        partners = self.env["res.partner"].browse({vals["partner_id"] for vals in vals_list if vals.get("partner_id")})
        seen = partners.browse()
        while partners:
            partners.fetch(["type", "is_company", "parent_id", "child_ids"])
            seen |= partners
            partners = partners.child_ids - seen
