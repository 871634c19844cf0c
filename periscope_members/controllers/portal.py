# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import json
from urllib.parse import urlencode

from odoo import fields, http
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

from ..models.number_bounds import INTEGER_MAX, check_number, shown_number
from ..models.periscope_key_figure import BOUNDS as KEY_FIGURE_BOUNDS
from ..models.res_partner import safe_web_url

# what a member may change of their organisation on the portal
PROFILE_FIELDS = ("phone", "email", "website", "periscope_description")
KEY_FIGURE_FIELDS = ("fte", "volunteers", "cooperators", "users", "entrepreneurs_supported", "visitors")
DIRECTORY_CONSENT_VERSION = "2024-01"
MAX_LOGO_BYTES = 2 * 1024 * 1024
# the assemblies a member still takes part in: counted on the portal home
ASSEMBLY_OPEN_STATES = ("convened", "in_session")
# the resolutions a member sees: put to the vote, or voted
RESOLUTION_VISIBLE_STATES = ("open", "closed")
ASSEMBLY_SUCCESS_KEYS = ("proxy_given", "proxy_taken_back", "voted")


class PeriscopeMembersPortal(CustomerPortal):
    """The portal base of the four addons: the user's organisation, what a
    form or a URL posts parsed within bounds, paged lists. The portal
    controllers of coworking, concierge and training extend it."""

    # ------------------------------------------------------------------ base
    @staticmethod
    def _periscope_parse_int(value, minimum=-INTEGER_MAX, maximum=INTEGER_MAX):
        """A whole number posted by a form, within ``minimum`` and
        ``maximum`` (PostgreSQL's integer by default), else None: never an
        error."""
        try:
            number = int(value)
        except (TypeError, ValueError, OverflowError):
            return None
        return number if minimum <= number <= maximum else None

    @classmethod
    def _periscope_parse_id(cls, value):
        """A record id posted by a form (1 to PostgreSQL's integer), else None."""
        return cls._periscope_parse_int(value, 1)

    @staticmethod
    def _periscope_check_id(record_id):
        """A record id of a route: a 404 when no record can have it (the
        database would refuse the query)."""
        if not 0 < record_id <= INTEGER_MAX:
            raise request.not_found()
        return record_id

    def _periscope_user_organisation(self):
        """The organisation of the user (their company, or themselves): their
        bookings and orders are its, and are invoiced to it."""
        return request.env.user.partner_id.commercial_partner_id

    def _periscope_paged(self, Model, domain, url, page, step, **kwargs):
        """``(pager, records)``: page ``page`` of the records of ``domain``,
        ``step`` a page, searched as the user (their record rules apply);
        ``url_args`` for the pager's links, ``order`` for the search."""
        pager = portal_pager(
            url=url, url_args=kwargs.get("url_args"), total=Model.search_count(domain), page=page, step=step
        )
        records = Model.search(domain, order=kwargs.get("order"), limit=step, offset=pager["offset"])
        return pager, records

    def _periscope_organisation(self):
        """The member organisation of the portal user, or an empty recordset."""
        organisation = self._periscope_user_organisation()
        return organisation if organisation.periscope_member_type_id else organisation.browse()

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "periscope_membership_count" in counters:
            values["periscope_membership_count"] = len(self._periscope_organisation())
        if "periscope_directory_count" in counters:
            values["periscope_directory_count"] = len(self._periscope_organisation())
        if "periscope_assembly_count" in counters:
            Assembly = request.env["periscope.assembly"]
            values["periscope_assembly_count"] = (
                Assembly.search_count(self._periscope_assembly_domain() + [("state", "in", ASSEMBLY_OPEN_STATES)])
                if Assembly.has_access("read")
                else 0
            )
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
            "key_figure": KeyFigure.search([("partner_id", "=", organisation.id), ("year", "=", year)], limit=1),
            "key_figure_year": year,
            "key_figure_fields": KEY_FIGURE_FIELDS,
            "error": kwargs.get("error"),
            "error_message": self._periscope_key_figure_error(kwargs),
            "success": kwargs.get("success"),
        }

    def _periscope_key_figure_error(self, kwargs):
        """The message of a refused key figure, from the names in the
        address (never its text: the page writes it)."""
        figure = kwargs.get("figure")
        if kwargs.get("error") != "key_figures" or figure not in KEY_FIGURE_FIELDS:
            return None
        env = request.env
        label = env["periscope.key.figure"]._fields[figure]._description_string(env)
        low, high = (shown_number(env, n) for n in KEY_FIGURE_BOUNDS[figure])
        if figure == "fte":
            return env._(
                "%(figure)s: enter a number from %(low)s to %(high)s (4,5 or 4.5 for four and a half).",
                figure=label,
                low=low,
                high=high,
            )
        return env._(
            "%(figure)s: enter a whole number of people from %(low)s to %(high)s.", figure=label, low=low, high=high
        )

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

    @http.route("/my/membership/profile", type="http", auth="user", methods=["POST"], website=True)
    def portal_my_membership_profile(self, **post):
        organisation = self._periscope_organisation()
        if not organisation:
            return request.redirect("/my")
        vals = {name: (post.get(name) or "").strip() or False for name in PROFILE_FIELDS}
        logo = post.get("logo")
        if logo and getattr(logo, "filename", None):
            content = logo.read()
            if len(content) > MAX_LOGO_BYTES:
                return self._periscope_redirect(error="logo_size")
            vals["image_1920"] = base64.b64encode(content)
        try:
            with request.env.cr.savepoint():
                # as the member: the record rules and the safe-field guard apply
                organisation.with_user(request.env.user).write(vals)
        except ValidationError:
            # the only constraint of these fields: a website is a web address
            # ("coop.example.org" is one: http:// is added)
            return self._periscope_redirect(error="website")
        except AccessError:
            return self._periscope_redirect(error="profile")
        return self._periscope_redirect(success="profile")

    @http.route("/my/membership/key-figures", type="http", auth="user", methods=["POST"], website=True)
    def portal_my_membership_key_figures(self, **post):
        organisation = self._periscope_organisation()
        if not organisation:
            return request.redirect("/my")
        KeyFigure = request.env["periscope.key.figure"]
        vals = {}
        for name in KEY_FIGURE_FIELDS:
            raw = (post.get(name) or "0").strip()
            try:
                # a finite number within the figure's bounds, a whole one for
                # people; "4,5" is 4.5
                vals[name] = check_number(KeyFigure, name, raw, KEY_FIGURE_BOUNDS[name])
            except ValidationError:
                return self._periscope_redirect(error="key_figures", figure=name)
        year = fields.Date.context_today(organisation).year
        declaration = KeyFigure.search([("partner_id", "=", organisation.id), ("year", "=", year)], limit=1)
        try:
            with request.env.cr.savepoint():
                if declaration:
                    declaration.write(vals)
                else:
                    KeyFigure.create({**vals, "partner_id": organisation.id, "year": year})
        except (AccessError, UserError, ValidationError):
            return self._periscope_redirect(error="key_figures")
        return self._periscope_redirect(success="key_figures")

    @http.route("/my/membership/consent", type="http", auth="user", methods=["POST"], website=True)
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

    @http.route("/my/personal-data", type="http", auth="user", methods=["GET"], website=True)
    def portal_my_personal_data(self, **kwargs):
        """The logged-in person's own data, as a JSON file."""
        partner = request.env.user.partner_id
        data = partner._periscope_personal_data()
        body = json.dumps(data, ensure_ascii=False, indent=2, default=str)
        return request.make_response(
            body.encode(),
            headers=[
                ("Content-Type", "application/json; charset=utf-8"),
                ("Content-Disposition", http.content_disposition(f"personal-data-{partner.id}.json")),
                ("Cache-Control", "no-store"),
            ],
        )

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
                # the public description, never the staff's internal notes
                ("periscope_description", "ilike", search),
            ]
        return domain

    @http.route("/my/directory", type="http", auth="user", website=True)
    def portal_my_directory(self, search=None, **kwargs):
        if not self._periscope_organisation():
            return request.redirect("/my")
        # sudo: the directory shows only organisations that consented to it, and
        # only their public fields (the template reads nothing else); never people
        organisations = request.env["res.partner"].sudo().search(self._periscope_directory_domain(search), order="name")
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "periscope_directory",
                "organisations": organisations,
                # only web addresses are links: never javascript: or data:
                "websites": {organisation.id: safe_web_url(organisation.website) for organisation in organisations},
                "search": search or "",
            }
        )
        return request.render("periscope_members.portal_my_directory", values)

    # ------------------------------------------------------------------ assemblies
    def _periscope_assembly_domain(self):
        """The assemblies the user's organisation is convened to (the record
        rule says the same for portal users; staff see more, not here)."""
        organisation = request.env.user.partner_id.commercial_partner_id
        return [("member_ids.partner_id", "=", organisation.id)]

    def _periscope_assembly_get(self, assembly_id):
        """The assembly, found as the user, or 404."""
        Assembly = request.env["periscope.assembly"]
        assembly = Assembly
        if Assembly.has_access("read"):
            # as the user: an assembly the organisation is not convened to is
            # not found
            assembly = Assembly.search(self._periscope_assembly_domain() + [("id", "=", assembly_id)])
        if not assembly:
            raise request.not_found()
        return assembly

    def _periscope_assembly_member(self, assemblies):
        """The convened organisation line of the user's organisation in each
        of the ``assemblies``, read as the user."""
        organisation = request.env.user.partner_id.commercial_partner_id
        members = request.env["periscope.assembly.member"].search(
            [("assembly_id", "in", assemblies.ids), ("partner_id", "=", organisation.id)]
        )
        return {member.assembly_id: member for member in members}

    def _periscope_participation(self, member):
        """How the organisation takes part in the assembly, in a sentence."""
        env = request.env
        if not member:
            return ""
        if member.attendance == "represented":
            return env._("Represented by %(holder)s", holder=member.proxy_holder_id.partner_name)
        if member.carried_proxy_ids:
            return env._(
                "Votes itself and for %(organisations)s (proxies)",
                organisations=", ".join(member.carried_proxy_ids.mapped("partner_name")),
            )
        return env._("Votes itself")

    @http.route("/my/assemblies", type="http", auth="user", website=True)
    def portal_my_assemblies(self, **kwargs):
        Assembly = request.env["periscope.assembly"]
        if not Assembly.has_access("read"):
            return request.redirect("/my")
        # as the user: the record rule keeps them to the convocations of their
        # organisation
        assemblies = Assembly.search(self._periscope_assembly_domain())
        members = self._periscope_assembly_member(assemblies)
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "periscope_assemblies",
                "rows": [
                    {
                        "assembly": assembly,
                        "member": members.get(assembly),
                        "participation": self._periscope_participation(members.get(assembly)),
                    }
                    for assembly in assemblies
                ],
            }
        )
        return request.render("periscope_members.portal_my_assemblies", values)

    def _periscope_assembly_values(self, assembly, error=None, success=None):
        """What the page of an assembly shows to the user's organisation, all
        read as the user except the documents."""
        member = self._periscope_assembly_member(assembly).get(assembly)
        college = assembly.college_line_ids.filtered(lambda line: line.college_id == member.college_id)[:1]
        # the organisations that may carry the proxy: convened, not the user's
        # own, and not having given their own proxy (no chains)
        holders = assembly.member_ids.filtered(lambda m: m != member and not m.proxy_holder_id)
        resolutions = assembly.resolution_ids.filtered(lambda r: r.state in RESOLUTION_VISIBLE_STATES)
        # as the user: the record rule shows the organisation its own ballots
        # only (cast by it or for it), never the others'
        ballots = request.env["periscope.assembly.ballot"].search([("resolution_id", "in", resolutions.ids)])
        can_vote = assembly.remote_voting and assembly.state in ASSEMBLY_OPEN_STATES and bool(member)
        rows = self._periscope_resolution_rows(member, resolutions, ballots, can_vote)
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "periscope_assembly",
                "assembly": assembly,
                "member": member,
                "college": college,
                "participation": self._periscope_participation(member),
                "holders": holders,
                # no chains of proxies, no proxy once voted: the model
                # refuses them too
                "can_give_proxy": bool(member)
                and assembly.state in ASSEMBLY_OPEN_STATES
                and not member.carried_proxy_ids
                and member not in ballots.member_id,
                # sudo: members cannot read the attachments of an assembly;
                # these are the documents of one their organisation is convened
                # to (found as the user), and only their names are shown
                "documents": assembly.sudo().document_ids,
                "resolution_rows": rows,
                "can_vote": can_vote,
                "error": error,
                "success": success if success in ASSEMBLY_SUCCESS_KEYS else None,
            }
        )
        return values

    def _periscope_resolution_rows(self, member, resolutions, ballots, can_vote):
        """A row per resolution: the user's organisation's ``ballots`` on it,
        the organisations it still votes for (its own unless represented, and
        those whose proxy it carries) while the vote is open, the results."""
        voters = member.carried_proxy_ids
        if member and member.attendance != "represented":
            voters = member | voters
        rows = []
        for resolution in resolutions:
            own_ballots = ballots.filtered(lambda b, r=resolution: b.resolution_id == r)
            rows.append(
                {
                    "resolution": resolution,
                    "ballots": own_ballots,
                    "voters": voters - own_ballots.member_id
                    if can_vote and resolution.state == "open"
                    else voters.browse(),
                    "results": self._periscope_result_table(resolution),
                }
            )
        return rows

    def _periscope_result_table(self, resolution):
        """The results of a closed vote: one row per college, then the
        weighted total; one cell per option."""
        if resolution.state != "closed":
            return []
        results = resolution.result_ids
        table = []
        for college in results.college_id:
            cells = results.filtered(lambda r, c=college: r.college_id == c)
            table.append({"label": college.name, "cells": cells, "total": False})
        totals = results.filtered(lambda r: not r.college_id)
        if totals:
            table.append({"label": request.env._("Total (weighted)"), "cells": totals, "total": True})
        return table

    def _periscope_render_assembly(self, assembly, error=None, success=None):
        return request.render(
            "periscope_members.portal_my_assembly",
            self._periscope_assembly_values(assembly, error=error, success=success),
        )

    @http.route("/my/assemblies/<int:assembly_id>", type="http", auth="user", website=True)
    def portal_my_assembly(self, assembly_id, success=None, **kwargs):
        assembly = self._periscope_assembly_get(assembly_id)
        return self._periscope_render_assembly(assembly, success=success)

    @http.route(
        "/my/assemblies/<int:assembly_id>/documents/<int:attachment_id>", type="http", auth="user", website=True
    )
    def portal_my_assembly_document(self, assembly_id, attachment_id, **kwargs):
        assembly = self._periscope_assembly_get(assembly_id)
        # sudo: members cannot read the attachments of an assembly; the
        # assembly was found as the user (their organisation is convened to
        # it) and only one of its own documents is served
        attachment = assembly.sudo().document_ids.filtered(lambda a: a.id == attachment_id)
        if not attachment:
            raise request.not_found()
        return request.env["ir.binary"]._get_stream_from(attachment).get_response(as_attachment=True)

    @http.route("/my/assemblies/<int:assembly_id>/proxy", type="http", auth="user", methods=["POST"], website=True)
    def portal_my_assembly_proxy(self, assembly_id, holder_id=None, **post):
        env = request.env
        assembly = self._periscope_assembly_get(assembly_id)
        member = self._periscope_assembly_member(assembly).get(assembly)
        if not member:
            raise request.not_found()
        holder = env["periscope.assembly.member"]
        if holder_id:
            # as the user: only a convened organisation of this assembly
            holder = holder.search(
                [("id", "=", self._periscope_parse_id(holder_id) or 0), ("assembly_id", "=", assembly.id)]
            )
            if not holder:
                return self._periscope_render_assembly(
                    assembly, error=env._("Choose one of the organisations convened to the assembly.")
                )
        try:
            with env.cr.savepoint():
                # sudo: members only read the convened organisations; the line
                # is the user's own organisation's (found as the user, above),
                # the holder is convened to the same assembly, and the model
                # refuses a proxy to oneself, a chain, too many proxies, a
                # proxy after voting or once the assembly is over
                member.sudo().action_give_proxy(holder.sudo())
        except (AccessError, UserError, ValidationError) as exc:
            env.invalidate_all()
            return self._periscope_render_assembly(assembly, error=exc.args[0])
        success = "proxy_given" if holder else "proxy_taken_back"
        return request.redirect(f"/my/assemblies/{assembly.id}?success={success}")

    def _periscope_assembly_member_posted(self, assembly, member_id):
        """The convened organisation of ``assembly`` that ``member_id`` names,
        searched as the user (the model checks that the user's organisation
        votes for it), or an empty recordset."""
        return request.env["periscope.assembly.member"].search(
            [("id", "=", self._periscope_parse_id(member_id) or 0), ("assembly_id", "=", assembly.id)]
        )

    @http.route(
        "/my/assemblies/resolution/<int:resolution_id>/vote", type="http", auth="user", methods=["POST"], website=True
    )
    def portal_my_assembly_vote(self, resolution_id, option_id=None, member_id=None, **post):
        env = request.env
        Resolution = env["periscope.assembly.resolution"]
        resolution = Resolution
        if Resolution.has_access("read"):
            # as the user: a resolution of an assembly the organisation is not
            # convened to is not found
            resolution = Resolution.search(
                [("id", "=", resolution_id), ("assembly_id", "any", self._periscope_assembly_domain())]
            )
        if not resolution:
            raise request.not_found()
        assembly = resolution.assembly_id
        option = resolution.option_ids.filtered(lambda o: o.id == self._periscope_parse_id(option_id))
        member = None
        if member_id:
            member = self._periscope_assembly_member_posted(assembly, member_id)
            if not member:
                return self._periscope_render_assembly(
                    assembly, error=env._("Vote for your organisation or for one whose proxy it carries.")
                )
        target = member or self._periscope_assembly_member(assembly).get(assembly)
        # as the user: the organisation sees the ballots cast by it or for it;
        # a second vote is refused here rather than by the database
        voted = env["periscope.assembly.ballot"].search_count(
            [("resolution_id", "=", resolution.id), ("member_id", "=", target.id)]
        )
        if voted:
            return self._periscope_render_assembly(
                assembly,
                error=env._(
                    "%(organisation)s has already voted on %(resolution)s.",
                    organisation=target.partner_name,
                    resolution=resolution.name,
                ),
            )
        try:
            with env.cr.savepoint():
                # as the user: the model checks who votes for whom, on what,
                # and records the ballot
                resolution.action_vote(option, member)
        except (AccessError, UserError, ValidationError) as exc:
            env.invalidate_all()
            return self._periscope_render_assembly(assembly, error=exc.args[0])
        return request.redirect(f"/my/assemblies/{assembly.id}?success=voted#resolution_{resolution.id}")
