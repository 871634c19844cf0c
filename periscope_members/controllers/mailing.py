# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import http
from odoo.http import request

from .portal import PeriscopeMembersPortal


class PeriscopeMailingPortal(PeriscopeMembersPortal):
    """The member's newsletters: the lists they may subscribe to (those of
    their audience, and the hub's public ones), each ticked or not — their
    consent, dated, or its withdrawal."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "periscope_mailing_count" in counters:
            values["periscope_mailing_count"] = len(
                request.env["mailing.list"]._periscope_lists_for(request.env.user.partner_id)
            )
        return values

    def _periscope_subscriptions(self, partner, lists):
        """The person's subscriptions to ``lists``, by list (sudo: members
        have no access to the mailing lists)."""
        contacts = request.env["mailing.contact"].sudo().search([("periscope_partner_id", "=", partner.id)])
        return {sub.list_id: sub for sub in contacts.subscription_ids if sub.list_id in lists}

    @http.route("/my/mailings", type="http", auth="user", website=True, methods=["GET"])
    def portal_my_mailings(self, success=None, **kwargs):
        partner = request.env.user.partner_id
        lists = request.env["mailing.list"]._periscope_lists_for(partner)
        subscriptions = self._periscope_subscriptions(partner, lists)
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "periscope_mailings",
                "mailing_lists": lists,
                "subscribed": {mailing_list for mailing_list, sub in subscriptions.items() if not sub.opt_out},
                "subscriptions": subscriptions,
                "success": success == "1",
                "no_email": not partner.email,
            }
        )
        return request.render("periscope_members.portal_my_mailings", values)

    @http.route("/my/mailings", type="http", auth="user", website=True, methods=["POST"])
    def portal_my_mailings_save(self, **post):
        """Subscribe to the lists ticked, unsubscribe from the others (only
        the lists offered to the member: any other id is ignored)."""
        partner = request.env.user.partner_id
        if not partner.email:
            return request.redirect("/my/mailings")
        lists = request.env["mailing.list"]._periscope_lists_for(partner)
        wanted = {str(value) for value in request.httprequest.form.getlist("list_ids")}
        subscriptions = self._periscope_subscriptions(partner, lists)
        Subscription = request.env["mailing.subscription"].sudo().with_context(periscope_consent_source="portal")
        for mailing_list in lists:
            sub = subscriptions.get(mailing_list)
            if str(mailing_list.id) in wanted:
                if not sub:
                    contact = request.env["mailing.contact"]._periscope_contact_of(partner)
                    Subscription.create({"contact_id": contact.id, "list_id": mailing_list.id})
                elif sub.opt_out:
                    sub.with_context(periscope_consent_source="portal").write({"opt_out": False})
            elif sub and not sub.opt_out:
                sub.write({"opt_out": True})
        return request.redirect("/my/mailings?success=1")
