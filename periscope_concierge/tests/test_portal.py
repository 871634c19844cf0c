# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged
from odoo.tools import format_date

from odoo.addons.periscope_members.tests.http import PortalHttpMixin

from .common import PeriscopeConciergeCase


@tagged("post_install", "-at_install")
class TestConciergePortal(PortalHttpMixin, PeriscopeConciergeCase, HttpCase):
    """A member orders from the catalogue, follows and cancels their
    organisation's orders on the portal; a provider sees the services routed
    to their organisation and marks them ready."""

    csrf_page = "/my/concierge/new"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.colleague = Partner.create({"name": "Marc Dupuy (portal test)", "parent_id": cls.org.id})
        cls.member = cls._make_portal_login(
            cls.employee, "concierge_portal_member", password="concierge_portal_member_pw"
        )
        cls.oil_worker_partner, cls.oil_worker = cls._make_oil_worker("Léa Roule (portal test)", "concierge_portal_oil")
        cls.basket_worker = cls._make_user(
            "concierge_portal_basket",
            "base.group_portal",
            password="concierge_portal_basket_pw",
            name="Tom Caracole (portal test)",
            email="tom.caracole@example.org",
            parent_id=cls.basket_provider.id,
        )
        cls.paper = cls.env["product.product"].create({"name": "Ramette de papier (portal test)", "list_price": 4.0})

    # ------------------------------------------------------------ helpers
    def _at_provider(self, order):
        order.action_deposit()
        order.action_send_to_provider()
        return order

    def _collected(self, order):
        self._to_desk(order)
        # collected as action_collect leaves it, without its invoice (not
        # what is tested here)
        order._collect()
        return order

    def _order_count(self):
        return self.env["periscope.concierge.order"].search_count([])

    def _desk_price(self, product):
        """The price the desk would take for the member's organisation."""
        order = self._order(lines=[(product, 1)])
        price = order.line_ids.price_unit
        order.unlink()
        return price

    # ------------------------------------------------------------ orders
    def test_orders_list_shows_my_organisation_orders(self):
        mine = self._order()
        colleague = self._order(beneficiary=self.colleague, lines=[(self.basket, 1)])
        colleague.action_deposit()
        theirs = self._order(beneficiary=self.other_employee)
        collected = self._collected(self._order())
        self._login(self.member)
        response = self.url_open("/my/concierge")
        self.assertEqual(response.status_code, 200)
        text = response.text
        for order in (mine, colleague):
            self.assertIn(f'data-order-id="{order.id}"', text)
            self.assertIn(format_date(self.env, order.expected_date), text)
            self.assertIn(f'href="/my/concierge/{order.id}"', text)
        # the member's own pick-up code, not their colleague's
        self.assertIn(mine.pickup_code, text)
        self.assertNotIn(colleague.pickup_code, text)
        self.assertEqual(text.count("o_periscope_pickup_code"), 1)
        self.assertIn("Marc Dupuy (portal test)", text)
        self.assertIn("Deposited", text)
        self.assertNotIn(f'data-order-id="{theirs.id}"', text)
        self.assertNotIn(theirs.pickup_code, text)
        self.assertNotIn("Paul Sabatier", text)
        self.assertNotIn(f'data-order-id="{collected.id}"', text)
        self.assertIn('<li class="breadcrumb-item active">Concierge</li>', text)
        self.assertIn('href="/my/concierge/new"', text)
        # not a provider: no link to the services to do
        self.assertNotIn('href="/my/concierge/provider"', text)
        # the collected order is with the closed ones, without its code
        text = self.url_open("/my/concierge?filterby=closed").text
        self.assertIn(f'data-order-id="{collected.id}"', text)
        self.assertNotIn(collected.pickup_code, text)
        self.assertNotIn(f'data-order-id="{mine.id}"', text)

    def test_home_shows_the_concierge_card_and_its_counter(self):
        self._order()
        self._order(beneficiary=self.colleague)
        self._order(beneficiary=self.other_employee)
        self._collected(self._order())
        self._login(self.member)
        text = self.url_open("/my").text
        self.assertIn('href="/my/concierge"', text)
        # the providers' card is for the providers only
        self.assertNotIn('href="/my/concierge/provider"', text)
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["periscope_concierge_order_count", "periscope_concierge_provider_count"]}
        )
        self.assertEqual(counters["periscope_concierge_order_count"], 2)
        self.assertEqual(counters["periscope_concierge_provider_count"], 0)

    def test_home_shows_the_provider_card_to_providers(self):
        self._at_provider(self._order(lines=[(self.oil, 1), (self.basket, 1)]))
        self._at_provider(self._order(beneficiary=self.other_employee))
        self._order()  # still a draft: nothing to do yet
        self._login(self.oil_worker)
        text = self.url_open("/my").text
        self.assertIn('href="/my/concierge/provider"', text)
        counters = self.make_jsonrpc_request("/my/counters", {"counters": ["periscope_concierge_provider_count"]})
        self.assertEqual(counters, {"periscope_concierge_provider_count": 2})

    def test_order_detail_shows_lines_steps_and_amount(self):
        order = self._order(lines=[(self.oil, 2), (self.basket, 1)])
        order.note = "Deux bidons de 5 litres"
        self._at_provider(order)
        self._login(self.member)
        response = self.url_open(f"/my/concierge/{order.id}")
        self.assertEqual(response.status_code, 200)
        text = response.text
        self.assertIn(order.name, text)
        self.assertIn(order.pickup_code, text)
        self.assertIn("Deux bidons de 5 litres", text)
        for line in order.line_ids:
            self.assertIn(f'data-line-id="{line.id}"', text)
        self.assertIn("Roule Ma Frite 31 (test)", text)
        self.assertIn("At the provider", text)
        # the steps so far, each with its time; the next ones without
        steps = re.findall(r'data-state="(\w+)">(.*?)</li>', text, flags=re.DOTALL)
        self.assertEqual(
            [state for state, _html in steps], ["draft", "deposited", "at_provider", "ready", "at_desk", "collected"]
        )
        dated = [state for state, html in steps if "o_periscope_concierge_step_date" in html]
        self.assertEqual(dated, ["draft", "deposited", "at_provider"])
        total = re.search(r'o_periscope_concierge_total">(.*?)</td>', text, flags=re.DOTALL)
        self.assertIn(f"{order.amount_total:,.2f}", total.group(1).replace("\xa0", " "))
        self.assertGreater(order.amount_total, 0)
        # at the provider: no more cancelling here
        self.assertNotIn(f"/my/concierge/{order.id}/cancel", text)

    def test_cannot_see_another_organisation_order(self):
        theirs = self._order(beneficiary=self.other_employee)
        self._login(self.member)
        self.assertEqual(self.url_open(f"/my/concierge/{theirs.id}").status_code, 404)
        self.assertEqual(self.url_open("/my/concierge/999999999").status_code, 404)
        # ids and pages beyond any integer of the database
        huge = "99999999999999999999"
        self.assertEqual(self.url_open(f"/my/concierge/{huge}").status_code, 404)
        self.assertEqual(self.url_open(f"/my/concierge/page/{huge}").status_code, 200)
        response = self._post(f"/my/concierge/{huge}/cancel")
        self.assertEqual(response.status_code, 404)
        self._login(self.oil_worker)
        response = self._post(f"/my/concierge/provider/{huge}/ready")
        self.assertEqual(response.status_code, 404)
        self.assertEqual(self.url_open(f"/my/concierge/provider/page/{huge}").status_code, 200)
        with self.assertRaises(AccessError):
            theirs.with_user(self.member).read(["name"])

    # ------------------------------------------------------------ new order
    def test_new_order_form_lists_the_services_at_my_price(self):
        self._login(self.member)
        response = self.url_open("/my/concierge/new")
        self.assertEqual(response.status_code, 200)
        text = response.text
        for product in (self.oil, self.basket):
            match = re.search(rf'data-product-id="{product.id}" data-price="([^"]+)"', text)
            self.assertTrue(match, product.name)
            self.assertEqual(float(match.group(1)), self._desk_price(product))
            self.assertIn(f'name="quantity_{product.id}"', text)
        self.assertIn("Roule Ma Frite 31 (test)", text)
        self.assertNotIn("Ramette de papier", text)
        self.assertIn('<a href="/my/concierge">Concierge</a>', text)

    def test_order_is_for_me_at_my_price(self):
        oil_price = self._desk_price(self.oil)
        basket_price = self._desk_price(self.basket)
        count = self._order_count()
        self._login(self.member)
        response = self._post(
            "/my/concierge/order",
            {
                f"quantity_{self.oil.id}": "2",
                f"quantity_{self.basket.id}": "1,5",
                "note": "  Bidons devant la porte  ",
                # ignored: the order is the user's, at their rates
                "partner_id": self.other_org.id,
                "beneficiary_id": self.other_employee.id,
                "price_unit": "0.01",
                f"price_unit_{self.oil.id}": "0.01",
                "state": "ready",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("success=created", response.url)
        self.assertEqual(self._order_count(), count + 1)
        order = self.env["periscope.concierge.order"].search([], limit=1)
        self.assertEqual(order.beneficiary_id, self.employee)
        self.assertEqual(order.partner_id, self.employee)
        self.assertEqual(order.state, "draft")
        self.assertEqual(order.create_uid, self.member)
        self.assertFalse(order.user_id)
        self.assertEqual(order.note, "Bidons devant la porte")
        lines = {line.product_id: line for line in order.line_ids}
        self.assertEqual(set(lines), {self.oil, self.basket})
        self.assertEqual(lines[self.oil].quantity, 2)
        self.assertEqual(lines[self.basket].quantity, 1.5)
        self.assertEqual(lines[self.oil].price_unit, oil_price)
        self.assertEqual(lines[self.basket].price_unit, basket_price)
        self.assertNotEqual(lines[self.oil].price_unit, 0.01)
        self.assertEqual(lines[self.oil].provider_id, self.oil_provider)
        # the member lands on their order, with its pick-up code
        self.assertIn(order.pickup_code, response.text)
        self.assertIn("The order is registered", response.text)

    def test_refused_orders_create_nothing(self):
        count = self._order_count()
        self._login(self.member)
        for label, data, message in (
            ("zero", {f"quantity_{self.oil.id}": "0"}, "must be a positive number"),
            (
                "negative",
                {f"quantity_{self.oil.id}": "-2", f"quantity_{self.basket.id}": "1"},
                "must be a positive number",
            ),
            ("not a number", {f"quantity_{self.oil.id}": "deux"}, "must be a positive number"),
            ("infinite", {f"quantity_{self.oil.id}": "inf"}, "must be a positive number"),
            ("not a number at all", {f"quantity_{self.oil.id}": "nan"}, "must be a positive number"),
            ("huge", {f"quantity_{self.oil.id}": "1e307"}, "is at most 10,000"),
            ("too many", {f"quantity_{self.oil.id}": "10 000,5"}, "is at most 10,000"),
            (
                "not a concierge service",
                {f"quantity_{self.paper.id}": "1", f"quantity_{self.oil.id}": "1"},
                "Only the services of the concierge catalogue can be ordered",
            ),
            (
                "an unknown product",
                {"quantity_999999999": "1"},
                "Only the services of the concierge catalogue can be ordered",
            ),
            ("nothing", {f"quantity_{self.oil.id}": ""}, "at least one service"),
        ):
            with self.subTest(label):
                response = self._post("/my/concierge/order", data)
                self.assertEqual(response.status_code, 200)
                self.assertNotIn("success=created", response.url)
                self.assertIn("o_periscope_concierge_error", response.text)
                self.assertIn(message, response.text)
                self.assertEqual(self._order_count(), count)
        # what was entered is kept in the form
        response = self._post("/my/concierge/order", {f"quantity_{self.oil.id}": "-1", "note": "Fragile"})
        self.assertIn('value="-1"', response.text)
        self.assertIn("Fragile", response.text)

    # ------------------------------------------------------------ cancel
    def test_cancel_my_order_while_at_the_desk(self):
        draft = self._order()
        deposited = self._order(beneficiary=self.colleague)
        deposited.action_deposit()
        self._login(self.member)
        self.assertIn(f"/my/concierge/{draft.id}/cancel", self.url_open(f"/my/concierge/{draft.id}").text)
        for order in (draft, deposited):
            response = self._post(f"/my/concierge/{order.id}/cancel")
            self.assertEqual(response.status_code, 200)
            self.assertIn("success=cancelled", response.url)
            self.assertEqual(order.state, "cancelled")
            self.assertTrue(order.date_cancelled)
            self.assertIn("The order is cancelled.", response.text)

    def test_cannot_cancel_an_order_past_the_desk(self):
        at_provider = self._at_provider(self._order())
        collected = self._collected(self._order())
        self._login(self.member)
        for order, state in ((at_provider, "at_provider"), (collected, "collected")):
            with self.subTest(state):
                response = self._post(f"/my/concierge/{order.id}/cancel")
                self.assertEqual(response.status_code, 200)
                self.assertNotIn("success=cancelled", response.url)
                self.assertIn("it can no longer be cancelled here", response.text)
                self.assertEqual(order.state, state)
                self.assertFalse(order.date_cancelled)

    def test_cannot_cancel_another_organisation_order(self):
        theirs = self._order(beneficiary=self.other_employee)
        self._login(self.member)
        response = self._post(f"/my/concierge/{theirs.id}/cancel")
        self.assertEqual(response.status_code, 404)
        self.assertEqual(theirs.state, "draft")

    def test_posts_need_a_csrf_token(self):
        order = self._order()
        count = self._order_count()
        self._login(self.member)
        response = self.url_open(f"/my/concierge/{order.id}/cancel", data={"x": "1"})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(order.state, "draft")
        response = self.url_open("/my/concierge/order", data={f"quantity_{self.oil.id}": "1"})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self._order_count(), count)
        line = self._at_provider(self._order()).line_ids
        self._login(self.oil_worker)
        response = self.url_open(f"/my/concierge/provider/{line.id}/ready", data={"x": "1"})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(line.state, "at_provider")

    def test_portal_users_cannot_change_orders_directly(self):
        order = self._order()
        line = order.line_ids
        Order = self.env["periscope.concierge.order"].with_user(self.member)
        Line = self.env["periscope.concierge.order.line"].with_user(self.member)
        # they read their organisation's order, and its code when it is theirs
        self.assertEqual(order.with_user(self.member).my_pickup_code, order.pickup_code)
        # ...and change nothing through the ORM
        with self.assertRaises(AccessError):
            Order.create({"beneficiary_id": self.employee.id})
        with self.assertRaises(AccessError):
            order.with_user(self.member).write({"note": "x"})
        with self.assertRaises(AccessError):
            order.with_user(self.member).action_cancel()
        with self.assertRaises(AccessError):
            Line.create({"order_id": order.id, "product_id": self.oil.id, "quantity": 1})
        with self.assertRaises(AccessError):
            line.with_user(self.member).write({"price_unit": 0.01})
        with self.assertRaises(AccessError):
            line.with_user(self.member).unlink()
        with self.assertRaises(AccessError):
            self.env["periscope.concierge.order.line"].with_user(self.oil_worker).create(
                {"order_id": order.id, "product_id": self.oil.id}
            )
        self.env.invalidate_all()
        self.assertEqual(order.state, "draft")
        self.assertFalse(order.note)
        self.assertNotEqual(line.price_unit, 0.01)

    # ------------------------------------------------------------ provider
    def test_provider_sees_the_services_routed_to_them(self):
        order = self._order(lines=[(self.oil, 3), (self.basket, 1)])
        order.note = "Bidons bleus, côté cour"
        self._at_provider(order)
        basket_only = self._at_provider(self._order(lines=[(self.basket, 2)]))
        pending = self._order()
        pending.action_deposit()
        cancelled = self._at_provider(self._order(beneficiary=self.other_employee))
        cancelled.action_cancel()
        oil_line = order.line_ids.filtered(lambda line: line.product_id == self.oil)
        basket_line = order.line_ids - oil_line
        self._login(self.oil_worker)
        response = self.url_open("/my/concierge/provider")
        self.assertEqual(response.status_code, 200)
        text = response.text
        self.assertEqual(text.count("o_periscope_concierge_provider_row"), 1)
        self.assertIn(f'data-line-id="{oil_line.id}"', text)
        self.assertIn(order.name, text)
        self.assertIn("Julie Castex", text)
        self.assertIn("Bidons bleus, côté cour", text)
        self.assertIn(format_date(self.env, order.expected_date), text)
        self.assertIn(f"/my/concierge/provider/{oil_line.id}/ready", text)
        # nothing of the other services, orders, prices or codes
        self.assertNotIn(f'data-line-id="{basket_line.id}"', text)
        self.assertNotIn(basket_only.name, text)
        self.assertNotIn(pending.name, text)
        self.assertNotIn(cancelled.name, text)
        self.assertNotIn(order.pickup_code, text)
        self.assertNotIn(f'href="/my/concierge/{order.id}"', text)
        self.assertNotIn("Panier circuit court", text)
        self.assertNotIn("Unit price", text)
        self.assertNotIn("Total", text)
        self.assertIn("Services to do", text)

    def test_provider_marks_a_service_ready(self):
        oil_only = self._at_provider(self._order(lines=[(self.oil, 1)]))
        mixed = self._at_provider(self._order(lines=[(self.oil, 2), (self.basket, 1)]))
        self._login(self.oil_worker)
        response = self._post(f"/my/concierge/provider/{oil_only.line_ids.id}/ready")
        self.assertEqual(response.status_code, 200)
        self.assertIn("success=ready", response.url)
        self.assertEqual(oil_only.line_ids.state, "ready")
        self.assertEqual(oil_only.line_ids.ready_by_id, self.oil_worker)
        self.assertTrue(oil_only.line_ids.date_ready)
        # all its services ready: the order is ready
        self.assertEqual(oil_only.state, "ready")
        self.assertTrue(oil_only.date_ready)
        # the other provider has not done theirs yet
        oil_line = mixed.line_ids.filtered(lambda line: line.product_id == self.oil)
        basket_line = mixed.line_ids - oil_line
        self._post(f"/my/concierge/provider/{oil_line.id}/ready")
        self.assertEqual(oil_line.state, "ready")
        self.assertEqual(mixed.state, "at_provider")
        self._login(self.basket_worker)
        response = self._post(f"/my/concierge/provider/{basket_line.id}/ready")
        self.assertIn("success=ready", response.url)
        self.assertEqual(basket_line.state, "ready")
        self.assertEqual(mixed.state, "ready")
        # the ready ones are listed apart
        self._login(self.oil_worker)
        text = self.url_open("/my/concierge/provider?filterby=ready").text
        self.assertIn(f'data-line-id="{oil_line.id}"', text)
        self.assertNotIn(f"/my/concierge/provider/{oil_line.id}/ready", text)
        self.assertNotIn(f'data-line-id="{basket_line.id}"', text)

    def test_provider_refusals(self):
        order = self._at_provider(self._order(lines=[(self.oil, 1), (self.basket, 1)]))
        oil_line = order.line_ids.filtered(lambda line: line.product_id == self.oil)
        basket_line = order.line_ids - oil_line
        pending = self._order()
        pending.action_deposit()
        self._login(self.oil_worker)
        # another provider's service
        response = self._post(f"/my/concierge/provider/{basket_line.id}/ready")
        self.assertEqual(response.status_code, 404)
        self.assertEqual(basket_line.state, "at_provider")
        with self.assertRaises(AccessError):
            basket_line.with_user(self.oil_worker).read(["state"])
        with self.assertRaises(AccessError):
            basket_line.with_user(self.oil_worker).action_mark_ready()
        # the order of a service routed to them is not theirs to read
        self.assertEqual(oil_line.with_user(self.oil_worker).read(["state"])[0]["state"], "at_provider")
        with self.assertRaises(AccessError):
            oil_line.with_user(self.oil_worker).order_id.read(["name"])
        self.assertEqual(self.url_open(f"/my/concierge/{order.id}").status_code, 404)
        response = self._post(f"/my/concierge/{order.id}/cancel")
        self.assertEqual(response.status_code, 404)
        self.assertEqual(order.state, "at_provider")
        # a service not at the provider yet, or already ready
        response = self._post(f"/my/concierge/provider/{pending.line_ids.id}/ready")
        self.assertEqual(response.status_code, 200)
        self.assertIn("only a service at the provider can be marked ready", response.text)
        self.assertEqual(pending.line_ids.state, "pending")
        self._post(f"/my/concierge/provider/{oil_line.id}/ready")
        self.assertEqual(oil_line.state, "ready")
        response = self._post(f"/my/concierge/provider/{oil_line.id}/ready")
        self.assertIn("only a service at the provider can be marked ready", response.text)
        # the order of a cancelled order is no more to do
        cancelled = self._at_provider(self._order())
        cancelled.action_cancel()
        response = self._post(f"/my/concierge/provider/{cancelled.line_ids.id}/ready")
        self.assertIn("only a service at the provider can be marked ready", response.text)
        self.assertEqual(cancelled.line_ids.state, "at_provider")

    # ------------------------------------------------------------ performance
    def _insert_orders(self, prefix, count):
        """``count`` orders of the member at the oil provider, with their
        service, written straight into the tables."""
        self._insert_oil_orders(prefix, count, "at_provider", "at_provider", "date_at_provider")

    def _queries(self, url):
        """The queries of the page ``url`` (opened once before, the caches
        warm) and its text."""
        queries, response = self.queries_of(lambda: self.url_open(url), invalidate=False)
        self.assertEqual(response.status_code, 200)
        return queries, response.text

    def _assert_list_queries_do_not_grow(self, user, url, filterby, row_class, prefixes):
        """Opened by ``user``, the page ``url`` shows the 10 orders inserted
        first, then 20 a page of the 1000 (the first page, the last) in as
        many queries; ``prefixes``, the references of the first 10 and of the
        others."""
        self._insert_orders(prefixes[0], 10)
        self._login(user)
        few, text = self._queries(url)
        self.assertEqual(text.count(row_class), 10)
        self._insert_orders(prefixes[1], 990)
        many, text = self._queries(url)
        self.assertEqual(text.count(row_class), 20)
        self.assertIn(f"{url}/page/2?filterby={filterby}", text)
        self.assertEqual(few, many)
        last, text = self._queries(f"{url}/page/50?filterby={filterby}")
        self.assertEqual(text.count(row_class), 20)
        self.assertEqual(last, many)

    def test_orders_page_queries_do_not_grow_with_the_orders(self):
        self._assert_list_queries_do_not_grow(
            self.member, "/my/concierge", "open", "o_periscope_concierge_order_row", ("PA", "PB")
        )

    def test_provider_page_queries_do_not_grow_with_the_services(self):
        self._assert_list_queries_do_not_grow(
            self.oil_worker, "/my/concierge/provider", "todo", "o_periscope_concierge_provider_row", ("PC", "PD")
        )

    def test_catalogue_of_an_organisation_with_an_agreement(self):
        """Who pays (the company, by its agreement) does not change the
        prices shown to its employees."""
        price = self._desk_price(self.oil)
        self.env["periscope.concierge.agreement"].create(
            {"partner_id": self.org.id, "date_start": "2020-01-01", "billing": "company"}
        )
        self._login(self.member)
        response = self.url_open("/my/concierge/new")
        self.assertEqual(response.status_code, 200)
        match = re.search(rf'data-product-id="{self.oil.id}" data-price="([^"]+)"', response.text)
        self.assertEqual(float(match.group(1)), price)

    def test_a_member_of_an_organisation_with_an_agreement_orders(self):
        """The company pays by its agreement, which the member cannot read."""
        agreement = self.env["periscope.concierge.agreement"].create(
            {"partner_id": self.org.id, "date_start": "2020-01-01", "billing": "company"}
        )
        self._login(self.member)
        response = self._post("/my/concierge/order", {f"quantity_{self.oil.id}": "1"})
        self.assertIn("success=created", response.url)
        order = self.env["periscope.concierge.order"].search([], limit=1)
        self.assertEqual(order.beneficiary_id, self.employee)
        self.assertEqual((order.partner_id, order.agreement_id), (self.org, agreement))
