# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import calendar
from collections import defaultdict
from datetime import datetime, time

from dateutil.relativedelta import relativedelta

from odoo import Command, _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_amount, format_date

from odoo.addons.periscope_members.models.number_format import format_number
from odoo.addons.periscope_members.tools.billing import analytic_distribution, billed_once
from odoo.addons.periscope_members.tools.hub_time import first_of_previous_month, month_bounds, set_first_of_month

from .bounds import check_dates
from .flags import BILLING, is_raised, raised
from .periscope_booking import HOLDING_STATES

# what an invoiced billing run keeps
INVOICED_FIELDS = {"period_start", "company_id"}


class PeriscopeBillingRun(models.Model):
    """The month's invoicing of the spaces, prepared for the accountant: one
    draft invoice per customer with a line per billable booking and per
    month of office rent. What a run invoices is marked in the database (see
    account.move.line): a second run for the same month adds only what the
    first did not invoice."""

    _name = "periscope.billing.run"
    _description = "Coworking Billing Run"
    _inherit = ["mail.thread"]
    _order = "period_start desc, id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    period_start = fields.Date(
        string="Month",
        required=True,
        tracking=True,
        default=lambda self: self._default_period_start(),
        help="Any day of the month to invoice; kept as its first day.",
    )
    period_stop = fields.Date(string="Last day", compute="_compute_period_stop", store=True)
    company_id = fields.Many2one(comodel_name="res.company", required=True, default=lambda self: self.env.company)
    currency_id = fields.Many2one(related="company_id.currency_id")
    state = fields.Selection(
        selection=[("draft", "To invoice"), ("done", "Invoiced")],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
    )
    line_ids = fields.One2many(
        comodel_name="periscope.billing.run.line", inverse_name="run_id", string="Summary", copy=False
    )
    invoice_ids = fields.One2many(
        comodel_name="account.move", inverse_name="periscope_billing_run_id", string="Invoices", readonly=True
    )
    invoice_count = fields.Integer(compute="_compute_invoice_count")
    amount_untaxed = fields.Monetary(
        string="Untaxed amount",
        compute="_compute_totals",
        help="The sum of the summary: what the drafts will bill before taxes.",
    )
    booking_count = fields.Integer(string="Bookings", compute="_compute_totals")
    rent_count = fields.Integer(string="Office rents", compute="_compute_totals")

    @api.model
    def _default_period_start(self):
        return first_of_previous_month(self)

    @api.depends("period_start")
    def _compute_name(self):
        for run in self:
            run.name = (
                _("Coworking %s", format_date(self.env, run.period_start, date_format="MMMM y"))
                if run.period_start
                else _("New billing run")
            )

    @api.depends("period_start")
    def _compute_period_stop(self):
        for run in self:
            run.period_stop = run.period_start and (run.period_start + relativedelta(day=31))

    @api.depends("invoice_ids")
    def _compute_invoice_count(self):
        for run in self:
            run.invoice_count = len(run.invoice_ids)

    @api.depends("line_ids.amount_untaxed", "line_ids.booking_count")
    def _compute_totals(self):
        for run in self:
            run.amount_untaxed = sum(run.line_ids.mapped("amount_untaxed"))
            run.booking_count = sum(run.line_ids.mapped("booking_count"))
            run.rent_count = sum(run.line_ids.mapped("rent_count"))

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [check_dates(self, vals, ("period_start",)) for vals in vals_list]
        self._check_state_written(vals_list, creating=True)
        for vals in vals_list:
            set_first_of_month(vals, "period_start")
        return super().create(vals_list)

    def write(self, vals):
        vals = check_dates(self, vals, ("period_start",))
        self._check_state_written([vals])
        # sudo: whether a run invoiced, whatever the user's accounting rights
        if INVOICED_FIELDS.intersection(vals) and self.sudo().filtered(lambda r: r.state == "done" or r.invoice_ids):
            raise UserError(_("The month and the company of an invoiced billing run cannot change."))
        set_first_of_month(vals, "period_start")
        if "period_start" in vals or "company_id" in vals:
            vals["line_ids"] = [Command.clear()]  # the summary is out of date
        return super().write(vals)

    def _check_state_written(self, vals_list, creating=False):
        """A run is invoiced by its action only: its state is never a user's
        to write (a run put back to draft would change its month, and its
        invoices would bill another one)."""
        if self.env.su or not (self or creating):
            return
        # on a create, a default given in the context is written too
        written = any("state" in vals for vals in vals_list) or (creating and "default_state" in self.env.context)
        if written and not is_raised(self.env, BILLING, None if creating else self):
            raise AccessError(_("A billing run is invoiced by its button, never by hand."))

    @api.ondelete(at_uninstall=False)
    def _unlink_except_invoiced(self):
        # sudo: whether a run invoiced, whatever the user's accounting rights
        if self.sudo().filtered("invoice_ids"):
            raise UserError(_("A billing run that created invoices cannot be deleted."))

    # ------------------------------------------------------------ what to bill
    def _utc_bounds(self):
        """The run's month as local (Europe/Paris) midnights, in naive UTC."""
        self.ensure_one()
        tz_name = self.env.ref("periscope_coworking.resource_calendar_hub", raise_if_not_found=False).tz
        return month_bounds(datetime.combine(self.period_start, time(12)), tz_name)

    def _billable_bookings(self):
        """Bookings of the month not invoiced yet, that have begun: confirmed,
        done (no-shows too) and late cancellations, of a space with a product.
        A booking whose included hours cover it all has nothing to bill, nor
        has one of the hub itself."""
        self.ensure_one()
        month_start, month_stop = self._utc_bounds()
        # sudo: the accountant bills every booking of the company, without
        # being reception
        bookings = (
            self.env["periscope.booking"]
            .sudo()
            .search(
                [
                    ("company_id", "=", self.company_id.id),
                    # the hub's own bookings (its trainings, its meetings)
                    ("partner_id", "!=", self.company_id.partner_id.id),
                    ("start", ">=", month_start),
                    ("start", "<", min(month_stop, fields.Datetime.now())),
                    ("invoice_line_ids", "=", False),
                    ("space_id.product_id", "!=", False),
                    "|",
                    ("state", "in", HOLDING_STATES),
                    "&",
                    ("state", "=", "cancelled"),
                    ("late_cancellation", "=", True),
                ],
                order="start, id",
            )
        )
        return bookings.filtered(lambda b: b.quantity > 0 and b.billable_share > 0)

    def _billable_rents(self):
        """``(occupancy, part, amount, days)`` for each part of the month's
        rent of each resident office not invoiced yet, prorated to the days
        occupied in the month."""
        self.ensure_one()
        first, last = self.period_start, self.period_stop
        # sudo: as above, the leases are the coworking managers'
        occupancies = (
            self.env["periscope.occupancy"]
            .sudo()
            .search(
                [
                    ("company_id", "=", self.company_id.id),
                    ("date_start", "<=", last),
                    "|",
                    ("date_end", "=", False),
                    ("date_end", ">=", first),
                    "|",
                    ("monthly_rent", ">", 0),
                    ("monthly_charges", ">", 0),
                ],
                order="partner_id, space_id, id",
            )
        )
        if not occupancies:
            return []
        billed = {
            (line.periscope_occupancy_id.id, line.periscope_rent_part)
            for line in self.env["account.move.line"]
            .sudo()
            .search([("periscope_occupancy_id", "in", occupancies.ids), ("periscope_rent_month", "=", first)])
        }
        month_days = calendar.monthrange(first.year, first.month)[1]
        rents = []
        for occupancy in occupancies:
            days = (min(occupancy.date_end or last, last) - max(occupancy.date_start, first)).days + 1
            for part, monthly in (("rent", occupancy.monthly_rent), ("charges", occupancy.monthly_charges)):
                if monthly <= 0 or (occupancy.id, part) in billed:
                    continue
                amount = occupancy.currency_id.round(monthly * days / month_days)
                rents.append((occupancy, part, amount, days))
        return rents

    def _booking_line_vals(self, booking, analytic):
        space = booking.space_id
        label = _(
            "%(space)s — %(start)s – %(stop)s (%(hours)s h)",
            space=space.name,
            start=space._local_label(booking.start),
            stop=space._local_label(booking.stop)[-5:],
            hours=format_number(self.env, booking.duration),
        )
        if booking.included_hours:
            label += _(
                ", %(included)s h included in the membership", included=format_number(self.env, booking.included_hours)
            )
        if booking.late_cancellation:
            label += _(", late cancellation billed %(share)s %%", share=format_number(self.env, booking.billable_share))
        if booking.no_show:
            label += _(", no-show")
        account = space.analytic_account_id or analytic
        return {
            "periscope_booking_id": booking.id,
            "product_id": space.product_id.id,
            "product_uom_id": space.product_id.uom_id.id,
            "name": label,
            "quantity": booking.quantity,
            "price_unit": booking.price_unit * booking.billable_share / 100,
            "analytic_distribution": analytic_distribution(account),
        }

    def _rent_line_vals(self, occupancy, part, amount, days, products, analytic):
        month = format_date(self.env, self.period_start, date_format="MMMM y")
        month_days = (self.period_stop - self.period_start).days + 1
        if part == "rent":
            label = _("%(office)s — rent, %(month)s", office=occupancy.space_id.name, month=month)
        else:
            label = _("%(office)s — charges, %(month)s", office=occupancy.space_id.name, month=month)
        if days < month_days:
            label += _(" (%(days)s of %(month_days)s days)", days=days, month_days=month_days)
        product = products[part]
        return {
            "periscope_occupancy_id": occupancy.id,
            "periscope_rent_month": self.period_start,
            "periscope_rent_part": part,
            "product_id": product.id,
            "product_uom_id": product.uom_id.id,
            "name": label,
            "quantity": 1.0,
            "price_unit": amount,
            "analytic_distribution": analytic_distribution(analytic),
        }

    def _lines_by_customer(self):
        """``{customer: [invoice line values]}``: the bookings first, by time,
        then the office rents."""
        self.ensure_one()
        lines = defaultdict(list)
        bookings_analytic = self.env.ref("periscope_coworking.analytic_account_bookings", raise_if_not_found=False)
        for booking in self._billable_bookings():
            lines[booking.partner_id.commercial_partner_id].append(self._booking_line_vals(booking, bookings_analytic))
        rents = self._billable_rents()
        if rents:
            products = {
                "rent": self.env.ref("periscope_coworking.product_office_rent"),
                "charges": self.env.ref("periscope_coworking.product_office_charges"),
            }
            rent_analytic = self.env.ref("periscope_coworking.analytic_account_office_rent", raise_if_not_found=False)
            for occupancy, part, amount, days in rents:
                lines[occupancy.partner_id.commercial_partner_id].append(
                    self._rent_line_vals(occupancy, part, amount, days, products, rent_analytic)
                )
        return lines

    def _invoice_vals_list(self, lines_by_customer=None):
        """The values of the draft invoices, for one ``account.move.create``."""
        self.ensure_one()
        if lines_by_customer is None:
            lines_by_customer = self._lines_by_customer()
        if not lines_by_customer:
            return []
        journal = self._sale_journal()
        return [
            {
                "move_type": "out_invoice",
                "journal_id": journal.id,
                "company_id": self.company_id.id,
                "partner_id": customer.id,
                "invoice_origin": self.name,
                "periscope_billing_run_id": self.id,
                "invoice_line_ids": [Command.create(vals) for vals in line_vals],
            }
            for customer, line_vals in sorted(
                lines_by_customer.items(), key=lambda item: (item[0].name or "", item[0].id)
            )
        ]

    def _sale_journal(self):
        return self.env["account.journal"]._periscope_journal(
            self.company_id, "sale", _("Create a sales journal to invoice the bookings and the rents.")
        )

    # ------------------------------------------------------------ actions
    @staticmethod
    def _summary_commands(lines_by_customer):
        commands = [Command.clear()]
        for customer, line_vals in lines_by_customer.items():
            occupancies = {vals["periscope_occupancy_id"] for vals in line_vals if vals.get("periscope_occupancy_id")}
            commands.append(
                Command.create(
                    {
                        "partner_id": customer.id,
                        "booking_count": sum(1 for vals in line_vals if vals.get("periscope_booking_id")),
                        "rent_count": len(occupancies),
                        "amount_untaxed": sum(vals["quantity"] * vals["price_unit"] for vals in line_vals),
                    }
                )
            )
        return commands

    def action_prepare(self):
        """The summary for the accountant: per customer, what the drafts would
        bill; nothing is created."""
        for run in self:
            if run.state == "done":
                raise UserError(_("%s is already invoiced.", run.name))
            run.line_ids = self._summary_commands(run._lines_by_customer())
        return True

    def action_create_invoices(self):
        """One draft invoice per customer, from what is billable now (the
        summary is made again from the same data); returns the drafts, or
        says that nothing is left to invoice."""
        self.ensure_one()
        if self.state == "done":
            raise UserError(_("%s is already invoiced.", self.name))
        lines_by_customer = self._lines_by_customer()
        self.line_ids = self._summary_commands(lines_by_customer)
        vals_list = self._invoice_vals_list(lines_by_customer)
        if not vals_list:
            with raised(self.env, BILLING, self):
                self.state = "done"
            # a log, not a message: whoever runs it, with or without an e-mail
            self._message_log(body=_("Nothing was left to invoice."))
            return self._notify_nothing_left()
        # sudo: the coworking manager prepares drafts that the accountant
        # posts; the values come from the bookings and the leases, not from
        # the user. No "invoice created" message in each draft's chatter.
        with billed_once(
            self.env,
            _(
                "Another billing run has just invoiced some of these bookings "
                "or rents: run this one again, it will add only the rest."
            ),
        ):
            moves = self.env["account.move"]._periscope_create_drafts(vals_list)
        invoice_by_customer = {move.partner_id.id: move.id for move in moves}
        for line in self.line_ids:
            line.invoice_id = invoice_by_customer.get(line.partner_id.id, False)
        with raised(self.env, BILLING, self):
            self.state = "done"
        self._message_log(
            body=_(
                "%(count)s draft invoices created, %(amount)s untaxed.",
                count=len(moves),
                amount=format_amount(self.env, sum(moves.mapped("amount_untaxed")), self.currency_id),
            )
        )
        return self.action_view_invoices()

    def _notify_nothing_left(self):
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "info",
                "message": _("Nothing is left to invoice for %s.", self.name),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def action_view_invoices(self):
        self.ensure_one()
        self.check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id("account.action_move_out_invoice_type")
        action["domain"] = [("periscope_billing_run_id", "=", self.id)]
        action["context"] = {"default_move_type": "out_invoice", "create": False}
        return action


class PeriscopeBillingRunLine(models.Model):
    _name = "periscope.billing.run.line"
    _inherit = ["periscope.number.mixin"]
    _description = "Coworking Billing Run Summary"
    _order = "partner_id, id"

    run_id = fields.Many2one(comodel_name="periscope.billing.run", required=True, index=True, ondelete="cascade")
    partner_id = fields.Many2one(comodel_name="res.partner", string="Customer", required=True)
    booking_count = fields.Integer(string="Bookings")
    rent_count = fields.Integer(string="Office rents")
    amount_untaxed = fields.Monetary(string="Untaxed amount")
    currency_id = fields.Many2one(related="run_id.currency_id")
    invoice_id = fields.Many2one(comodel_name="account.move")
