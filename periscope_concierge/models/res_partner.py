# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from odoo import _, fields, models
from odoo.exceptions import UserError

from .periscope_concierge_order import CANCELLABLE, STEP_DATES

# the orders still on their way through the desk: their customer collects
# them with their code, and is invoiced then
OPEN_STATES = CANCELLABLE
# the concierge's tracked fields that name a person (their history keeps the
# names), and the one that names a user
PARTNER_TRACKED_FIELDS = (
    ("periscope.concierge.order", "beneficiary_id"),
    ("periscope.concierge.order", "partner_id"),
    ("product.template", "concierge_provider_id"),
)
USER_TRACKED_FIELDS = (("periscope.concierge.order", "user_id"),)


class ResPartner(models.Model):
    _inherit = "res.partner"

    # ------------------------------------------------------------ download
    def _periscope_personal_data(self):
        data = super()._periscope_personal_data()
        data["concierge"] = self._periscope_concierge_personal_data()
        return data

    def _periscope_concierge_personal_data(self):
        """What the concierge holds about this person: the orders they drop
        off and collect or that are invoiced to them, the services they
        marked ready for their provider organisation (not whose orders they
        were), and what the hub owes them when they are a provider
        themselves. Never an order of a colleague, nor anything of the
        customers of the services they carry out. The same queries for one
        order or a thousand."""
        self.ensure_one()
        # sudo: the person's own data, asked by the person (the portal route)
        # or by the members' administrator; only the records that name them
        partner = self.sudo()
        return {
            "orders": partner._periscope_concierge_personal_orders(),
            "services_marked_ready": partner._periscope_concierge_marked_ready(),
            "settlements_as_provider": partner._periscope_concierge_settlements(),
        }

    def _periscope_concierge_personal_orders(self):
        """The orders this person drops off and collects or that are
        invoiced to them, with their services: two queries."""
        Order = self.env["periscope.concierge.order"]
        orders = Order.search_fetch(
            ["|", ("beneficiary_id", "=", self.id), ("partner_id", "=", self.id)],
            [
                "name",
                "create_date",
                "beneficiary_id",
                "partner_id",
                "company_id",
                "state",
                "expected_date",
                "amount_total",
                "is_invoiced",
                "note",
                "pickup_code",
                *STEP_DATES.values(),
            ],
            order="id",
        )
        lines_by_order = defaultdict(list)
        for line in self.env["periscope.concierge.order.line"].search_fetch(
            [("order_id", "in", orders.ids)],
            ["order_id", "name", "quantity", "price_unit", "price_subtotal"],
            order="order_id, sequence, id",
        ):
            lines_by_order[line.order_id.id].append(
                {
                    "service": line.name,
                    "quantity": line.quantity,
                    "unit_price": line.price_unit,
                    "subtotal": line.price_subtotal,
                }
            )
        states = dict(Order._fields["state"]._description_selection(self.env))
        return [self._periscope_concierge_order_row(order, states, lines_by_order[order.id]) for order in orders]

    def _periscope_concierge_order_row(self, order, states, services):
        payer = order.partner_id
        is_customer = order.beneficiary_id == self
        return {
            "reference": order.name,
            "taken_on": fields.Datetime.to_string(order.create_date),
            "you_drop_off_and_collect": is_customer,
            # the person or their organisation; not the name of another
            # person who pays for them
            "invoiced_to": payer.name if payer == self or payer.is_company else None,
            "state": states.get(order.state),
            "steps": {step: fields.Datetime.to_string(order[fname]) or None for step, fname in STEP_DATES.items()},
            "expected_at_desk": fields.Date.to_string(order.expected_date) or None,
            "services": services,
            "total": order.amount_total,
            "currency": order.currency_id.name,
            "invoiced": order.is_invoiced,
            "instructions": order.note or None,
            # the code of an order still to collect, and only to its customer:
            # it is theirs and the portal shows it to them as well. A finished
            # order's code opens nothing any more: it is left out, as a spent
            # secret is not data about the person
            "pickup_code": order.pickup_code if is_customer and order.state in OPEN_STATES else None,
        }

    def _periscope_concierge_marked_ready(self):
        """The services this person marked ready for their provider
        organisation: the service only, the order and its customer are
        another person's."""
        users = self.with_context(active_test=False).user_ids
        if not users:
            return []
        return [
            {"service": line.product_id.display_name, "marked_ready_on": fields.Datetime.to_string(line.date_ready)}
            for line in self.env["periscope.concierge.order.line"].search_fetch(
                [("ready_by_id", "in", users.ids)], ["product_id", "date_ready"], order="date_ready, id"
            )
        ]

    def _periscope_concierge_settlements(self):
        """What the hub owes this person when they are a provider themselves."""
        Settlement = self.env["periscope.concierge.settlement"]
        states = dict(Settlement._fields["state"]._description_selection(self.env))
        return [
            {
                "month": fields.Date.to_string(settlement.period_start),
                "services": settlement.line_count,
                "owed": settlement.amount,
                "currency": settlement.currency_id.name,
                "state": states.get(settlement.state),
            }
            for settlement in Settlement.search_fetch(
                [("provider_id", "=", self.id)],
                ["period_start", "line_count", "amount", "company_id", "state"],
                order="period_start, id",
            )
        ]

    # ------------------------------------------------------------ erasure
    def action_periscope_anonymise(self):
        res = super().action_periscope_anonymise()
        # sudo: the persons are erased, the administrator's right checked by
        # super; the names of their settlements as a provider were made from
        # their name
        self.env["periscope.concierge.settlement"].sudo().search(
            [("provider_id", "in", self.ids)]
        )._periscope_refresh_name()
        return res

    def _periscope_erase_personal_data(self):
        """The concierge's part: the orders the persons drop off or pay
        lose what they said or were told (see
        ``periscope.concierge.order._periscope_erase_customer_data``), the
        notes and messages of their settlements as a provider go, and so
        does the history of the concierge's fields that named them. The
        amounts, the steps, the invoices and the settlements stay: the
        accounting law asks for them.

        A person with orders under way, or who carries out concierge
        services, is not erased: the desk could neither hand their orders
        back (the code is erased) nor invoice them, nor route services to a
        contact that no longer exists. The desk settles them first."""
        self._periscope_concierge_check_erasable()
        res = super()._periscope_erase_personal_data()
        Order = self.env["periscope.concierge.order"]
        Order.search(
            ["|", ("beneficiary_id", "in", self.ids), ("partner_id", "in", self.ids)]
        )._periscope_erase_customer_data()
        self.env["periscope.concierge.settlement"].search(
            [("provider_id", "in", self.ids)]
        )._periscope_erase_provider_data()
        self._periscope_concierge_tracking().unlink()
        return res

    def _periscope_concierge_check_erasable(self):
        """Refuse the erasure of persons whose orders are under way, or who
        carry out concierge services, naming what the desk settles first."""
        open_orders = self.env["periscope.concierge.order"].search(
            [("state", "in", OPEN_STATES), "|", ("beneficiary_id", "in", self.ids), ("partner_id", "in", self.ids)]
        )
        for person in self:
            theirs = open_orders.filtered(lambda o, person=person: person in (o.beneficiary_id | o.partner_id))
            if theirs:
                raise UserError(
                    _(
                        "%(person)s has concierge orders under way: %(orders)s. The "
                        "desk hands them back or cancels them before the person's "
                        "data is erased.",
                        person=person.display_name,
                        orders=", ".join(theirs.mapped("name")),
                    )
                )
        self._periscope_concierge_check_no_services()

    def _periscope_concierge_check_no_services(self):
        """Refuse the erasure of persons who carry out concierge services, or
        services of orders under way."""
        services = self.env["product.template"].search(
            [("is_concierge_service", "=", True), ("concierge_provider_id", "in", self.ids)]
        )
        open_lines = self.env["periscope.concierge.order.line"].search(
            [("provider_id", "in", self.ids), ("order_id.state", "in", OPEN_STATES)]
        )
        for person in self:
            carried = services.filtered(lambda s, person=person: s.concierge_provider_id == person)
            if carried:
                raise UserError(
                    _(
                        "%(person)s carries out the concierge services %(services)s: "
                        "give them another provider, or archive them, before the "
                        "person's data is erased.",
                        person=person.display_name,
                        services=", ".join(carried.mapped("display_name")),
                    )
                )
            to_do = open_lines.filtered(lambda line, person=person: line.provider_id == person)
            if to_do:
                raise UserError(
                    _(
                        "%(person)s carries out services of orders under way: "
                        "%(orders)s. The desk settles these orders before the "
                        "person's data is erased.",
                        person=person.display_name,
                        orders=", ".join(to_do.order_id.mapped("name")),
                    )
                )

    def _periscope_concierge_tracking(self):
        """The history of the concierge's fields that named these persons or
        their users: whoever an order was for, invoiced to or taken by, and
        who carried out a service."""
        Field = self.env["ir.model.fields"]
        users = self.with_context(active_test=False).user_ids
        Tracking = self.env["mail.tracking.value"]
        tracking = Tracking.browse()
        for tracked, ids in ((PARTNER_TRACKED_FIELDS, self.ids), (USER_TRACKED_FIELDS, users.ids)):
            if not ids:
                continue
            field_ids = [Field._get(model, fname).id for model, fname in tracked]
            tracking |= Tracking.search(
                [("field_id", "in", field_ids), "|", ("old_value_integer", "in", ids), ("new_value_integer", "in", ids)]
            )
        return tracking
