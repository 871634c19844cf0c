# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from urllib.parse import urlencode

from odoo import http
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.http import request

from ..models.periscope_sharing_offer import MAX_TEXT, MAX_TITLE, SHARING_CATEGORIES, SHARING_KINDS
from .portal import PeriscopeMembersPortal

SHARING_STEP = 20
# what a member may do of their organisation's offer, and of a request
OFFER_ACTIONS = {"publish": "action_publish", "close": "action_close", "draft": "action_draft"}
REQUEST_ACTIONS = {
    # the organisation asked answers; the asking one withdraws; either says done
    "agree": ("offer_partner_id", "action_agree"),
    "decline": ("offer_partner_id", "action_decline"),
    "cancel": ("partner_id", "action_cancel"),
    "done": (None, "action_done"),
}
# the requests an organisation received and those it sent, by the field
# that names it
REQUEST_BOXES = {"received": "offer_partner_id", "sent": "partner_id"}
SHARING_SUCCESS_KEYS = ("created", "published", "closed", "draft", "requested", "agree", "decline", "cancel", "done")


class PeriscopeSharingPortal(PeriscopeMembersPortal):
    """What the member organisations share and need, on their portal: they
    browse the published offers and needs, publish their own, ask for
    another's and answer what they are asked."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "periscope_sharing_count" in counters:
            organisation = self._periscope_organisation()
            values["periscope_sharing_count"] = (
                request.env["periscope.sharing.request"].search_count(
                    [("offer_partner_id", "=", organisation.id), ("state", "=", "requested")]
                )
                if organisation
                else 0
            )
        return values

    def _periscope_sharing_redirect(self, path="/my/sharing", **params):
        return request.redirect(f"{path}?{urlencode(params)}" if params else path)

    def _periscope_sharing_filters(self, kind=None, category=None, axis=None):
        """The domain of the published offers of the other organisations that
        the filters choose, and the filters as they are understood."""
        kind = kind if kind in dict(SHARING_KINDS) else None
        category = category if category in dict(SHARING_CATEGORIES) else None
        axis_id = self._periscope_parse_id(axis)
        domain = [("state", "=", "published"), ("partner_id", "!=", self._periscope_organisation().id)]
        if kind:
            domain.append(("kind", "=", kind))
        if category:
            domain.append(("category", "=", category))
        if axis_id:
            domain.append(("axis_ids", "in", axis_id))
        return domain, {"kind": kind or "", "category": category or "", "axis": axis_id or ""}

    def _periscope_sharing_common(self):
        return {
            "kinds": SHARING_KINDS,
            "categories": SHARING_CATEGORIES,
            "axes": request.env["periscope.cooperation.axis"].search([]),
            "max_title": MAX_TITLE,
            "max_text": MAX_TEXT,
        }

    @http.route(["/my/sharing", "/my/sharing/page/<int:page>"], type="http", auth="user", website=True)
    def portal_my_sharing(self, page=1, kind=None, category=None, axis=None, success=None, error=None, **kwargs):
        organisation = self._periscope_organisation()
        if not organisation:
            return request.redirect("/my")
        domain, filters = self._periscope_sharing_filters(kind, category, axis)
        Offer = request.env["periscope.sharing.offer"]
        pager, offers = self._periscope_paged(
            Offer, domain, "/my/sharing", page, SHARING_STEP, url_args={k: v for k, v in filters.items() if v}
        )
        values = self._prepare_portal_layout_values()
        values.update(self._periscope_sharing_common())
        values.update(
            {
                "page_name": "periscope_sharing",
                "organisation": organisation,
                "offers": offers,
                "ours": Offer.search([("partner_id", "=", organisation.id)]),
                "pager": pager,
                "filters": filters,
                "success": success if success in SHARING_SUCCESS_KEYS else None,
                "error": error,
            }
        )
        return request.render("periscope_members.portal_my_sharing", values)

    def _periscope_offer_values(self, post, organisation):
        """The values of a new offer posted by a member, or an error key."""
        kind, category = post.get("kind"), post.get("category")
        name = (post.get("name") or "").strip()
        if kind not in dict(SHARING_KINDS) or category not in dict(SHARING_CATEGORIES) or not name:
            return None, "offer_incomplete"
        axis_ids = {self._periscope_parse_id(value) for value in request.httprequest.form.getlist("axis_ids")}
        axes = request.env["periscope.cooperation.axis"].search([("id", "in", list(axis_ids - {None}))])
        return {
            "kind": kind,
            "category": category,
            "name": name,
            "description": (post.get("description") or "").strip() or False,
            "availability": (post.get("availability") or "").strip() or False,
            "axis_ids": [(6, 0, axes.ids)],
            "partner_id": organisation.id,
            "contact_id": request.env.user.partner_id.id,
        }, None

    @http.route("/my/sharing/new", type="http", auth="user", methods=["POST"], website=True)
    def portal_my_sharing_new(self, **post):
        organisation = self._periscope_organisation()
        if not organisation:
            return request.redirect("/my")
        vals, error = self._periscope_offer_values(post, organisation)
        if error:
            return self._periscope_sharing_redirect(error=error)
        try:
            with request.env.cr.savepoint():
                # sudo: members read offers only; the values are checked above
                # and the offer is their own organisation's
                offer = request.env["periscope.sharing.offer"].sudo().create(vals)
                if post.get("publish"):
                    offer.action_publish()
        except ValidationError:
            return self._periscope_sharing_redirect(error="offer_too_long")
        return self._periscope_sharing_redirect(
            f"/my/sharing/{offer.id}", success="published" if post.get("publish") else "created"
        )

    def _periscope_sharing_record(self, model, record_id):
        """The offer or request ``record_id`` as the member sees it (its
        record rules apply), a 404 otherwise."""
        record = request.env[model].browse(self._periscope_check_id(record_id)).exists()
        if not record or not record.has_access("read"):
            raise request.not_found()
        return record

    @http.route("/my/sharing/<int:offer_id>", type="http", auth="user", website=True)
    def portal_my_sharing_offer(self, offer_id, success=None, error=None, **kwargs):
        organisation = self._periscope_organisation()
        if not organisation:
            return request.redirect("/my")
        offer = self._periscope_sharing_record("periscope.sharing.offer", offer_id)
        Request = request.env["periscope.sharing.request"]
        values = self._prepare_portal_layout_values()
        values.update(self._periscope_sharing_common())
        values.update(
            {
                "page_name": "periscope_sharing_offer",
                "organisation": organisation,
                "offer": offer,
                "is_ours": offer.partner_id == organisation,
                # as the member: the requests of the offer it makes or receives
                "requests": Request.search([("offer_id", "=", offer.id)]),
                "open_request": Request.search(
                    [
                        ("offer_id", "=", offer.id),
                        ("partner_id", "=", organisation.id),
                        ("state", "in", ("requested", "agreed")),
                    ],
                    limit=1,
                ),
                "success": success if success in SHARING_SUCCESS_KEYS else None,
                "error": error,
            }
        )
        return request.render("periscope_members.portal_my_sharing_offer", values)

    @http.route("/my/sharing/<int:offer_id>/<string:action>", type="http", auth="user", methods=["POST"], website=True)
    def portal_my_sharing_offer_action(self, offer_id, action, **post):
        organisation = self._periscope_organisation()
        if not organisation:
            return request.redirect("/my")
        offer = self._periscope_sharing_record("periscope.sharing.offer", offer_id)
        path = f"/my/sharing/{offer.id}"
        if action == "request":
            return self._periscope_sharing_ask(offer, organisation, post, path)
        if action not in OFFER_ACTIONS or offer.partner_id != organisation:
            raise request.not_found()
        try:
            with request.env.cr.savepoint():
                # sudo: the offer is the member's organisation's (checked above)
                getattr(offer.sudo(), OFFER_ACTIONS[action])()
        except UserError:
            return self._periscope_sharing_redirect(path, error="state")
        return self._periscope_sharing_redirect(
            path, success={"publish": "published", "close": "closed"}.get(action, action)
        )

    def _periscope_sharing_ask(self, offer, organisation, post, path):
        message = (post.get("message") or "").strip()
        if not message:
            return self._periscope_sharing_redirect(path, error="message")
        if offer.partner_id == organisation or offer.state != "published":
            raise request.not_found()
        try:
            with request.env.cr.savepoint():
                # sudo: members read requests only; the request is their own
                # organisation's, for a published offer of another
                request.env["periscope.sharing.request"].sudo().create(
                    {
                        "offer_id": offer.id,
                        "partner_id": organisation.id,
                        "contact_id": request.env.user.partner_id.id,
                        "message": message,
                    }
                )
        except ValidationError:
            # asked already, maybe by a colleague at the same moment (the
            # request's create turns the database's refusal into this error)
            return self._periscope_sharing_redirect(path, error="request")
        return self._periscope_sharing_redirect(path, success="requested")

    @http.route(
        ["/my/sharing/requests", "/my/sharing/requests/page/<int:page>"], type="http", auth="user", website=True
    )
    def portal_my_sharing_requests(self, page=1, box=None, success=None, error=None, **kwargs):
        """The requests the organisation received (``box``: received, the
        default) or sent (sent), a page at a time."""
        organisation = self._periscope_organisation()
        if not organisation:
            return request.redirect("/my")
        box = box if box in REQUEST_BOXES else "received"
        Request = request.env["periscope.sharing.request"]
        pager, requests = self._periscope_paged(
            Request,
            [(REQUEST_BOXES[box], "=", organisation.id)],
            "/my/sharing/requests",
            page,
            SHARING_STEP,
            url_args={"box": box},
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "periscope_sharing_requests",
                "organisation": organisation,
                "max_text": MAX_TEXT,
                "box": box,
                "requests": requests,
                "pager": pager,
                "counts": {
                    name: Request.search_count([(field, "=", organisation.id)]) for name, field in REQUEST_BOXES.items()
                },
                "success": success if success in SHARING_SUCCESS_KEYS else None,
                "error": error,
            }
        )
        return request.render("periscope_members.portal_my_sharing_requests", values)

    @http.route(
        "/my/sharing/requests/<int:request_id>/<string:action>",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_my_sharing_request_action(self, request_id, action, **post):
        organisation = self._periscope_organisation()
        if not organisation or action not in REQUEST_ACTIONS:
            raise request.not_found()
        sharing_request = self._periscope_sharing_record("periscope.sharing.request", request_id)
        side, method = REQUEST_ACTIONS[action]
        parties = (sharing_request.partner_id, sharing_request.offer_partner_id)
        if (side and sharing_request[side] != organisation) or organisation not in parties:
            raise request.not_found()
        args = [(post.get("answer") or "").strip()[:MAX_TEXT] or None] if action in ("agree", "decline") else []
        box = "received" if sharing_request.offer_partner_id == organisation else "sent"
        try:
            with request.env.cr.savepoint():
                # sudo: the member's organisation is the party of the request
                # that this step belongs to (checked above)
                getattr(sharing_request.sudo(), method)(*args)
        except (AccessError, UserError):
            return self._periscope_sharing_redirect("/my/sharing/requests", box=box, error="state")
        return self._periscope_sharing_redirect("/my/sharing/requests", box=box, success=action)
