# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date
from unittest.mock import patch

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.service.model import _as_validation_error
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from ..models.periscope_concierge_order import CODE_ALPHABET, add_working_days
from .common import PeriscopeConciergeCase


@tagged("post_install", "-at_install")
class TestConciergeOrder(PeriscopeConciergeCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the permanent residents' member rate: 10 % off the baskets
        cls.env["product.pricelist.item"].create(
            {
                "pricelist_id": cls.env.ref("periscope_members.pricelist_permanent_resident").id,
                "applied_on": "0_product_variant",
                "product_id": cls.basket.id,
                "compute_price": "percentage",
                "percent_price": 10,
            }
        )

    def test_the_desk_takes_an_order_in_one_screen(self):
        Order = self.env["periscope.concierge.order"].with_user(self.desk)
        with Form(Order) as form:
            form.beneficiary_id = self.employee
            with form.line_ids.new() as line:
                line.product_id = self.basket
                line.quantity = 2
            with form.line_ids.new() as line:
                line.product_id = self.oil
        order = form.save()
        self.assertTrue(order.name.startswith("CONC/"))
        self.assertEqual(order.state, "draft")
        self.assertEqual(order.partner_id, self.employee)  # no agreement
        self.assertEqual(len(order.pickup_code), 6)
        self.assertTrue(set(order.pickup_code) <= set(CODE_ALPHABET))
        basket, oil = order.line_ids
        # member rate for the basket (16.65), public price for the oil
        self.assertEqual((basket.price_unit, basket.price_subtotal), (16.65, 33.3))
        self.assertEqual(oil.price_unit, 5.0)
        self.assertEqual(order.amount_total, 38.3)
        self.assertEqual(basket.provider_id, self.basket_provider)
        # Caracole is paid 16.00 a basket, Roule Ma Frite 70 %
        self.assertEqual(basket.provider_share, 32.0)
        self.assertEqual(oil.provider_share, 3.5)
        self.assertAlmostEqual(basket.commission, 1.3)
        self.assertEqual(order.provider_ids, self.basket_provider | self.oil_provider)
        # an outside customer pays the public price
        outsider = self._order(self.other_employee, [(self.basket, 1)])
        self.assertEqual(outsider.line_ids.price_unit, 18.5)

    def test_pickup_codes_are_unique(self):
        orders = self.env["periscope.concierge.order"].browse()
        for _i in range(30):
            orders |= self._order()
        self.assertEqual(len(set(orders.mapped("pickup_code"))), 30)
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            orders[1].sudo().write({"pickup_code": orders[0].pickup_code})
            orders.flush_recordset()

    def test_a_pickup_code_already_taken_is_drawn_again(self):
        """Six random characters meet once in about twenty hubs of 10,000
        orders: a code drawn that an order has (or another order of the same
        save) is drawn again, instead of the database refusing the order."""
        taken = self._order()
        Order = type(self.env["periscope.concierge.order"])
        draws = iter([taken.pickup_code, "NEW234", "NEW234", taken.pickup_code, "NEW567"])
        with patch.object(Order, "_draw_pickup_code", lambda _self: next(draws)):
            orders = (
                self.env["periscope.concierge.order"]
                .with_user(self.desk)
                .create([{"beneficiary_id": self.employee.id}, {"beneficiary_id": self.employee.id}])
            )
        self.assertEqual(sorted(orders.mapped("pickup_code")), ["NEW234", "NEW567"])
        self.assertRaises(StopIteration, next, draws)
        # a code given in the same transaction, not yet written, counts too
        taken.sudo().write({"pickup_code": "NEW890"})
        draws = iter(["NEW890", "NEW999"])
        with patch.object(Order, "_draw_pickup_code", lambda _self: next(draws)):
            self.assertEqual(self._order().pickup_code, "NEW999")

    def test_the_pickup_code_is_given_once_when_the_order_is_saved(self):
        """The code on the receipt is the one asked at the pick-up: nothing
        shows one before the order is saved, nobody chooses or changes it."""
        Order = self.env["periscope.concierge.order"].with_user(self.desk)
        self.assertNotIn("pickup_code", Order.default_get(["pickup_code"]))
        with Form(Order) as form:
            form.beneficiary_id = self.employee
            with form.line_ids.new() as line:
                line.product_id = self.basket
            self.assertFalse(form.pickup_code)
        order = form.save()
        code = order.pickup_code
        self.assertEqual(len(code), 6)
        # the form's view hides the code until the order is saved
        arch = Order.get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn('name="pickup_code" invisible="not id"', arch)
        # an import, an RPC call: a code sent is not the one kept
        chosen = Order.create({"beneficiary_id": self.employee.id, "pickup_code": "AAAAAA"})
        self.assertNotEqual(chosen.pickup_code, "AAAAAA")
        with self.assertRaisesRegex(UserError, "given once"):
            order.write({"pickup_code": "BBBBBB"})
        order.invalidate_recordset()
        self.assertEqual(order.pickup_code, code)

    @freeze_time("2026-03-06 09:00:00")  # a Friday
    def test_from_drop_off_to_pick_up(self):
        order = self._order(lines=[(self.oil, 2), (self.basket, 1)])
        order.action_deposit()
        self.assertEqual(order.state, "deposited")
        self.assertEqual(str(order.date_deposited), "2026-03-06 09:00:00")
        # five working days for the oil: Friday 13 March
        self.assertEqual(str(order.expected_date), "2026-03-13")
        order.action_send_to_provider()
        self.assertEqual(set(order.line_ids.mapped("state")), {"at_provider"})
        oil_line, basket_line = order.line_ids
        oil_line.with_user(self.desk).action_mark_ready()
        self.assertEqual(order.state, "at_provider")  # the basket is not ready
        basket_line.with_user(self.desk).action_mark_ready()
        self.assertEqual(order.state, "ready")
        self.assertEqual(basket_line.ready_by_id, self.desk)
        order.with_user(self.desk).action_at_desk()
        self.assertEqual(order.state, "at_desk")
        mail = order.message_ids.filtered(lambda message: order.name in (message.subject or ""))
        self.assertEqual(len(mail), 1)
        self.assertIn(order.pickup_code, mail.body)
        self.assertIn(self.employee, mail.partner_ids)
        with self.assertRaises(UserError):
            order.with_user(self.desk).action_collect("WRONG1")
        self.assertEqual(order.state, "at_desk")
        self.assertFalse(order.invoice_id)
        wizard = (
            self.env["periscope.concierge.collect"]
            .with_user(self.desk)
            .create({"order_id": order.id, "code": order.pickup_code.lower()})
        )
        wizard.action_collect()
        self.assertEqual(order.state, "collected")
        # the collection is in the chatter, as every step
        self.env.flush_all()
        self.env.cr.precommit.run()
        tracked = order.sudo().message_ids.tracking_value_ids.filtered(lambda value: value.field_id.name == "state")
        self.assertIn("Collected", tracked.mapped("new_value_char"))
        for step in ("date_at_provider", "date_ready", "date_at_desk", "date_collected"):
            self.assertTrue(order[step], step)

    def test_collected_orders_are_invoiced_once(self):
        order = self._to_desk(self._order(lines=[(self.oil, 3)]))
        order.with_user(self.desk).action_collect(order.pickup_code)
        invoice = order.sudo().invoice_id
        self.assertEqual(invoice.state, "draft")
        self.assertEqual(invoice.move_type, "out_invoice")
        self.assertEqual(invoice.partner_id, self.employee)
        self.assertEqual(invoice.amount_untaxed, 15.0)
        line = invoice.invoice_line_ids
        self.assertEqual(line.periscope_concierge_line_id, order.line_ids)
        analytic = self.env.ref("periscope_concierge.analytic_account_concierge")
        self.assertEqual(line.analytic_distribution, {str(analytic.id): 100})
        self.assertTrue(order.is_invoiced)
        # nothing more to invoice; the database refuses it anyway
        self.assertFalse(order._create_invoices())
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError) as caught:
            invoice.write(
                {
                    "invoice_line_ids": [
                        (
                            0,
                            0,
                            {
                                "name": "Again",
                                "quantity": 1,
                                "price_unit": 5,
                                "periscope_concierge_line_id": order.line_ids.id,
                            },
                        )
                    ]
                }
            )
            self.env.flush_all()
        self.assertIn("already invoiced", str(_as_validation_error(self.env, caught.exception)))

    def test_one_step_at_a_time_and_never_back(self):
        order = self._order()
        Order = order.with_user(self.desk)
        with self.assertRaises(UserError):  # skipping the deposit
            Order.write({"state": "at_provider"})
        with self.assertRaises(UserError):
            Order.action_at_desk()
        order.action_deposit()
        order.action_send_to_provider()
        with self.assertRaises(UserError):  # going back
            Order.write({"state": "deposited"})
        order.action_mark_ready()
        order.action_at_desk()
        with self.assertRaises(UserError):  # dragged to "collected" in the kanban
            Order.write({"state": "collected"})
        self.assertEqual(order.state, "at_desk")
        order.action_collect(order.pickup_code)
        for step in (Order.action_cancel, Order.action_deposit):
            with self.assertRaises(UserError):
                step()
        with self.assertRaises(UserError):
            Order.line_ids.write({"quantity": 5})
        with self.assertRaises(UserError):
            Order.unlink()
        self.assertEqual(order.state, "collected")

    def test_bad_lines_are_refused(self):
        for quantity in (0, -2):
            with self.assertRaises(ValidationError) as caught:
                self._order(lines=[(self.oil, quantity)])
            self.assertIn("must be positive", str(caught.exception))
        # the database says the same
        line = self._order().line_ids
        line.flush_recordset()
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError) as caught, self.cr.savepoint():
            self.env.cr.execute("UPDATE periscope_concierge_order_line SET quantity = 0 WHERE id = %s", line.ids)
        self.assertIn("must be positive", str(_as_validation_error(self.env, caught.exception)))
        chair = self.env["product.product"].create({"name": "Chaise", "type": "consu"})
        with self.assertRaises(ValidationError):
            self._order(lines=[(chair, 1)])
        empty = self._order(lines=[])
        empty.line_ids.unlink()
        with self.assertRaises(ValidationError):
            empty.with_user(self.desk).action_deposit()
        self.assertEqual(empty.state, "draft")
        # a service cannot lose its provider
        with self.assertRaises(ValidationError):
            self.oil.product_tmpl_id.concierge_provider_id = False

    def test_cancelling(self):
        draft = self._order()
        draft.with_user(self.desk).action_cancel()
        self.assertEqual(draft.state, "cancelled")
        self.assertTrue(draft.date_cancelled)
        self.assertFalse(draft.expected_date)
        at_provider = self._order()
        at_provider.action_deposit()
        at_provider.action_send_to_provider()
        at_provider.with_user(self.desk).action_cancel()  # the desk may, not members
        self.assertEqual(at_provider.state, "cancelled")
        with self.assertRaises(UserError):
            at_provider.with_user(self.desk).action_deposit()

    def test_agreement_billing_the_company_monthly(self):
        agreement = (
            self.env["periscope.concierge.agreement"]
            .with_user(self.manager)
            .create(
                {
                    "partner_id": self.org.id,
                    "date_start": "2026-01-01",
                    "fee_per_employee": 4.0,
                    "employee_count": 12,
                    "billing": "company",
                }
            )
        )
        with freeze_time("2026-03-10 09:00:00"):
            order = self._order(lines=[(self.oil, 2)])
            self.assertEqual(order.partner_id, self.org)
            self.assertEqual(order.agreement_id, agreement)
            self._to_desk(order)
            order.action_collect(order.pickup_code)
        self.assertFalse(order.invoice_id)  # with the month's invoice
        Agreement = self.env["periscope.concierge.agreement"].with_user(self.manager)
        invoices = Agreement._invoice_month(order.date_collected.date())
        mine = invoices.filtered(lambda move: move.partner_id == self.org)
        self.assertEqual(len(mine), 1)
        fee, service = mine.invoice_line_ids.sorted(lambda line: bool(line.periscope_concierge_line_id))
        self.assertEqual((fee.quantity, fee.price_unit), (12, 4.0))
        self.assertEqual(fee.periscope_agreement_id, agreement)
        self.assertEqual(service.periscope_concierge_line_id, order.line_ids)
        self.assertEqual(mine.amount_untaxed, 48.0 + 10.0)
        self.assertEqual(order.sudo().invoice_id, mine)
        # never twice
        again = Agreement._invoice_month(order.date_collected.date())
        self.assertFalse(again.filtered(lambda move: move.partner_id == self.org))
        # the following month: the fee only
        april = Agreement._invoice_month(order.date_collected.date().replace(month=4))
        self.assertEqual(april.filtered(lambda move: move.partner_id == self.org).amount_untaxed, 48.0)

    def test_agreement_billing_each_employee(self):
        self.env["periscope.concierge.agreement"].create(
            {
                "partner_id": self.org.id,
                "date_start": "2026-01-01",
                "fee_per_employee": 2.0,
                "employee_count": 3,
                "billing": "employee",
            }
        )
        order = self._to_desk(self._order(lines=[(self.oil, 1)]))
        self.assertEqual(order.partner_id, self.employee)
        order.action_collect(order.pickup_code)
        self.assertEqual(order.sudo().invoice_id.partner_id, self.employee)

    @mute_logger("odoo.sql_db")
    def test_one_agreement_at_a_time(self):
        Agreement = self.env["periscope.concierge.agreement"].with_user(self.manager)
        Agreement.create({"partner_id": self.org.id, "date_start": "2026-01-01"})
        with self.assertRaises(IntegrityError) as caught:
            Agreement.create({"partner_id": self.org.id, "date_start": "2026-06-01", "date_end": "2026-12-31"})
            Agreement.flush_model()
        self.assertIn("already has a concierge agreement", str(_as_validation_error(self.env, caught.exception)))

    def test_agreements_and_refusals_by_group(self):
        with self.assertRaises(ValidationError):  # signed by an organisation
            self.env["periscope.concierge.agreement"].create(
                {"partner_id": self.employee.id, "date_start": "2026-01-01"}
            )
        with self.assertRaises(AccessError):
            self.env["periscope.concierge.agreement"].with_user(self.desk).create(
                {"partner_id": self.org.id, "date_start": "2026-01-01"}
            )
        with self.assertRaises(AccessError):
            self._order(user=self.accountant)

    def test_the_label(self):
        order = self._order(lines=[(self.oil, 2), (self.basket, 1)])
        order.action_deposit()
        html = (
            self.env["ir.actions.report"]
            .with_user(self.desk)
            ._render_qweb_html("periscope_concierge.report_concierge_label", order.ids)[0]
            .decode()
        )
        for text in (order.name, order.pickup_code, self.employee.name, "usagées (test)", self.basket_provider.name):
            self.assertIn(text, html)

    def test_working_days(self):
        friday = date(2026, 3, 6)
        self.assertEqual(add_working_days(friday, 1), date(2026, 3, 9))
        self.assertEqual(add_working_days(friday, 0), friday)
        self.assertEqual(add_working_days(friday, 5), date(2026, 3, 13))

    def test_desk_kanban_in_constant_queries(self):
        Order = self.env["periscope.concierge.order"].with_user(self.desk)
        kanban_fields = {
            "name": {},
            "pickup_code": {},
            "beneficiary_id": {"fields": {"display_name": {}}},
            "partner_id": {"fields": {"display_name": {}}},
            "provider_ids": {"fields": {"display_name": {}}},
            "expected_date": {},
            "amount_total": {},
            "currency_id": {"fields": {}},
            "state": {},
        }

        def count():
            for _warm in range(2):  # the second time, the caches are warm
                self.env.invalidate_all()
                before = self.cr.sql_log_count
                Order.web_read_group([("state", "!=", "cancelled")], ["state"], ["state"])
                Order.web_search_read([("state", "=", "draft")], kanban_fields, limit=40)
            return self.cr.sql_log_count - before

        self._create_orders(10)
        ten = count()
        self._create_orders(40)
        fifty = count()
        self._create_orders(950)
        thousand = count()
        self.assertEqual(thousand, fifty)
        # once the page of 40 is full, the web client counts them: one query
        self.assertEqual(ten, fifty - 1)

    def _create_orders(self, number):
        self.env["periscope.concierge.order"].create(
            [
                {
                    "beneficiary_id": (self.employee if index % 2 else self.other_employee).id,
                    "line_ids": [
                        (0, 0, {"product_id": self.oil.id, "quantity": 1}),
                        (0, 0, {"product_id": self.basket.id, "quantity": 1}),
                    ],
                }
                for index in range(number)
            ]
        )
