# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from odoo.addons.membership.models.account_move import AccountMoveLine as MembershipAccountMoveLine

from ..tools.billing import billing_link, check_billing_links


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    # The inverse of membership lines' invoice line: with it, the ORM finds the
    # membership lines to recompute when an invoice changes in its cache, in
    # one query for a batch of invoices, instead of one search per invoice.
    periscope_membership_line_ids = fields.One2many(
        comodel_name="membership.membership_line", inverse_name="account_invoice_line", string="Membership lines"
    )
    # the month of a staff loan of the hub that the line invoices at cost
    periscope_staff_loan_month_id = billing_link("periscope.staff.loan.month", "Staff loan month")

    _sql_constraints = [
        (
            "periscope_staff_loan_month_billed_once",
            "UNIQUE(periscope_staff_loan_month_id)",
            "This month of a staff loan is already invoiced.",
        )
    ]

    def _periscope_skip_core_membership(self):
        """Core ``membership`` creates a membership line for each invoice line,
        one by one, and searches them again at each write of the line. The
        renewal creates them itself, in one batch: it skips core's hooks, and
        only when they are right below this class (skipping nobody else's)."""
        if not self.env.context.get("periscope_membership_batch"):
            return False
        mro = type(self).__mro__
        return mro[mro.index(AccountMoveLine) + 1] is MembershipAccountMoveLine

    @api.model
    def _periscope_billing_link_fields(self):
        """The fields that say what an invoice line bills (a booking, an
        order's service, a funding line…): each addon adds its own, and a
        unique constraint of its own bills each thing once; only the hub's
        runs write them (``check_billing_links``)."""
        return frozenset({"periscope_staff_loan_month_id"})

    @api.model_create_multi
    def create(self, vals_list):
        check_billing_links(self, vals_list)
        if self._periscope_skip_core_membership():
            return super(MembershipAccountMoveLine, self).create(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        if self:
            check_billing_links(self, [vals])
        if self._periscope_skip_core_membership():
            return super(MembershipAccountMoveLine, self).write(vals)
        return super().write(vals)
