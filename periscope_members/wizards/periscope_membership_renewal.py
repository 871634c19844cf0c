# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError


class PeriscopeMembershipRenewal(models.TransientModel):
    _name = "periscope.membership.renewal"
    _inherit = ["periscope.number.mixin"]
    _description = "Renew Memberships"

    year = fields.Integer(required=True, default=lambda self: fields.Date.context_today(self).year)
    invoice_date = fields.Date(help="Leave empty: the accountant dates the invoices when posting them.")
    partner_ids = fields.Many2many(
        comodel_name="res.partner",
        string="Organisations",
        domain=[("is_company", "=", True)],
        default=lambda self: self._default_partner_ids(),
        help="Leave empty to renew every member organisation due.",
    )
    due_count = fields.Integer(string="Organisations to invoice", compute="_compute_due_count")

    def _default_partner_ids(self):
        """Launched from selected organisations, it renews those."""
        context = self.env.context
        if context.get("active_model") != "res.partner":
            return self.env["res.partner"]
        partners = self.env["res.partner"].browse(context.get("active_ids") or [])
        return partners.filtered("is_company")

    def _periscope_number_bounds(self):
        return {"year": (2000, 2100)}

    @api.depends("year", "partner_ids")
    def _compute_due_count(self):
        for wizard in self:
            wizard.due_count = len(wizard._due_partners())

    def _due_partners(self):
        self.ensure_one()
        if not 2000 <= self.year <= 2100:
            return self.env["res.partner"]
        return self.env["res.partner"]._periscope_membership_due(self.year, self.partner_ids or None)

    def action_renew(self):
        self.ensure_one()
        if not 2000 <= self.year <= 2100:
            raise UserError(_("%s is not a valid year.", self.year))
        moves = self.env["res.partner"]._periscope_renew_memberships(
            self.year, partners=self.partner_ids or None, invoice_date=self.invoice_date
        )
        if not moves:
            raise UserError(_("Every organisation is already invoiced for %s.", self.year))
        action = self.env["ir.actions.act_window"]._for_xml_id("account.action_move_out_invoice_type")
        action["domain"] = [("id", "in", moves.ids)]
        action["context"] = {"default_move_type": "out_invoice"}
        return action
