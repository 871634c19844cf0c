# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from markupsafe import Markup

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, format_amount, format_date, is_html_empty

from odoo.addons.periscope_members.tools.billing import analytic_distribution, billed_once
from odoo.addons.periscope_members.tools.hub_time import local_month_bounds, set_first_of_month

from .number_bounds import check_numbers

# what a settlement keeps once it has its lines and its bill
FIXED_FIELDS = {"provider_id", "period_start", "company_id", "amount", "revenue", "line_count", "bill_id"}


class PeriscopeConciergeSettlement(models.Model):
    """What the hub owes one provider for one month: the provider's share of
    the services collected in the month, paid by a draft vendor bill that the
    accountant posts. The hub keeps the rest as its commission.

    A month is settled once per provider: the database refuses a second
    settlement of the same provider and month, and a line is settled once
    (its ``settlement_id`` is set under a row lock, only when empty). A
    service collected after its provider's settlement of the month goes to
    the provider's settlement of the next month."""

    _name = "periscope.concierge.settlement"
    _description = "Concierge Provider Settlement"
    _inherit = ["mail.thread"]
    _order = "period_start desc, name, id"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    provider_id = fields.Many2one(comodel_name="res.partner", required=True, readonly=True, index=True)
    period_start = fields.Date(string="Month", required=True, readonly=True, help="The first day of the settled month.")
    period_stop = fields.Date(string="Last day", compute="_compute_period_stop", store=True)
    company_id = fields.Many2one(
        comodel_name="res.company", required=True, readonly=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    line_ids = fields.One2many(
        comodel_name="periscope.concierge.order.line", inverse_name="settlement_id", string="Services", readonly=True
    )
    line_count = fields.Integer(
        string="Services settled", readonly=True, help="The services of the collected orders that the settlement pays."
    )
    revenue = fields.Monetary(
        string="Sales", readonly=True, help="What the customers pay for the settled services, before taxes."
    )
    amount = fields.Monetary(
        string="Owed to the provider",
        readonly=True,
        help="The sum of the provider's shares of the settled services, each "
        "rounded to the cent: the untaxed amount of the vendor bill.",
    )
    commission = fields.Monetary(
        string="Hub's commission",
        compute="_compute_commission",
        store=True,
        help="The sales minus what is owed to the provider.",
    )
    bill_id = fields.Many2one(
        comodel_name="account.move",
        string="Vendor bill",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="restrict",
    )
    state = fields.Selection(
        selection=[("draft", "Bill to post"), ("posted", "To pay"), ("paid", "Paid"), ("cancelled", "Bill cancelled")],
        compute="_compute_state",
        store=True,
        index=True,
        tracking=True,
        help="Follows the vendor bill: drafted by the run, posted then paid by the accountant.",
    )
    note = fields.Text()

    _sql_constraints = [
        (
            "provider_month_unique",
            "UNIQUE(provider_id, period_start, company_id)",
            "This provider is already settled for this month.",
        ),
        (
            "first_of_month",
            "CHECK(period_start = date_trunc('month', period_start)::date)",
            "A settlement covers a month, from its first day.",
        ),
        ("bill_unique", "UNIQUE(bill_id)", "This vendor bill already pays another settlement."),
    ]

    @api.depends("provider_id", "period_start")
    def _compute_name(self):
        for settlement in self:
            settlement.name = _(
                "%(provider)s, %(month)s", provider=settlement.provider_id.name or "", month=settlement._month_label()
            )

    @api.depends("period_start")
    def _compute_period_stop(self):
        for settlement in self:
            settlement.period_stop = settlement.period_start and (fields.Date.end_of(settlement.period_start, "month"))

    @api.depends("revenue", "amount")
    def _compute_commission(self):
        for settlement in self:
            settlement.commission = settlement.revenue - settlement.amount

    @api.depends("bill_id.state", "bill_id.payment_state")
    def _compute_state(self):
        for settlement in self:
            bill = settlement.bill_id
            if not bill or bill.state == "draft":
                settlement.state = "draft"
            elif bill.state == "cancel":
                settlement.state = "cancelled"
            elif bill.payment_state in ("paid", "in_payment", "reversed"):
                settlement.state = "paid"
            else:
                settlement.state = "posted"

    def _month_label(self):
        return format_date(self.env, self.period_start, date_format="MMMM y") if self.period_start else ""

    # ------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [check_numbers(self, vals) for vals in vals_list]
        for vals in vals_list:
            set_first_of_month(vals, "period_start")
        return super().create(vals_list)

    def write(self, vals):
        vals = check_numbers(self, vals)
        if set(vals) & FIXED_FIELDS and self.filtered(lambda s: s.bill_id or s.line_ids):
            raise UserError(
                _("A settlement with its services and its bill cannot change: correct the draft bill instead.")
            )
        set_first_of_month(vals, "period_start")
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_billed(self):
        if self.filtered("bill_id"):
            raise UserError(
                _("A settlement paid by a vendor bill cannot be deleted: what is owed to the provider stays on record.")
            )

    # ------------------------------------------------------------ actions
    def action_view_bill(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "res_id": self.bill_id.id,
            "view_mode": "form",
            "context": {"default_move_type": "in_invoice", "create": False},
        }

    # ------------------------------------------------------------ the run
    @api.model
    def _lines_to_settle(self, month, company, lock=False):
        """``{provider id: [line rows]}`` for the providers not settled yet for
        the month of ``month``: the services of the orders collected before
        the end of that month (Europe/Paris) not settled yet, a row being a
        dict of the line's ``id``, ``product_id``, ``quantity``,
        ``provider_share`` and ``price_subtotal``. With ``lock``, the lines
        are locked until the end of the transaction: a concurrent run waits,
        then fails to serialize and is retried (and finds them settled)."""
        first = fields.Date.to_date(month).replace(day=1)
        stop = local_month_bounds(first)[1]
        self.env["periscope.concierge.order"].flush_model(["state", "date_collected", "company_id"])
        self.env["periscope.concierge.order.line"].flush_model(
            ["order_id", "settlement_id", "provider_id", "product_id", "quantity", "provider_share", "price_subtotal"]
        )
        self.flush_model(["provider_id", "period_start", "company_id"])
        self.env.cr.execute(
            SQL(
                """
SELECT line.id, line.provider_id, line.product_id, line.quantity,
       line.provider_share, line.price_subtotal
  FROM periscope_concierge_order_line line
  JOIN periscope_concierge_order o ON o.id = line.order_id
 WHERE o.state = 'collected'
   AND o.date_collected < %(stop)s
   AND o.company_id = %(company)s
   AND line.settlement_id IS NULL
   AND line.provider_id IS NOT NULL
   AND NOT EXISTS (
        SELECT 1 FROM periscope_concierge_settlement s
         WHERE s.provider_id = line.provider_id
           AND s.period_start = %(first)s
           AND s.company_id = o.company_id
   )
 ORDER BY line.provider_id, line.id
%(lock)s
""",
                stop=stop,
                company=company.id,
                first=first,
                lock=SQL("FOR UPDATE OF line") if lock else SQL(),
            )
        )
        lines = defaultdict(list)
        for row in self.env.cr.dictfetchall():
            lines[row["provider_id"]].append(row)
        return lines

    @api.model
    def _bill_line_vals(self, rows, month_label, products, analytic):
        """The lines of a provider's bill: one per service and share of one
        order line, its quantity the number of such order lines. Each share
        is already rounded to the cent, so the bill adds up exactly to the
        sum of the shares. ``products`` maps the ids of the services to
        their records."""
        groups = defaultdict(int)
        for row in rows:
            groups[(row["product_id"], row["quantity"], row["provider_share"])] += 1
        vals_list = []
        for (product_id, quantity, share), count in sorted(groups.items()):
            product = products[product_id]
            if quantity == 1:
                name = _("%(service)s, %(month)s", service=product.display_name, month=month_label)
            else:
                shown = f"{quantity:g}"
                name = _(
                    "%(service)s, %(month)s (%(quantity)s %(unit)s each)",
                    service=product.display_name,
                    month=month_label,
                    quantity=shown,
                    unit=product.uom_id.name,
                )
            vals_list.append(
                {
                    "product_id": product_id,
                    "product_uom_id": product.uom_id.id,
                    "name": name,
                    "quantity": count,
                    "price_unit": share,
                    "analytic_distribution": analytic_distribution(analytic),
                }
            )
        return vals_list

    @api.model
    def _bill_vals_list(self, lines_by_provider, month, company):
        """The values of the draft vendor bills, one per provider, for one
        ``account.move.create``; in the order of the provider ids."""
        first = fields.Date.to_date(month).replace(day=1)
        journal = self._purchase_journal(company)
        month_label = format_date(self.env, first, date_format="MMMM y")
        bill_date = min(fields.Date.end_of(first, "month"), fields.Date.context_today(self))
        providers = self.env["res.partner"].browse(sorted(lines_by_provider))
        # one read of all the services, not one per provider
        products = {
            product.id: product
            for product in self.env["product.product"].browse(
                sorted({row["product_id"] for rows in lines_by_provider.values() for row in rows})
            )
        }
        analytic = self.env.ref("periscope_concierge.analytic_account_concierge", raise_if_not_found=False)
        return [
            {
                "move_type": "in_invoice",
                "journal_id": journal.id,
                "company_id": company.id,
                "partner_id": provider.id,
                "invoice_date": bill_date,
                "ref": _("Concierge, %(month)s", month=month_label),
                "invoice_origin": _("%(provider)s, %(month)s", provider=provider.name, month=month_label),
                "invoice_line_ids": [
                    Command.create(vals)
                    for vals in self._bill_line_vals(lines_by_provider[provider.id], month_label, products, analytic)
                ],
            }
            for provider in providers
        ]

    @api.model
    def _purchase_journal(self, company):
        return self.env["account.journal"]._periscope_journal(
            company, "purchase", _("Create a purchase journal to settle the concierge providers.")
        )

    @api.model
    def _settle_month(self, month):
        """Settle the providers for the month of ``month``: for each provider
        not settled yet for that month with services collected up to its end
        and not settled yet, one settlement and one draft vendor bill of the
        provider's shares, all the bills made by one ``account.move.create``.
        The company is the current one. Returns the new settlements (none
        when everything is settled)."""
        self.check_access("create")
        company = self.env.company
        first = fields.Date.to_date(month).replace(day=1)
        if first > fields.Date.context_today(self):
            raise UserError(
                _(
                    "%(month)s has not begun yet: it cannot be settled.",
                    month=format_date(self.env, first, date_format="MMMM y"),
                )
            )
        # sudo: the concierge manager or the accountant settles every provider
        # of the company; the amounts come from the collected orders, fixed
        # and locked, not from the user
        Settlement = self.sudo().with_company(company)
        lines_by_provider = Settlement._lines_to_settle(first, company, lock=True)
        if not lines_by_provider:
            return self.browse()
        vals_list = Settlement._bill_vals_list(lines_by_provider, first, company)
        currency = company.currency_id
        settlement_vals = [
            {
                "provider_id": provider_id,
                "period_start": first,
                "company_id": company.id,
                "line_count": len(rows),
                "amount": currency.round(sum(r["provider_share"] for r in rows)),
                "revenue": currency.round(sum(r["price_subtotal"] for r in rows)),
            }
            for provider_id, rows in sorted(lines_by_provider.items())
        ]
        with billed_once(
            self.env,
            _(
                "Another run has just settled some of these providers: run "
                "this one again, it will settle only the rest."
            ),
        ):
            bills = Settlement.env["account.move"]._periscope_create_drafts(vals_list)
            for vals, bill in zip(settlement_vals, bills, strict=True):
                vals["bill_id"] = bill.id
            settlements = Settlement.with_context(mail_create_nolog=True, mail_create_nosubscribe=True).create(
                settlement_vals
            )
            settlements._link_lines(lines_by_provider)
        settlements._log_settled()
        return settlements.with_env(self.env)

    def _log_settled(self):
        """Log in each settlement what it settled."""
        currency = self.env.company.currency_id
        self._message_log_batch(
            bodies={
                settlement.id: (
                    _(
                        "One service settled: %(amount)s owed to the provider, "
                        "%(commission)s of commission. Draft vendor bill created.",
                        amount=format_amount(self.env, settlement.amount, currency),
                        commission=format_amount(self.env, settlement.commission, currency),
                    )
                    if settlement.line_count == 1
                    else _(
                        "%(count)s services settled: %(amount)s owed to the "
                        "provider, %(commission)s of commission. Draft vendor bill "
                        "created.",
                        count=settlement.line_count,
                        amount=format_amount(self.env, settlement.amount, currency),
                        commission=format_amount(self.env, settlement.commission, currency),
                    )
                )
                for settlement in self
            }
        )

    def _link_lines(self, lines_by_provider):
        """Mark the locked lines as settled, in one UPDATE (the lines were
        selected empty and are locked: the ORM write and its per-line guard
        would read them all again for nothing)."""
        line_ids, settlement_ids = [], []
        for settlement in self:
            for row in lines_by_provider[settlement.provider_id.id]:
                line_ids.append(row["id"])
                settlement_ids.append(settlement.id)
        self.env.cr.execute(
            SQL(
                """
UPDATE periscope_concierge_order_line line
   SET settlement_id = settled.settlement_id,
       write_uid = %(uid)s,
       write_date = (now() AT TIME ZONE 'UTC')
  FROM unnest(%(line_ids)s::int[], %(settlement_ids)s::int[])
       AS settled(line_id, settlement_id)
 WHERE line.id = settled.line_id AND line.settlement_id IS NULL
""",
                uid=self.env.uid,
                line_ids=line_ids,
                settlement_ids=settlement_ids,
            )
        )
        if self.env.cr.rowcount != len(line_ids):
            raise UserError(_("Some of these services were settled meanwhile: run the settlement again."))
        lines = self.env["periscope.concierge.order.line"].browse(line_ids)
        lines.invalidate_recordset(["settlement_id", "write_uid", "write_date"])
        lines.modified(["settlement_id"])
        self.invalidate_recordset(["line_ids"])

    # ------------------------------------------------------------ personal data
    def _periscope_erase_provider_data(self):
        """Erase what these settlements of a person who carries out services
        herself say of her, at her request (run as superuser): the staff's
        note and the messages written or sent about them. What is owed, the
        services settled, the vendor bill and the logs of the runs stay, as
        the accounting law asks; the name, made from the provider's, is made
        again once she is anonymised (:meth:`_periscope_refresh_name`)."""
        self.filtered("note").write({"note": False})
        messages = self.env["mail.message"].search(
            [("model", "=", self._name), ("res_id", "in", self.ids), ("message_type", "!=", "notification")]
        )
        messages.filtered(lambda m: not is_html_empty(m.body)).write(
            {
                "body": Markup("<p>%s</p>") % _("Message erased on the provider's request."),
                "subject": False,
                "email_from": False,
                "reply_to": False,
            }
        )
        return True

    def _periscope_refresh_name(self):
        """The name again from the provider's (once the provider is
        anonymised), in the settlements and in their messages, which keep a
        copy of it."""
        self.env.add_to_compute(self._fields["name"], self)
        self.flush_recordset(["name"])
        messages = self.env["mail.message"].search([("model", "=", self._name), ("res_id", "in", self.ids)])
        for settlement in self:
            messages.filtered(lambda m, settlement=settlement: m.res_id == settlement.id).write(
                {"record_name": settlement.name}
            )
        return True
