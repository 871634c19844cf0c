# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class MailingContact(models.Model):
    _inherit = "mailing.contact"

    periscope_partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Member contact",
        index="btree_not_null",
        ondelete="set null",
        readonly=True,
        help="The person of a member organisation this mailing contact is: its name and e-mail follow theirs.",
    )

    @api.model
    def _periscope_contact_of(self, partner):
        """The mailing contact of ``partner`` (a person): theirs, or one of
        their e-mail not yet anyone's, or a new one."""
        contacts = self.sudo().with_context(active_test=False)
        contact = contacts.search([("periscope_partner_id", "=", partner.id)], limit=1)
        if not contact and partner.email_normalized:
            contact = contacts.search(
                [("email_normalized", "=", partner.email_normalized), ("periscope_partner_id", "=", False)], limit=1
            )
            contact.periscope_partner_id = partner
        if not contact:
            contact = contacts.create(
                {
                    "periscope_partner_id": partner.id,
                    "name": partner.name,
                    "email": partner.email,
                    "company_name": partner.parent_id.name,
                    "country_id": partner.country_id.id,
                }
            )
        return contact

    def _periscope_follow_partner(self):
        """The contacts' name, e-mail and organisation are their partner's."""
        for contact in self.filtered("periscope_partner_id"):
            partner = contact.periscope_partner_id
            values = {"name": partner.name, "email": partner.email, "company_name": partner.parent_id.name or False}
            changed = {key: value for key, value in values.items() if (contact[key] or False) != (value or False)}
            if changed:
                contact.write(changed)

    @api.model_create_multi
    def create(self, vals_list):
        contacts = super().create(vals_list)
        if any("list_ids" in vals or "subscription_ids" in vals for vals in vals_list) or self.env.context.get(
            "default_list_ids"
        ):
            contacts._periscope_check_lists()
        return contacts

    def write(self, vals):
        res = super().write(vals)
        if "list_ids" in vals or "subscription_ids" in vals:
            self._periscope_check_lists()
        return res

    def _periscope_check_lists(self):
        """The subscriptions the contacts' lists (a many-to-many field on the
        subscriptions' table) wrote: dated, and within the lists' audience."""
        self.flush_recordset(["list_ids"])
        self.invalidate_recordset(["list_ids", "subscription_ids"])
        self.subscription_ids._periscope_stamp_consent()
        self.list_ids._periscope_check_subscribed(self)
