# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import http
from odoo.http import request

from ..models.res_partner import safe_web_url

# the public fields of an organisation the showcase shows, nothing else
SHOWCASE_FIELDS = ("name", "website", "periscope_description", "periscope_axis_ids", "periscope_sector_ids")


class PeriscopeShowcase(http.Controller):
    """The hub as a showcase of the social and solidarity economy, for
    anyone, without a login: the member organisations that consented to the
    directory, with their cooperation axes and a link; the other addons add
    their sections (the upcoming public events, the training catalogue)."""

    def _periscope_showcase_values(self, axis=None):
        """The values of the page; ``axis`` (an id, as the filter's link
        gives it) keeps the organisations of that cooperation axis."""
        Axis = request.env["periscope.cooperation.axis"].sudo()
        chosen = Axis.browse(int(axis)).exists() if axis and str(axis).isdigit() and len(str(axis)) < 10 else Axis
        domain = [
            ("is_company", "=", True),
            ("periscope_member_type_id", "!=", False),
            ("directory_consent", "=", True),
        ]
        if chosen:
            domain.append(("periscope_axis_ids", "in", chosen.ids))
        # sudo: the organisations that consented to the directory, read for
        # their public fields only (the template reads nothing else); never
        # their people
        organisations = request.env["res.partner"].sudo().search(domain, order="name")
        organisations.fetch(SHOWCASE_FIELDS)
        company = request.env.company.sudo()
        partner = company.partner_id
        town = " ".join(filter(None, (partner.zip, partner.city)))
        return {
            "company": company,
            "address": ", ".join(filter(None, (partner.street, partner.street2, town))),
            "organisations": organisations,
            "websites": {organisation.id: safe_web_url(organisation.website) for organisation in organisations},
            "axes": Axis.search([]),
            "chosen_axis": chosen,
        }

    @http.route("/le-periscope", type="http", auth="public", website=True, sitemap=True)
    def periscope_showcase(self, axis=None, **kwargs):
        return request.render("periscope_members.showcase", self._periscope_showcase_values(axis))
