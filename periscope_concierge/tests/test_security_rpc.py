# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The concierge attacked as its real users attack it: JSON-RPC calls to
``/web/dataset/call_kw``, logged in as a member, their colleague, a member of
another organisation, a provider, the desk, the manager and the accountant.
Whatever a call is refused, the database has not changed (read again as
superuser)."""

from odoo import fields
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.periscope_members.tests.rpc import RpcCase

from .common import PeriscopeConciergeCase

ORDER = "periscope.concierge.order"
LINE = "periscope.concierge.order.line"
SETTLEMENT = "periscope.concierge.settlement"
AGREEMENT = "periscope.concierge.agreement"
REPORT = "periscope.concierge.report"
WIZARDS = ("periscope.concierge.collect", "periscope.concierge.agreement.invoice", "periscope.concierge.settlement.run")
# what must not change, model by model
WATCHED = {
    ORDER: [
        "state",
        "partner_id",
        "beneficiary_id",
        "company_id",
        "user_id",
        "note",
        "pickup_code",
        "amount_total",
        "date_ready",
        "date_collected",
        "date_cancelled",
    ],
    LINE: [
        "state",
        "order_id",
        "product_id",
        "provider_id",
        "company_id",
        "quantity",
        "price_unit",
        "price_subtotal",
        "provider_share",
        "settlement_id",
        "ready_by_id",
    ],
    SETTLEMENT: ["provider_id", "period_start", "company_id", "amount", "revenue", "bill_id", "note"],
    AGREEMENT: ["partner_id", "fee_per_employee", "employee_count", "billing"],
    "product.template": [
        "name",
        "list_price",
        "is_concierge_service",
        "concierge_provider_id",
        "concierge_share_percent",
        "concierge_share_fixed",
    ],
}
# what an RPC caller may send for a number
BAD_NUMBERS = (1e307, -1e307, float("nan"), float("inf"), -1.0, 10**30, "1e307")


@tagged("post_install", "-at_install")
class TestSecurityRpc(PeriscopeConciergeCase, RpcCase):
    """Orders of a member organisation (the member's, their colleague's),
    of another organisation, a collected and settled order; each user calls
    what their rights reach, and more."""

    watched = WATCHED

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_users()
        cls.room = cls.env["product.product"].create({"name": "Salle Garonne, l'heure (rpc test)", "list_price": 25.0})
        cls.membership = cls.env.ref("periscope_members.product_membership_permanent_resident")
        cls._setup_orders()
        cls._setup_settlements_and_agreement()
        cls.watched_ids = {
            ORDER: cls.orders.ids,
            LINE: cls.orders.line_ids.ids,
            SETTLEMENT: cls.settlements.ids,
            AGREEMENT: cls.agreement.ids,
            "product.template": (cls.oil | cls.basket | cls.room | cls.membership).product_tmpl_id.ids,
        }

    @classmethod
    def _setup_users(cls):
        """On the portal: the member (the employee), their colleague, a
        member of another organisation, a worker of the oil provider; a
        concierge manager who is also a product manager."""
        cls.colleague_partner = cls.env["res.partner"].create(
            {"name": "Marc Dupuy (rpc test)", "parent_id": cls.org.id, "email": "marc.dupuy@example.org"}
        )
        cls.other_employee.email = "paul.sabatier@example.org"
        portal = "base.group_portal"
        cls.member = cls._make_user("conc_rpc_member", portal, partner_id=cls.employee.id)
        cls.colleague = cls._make_user("conc_rpc_colleague", portal, partner_id=cls.colleague_partner.id)
        cls.outsider = cls._make_user("conc_rpc_outsider", portal, partner_id=cls.other_employee.id)
        oil_worker = cls.env["res.partner"].create({"name": "Léa Roule (rpc test)", "parent_id": cls.oil_provider.id})
        cls.oil_worker = cls._make_user("conc_rpc_oil", portal, partner_id=oil_worker.id)
        cls.all_products = cls._make_user(
            "conc_rpc_all_products",
            "periscope_concierge.group_periscope_concierge_manager,product.group_product_manager",
        )

    @classmethod
    def _setup_orders(cls):
        """The orders, moved by the superuser: the member's (a draft, one at
        the providers), their colleague's (at the provider, at the desk),
        another organisation's (at the provider, collected)."""
        cls.mine_draft = cls._make(cls.employee, [(cls.oil, 1)], 0)
        cls.mine = cls._make(cls.employee, [(cls.oil, 2), (cls.basket, 1)], 2)
        cls.mine_oil = cls.mine.line_ids.filtered(lambda line: line.product_id == cls.oil)
        cls.mine_basket = cls.mine.line_ids - cls.mine_oil
        cls.colleague_at_provider = cls._make(cls.colleague_partner, [(cls.oil, 1)], 2)
        cls.colleague_at_desk = cls._make(cls.colleague_partner, [(cls.basket, 1)], 4)
        cls.theirs = cls._make(cls.other_employee, [(cls.oil, 1)], 2)
        cls.theirs_collected = cls._make(cls.other_employee, [(cls.oil, 1), (cls.basket, 2)], 4)
        cls.theirs_collected.action_collect(cls.theirs_collected.pickup_code)
        cls.orders = (
            cls.mine_draft
            | cls.mine
            | cls.colleague_at_provider
            | cls.colleague_at_desk
            | cls.theirs
            | cls.theirs_collected
        )

    @classmethod
    def _setup_settlements_and_agreement(cls):
        """The month settled (the collected order's services); an agreement
        of the other organisation."""
        cls.settlements = cls.env[SETTLEMENT]._settle_month(fields.Date.today())
        cls.oil_settlement = cls.settlements.filtered(lambda s: s.provider_id == cls.oil_provider)
        cls.agreement = cls.env[AGREEMENT].create(
            {
                "partner_id": cls.other_org.id,
                "date_start": "2020-01-01",
                "date_end": "2020-12-31",
                "fee_per_employee": 3.0,
                "employee_count": 4,
            }
        )

    @classmethod
    def _make(cls, beneficiary, lines, steps):
        """An order taken at the desk and moved ``steps`` steps on (0: a
        draft, 2: at the provider, 4: at the desk)."""
        order = cls.env[ORDER].create(
            {
                "beneficiary_id": beneficiary.id,
                "line_ids": [(0, 0, {"product_id": product.id, "quantity": quantity}) for product, quantity in lines],
            }
        )
        moves = (order.action_deposit, order.action_send_to_provider, order.action_mark_ready, order.action_at_desk)
        for move in moves[:steps]:
            move()
        return order

    # ------------------------------------------------------------ helpers
    def _actions(self, order):
        """Every public action of the models, on ``order``: (model, ids,
        method, arguments)."""
        line = order.line_ids[:1]
        return [
            (ORDER, order.ids, "action_deposit", ()),
            (ORDER, order.ids, "action_send_to_provider", ()),
            (ORDER, order.ids, "action_mark_ready", ()),
            (ORDER, order.ids, "action_at_desk", ()),
            (ORDER, order.ids, "action_open_collect", ()),
            (ORDER, order.ids, "action_collect", (order.pickup_code,)),
            (ORDER, order.ids, "action_cancel", ()),
            (LINE, line.ids, "action_mark_ready", ()),
        ]

    def assertAllRefused(self, calls, *error_names):
        """Each call of ``calls`` (model, ids, method, arguments) refused."""
        for model, ids, method, arguments in calls:
            with self.subTest(model=model, ids=ids, method=method):
                answer = self.call(model, method, ids, *arguments)
                self.assertRefused(answer, *(error_names or ("AccessError",)))

    def _writes(self, order):
        """Writes of the ownership fields, the step, the prices of ``order``
        and its lines."""
        line = order.line_ids[:1]
        return [
            (ORDER, order.ids, "write", ({"partner_id": self.other_org.id},)),
            (ORDER, order.ids, "write", ({"beneficiary_id": self.employee.id},)),
            (ORDER, order.ids, "write", ({"company_id": self.env.company.id},)),
            (ORDER, order.ids, "write", ({"state": "collected"},)),
            (ORDER, order.ids, "write", ({"note": "Pirate"},)),
            (ORDER, order.ids, "unlink", ()),
            (LINE, line.ids, "write", ({"provider_id": self.basket_provider.id},)),
            (LINE, line.ids, "write", ({"order_id": self.theirs.id},)),
            (LINE, line.ids, "write", ({"price_unit": 0.01},)),
            (LINE, line.ids, "write", ({"quantity": 5},)),
            (LINE, line.ids, "write", ({"state": "ready"},)),
            (LINE, line.ids, "write", ({"settlement_id": self.oil_settlement.id},)),
            (LINE, line.ids, "unlink", ()),
        ]

    def _settlement_calls(self):
        settlement = self.oil_settlement
        return [
            (SETTLEMENT, settlement.ids, "action_view_bill", ()),
            (SETTLEMENT, settlement.ids, "write", ({"note": "Pirate"},)),
            (SETTLEMENT, settlement.ids, "write", ({"provider_id": self.org.id},)),
            (SETTLEMENT, settlement.ids, "unlink", ()),
            (AGREEMENT, self.agreement.ids, "write", ({"partner_id": self.org.id},)),
        ]

    def _creates(self):
        return [
            (ORDER, [], "create", ({"beneficiary_id": self.employee.id, "partner_id": self.other_org.id},)),
            (LINE, [], "create", ({"order_id": self.mine_draft.id, "product_id": self.oil.id},)),
            (SETTLEMENT, [], "create", ({"provider_id": self.oil_provider.id, "period_start": "2020-01-01"},)),
            (AGREEMENT, [], "create", ({"partner_id": self.org.id, "date_start": "2020-01-01"},)),
            *((wizard, [], "create", ({},)) for wizard in WIZARDS),
        ]

    def _call_create(self, model, ids, method, arguments):
        # a create takes its values, not ids
        return self.call(model, method, *arguments)

    def assertCreatesRefused(self):
        for model, _ids, method, arguments in self._creates():
            with self.subTest(model=model, method=method):
                answer = self._call_create(model, _ids, method, arguments)
                self.assertRefused(answer, "AccessError")

    def _read(self, model, records, fnames):
        return self.call(model, "read", records.ids, fnames)

    # ------------------------------------------------------------ portal
    def test_a_member_reads_their_organisations_orders(self):
        """Findings 1 and 4: a customer reads their organisation's orders,
        the code of their own only."""
        before = self._snapshot()
        self.login(self.member)
        rows = self.assertAllowed(
            self._read(
                ORDER,
                self.mine | self.colleague_at_desk,
                ["name", "state", "amount_total", "beneficiary_id", "my_pickup_code"],
            )
        )
        codes = {row["id"]: row["my_pickup_code"] for row in rows}
        self.assertEqual(codes[self.mine.id], self.mine.pickup_code)
        self.assertFalse(codes[self.colleague_at_desk.id])
        found = self.assertAllowed(self.call(ORDER, "search_read", [], ["name", "my_pickup_code"]))
        self.assertEqual(
            {row["id"] for row in found},
            set((self.mine_draft | self.mine | self.colleague_at_provider | self.colleague_at_desk).ids),
        )
        self.assertUnchanged(before)

    def test_a_member_reads_no_code_share_nor_commission(self):
        """Findings 4 and 6: a customer reads no pick-up code but through
        ``my_pickup_code``, no share nor commission, and guesses no code."""
        before = self._snapshot()
        self.login(self.member)
        order_fields = self.assertAllowed(self.call(ORDER, "fields_get", attributes=["type"]))
        self.assertIn("my_pickup_code", order_fields)
        for fname in ("pickup_code", "provider_share_total"):
            self.assertNotIn(fname, order_fields)
        line_fields = self.assertAllowed(self.call(LINE, "fields_get", attributes=["type"]))
        self.assertNotIn("commission", line_fields)
        self.assertNotIn("provider_share", line_fields)
        for model, records, fname in (
            (ORDER, self.mine, "pickup_code"),
            (ORDER, self.colleague_at_desk, "pickup_code"),
            (ORDER, self.mine, "provider_share_total"),
            (LINE, self.mine_oil, "provider_share"),
            (LINE, self.mine_oil, "commission"),
        ):
            with self.subTest(model=model, fname=fname):
                self.assertRefused(self._read(model, records, [fname]), "AccessError")
        # no guessing of a colleague's code either
        answer = self.call(ORDER, "search_count", [("pickup_code", "=", self.colleague_at_desk.pickup_code)])
        self.assertRefused(answer, "AccessError")
        self.assertUnchanged(before)

    def test_a_member_reads_nothing_of_another_organisation_nor_of_the_accounts(self):
        """Finding 1: a customer reads no order of another organisation, no
        settlement, agreement nor report."""
        before = self._snapshot()
        self.login(self.member)
        for model, records in (
            (ORDER, self.theirs),
            (LINE, self.theirs.line_ids),
            (SETTLEMENT, self.settlements),
            (AGREEMENT, self.agreement),
            (REPORT, self.env[REPORT].search([], limit=1)),
        ):
            with self.subTest(model=model):
                self.assertRefused(self._read(model, records, ["id"]), "AccessError")
        self.assertUnchanged(before)

    def test_a_member_changes_nothing(self):
        """Findings 1 and 6: every step, write, create and deletion of a
        customer is refused, marking their own services ready too; and the
        desk's form computes for them neither who pays nor another
        organisation's rates."""
        before = self._snapshot()
        self.login(self.member)
        for order in (self.mine_draft, self.mine, self.colleague_at_desk, self.theirs):
            self.assertAllRefused(self._actions(order) + self._writes(order))
        self.assertAllRefused(self._settlement_calls())
        self.assertCreatesRefused()
        # nor the desk's form, to compute who pays or another organisation's
        # rates
        answer = self.call(
            ORDER,
            "onchange",
            [],
            {"beneficiary_id": self.other_employee.id, "line_ids": [(0, "virtual_1", {"product_id": self.basket.id})]},
            ["beneficiary_id"],
            {"partner_id": {}, "agreement_id": {}, "line_ids": {"fields": {"price_unit": {}}}},
        )
        self.assertRefused(answer, "AccessError")
        self.assertUnchanged(before)

    def test_the_pickup_code_is_for_its_customer_and_the_desk(self):
        """Finding 4: a colleague reads the orders of the organisation, not
        the pick-up codes of the others: nor on the portal, nor in the
        chatter (the e-mail of the order back at the desk), nor on the
        label."""
        self.login(self.colleague)
        rows = self.assertAllowed(self._read(ORDER, self.mine | self.colleague_at_desk, ["my_pickup_code"]))
        codes = {row["id"]: row["my_pickup_code"] for row in rows}
        self.assertFalse(codes[self.mine.id])
        self.assertEqual(codes[self.colleague_at_desk.id], self.colleague_at_desk.pickup_code)
        self.assertRefused(self._read(ORDER, self.mine, ["pickup_code"]), "AccessError")
        # the e-mail with the code is a note to its customer, out of the
        # chatter that portal users read
        mail = self.env["mail.message"].search(
            [
                ("model", "=", ORDER),
                ("res_id", "=", self.colleague_at_desk.id),
                ("body", "ilike", self.colleague_at_desk.pickup_code),
            ]
        )
        self.assertEqual(len(mail), 1)
        self.assertIn(self.colleague_partner, mail.partner_ids)
        self.login(self.member)
        messages = self.assertAllowed(
            self.call(
                "mail.message",
                "search_read",
                [("model", "=", ORDER), ("res_id", "=", self.colleague_at_desk.id)],
                ["body"],
            )
        )
        self.assertFalse([m for m in messages if self.colleague_at_desk.pickup_code in m["body"]])
        self.assertRefused(self.call("mail.message", "read", mail.ids, ["body"]), "AccessError")
        # the pages
        text = self.url_open("/my/concierge").text
        self.assertIn(self.mine.pickup_code, text)
        self.assertNotIn(self.colleague_at_desk.pickup_code, text)
        text = self.url_open(f"/my/concierge/{self.colleague_at_desk.id}").text
        self.assertIn(self.colleague_at_desk.name, text)
        self.assertNotIn(self.colleague_at_desk.pickup_code, text)
        # the label is the desk's
        for order in (self.mine, self.colleague_at_desk):
            with mute_logger("odoo.http"):
                response = self.url_open(f"/report/html/periscope_concierge.report_concierge_label/{order.id}")
            self.assertEqual(response.status_code, 403)
            self.assertNotIn(order.pickup_code, response.text)
        self.login(self.desk)
        response = self.url_open(f"/report/html/periscope_concierge.report_concierge_label/{self.colleague_at_desk.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.colleague_at_desk.pickup_code, response.text)

    def test_another_organisation_reaches_nothing(self):
        before = self._snapshot()
        self.login(self.outsider)
        found = self.assertAllowed(self.call(ORDER, "search_read", [], ["name"]))
        self.assertEqual({row["id"] for row in found}, set((self.theirs | self.theirs_collected).ids))
        for model, records in ((ORDER, self.mine), (ORDER, self.colleague_at_desk), (LINE, self.mine.line_ids)):
            with self.subTest(model=model, ids=records.ids):
                self.assertRefused(self._read(model, records, ["name"]), "AccessError")
        for order in (self.mine, self.colleague_at_desk, self.theirs):
            self.assertAllRefused(self._actions(order) + self._writes(order))
        self.assertAllRefused(self._settlement_calls())
        self.assertCreatesRefused()
        self.assertUnchanged(before)

    def test_a_provider_marks_their_services_ready_only(self):
        """Findings 1, 4 and 6: a provider reads the services routed to their
        organisation, without the shares and the commission; they mark those
        ready, nothing else."""
        before = self._snapshot()
        self.login(self.oil_worker)
        rows = self.assertAllowed(
            self._read(
                LINE,
                self.mine_oil | self.theirs.line_ids,
                ["state", "name", "quantity", "expected_date", "beneficiary_id"],
            )
        )
        self.assertEqual(len(rows), 2)
        line_fields = self.assertAllowed(self.call(LINE, "fields_get", attributes=["type"]))
        self.assertNotIn("commission", line_fields)
        self.assertNotIn("provider_share", line_fields)
        for fname in ("provider_share", "commission"):
            with self.subTest(fname=fname):
                self.assertRefused(self._read(LINE, self.mine_oil, [fname]), "AccessError")
        for model, records in ((LINE, self.mine_basket), (ORDER, self.mine), (SETTLEMENT, self.oil_settlement)):
            with self.subTest(model=model):
                self.assertRefused(self._read(model, records, ["id"]), "AccessError")
        self.assertAllRefused(
            [
                (LINE, self.mine_basket.ids, "action_mark_ready", ()),
                (LINE, (self.mine_oil | self.mine_basket).ids, "action_mark_ready", ()),
                (ORDER, self.mine.ids, "action_mark_ready", ()),
                (ORDER, self.theirs.ids, "action_mark_ready", ()),
                # the order's steps (the last action is their line's)
                *self._actions(self.mine)[:-1],
                *self._writes(self.mine)[6:],  # their own line's fields
                *self._settlement_calls(),
            ]
        )
        self.assertCreatesRefused()
        self.assertUnchanged(before)
        # what they may: their own services
        self.assertAllowed(self.call(LINE, "action_mark_ready", (self.mine_oil | self.theirs.line_ids).ids))
        self.env.invalidate_all()
        self.assertEqual(self.mine_oil.state, "ready")
        self.assertEqual(self.mine_oil.ready_by_id, self.oil_worker)
        self.assertEqual(self.mine_basket.state, "at_provider")
        self.assertEqual(self.mine.state, "at_provider")
        self.assertEqual(self.theirs.state, "ready")

    # ------------------------------------------------------------ staff
    def test_the_desk_collects_with_the_code_only(self):
        """Finding 2: the context key that collected an order without its
        code does nothing; the code does."""
        order = self.colleague_at_desk
        before = self._snapshot()
        self.login(self.desk)
        for context in ({}, {"periscope_concierge_collect": True}):
            with self.subTest(context=context):
                answer = self.call(ORDER, "write", order.ids, {"state": "collected"}, context=context)
                self.assertRefused(answer, "UserError", message="pick-up code")
        answer = self.call(ORDER, "action_collect", order.ids, "WRONG1", context={"periscope_concierge_collect": True})
        self.assertRefused(answer, "UserError", message="Wrong pick-up code")
        # the code is the desk's to read
        rows = self.assertAllowed(self._read(ORDER, order, ["pickup_code"]))
        self.assertEqual(rows[0]["pickup_code"], order.pickup_code)
        # nor products, settlements or agreements
        self.assertAllRefused(
            [
                ("product.template", self.oil.product_tmpl_id.ids, "write", ({"list_price": 1},)),
                (SETTLEMENT, self.settlements.ids, "read", (["amount"],)),
                (AGREEMENT, self.agreement.ids, "write", ({"fee_per_employee": 0},)),
            ]
        )
        self.assertUnchanged(before)
        self.assertAllowed(self.call(ORDER, "action_collect", order.ids, order.pickup_code))
        self.env.invalidate_all()
        self.assertEqual(order.state, "collected")
        self.assertTrue(order.invoice_id)

    def _written(self):
        """What ``assertNothingWritten`` compares: the watched records, the
        number of orders."""
        return self._snapshot(), self.env[ORDER].search_count([])

    def assertNothingWritten(self, written):
        before, order_count = written
        self.assertUnchanged(before)
        self.assertEqual(self.env[ORDER].search_count([]), order_count)

    def test_numbers_are_bounded_on_every_path(self):
        """Finding 3: a quantity (or a price) that is not a finite number
        within its bounds is refused with a message, whatever sends it; and
        nothing is written."""
        written = self._written()
        self.login(self.desk)
        line = self.mine_draft.line_ids
        for value in BAD_NUMBERS + (0, 10001):
            with self.subTest(value=value):
                answer = self.call(LINE, "write", line.ids, {"quantity": value})
                self.assertRefused(answer, "ValidationError", "UserError")
                self.assertTrue(answer.message)
                answer = self.call(
                    ORDER,
                    "create",
                    {
                        "beneficiary_id": self.employee.id,
                        "line_ids": [(0, 0, {"product_id": self.oil.id, "quantity": value})],
                    },
                )
                self.assertRefused(answer, "ValidationError", "UserError")
        for value in BAD_NUMBERS:
            with self.subTest(price=value):
                answer = self.call(LINE, "write", line.ids, {"price_unit": value})
                self.assertRefused(answer, "ValidationError", "UserError")
        answer = self.call(ORDER, "write", line.order_id.ids, {"color": 10**30})
        self.assertRefused(answer, "ValidationError")
        self.assertNothingWritten(written)

    def test_the_desk_form_refuses_a_quantity_out_of_bounds(self):
        """Finding 3: the desk's form, as a quantity is typed: a message, for
        the line and for the order's lines; a quantity in bounds is taken."""
        written = self._written()
        self.login(self.desk)
        spec = {"quantity": {}, "price_unit": {}, "price_subtotal": {}}
        for model, values, fields_spec in (
            (LINE, {"order_id": self.mine_draft.id, "product_id": self.oil.id}, spec),
            (ORDER, {"beneficiary_id": self.employee.id}, {"line_ids": {"fields": spec}}),
        ):
            for value in (1e307, float("nan"), -1.0):
                with self.subTest(model=model, onchange=value):
                    if model == LINE:
                        values = dict(values, quantity=value)
                        changed = ["quantity"]
                    else:
                        line_vals = {"product_id": self.oil.id, "quantity": value}
                        values = dict(values, line_ids=[(0, "virtual_1", line_vals)])
                        changed = ["line_ids"]
                    answer = self.call(model, "onchange", [], values, changed, fields_spec)
                    self.assertRefused(answer, "ValidationError", message="Quantity")
        answer = self.call(
            LINE,
            "onchange",
            [],
            {"order_id": self.mine_draft.id, "product_id": self.oil.id, "quantity": 2},
            ["quantity"],
            spec,
        )
        self.assertAllowed(answer)
        self.assertNothingWritten(written)

    def test_the_provider_of_a_line_is_its_services(self):
        """Finding 3: the provider of a line is its service's, whatever the
        desk sends."""
        written = self._written()
        self.login(self.desk)
        answer = self.call(LINE, "write", self.mine_draft.line_ids.ids, {"provider_id": self.basket_provider.id})
        self.assertRefused(answer, "ValidationError", message="carried out by")
        self.assertNothingWritten(written)

    def test_the_managers_numbers_are_bounded_too(self):
        """Finding 3: the manager's numbers too, a service's share, an
        agreement's fee; and no import writes a quantity out of bounds."""
        written = self._written()
        line = self.mine_draft.line_ids
        self.login(self.manager)
        for model, ids, vals in (
            ("product.template", self.oil.product_tmpl_id.ids, {"concierge_share_fixed": 1e307}),
            ("product.template", self.oil.product_tmpl_id.ids, {"concierge_share_percent": float("nan")}),
            ("product.template", self.oil.product_tmpl_id.ids, {"concierge_turnaround_days": 10**12}),
            (AGREEMENT, self.agreement.ids, {"fee_per_employee": 1e307}),
            (AGREEMENT, self.agreement.ids, {"employee_count": float("inf")}),
        ):
            with self.subTest(model=model, vals=vals):
                answer = self.call(model, "write", ids, vals)
                self.assertRefused(answer, "ValidationError")
        # an import neither
        result = self.assertAllowed(self.call(LINE, "load", [".id", "quantity"], [[str(line.id), "1e307"]]))
        self.assertFalse(result["ids"])
        self.assertTrue(result["messages"])
        self.assertNothingWritten(written)

    def test_a_decimal_comma_is_a_number(self):
        """Finding 3: a decimal comma is a number; a number in bounds is
        taken."""
        line = self.mine_draft.line_ids
        self.login(self.desk)
        self.assertAllowed(self.call(LINE, "write", line.ids, {"quantity": "2,5"}))
        self.env.invalidate_all()
        self.assertEqual(line.quantity, 2.5)
        self.assertEqual(line.price_subtotal, round(2.5 * line.price_unit, 2))

    def test_the_manager_changes_the_concierge_services_only(self):
        """Finding 5: the concierge manager changes the concierge's services,
        not the membership nor the rooms; a manager who is also a product
        manager keeps the whole catalogue."""
        before = self._snapshot()
        self.login(self.manager)
        membership_tmpl = self.membership.product_tmpl_id
        self.assertAllRefused(
            [
                ("product.template", membership_tmpl.ids, "write", ({"list_price": 1.0},)),
                ("product.product", self.membership.ids, "write", ({"list_price": 1.0},)),
                ("product.template", self.room.product_tmpl_id.ids, "write", ({"name": "x"},)),
                (
                    "product.template",
                    membership_tmpl.ids,
                    "write",
                    ({"is_concierge_service": True, "concierge_provider_id": self.oil_provider.id},),
                ),
                ("product.template", self.oil.product_tmpl_id.ids, "unlink", ()),
            ]
        )
        for model in ("product.template", "product.product"):
            with self.subTest(model=model):
                answer = self.call(model, "create", {"name": "Adhésion pirate"})
                self.assertRefused(answer, "AccessError")
        # an import neither
        result = self.assertAllowed(
            self.call("product.template", "load", [".id", "list_price"], [[str(membership_tmpl.id), "1"]])
        )
        self.assertFalse(result["ids"])
        self.assertTrue(result["messages"])
        # settled is settled
        for vals in ({"provider_id": self.basket_provider.id}, {"company_id": self.env.company.id}, {"amount": 0.0}):
            with self.subTest(vals=vals):
                answer = self.call(SETTLEMENT, "write", self.oil_settlement.ids, vals)
                self.assertRefused(answer, "UserError")
        self.assertUnchanged(before)
        # their services, they change
        self.assertAllowed(self.call("product.template", "write", self.oil.product_tmpl_id.ids, {"list_price": 6.0}))
        new_id = self.assertAllowed(
            self.call(
                "product.template",
                "create",
                {
                    "name": "Retouche d'un ourlet (rpc test)",
                    "is_concierge_service": True,
                    "concierge_provider_id": self.basket_provider.id,
                },
            )
        )
        self.assertTrue(self.env["product.template"].browse(new_id).is_concierge_service)
        self.assertEqual(self.oil.list_price, 6.0)
        # with the product managers' rights, everything
        self.login(self.all_products)
        self.assertAllowed(self.call("product.template", "write", membership_tmpl.ids, {"list_price": 1.0}))
        self.assertAllowed(self.call("product.product", "write", self.room.ids, {"list_price": 30.0}))

    def test_the_accountant_reads_and_moves_nothing(self):
        before = self._snapshot()
        self.login(self.accountant)
        rows = self.assertAllowed(self._read(ORDER, self.mine, ["amount_total", "provider_share_total"]))
        self.assertEqual(rows[0]["amount_total"], self.mine.amount_total)
        self.assertRefused(self._read(ORDER, self.mine, ["pickup_code"]), "AccessError")
        self.assertAllRefused(
            self._actions(self.mine) + self._actions(self.colleague_at_desk) + self._writes(self.mine)
        )
        answer = self.call(SETTLEMENT, "write", self.oil_settlement.ids, {"provider_id": self.basket_provider.id})
        self.assertRefused(answer, "UserError")
        self.assertUnchanged(before)
