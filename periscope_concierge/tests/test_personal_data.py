# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import json
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged

from odoo.addons.periscope_members.tests.http import PortalHttpMixin
from odoo.addons.periscope_members.tests.personal_data import ChatterMixin

from .common import PeriscopeConciergeCase

MARCH = date(2026, 3, 1)
MEMBERS_ADMIN = "periscope_members.group_periscope_members_manager"


class PersonalDataCase(ChatterMixin, PeriscopeConciergeCase):
    """Julie Castex (the employee of the member organisation) has a portal
    account; Marc Dupuy is her colleague; Léa Roule works for the oil
    provider; the members' administrator erases people."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.members_admin = cls._make_user("concierge_members_admin", MEMBERS_ADMIN)
        cls.employee.phone = "06 12 34 56 78"
        cls.member = cls._make_portal_login(cls.employee, "concierge_gdpr_member", password="concierge_gdpr_member_pw")
        cls.colleague = Partner.create(
            {"name": "Marc Dupuy", "parent_id": cls.org.id, "email": "marc.dupuy@example.org"}
        )
        cls.oil_worker_partner, cls.oil_worker = cls._make_oil_worker("Léa Roule", "concierge_gdpr_oil")

    def _collected(self, order):
        """Through the desk, the oil provider's worker marking its services
        ready, and collected with its code (the invoice drafted)."""
        order.action_deposit()
        order.action_send_to_provider()
        order.line_ids.filtered(lambda line: line.provider_id == self.oil_provider).with_user(
            self.oil_worker
        ).action_mark_ready()
        if order.state == "at_provider":
            order.action_mark_ready()
        order.action_at_desk()
        order.action_collect(order.pickup_code)
        return order

    def _erase(self, person):
        person.with_user(self.members_admin).action_periscope_anonymise()
        self._commit_chatter()


@tagged("post_install", "-at_install")
@freeze_time("2026-04-02 08:00:00")
class TestConciergeErasure(PersonalDataCase):
    """The members' administrator erases a person: the concierge keeps their
    orders' amounts, steps, invoices and settlements, and nothing that names
    them or that they were told."""

    def _julie_order(self):
        """An order of Julie's, collected in March and invoiced to her, with
        everything the desk and she wrote on it."""
        with freeze_time("2026-03-10 10:00:00"):
            # taken for her colleague, then corrected: the history names both
            order = self._order(beneficiary=self.colleague, lines=[(self.oil, 2)])
            self._commit_chatter()
            order.write(
                {
                    "beneficiary_id": self.employee.id,
                    "user_id": self.member.id,
                    "note": "Sonner à l'interphone Castex, 06 12 34 56 78",
                }
            )
            order.line_ids.name = "Huile de friture de Julie Castex"
            order.message_post(
                body="Mme Castex rappellera jeudi au 06 12 34 56 78.",
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )
            self.env["ir.attachment"].create(
                {
                    "name": "bon-de-depot-castex.pdf",
                    "datas": base64.b64encode(b"Julie Castex"),
                    "res_model": order._name,
                    "res_id": order.id,
                }
            )
            order.activity_schedule("mail.mail_activity_data_todo", note="Rappeler Julie Castex")
            self._commit_chatter()
            code = order.pickup_code
            self._collected(order)
            self._commit_chatter()
        return order.with_env(self.env), code

    def _colleague_order(self):
        """An order of Marc's, collected in March, with his note:
        ``(order, code)``."""
        with freeze_time("2026-03-12 10:00:00"):
            colleague_order = self._order(beneficiary=self.colleague).with_env(self.env)
            colleague_order.note = "Note de Marc Dupuy"
            colleague_code = colleague_order.pickup_code
            self._collected(colleague_order)
            self._commit_chatter()
        return colleague_order, colleague_code

    @staticmethod
    def _accounts(order, invoice, settlement):
        """What the accounts hold of ``order``: its amounts, its lines, its
        invoice, its settlement."""
        return {
            "order": order.read(["name", "state", "amount_total", "date_collected"]),
            "lines": order.line_ids.read(["product_id", "quantity", "price_unit", "price_subtotal"]),
            # the invoice's partner is the same contact, anonymised
            "invoice": (invoice.name, invoice.state, invoice.amount_total, invoice.partner_id),
            "settlement": settlement.read(["amount", "revenue", "bill_id"]),
        }

    def _keep_a_failed_copy(self, order, code):
        """The e-mail of the order at the desk (with its ``code``), sent; a
        copy of it that failed to leave is kept until it is retried."""
        at_desk = order.message_ids.filtered(lambda m: code in str(m.body))
        self.assertEqual(len(at_desk), 1)
        self.env["mail.mail"].create(
            {
                "mail_message_id": at_desk.id,
                "body_html": at_desk.body,
                "state": "exception",
                "recipient_ids": self.employee.ids,
            }
        )

    def _attachments(self, order):
        return self.env["ir.attachment"].search([("res_model", "=", order._name), ("res_id", "=", order.id)])

    def _assert_nothing_of_julie(self, order, code):
        """Nothing left on ``order`` that names Julie or that she was told
        (her ``code``); its steps still in its history."""
        self.assertRecordValues(order, [{"note": False, "access_token": False, "activity_ids": []}])
        self.assertNotEqual(order.pickup_code, code)
        self.assertEqual(order.line_ids.name, self.oil.display_name)
        self.assertFalse(self._attachments(order))
        chatter = self._chatter_text(order)
        for erased in ("Castex", "Julie", "06 12", code):
            self.assertNotIn(erased, chatter)
        # the steps are still in the history
        states = order.message_ids.tracking_value_ids.filtered(lambda v: v.field_id.name == "state")
        self.assertIn("Collected", states.mapped("new_value_char"))

    def test_erasure_keeps_the_accounts_and_nothing_of_the_person(self):
        order, code = self._julie_order()
        colleague_order, colleague_code = self._colleague_order()
        invoice = order.invoice_id
        self.assertEqual(invoice.partner_id, self.employee)
        invoice.action_post()
        settlement = self.env["periscope.concierge.settlement"]._settle_month(MARCH)
        self.assertEqual(order.line_ids.settlement_id, settlement)
        before = self._accounts(order, invoice, settlement)
        self._keep_a_failed_copy(order, code)
        chatter = self._chatter_text(order)
        # what the erasure is about is there before it
        self.assertIn(code, chatter)
        self.assertIn("Castex", chatter)
        self.assertTrue(order.activity_ids)
        self.assertTrue(self._attachments(order))

        self._erase(self.employee)

        self._assert_nothing_of_julie(order, code)
        # the accounts are kept
        after = self._accounts(order, invoice, settlement)
        for kept in ("order", "lines", "invoice", "settlement"):
            self.assertEqual(after[kept], before[kept], kept)
        self.assertEqual(order.invoice_id, invoice)
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(order.line_ids.settlement_id, settlement)
        # the colleague's order is untouched
        self.assertEqual(colleague_order.note, "Note de Marc Dupuy")
        self.assertEqual(colleague_order.pickup_code, colleague_code)
        self.assertIn("Marc Dupuy", self._chatter_text(colleague_order))
        self.assertIn(colleague_code, self._chatter_text(colleague_order))

    def test_orders_under_way_are_settled_first(self):
        """Julie is refused while an order she collects, or one invoiced to
        her, is under way; the message names them."""
        hers = self._order()
        hers.action_deposit()
        hers.note = "Note de Julie"
        paid_by_her = self._order(beneficiary=self.colleague)
        paid_by_her.partner_id = self.employee
        for order in (hers, paid_by_her):
            with self.assertRaises(UserError) as caught:
                self._erase(self.employee)
            self.assertIn(order.name, str(caught.exception))
            self.assertEqual(self.employee.name, "Julie Castex")
            self.assertTrue(self.member.active)
            order.action_cancel()
        self._erase(self.employee)
        self.assertFalse(self.employee.with_context(active_test=False).active)
        self.assertFalse(hers.note)

    def _tailors_service(self):
        """``(tailor, sewing)``: Sandrine, who carries out the sewing herself
        (it was the basket provider's before: the history names both)."""
        tailor = self.env["res.partner"].create({"name": "Sandrine Aiguille", "email": "sandrine@example.org"})
        sewing = self.env["product.product"].create(
            {
                "name": "Ourlet (test)",
                "type": "service",
                "list_price": 12.0,
                "taxes_id": [(5, 0, 0)],
                "is_concierge_service": True,
                "concierge_provider_id": self.basket_provider.id,
            }
        )
        sewing.product_tmpl_id.concierge_provider_id = tailor
        self._commit_chatter()
        return tailor, sewing

    def _tailors_settlement(self, tailor):
        """What the hub owes Sandrine for March, with a note and a message
        that name her."""
        settlement = self.env["periscope.concierge.settlement"].create(
            {
                "provider_id": tailor.id,
                "period_start": MARCH,
                "amount": 10.0,
                "note": "Virement à Sandrine Aiguille, IBAN FR76 1234",
            }
        )
        settlement.message_post(body="Payée par virement à Sandrine Aiguille.", message_type="comment")
        self.assertIn("Aiguille", settlement.name)
        return settlement

    def _assert_erasure_refused(self, person, named):
        """Erasing ``person`` is refused, the message naming ``named``."""
        with self.assertRaises(UserError) as caught:
            self._erase(person)
        self.assertIn(named, str(caught.exception))

    def test_a_provider_person_is_replaced_first(self):
        """A person who carries out a service herself is erased once the
        service has another provider (or is archived) and its orders are
        through; her settlements keep their amounts, not her name."""
        tailor, sewing = self._tailors_service()
        order = self._order(beneficiary=self.colleague, lines=[(sewing, 1)])
        order.note = "Ourlet de Marc"
        order.action_deposit()
        order.action_send_to_provider()
        self._assert_erasure_refused(tailor, sewing.display_name)
        sewing.product_tmpl_id.active = False
        self._assert_erasure_refused(tailor, order.name)
        order.action_mark_ready()
        order.action_at_desk()
        order.action_collect(order.pickup_code)
        settlement = self._tailors_settlement(tailor)
        # her download: what the hub owes her, not her customers' orders
        data = tailor._periscope_personal_data()["concierge"]
        self.assertEqual(data["orders"], [])
        self.assertEqual(
            [(row["month"], row["owed"]) for row in data["settlements_as_provider"]], [("2026-03-01", 10.0)]
        )
        self.assertNotIn(order.name, json.dumps(data))

        self._erase(tailor)

        self.assertFalse(settlement.note)
        self.assertEqual(settlement.amount, 10.0)
        self.assertNotIn("Aiguille", settlement.name)
        messages = settlement.message_ids
        self.assertNotIn("Aiguille", " ".join(messages.mapped("record_name") + messages.mapped("body")))
        history = sewing.product_tmpl_id.message_ids.tracking_value_ids.filtered(
            lambda v: v.field_id.name == "concierge_provider_id"
        )
        self.assertNotIn("Aiguille", " ".join(history.mapped("old_value_char") + history.mapped("new_value_char")))
        # the customer's order is not hers: it keeps its instructions
        self.assertEqual(order.note, "Ourlet de Marc")
        self.assertEqual(order.line_ids.provider_id, tailor)


@tagged("post_install", "-at_install")
class TestConciergeExportQueries(PersonalDataCase):
    def _insert_orders(self, prefix, count):
        """``count`` collected orders of Julie's, with their service, written
        straight into the tables."""
        self._insert_oil_orders(prefix, count, "collected", "ready", "date_collected", note="Note ")

    def _export(self):
        return self.queries_of(self.employee._periscope_personal_data)

    def test_the_export_queries_do_not_grow_with_the_orders(self):
        self._insert_orders("GA", 10)
        few, data = self._export()
        self.assertEqual(len(data["concierge"]["orders"]), 10)
        self._insert_orders("GB", 1000)
        many, data = self._export()
        self.assertEqual(len(data["concierge"]["orders"]), 1010)
        self.assertEqual(len(data["concierge"]["orders"][-1]["services"]), 1)
        self.assertEqual(few, many)


@tagged("post_install", "-at_install")
class TestConciergePersonalDataPortal(PortalHttpMixin, PersonalDataCase, HttpCase):
    """Julie downloads her data at /my/personal-data: her orders, her codes
    of what she has still to collect, nothing of her colleague's orders nor
    of another organisation's; Léa, who works for a provider, the services
    she marked ready, not whose they were."""

    def _download(self, user):
        self.authenticate(user.login, f"{user.login}_pw")
        response = self.url_open("/my/personal-data")
        self.assertEqual(response.status_code, 200)
        return response.text, json.loads(response.content)

    def test_a_person_downloads_her_concierge_data_only(self):
        collected = self._order(lines=[(self.oil, 2), (self.basket, 1)])
        collected.note = "Sonner à l'interphone"
        collected_code = collected.pickup_code
        self._collected(collected)
        under_way = self._order()
        under_way.action_deposit()
        colleague = self._order(beneficiary=self.colleague)
        colleague.note = "Note de Marc"
        colleague.action_deposit()
        # billed to the organisation, for Julie's colleague
        colleague.partner_id = self.org
        other = self._order(beneficiary=self.other_employee)
        other.note = "Note de Paul"

        text, data = self._download(self.member)

        orders = {row["reference"]: row for row in data["concierge"]["orders"]}
        self.assertEqual(set(orders), {collected.name, under_way.name})
        row = orders[collected.name]
        self.assertEqual(row["instructions"], "Sonner à l'interphone")
        self.assertEqual(row["total"], collected.amount_total)
        self.assertTrue(row["invoiced"])
        self.assertTrue(row["you_drop_off_and_collect"])
        self.assertEqual(row["invoiced_to"], "Julie Castex")
        self.assertEqual([service["service"] for service in row["services"]], collected.line_ids.mapped("name"))
        self.assertTrue(row["steps"]["collected"])
        self.assertIsNone(row["steps"]["cancelled"])
        # the code of what she still has to collect; not a spent one
        self.assertIsNone(row["pickup_code"])
        self.assertNotIn(collected_code, text)
        self.assertEqual(orders[under_way.name]["pickup_code"], under_way.pickup_code)
        for theirs in (colleague, other):
            self.assertNotIn(theirs.name, text)
            self.assertNotIn(theirs.pickup_code, text)
        self.assertNotIn("Marc", text)
        self.assertNotIn("Paul", text)
        self.assertEqual(data["concierge"]["services_marked_ready"], [])

        text, data = self._download(self.oil_worker)
        self.assertEqual(data["concierge"]["orders"], [])
        ready = data["concierge"]["services_marked_ready"]
        self.assertEqual([service["service"] for service in ready], [self.oil.display_name])
        # the services she carried out, not whose orders they were
        self.assertNotIn(collected.name, text)
        self.assertNotIn("Castex", text)
        self.assertNotIn("interphone", text)
