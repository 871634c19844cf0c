# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

CONSENT_SOURCES = [
    ("portal", "On the member's portal"),
    ("staff", "Recorded by the staff"),
    ("preferences", "On the mailing preferences page"),
]


class MailingSubscription(models.Model):
    """A subscription keeps when and how the person consented: each time they
    subscribe again, the new consent; when they unsubscribe, Odoo keeps the
    date (``opt_out_datetime``) and the consent stays for the record."""

    _inherit = "mailing.subscription"

    periscope_consent_date = fields.Datetime(string="Consent given on", copy=False)
    periscope_consent_source = fields.Selection(selection=CONSENT_SOURCES, string="Consent given", copy=False)

    def _periscope_default_source(self):
        if self.env.context.get("periscope_consent_source"):
            return self.env.context["periscope_consent_source"]
        return "staff" if self.env.user._is_internal() else "preferences"

    def _periscope_stamp_consent(self):
        """Date the consent of the subscriptions that have none (those the
        many-to-many fields of the lists and contacts wrote)."""
        missing = self.filtered(lambda sub: not sub.opt_out and not sub.periscope_consent_date)
        if missing:
            missing.sudo().write(
                {
                    "periscope_consent_date": fields.Datetime.now(),
                    "periscope_consent_source": self._periscope_default_source(),
                }
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not vals.get("opt_out") and not vals.get("periscope_consent_date"):
                vals["periscope_consent_date"] = fields.Datetime.now()
                vals.setdefault("periscope_consent_source", self._periscope_default_source())
        subscriptions = super().create(vals_list)
        subscriptions.list_id._periscope_check_subscribed(subscriptions.contact_id)
        return subscriptions

    def write(self, vals):
        renewed = self.browse()
        if "opt_out" in vals and not vals["opt_out"] and "periscope_consent_date" not in vals:
            renewed = self.filtered("opt_out")
        res = super().write(vals)
        if renewed:
            # subscribed again: a new consent, of today
            renewed.sudo().write(
                {
                    "periscope_consent_date": fields.Datetime.now(),
                    "periscope_consent_source": vals.get("periscope_consent_source")
                    or self._periscope_default_source(),
                }
            )
        if {"opt_out", "list_id", "contact_id"} & set(vals):
            self.list_id._periscope_check_subscribed(self.contact_id)
        return res
