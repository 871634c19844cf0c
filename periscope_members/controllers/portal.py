# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
from urllib.parse import urlencode

from odoo import fields, http
from odoo.exceptions import AccessError, ValidationError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal

# what a member may change of their organisation on the portal
PROFILE_FIELDS = ("phone", "email", "website", "comment")
KEY_FIGURE_FIELDS = (
    "fte",
    "volunteers",
    "cooperators",
    "users",
    "entrepreneurs_supported",
    "visitors",
)
DIRECTORY_CONSENT_VERSION = "2024-01"
MAX_LOGO_BYTES = 2 * 1024 * 1024


class PeriscopeMembersPortal(CustomerPortal):
    def _periscope_organisation(self):
        """The member organisation of the portal user, or an empty recordset."""
        organisation = request.env.user.partner_id.commercial_partner_id
        return (
            organisation
            if organisation.periscope_member_type_id
            else organisation.browse()
        )

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "periscope_membership_count" in counters:
            values["periscope_membership_count"] = len(self._periscope_organisation())
        if "periscope_directory_count" in counters:
            values["periscope_directory_count"] = len(self._periscope_organisation())
        return values

    # ------------------------------------------------------------------ membership
    def _periscope_membership_values(self, organisation, **kwargs):
        year = fields.Date.context_today(organisation).year
        KeyFigure = request.env["periscope.key.figure"]
        # sudo: members cannot read products; the search is limited to the
        # posted invoices of their own organisation, shown through their rights
        invoice_ids = (
            request.env["account.move"]
            .sudo()
            .search(
                [
                    ("partner_id", "child_of", organisation.id),
                    ("move_type", "=", "out_invoice"),
                    ("state", "=", "posted"),
                    ("invoice_line_ids.product_id.membership", "=", True),
                ],
                order="invoice_date desc, id desc",
            )
            .ids
        )
        invoices = request.env["account.move"].browse(invoice_ids)
        return {
            "page_name": "periscope_membership",
            "organisation": organisation,
            "invoices": invoices,
            "key_figure": KeyFigure.search(
                [("partner_id", "=", organisation.id), ("year", "=", year)], limit=1
            ),
            "key_figure_year": year,
            "key_figure_fields": KEY_FIGURE_FIELDS,
            "error": kwargs.get("error"),
            "success": kwargs.get("success"),
        }

    @http.route("/my/membership", type="http", auth="user", website=True)
    def portal_my_membership(self, **kwargs):
        organisation = self._periscope_organisation()
        if not organisation:
            return request.redirect("/my")
        values = self._prepare_portal_layout_values()
        values.update(self._periscope_membership_values(organisation, **kwargs))
        return request.render("periscope_members.portal_my_membership", values)

    def _periscope_redirect(self, **params):
        return request.redirect(f"/my/membership?{urlencode(params)}")

    @http.route(
        "/my/membership/profile",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_my_membership_profile(self, **post):
        organisation = self._periscope_organisation()
        if not organisation:
            return request.redirect("/my")
        vals = {
            name: (post.get(name) or "").strip() or False for name in PROFILE_FIELDS
        }
        logo = post.get("logo")
        if logo and getattr(logo, "filename", None):
            content = logo.read()
            if len(content) > MAX_LOGO_BYTES:
                return self._periscope_redirect(error="logo_size")
            vals["image_1920"] = base64.b64encode(content)
        try:
            # as the member: the record rules and the safe-field guard apply
            organisation.with_user(request.env.user).write(vals)
        except (AccessError, ValidationError):
            return self._periscope_redirect(error="profile")
        return self._periscope_redirect(success="profile")

    @http.route(
        "/my/membership/key-figures",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_my_membership_key_figures(self, **post):
        organisation = self._periscope_organisation()
        if not organisation:
            return request.redirect("/my")
        vals = {}
        for name in KEY_FIGURE_FIELDS:
            raw = (post.get(name) or "0").strip().replace(",", ".")
            try:
                value = float(raw) if name == "fte" else int(raw)
            except ValueError:
                return self._periscope_redirect(error="key_figures")
            if value < 0:
                return self._periscope_redirect(error="key_figures")
            vals[name] = value
        year = fields.Date.context_today(organisation).year
        KeyFigure = request.env["periscope.key.figure"]
        declaration = KeyFigure.search(
            [("partner_id", "=", organisation.id), ("year", "=", year)], limit=1
        )
        try:
            with request.env.cr.savepoint():
                if declaration:
                    declaration.write(vals)
                else:
                    KeyFigure.create(
                        {**vals, "partner_id": organisation.id, "year": year}
                    )
        except (AccessError, ValidationError):
            return self._periscope_redirect(error="key_figures")
        return self._periscope_redirect(success="key_figures")

    @http.route(
        "/my/membership/consent",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_my_membership_consent(self, **post):
        organisation = self._periscope_organisation()
        if not organisation:
            return request.redirect("/my")
        consent = post.get("directory_consent") == "on"
        vals = {"directory_consent": consent}
        if consent:
            vals["directory_consent_version"] = DIRECTORY_CONSENT_VERSION
        organisation.write(vals)
        return self._periscope_redirect(success="consent")

    # ------------------------------------------------------------------ directory
    def _periscope_directory_domain(self, search=None):
        domain = [
            ("is_company", "=", True),
            ("periscope_member_type_id", "!=", False),
            ("directory_consent", "=", True),
        ]
        if search:
            domain += [
                "|",
                "|",
                "|",
                ("name", "ilike", search),
                ("periscope_sector_ids.name", "ilike", search),
                ("periscope_axis_ids.name", "ilike", search),
                ("comment", "ilike", search),
            ]
        return domain

    @http.route("/my/directory", type="http", auth="user", website=True)
    def portal_my_directory(self, search=None, **kwargs):
        if not self._periscope_organisation():
            return request.redirect("/my")
        # sudo: the directory shows only organisations that consented to it, and
        # only their public fields (the template reads nothing else); never people
        organisations = (
            request.env["res.partner"]
            .sudo()
            .search(self._periscope_directory_domain(search), order="name")
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "periscope_directory",
                "organisations": organisations,
                "search": search or "",
            }
        )
        return request.render("periscope_members.portal_my_directory", values)
