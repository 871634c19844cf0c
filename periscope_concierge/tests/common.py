# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tools import SQL

from odoo.addons.periscope_members.tests.common import PeriscopeCase


def make_service(env, name, provider, list_price, share=None, days=None, **values):
    """A service of the concierge carried out by ``provider``: a product sold
    ``list_price``, without taxes on its sale nor on its purchase; ``share``,
    the provider's, ``("percent", 70.0)`` or ``("fixed", 16.0)``; ``days``,
    its turnaround; ``values`` add to it."""
    if share:
        share_type, amount = share
        values.update({"concierge_share_type": share_type, f"concierge_share_{share_type}": amount})
    if days:
        values["concierge_turnaround_days"] = days
    return env["product.product"].create(
        {
            "name": name,
            "type": "service",
            "list_price": list_price,
            "taxes_id": [(5, 0, 0)],
            "supplier_taxes_id": [(5, 0, 0)],
            "is_concierge_service": True,
            "concierge_provider_id": provider.id,
            **values,
        }
    )


class PeriscopeConciergeCase(PeriscopeCase):
    """The desk, a manager, an accountant; two providers and their services;
    a member organisation with an employee, and an outside customer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_concierge_staff()
        cls._setup_services()
        cls._setup_customers()

    @classmethod
    def _setup_concierge_staff(cls):
        """The desk, the concierge's manager, an accountant."""
        cls.desk = cls._make_user("concierge_desk", "periscope_concierge.group_periscope_concierge_user")
        cls.manager = cls._make_user("concierge_manager", "periscope_concierge.group_periscope_concierge_manager")
        cls.accountant = cls._make_user("concierge_accountant", "account.group_account_invoice")

    @classmethod
    def _setup_services(cls):
        """The oil collection (70 % to its provider) and the basket (16.00 to
        its provider), each of its own provider."""
        cls.oil_provider = cls._make_organisation("Roule Ma Frite 31 (test)")
        cls.basket_provider = cls._make_organisation("Caracole (test)")
        cls.oil = make_service(
            cls.env, "Collecte d'huiles usagées (test)", cls.oil_provider, 5.0, share=("percent", 70.0), days=5
        )
        cls.basket = make_service(
            cls.env, "Panier circuit court (test)", cls.basket_provider, 18.5, share=("fixed", 16.0), days=2
        )

    @classmethod
    def _setup_customers(cls):
        """Julie Castex, of a member organisation; Paul Sabatier, of an
        organisation outside the hub."""
        Partner = cls.env["res.partner"]
        cls.org = cls._make_organisation("BGE Sud-Ouest (test)", cls.PERMANENT_RESIDENT)
        cls.employee = Partner.create(
            {"name": "Julie Castex", "parent_id": cls.org.id, "email": "julie.castex@example.org"}
        )
        cls.other_org = cls._make_organisation("Formethic (test)")
        cls.other_employee = Partner.create({"name": "Paul Sabatier", "parent_id": cls.other_org.id})

    @classmethod
    def _make_oil_worker(cls, name, login):
        """``(person, user)``: Léa, who works for the oil provider, with a
        portal login (password ``<login>_pw``)."""
        person = cls.env["res.partner"].create({"name": name, "parent_id": cls.oil_provider.id})
        user = cls._make_portal_login(person, login, email="lea.roule@example.org", password=f"{login}_pw")
        return person, user

    def _insert_oil_orders(self, prefix, count, state, line_state, dated, note=None):
        """``count`` orders of the employee (``<prefix>00001``…), in ``state``
        since now (``dated``, the column of that step's date), each with its
        oil service in ``line_state``, noted ``<note><number>`` when ``note``
        is given: written straight into the tables (through the ORM they
        would take minutes)."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                WITH orders AS (
                    INSERT INTO periscope_concierge_order (
                        name, beneficiary_id, partner_id, company_id, state,
                        pickup_code, expected_date, amount_total,
                        provider_share_total, is_invoiced, date_deposited,
                        %(dated)s, note, create_uid, create_date, write_uid,
                        write_date
                    )
                    SELECT %(prefix)s || lpad(g::text, 5, '0'), %(partner)s,
                        %(partner)s, %(company)s, %(state)s,
                        %(prefix)s || lpad(g::text, 5, '0'), '2026-03-06', 10.0,
                        7.0, false, now() at time zone 'UTC',
                        now() at time zone 'UTC', %(note)s || g::text, %(uid)s,
                        now() at time zone 'UTC', %(uid)s,
                        now() at time zone 'UTC'
                    FROM generate_series(1, %(count)s) AS g
                    RETURNING id
                )
                INSERT INTO periscope_concierge_order_line (
                    order_id, sequence, company_id, product_id, provider_id,
                    state, name, quantity, price_unit, price_subtotal,
                    provider_share, commission, create_uid, create_date,
                    write_uid, write_date
                )
                SELECT id, 10, %(company)s, %(product)s, %(provider)s,
                    %(line_state)s, %(service)s, 2.0, 5.0, 10.0, 7.0, 3.0,
                    %(uid)s, now() at time zone 'UTC', %(uid)s,
                    now() at time zone 'UTC'
                FROM orders
                """,
                prefix=prefix,
                partner=self.employee.id,
                company=self.env.company.id,
                state=state,
                dated=SQL.identifier(dated),
                note=note,
                product=self.oil.id,
                provider=self.oil_provider.id,
                line_state=line_state,
                service=self.oil.display_name,
                uid=self.env.uid,
                count=count,
            )
        )
        self.env.invalidate_all()

    def _order(self, beneficiary=None, lines=None, user=None):
        """A draft order taken at the desk: ``lines`` are (product, quantity)."""
        Order = self.env["periscope.concierge.order"].with_user(user or self.desk)
        return Order.create(
            {
                "beneficiary_id": (beneficiary or self.employee).id,
                "line_ids": [
                    (0, 0, {"product_id": product.id, "quantity": quantity})
                    for product, quantity in (lines or [(self.oil, 2)])
                ],
            }
        )

    def _to_desk(self, order):
        """Through the steps up to the desk, the providers marking ready."""
        order.action_deposit()
        order.action_send_to_provider()
        order.action_mark_ready()
        order.action_at_desk()
        return order
