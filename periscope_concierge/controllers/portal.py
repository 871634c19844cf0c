# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re

from odoo import Command, http
from odoo.exceptions import UserError, ValidationError
from odoo.http import request
from odoo.tools import formatLang

from odoo.addons.periscope_members.controllers.portal import PeriscopeMembersPortal

from ..models.number_bounds import MAX_QUANTITY, parse_number
from ..models.periscope_concierge_order import MEMBER_CANCELLABLE

ORDERS_PER_PAGE = 20
LINES_PER_PAGE = 20
# the orders still on their way through the desk
OPEN_STATES = ("draft", "deposited", "at_provider", "ready", "at_desk")
# the steps of an order and the field that keeps the time of each
STEP_FIELDS = (
    ("draft", "create_date"),
    ("deposited", "date_deposited"),
    ("at_provider", "date_at_provider"),
    ("ready", "date_ready"),
    ("at_desk", "date_at_desk"),
    ("collected", "date_collected"),
    ("cancelled", "date_cancelled"),
)
# the quantity of a service of the catalogue, as the order form posts it
QUANTITY_KEY_RE = re.compile(r"quantity_(\d{1,18})")
NOTE_MAX_LENGTH = 2000


class PeriscopeConciergePortal(PeriscopeMembersPortal):
    # ------------------------------------------------------------------ helpers
    def _periscope_concierge_order_domain(self):
        """The orders of the user's organisation, as its record rule has it."""
        organisation = self._periscope_user_organisation()
        return ["|", ("partner_id", "child_of", organisation.id), ("beneficiary_id", "child_of", organisation.id)]

    def _periscope_concierge_order_filters(self):
        env = request.env
        return {
            "open": {"label": env._("In progress"), "domain": [("state", "in", OPEN_STATES)]},
            "closed": {"label": env._("Collected or cancelled"), "domain": [("state", "not in", OPEN_STATES)]},
            "all": {"label": env._("All"), "domain": []},
        }

    def _periscope_concierge_provider_domain(self, states):
        """The services routed to the user's organisation in ``states``, of
        orders that are not cancelled."""
        # sudo: only the ids of the orders that are not cancelled, as a
        # subquery; the lines themselves are searched as the user, whose
        # record rule keeps them to the lines routed to their organisation
        live_orders = request.env["periscope.concierge.order"].sudo()._search([("state", "!=", "cancelled")])
        return [
            ("provider_id", "child_of", self._periscope_user_organisation().id),
            ("state", "in", states),
            ("order_id", "in", live_orders),
        ]

    def _periscope_concierge_provider_filters(self):
        env = request.env
        return {
            "todo": {"label": env._("To do"), "states": ("at_provider",), "order": "id asc"},
            "ready": {"label": env._("Ready"), "states": ("ready",), "order": "date_ready desc, id desc"},
        }

    def _periscope_concierge_is_provider(self):
        """Whether the user's organisation carries out a concierge service."""
        # sudo: members do not read products; only whether a service is
        # carried out by their organisation leaves this call
        Template = request.env["product.template"].sudo().with_context(active_test=False)
        return bool(
            Template.search_count(
                [
                    ("is_concierge_service", "=", True),
                    ("concierge_provider_id", "child_of", self._periscope_user_organisation().id),
                ],
                limit=1,
            )
        )

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "periscope_concierge_order_count" in counters:
            Order = request.env["periscope.concierge.order"]
            values["periscope_concierge_order_count"] = (
                Order.search_count(self._periscope_concierge_order_domain() + [("state", "in", OPEN_STATES)])
                if Order.has_access("read")
                else 0
            )
        if "periscope_concierge_provider_count" in counters:
            Line = request.env["periscope.concierge.order.line"]
            values["periscope_concierge_provider_count"] = (
                Line.search_count(self._periscope_concierge_provider_domain(("at_provider",)))
                if Line.has_access("read")
                else 0
            )
        return values

    @http.route()
    def home(self, **kw):
        response = super().home(**kw)
        if getattr(response, "qcontext", None) is not None:
            # the providers' card is shown to the organisations that carry
            # out a service only
            response.qcontext["periscope_concierge_provider"] = self._periscope_concierge_is_provider()
        return response

    # ------------------------------------------------------------------ orders
    @http.route(["/my/concierge", "/my/concierge/page/<int:page>"], type="http", auth="user", website=True)
    def portal_my_concierge(self, page=1, filterby=None, success=None, **kwargs):
        if not request.env["periscope.concierge.order"].has_access("read"):
            return request.redirect("/my")
        values = self._periscope_concierge_orders_values(page=page, filterby=filterby, success=success)
        return request.render("periscope_concierge.portal_my_concierge_orders", values)

    def _periscope_concierge_orders_values(self, page=1, filterby=None, success=None):
        Order = request.env["periscope.concierge.order"]
        filters = self._periscope_concierge_order_filters()
        if filterby not in filters:
            filterby = "open"
        domain = self._periscope_concierge_order_domain() + filters[filterby]["domain"]
        # as the user: the record rule keeps them to their organisation's
        pager, orders = self._periscope_paged(
            Order, domain, "/my/concierge", page, ORDERS_PER_PAGE, url_args={"filterby": filterby}, order="id desc"
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "periscope_concierge",
                "default_url": "/my/concierge",
                "order_filters": filters,
                "filterby": filterby,
                "pager": pager,
                "rows": self._periscope_concierge_order_rows(orders),
                "is_provider": self._periscope_concierge_is_provider(),
                "success": success,
            }
        )
        return values

    def _periscope_concierge_order_rows(self, orders):
        """What the list shows of each order, read in batch: the same queries
        for one order or a page of them."""
        states = dict(orders._fields["state"]._description_selection(request.env))
        rows = []
        # sudo: the orders were found as the user, through the record rule of
        # their organisation; the person who dropped one off may be outside
        # it when the organisation pays, and their name is still shown
        for order in orders.sudo():
            is_open = order.state in OPEN_STATES
            rows.append(
                {
                    "id": order.id,
                    "name": order.name,
                    "url": f"/my/concierge/{order.id}",
                    "date": order.create_date,
                    "beneficiary": order.beneficiary_id.name,
                    "state": order.state,
                    "state_label": states.get(order.state),
                    # the code of the user's own orders only, not their
                    # colleagues'
                    "pickup_code": is_open and order.my_pickup_code,
                    "expected_date": is_open and order.expected_date,
                    "amount": order.amount_total,
                    "currency": order.currency_id,
                }
            )
        return rows

    def _periscope_concierge_find_order(self, order_id):
        """The order of the user's organisation, or a 404."""
        self._periscope_check_id(order_id)
        Order = request.env["periscope.concierge.order"]
        order = Order
        if Order.has_access("read"):
            # as the user: another organisation's order is not found
            order = Order.search(self._periscope_concierge_order_domain() + [("id", "=", order_id)])
        if not order:
            raise request.not_found()
        return order

    @http.route("/my/concierge/<int:order_id>", type="http", auth="user", website=True)
    def portal_my_concierge_order(self, order_id, success=None, **kwargs):
        order = self._periscope_concierge_find_order(order_id)
        return request.render(
            "periscope_concierge.portal_my_concierge_order",
            self._periscope_concierge_order_values(order, success=success),
        )

    def _periscope_concierge_order_values(self, order, success=None, error=None):
        env = request.env
        states = dict(order._fields["state"]._description_selection(env))
        line_states = {
            "pending": env._("At the desk"),
            "at_provider": env._("At the provider"),
            "ready": env._("Ready"),
        }
        # sudo: the order was found as the user through their organisation's
        # record rule; the providers of its services and the units are records
        # members do not read, only their names are shown
        order_sudo = order.sudo()
        steps = []
        for state, field in STEP_FIELDS:
            moment = order_sudo[field]
            if not moment and (state == "cancelled" or order.state == "cancelled"):
                continue
            steps.append({"state": state, "label": states[state], "date": moment, "current": state == order.state})
        lines = [
            {
                "id": line.id,
                "name": line.name,
                "provider": line.provider_id.name,
                "quantity": f"{line.quantity:g}",
                "uom": line.product_id.uom_id.name,
                "price_unit": line.price_unit,
                "subtotal": line.price_subtotal,
                "state_label": line_states.get(line.state) if order.state == "at_provider" else False,
            }
            for line in order_sudo.line_ids
        ]
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "periscope_concierge_order",
                "order": order_sudo,
                "state_label": states.get(order.state),
                "is_open": order.state in OPEN_STATES,
                "steps": steps,
                "lines": lines,
                "currency": order_sudo.currency_id,
                "cancellable": order.state in MEMBER_CANCELLABLE,
                "success": success,
                "error": error,
            }
        )
        return values

    # ------------------------------------------------------------------ cancel
    @http.route("/my/concierge/<int:order_id>/cancel", type="http", auth="user", methods=["POST"], website=True)
    def portal_my_concierge_cancel(self, order_id, **post):
        env = request.env
        order = self._periscope_concierge_find_order(order_id)
        error = None
        try:
            with env.cr.savepoint():
                # as the user: the model checks that the order is their
                # organisation's and still at the desk
                order._cancel_by_member()
        except (UserError, ValidationError) as exc:
            error = exc.args[0]
        if error:
            return request.render(
                "periscope_concierge.portal_my_concierge_order",
                self._periscope_concierge_order_values(order, error=error),
            )
        return request.redirect(f"/my/concierge/{order.id}?success=cancelled")

    # ------------------------------------------------------------------ new order
    def _periscope_concierge_services(self):
        """The concierge services of the catalogue, in the user's company."""
        # sudo: members do not read products; the catalogue of concierge
        # services is what they order from
        Product = request.env["product.product"].sudo()
        return Product.search(
            [("is_concierge_service", "=", True), *Product._check_company_domain(request.env.company)]
        )

    def _periscope_concierge_new_values(self, posted=None, note=None, error=None):
        """The catalogue with the user's price of each service."""
        posted = posted or {}
        services = self._periscope_concierge_services()
        # sudo: members read neither the pricelists nor the products; the
        # order is only new, its prices are those the model fixes when the
        # order is created, from the rates of the user's organisation
        partner = request.env.user.partner_id
        draft = (
            request.env["periscope.concierge.order"]
            .sudo()
            .new(
                {
                    "beneficiary_id": partner.id,
                    # who pays does not change the prices: not looked up in
                    # the agreements for a mere price list
                    "partner_id": partner.id,
                    "agreement_id": False,
                    "line_ids": [Command.create({"product_id": service.id, "quantity": 1.0}) for service in services],
                }
            )
        )
        prices = {line.product_id.id: line.price_unit for line in draft.line_ids}
        rows = [
            {
                "id": service.id,
                "name": service.display_name,
                "description": service.description_sale,
                "provider": service.concierge_provider_id.name,
                "price": prices.get(service.id, 0.0),
                "uom": service.uom_id.name,
                "turnaround": service.concierge_turnaround_days,
                "quantity": posted.get(f"quantity_{service.id}", ""),
            }
            for service in services
        ]
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "periscope_concierge_new",
                "services": rows,
                "currency": draft.currency_id,
                "max_quantity": MAX_QUANTITY,
                "note": note or "",
                "error": error,
            }
        )
        return values

    @http.route("/my/concierge/new", type="http", auth="user", website=True)
    def portal_my_concierge_new(self, **kwargs):
        if not request.env["periscope.concierge.order"].has_access("read"):
            return request.redirect("/my")
        return request.render("periscope_concierge.portal_my_concierge_new", self._periscope_concierge_new_values())

    @http.route("/my/concierge/order", type="http", auth="user", methods=["POST"], website=True)
    def portal_my_concierge_order_create(self, note=None, **post):
        # whatever else is posted (a customer, a price…) is ignored: the order
        # is the user's, at the rates of their organisation
        env = request.env
        if not env["periscope.concierge.order"].has_access("read"):
            return request.redirect("/my")
        note = (note or "").strip()[:NOTE_MAX_LENGTH]
        quantities, error = self._periscope_concierge_posted_quantities(post)
        order = None
        if not error:
            order, error = self._periscope_concierge_create_order(quantities, note)
        if error:
            return request.render(
                "periscope_concierge.portal_my_concierge_new",
                self._periscope_concierge_new_values(posted=post, note=note, error=error),
            )
        return request.redirect(f"/my/concierge/{order.id}?success=created")

    def _periscope_concierge_posted_quantities(self, post):
        """The services ordered and their quantities, or why the form is
        refused."""
        env = request.env
        services = {service.id: service for service in self._periscope_concierge_services()}
        quantities = {}
        for key, value in post.items():
            match = QUANTITY_KEY_RE.fullmatch(key)
            if not match or not str(value).strip():
                continue
            service = services.get(int(match.group(1)))
            if not service:
                return None, env._(
                    "Only the services of the concierge catalogue can be ordered: pick them in the list."
                )
            quantity = parse_number(value)
            if quantity is None or quantity <= 0:
                return None, env._(
                    "The quantity of %(service)s must be a positive number.", service=service.display_name
                )
            if quantity > MAX_QUANTITY:
                return None, env._(
                    "The quantity of %(service)s is at most %(max)s: for more, ask the concierge desk.",
                    service=service.display_name,
                    max=formatLang(env, MAX_QUANTITY, digits=0),
                )
            quantities[service] = quantity
        if not quantities:
            return None, env._("Enter the quantity of at least one service.")
        return quantities, None

    def _periscope_concierge_create_order(self, quantities, note):
        """Create the draft order of the user, or return why it cannot be,
        with nothing created."""
        env = request.env
        vals = {
            "beneficiary_id": env.user.partner_id.id,
            # taken by the desk when dropped off, not by the member
            "user_id": False,
            "note": note or False,
            "line_ids": [
                Command.create({"product_id": service.id, "quantity": quantity})
                for service, quantity in quantities.items()
            ],
        }
        try:
            with env.cr.savepoint():
                # sudo: members only read orders; the values were checked
                # above: the order is the user's own, for services of the
                # catalogue in positive quantities, and the model computes who
                # pays and the prices (a failure rolls the savepoint back)
                order = env["periscope.concierge.order"].sudo().create(vals)
        except (UserError, ValidationError) as exc:
            return None, exc.args[0]
        return order, None

    # ------------------------------------------------------------------ provider
    @http.route(
        ["/my/concierge/provider", "/my/concierge/provider/page/<int:page>"], type="http", auth="user", website=True
    )
    def portal_my_concierge_provider(self, page=1, filterby=None, success=None, **kwargs):
        if not request.env["periscope.concierge.order.line"].has_access("read"):
            return request.redirect("/my")
        values = self._periscope_concierge_provider_values(page=page, filterby=filterby, success=success)
        return request.render("periscope_concierge.portal_my_concierge_provider", values)

    def _periscope_concierge_provider_values(self, page=1, filterby=None, success=None, error=None):
        Line = request.env["periscope.concierge.order.line"]
        filters = self._periscope_concierge_provider_filters()
        if filterby not in filters:
            filterby = "todo"
        domain = self._periscope_concierge_provider_domain(filters[filterby]["states"])
        # as the user: the record rule keeps them to the lines routed to
        # their organisation (and to their own orders', left out by the domain)
        pager, lines = self._periscope_paged(
            Line,
            domain,
            "/my/concierge/provider",
            page,
            LINES_PER_PAGE,
            url_args={"filterby": filterby},
            order=filters[filterby]["order"],
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "periscope_concierge_provider",
                "default_url": "/my/concierge/provider",
                "line_filters": filters,
                "filterby": filterby,
                "pager": pager,
                "rows": self._periscope_concierge_provider_rows(lines),
                "success": success,
                "error": error,
            }
        )
        return values

    def _periscope_concierge_provider_rows(self, lines):
        """What a provider needs to do the work, read in batch: the same
        queries for one line or a page of them. No price, no other service of
        the order."""
        states = dict(lines._fields["state"]._description_selection(request.env))
        rows = []
        # sudo: the lines were found as the user, routed to their organisation
        # by the record rule; of their orders only the reference, the
        # customer's name, the instructions and the expected date are read
        for line in lines.sudo():
            order = line.order_id
            rows.append(
                {
                    "id": line.id,
                    "order": order.name,
                    "customer": order.beneficiary_id.name,
                    "service": line.name,
                    "quantity": f"{line.quantity:g}",
                    "uom": line.product_id.uom_id.name,
                    "note": order.note,
                    "expected_date": order.expected_date,
                    "state": line.state,
                    "state_label": states.get(line.state),
                    "date_ready": line.date_ready,
                    "can_mark_ready": line.state == "at_provider",
                }
            )
        return rows

    @http.route("/my/concierge/provider/<int:line_id>/ready", type="http", auth="user", methods=["POST"], website=True)
    def portal_my_concierge_mark_ready(self, line_id, **post):
        env = request.env
        self._periscope_check_id(line_id)
        Line = env["periscope.concierge.order.line"]
        line = Line
        if Line.has_access("read"):
            # as the user: a line routed to another provider is not found
            line = Line.search(
                [("provider_id", "child_of", self._periscope_user_organisation().id), ("id", "=", line_id)]
            )
        if not line:
            raise request.not_found()
        # sudo: of the line's order, routed to the user's organisation, only
        # its reference and its step are read
        order = line.order_id.sudo()
        error = None
        if line.state != "at_provider" or order.state == "cancelled":
            error = env._(
                "%(service)s of %(order)s is not waiting for your organisation: "
                "only a service at the provider can be marked ready.",
                service=line.name,
                order=order.name,
            )
        else:
            try:
                with env.cr.savepoint():
                    # as the user: the model checks through the record rule
                    # that the line is theirs
                    line.action_mark_ready()
            except (UserError, ValidationError) as exc:
                error = exc.args[0]
        if error:
            return request.render(
                "periscope_concierge.portal_my_concierge_provider",
                self._periscope_concierge_provider_values(error=error),
            )
        return request.redirect("/my/concierge/provider?success=ready")
