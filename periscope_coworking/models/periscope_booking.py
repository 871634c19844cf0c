# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
import math
from datetime import timedelta

from psycopg2 import errors

from odoo import Command, _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, create_index, html2plaintext, is_html_empty, plaintext2html

from odoo.addons.periscope_members.tools.hub_time import day_start_utc, month_bounds, to_local

from .bounds import MAX_BOOKING_DAYS, MAX_PRICE, MAX_SEATS, check_dates, check_numbers
from .flags import FROM_BOOKING, SETTING, is_raised, raised

_logger = logging.getLogger(__name__)

# the states in which a booking holds its seats
HOLDING_STATES = ("confirmed", "done")
# what makes a booking take its seats again
SEAT_FIELDS = {"start", "stop", "space_id", "seats"}
# what makes a booking that holds seats priced again
PRICE_FIELDS = SEAT_FIELDS | {"partner_id", "company_id", "state"}
# what an invoiced booking keeps as it was invoiced
BILLED_FIELDS = {
    "space_id",
    "partner_id",
    "start",
    "stop",
    "seats",
    "quantity",
    "price_unit",
    "included_hours",
    "late_cancellation",
    "no_show",
    "company_id",
}
# what only Odoo writes, whoever calls: computed from the booking (its
# duration, whether and how much it is billed, the seats it holds), fixed when
# it is confirmed (quantity, included hours, rates), set by its actions
# (late cancellation, no-show) or by its calendar (its event, written with
# the superuser's rights). The unit price is the reception's to change.
SERVER_FIELDS = {
    "duration",
    "billable_share",
    "is_invoiced",
    "invoice_line_id",
    "invoice_line_ids",
    "seat_ids",
    "calendar_event_id",
    "pricelist_id",
    "quantity",
    "included_hours",
    "late_cancellation",
    "no_show",
    "checked_out_at",
    "returned_at",
    "late_reminded_on",
}
# the bounds of the numbers a booking is given
NUMBER_BOUNDS = {"seats": (1, MAX_SEATS), "price_unit": (0, MAX_PRICE)}


# what the booking's event in the Odoo Calendar shows
EVENT_FIELDS = {"start", "stop", "space_id", "partner_id", "contact_id", "attendee_ids", "name", "note", "state"}


def note_of(description):
    """The plain text of an event's description, as a booking's note."""
    if is_html_empty(description):
        return False
    return html2plaintext(description).strip() or False


def _differing(record, values):
    """The ``values`` that would change ``record``; an x2many is given as
    one ``Command.set``."""
    differing = {}
    for name, value in values.items():
        field = record._fields[name]
        if field.type in ("one2many", "many2many"):
            (_command, _id, ids) = value[0]
            if set(record[name].ids) != set(ids):
                differing[name] = value
        elif field.convert_to_write(record[name], record) != value:
            differing[name] = value
    return differing


class PeriscopeBooking(models.Model):
    _name = "periscope.booking"
    _description = "Room Booking"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "start desc, id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True, readonly=False)
    space_id = fields.Many2one(
        comodel_name="periscope.space", required=True, index=True, check_company=True, tracking=True
    )
    space_type = fields.Selection(related="space_id.space_type")
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        help="The organisation (or person) the booking is invoiced to.",
    )
    contact_id = fields.Many2one(
        comodel_name="res.partner", string="Booked by", tracking=True, help="The person who booked."
    )
    attendee_ids = fields.Many2many(
        comodel_name="res.partner",
        relation="periscope_booking_attendee_rel",
        column1="booking_id",
        column2="partner_id",
        string="Attendees",
        help="Who else attends, beside the person who booked: the attendees "
        "of the booking's event in the Odoo Calendar.",
    )
    # the calendar, the billing run and the reports search by time
    start = fields.Datetime(required=True, index=True, tracking=True)
    stop = fields.Datetime(string="End", required=True, tracking=True)
    duration = fields.Float(string="Duration (hours)", compute="_compute_duration", store=True)
    seats = fields.Integer(
        default=1, required=True, tracking=True, help="Desks taken in a desk pool; 1 for a room or an office."
    )
    state = fields.Selection(
        selection=[("draft", "Draft"), ("confirmed", "Confirmed"), ("done", "Done"), ("cancelled", "Cancelled")],
        default="draft",
        required=True,
        index=True,
        tracking=True,
        copy=False,
    )
    calendar_event_id = fields.Many2one(
        comodel_name="calendar.event",
        string="Calendar event",
        copy=False,
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
    )
    seat_ids = fields.One2many(
        comodel_name="periscope.booking.seat", inverse_name="booking_id", string="Seats held", readonly=True
    )
    product_id = fields.Many2one(related="space_id.product_id")
    pricelist_id = fields.Many2one(
        comodel_name="product.pricelist",
        copy=False,
        readonly=True,
        help="The customer's rates when the booking was confirmed: their "
        "membership type's member rates, or the public price.",
    )
    quantity = fields.Float(
        digits="Product Unit of Measure",
        copy=False,
        readonly=True,
        help="In the unit of the invoiced product (hours, half-days, days), "
        "rounded up; fixed when the booking is confirmed.",
    )
    price_unit = fields.Float(
        string="Unit price",
        digits="Product Price",
        copy=False,
        tracking=True,
        help="Fixed when the booking is confirmed.",
    )
    included_hours = fields.Float(
        copy=False,
        readonly=True,
        help="Hours of this meeting-room booking covered by the monthly hours its "
        "customer's membership includes; fixed when the booking is confirmed.",
    )
    late_cancellation = fields.Boolean(
        copy=False,
        readonly=True,
        tracking=True,
        help="Cancelled after the space's deadline: still billed, for the space's share.",
    )
    no_show = fields.Boolean(string="No-show", copy=False, readonly=True, tracking=True)
    # equipment lent from the resource centre: handed over and brought back
    # at the desk
    checked_out_at = fields.Datetime(string="Checked out on", copy=False, readonly=True, tracking=True)
    returned_at = fields.Datetime(string="Returned on", copy=False, readonly=True, tracking=True)
    late_reminded_on = fields.Date(string="Late return reminded on", copy=False, readonly=True)
    is_late = fields.Boolean(
        string="Late return",
        compute="_compute_is_late",
        search="_search_is_late",
        help="Equipment checked out and not returned by the end of its booking.",
    )
    billable_share = fields.Float(
        string="Billed share (%)",
        compute="_compute_billable_share",
        store=True,
        help="What part of the price is invoiced: all of it, the late-cancellation share, or nothing.",
    )
    invoice_line_ids = fields.One2many(
        comodel_name="account.move.line",
        inverse_name="periscope_booking_id",
        string="Invoice lines",
        readonly=True,
        help="At most one: the database refuses to invoice a booking twice.",
    )
    invoice_line_id = fields.Many2one(
        comodel_name="account.move.line",
        string="Invoice line",
        compute="_compute_invoice_line_id",
        store=True,
        index="btree_not_null",
    )
    invoice_id = fields.Many2one(related="invoice_line_id.move_id", string="Invoice")
    is_invoiced = fields.Boolean(
        string="Invoiced",
        compute="_compute_invoice_line_id",
        store=True,
        help="Reception sees whether a booking is invoiced, without reading the invoices.",
    )
    company_id = fields.Many2one(comodel_name="res.company", required=True, default=lambda self: self.env.company)
    note = fields.Text()
    color = fields.Integer(related="space_id.color")

    _sql_constraints = [
        ("stop_after_start", "CHECK(stop > start)", "A booking ends after it starts."),
        ("seats_positive", "CHECK(seats > 0)", "A booking takes at least one seat."),
        ("price_unit_not_negative", "CHECK(price_unit >= 0)", "The unit price of a booking cannot be negative."),
    ]

    def init(self):
        # a customer's bookings, upcoming or past (the portal's list and its
        # counter): the organisation's rows, then their end, from one index
        create_index(self.env.cr, "periscope_booking_partner_id_stop_index", self._table, ["partner_id", "stop"])

    @api.depends("space_id", "partner_id")
    def _compute_name(self):
        for booking in self:
            booking.name = " — ".join(filter(None, (booking.space_id.name, booking.partner_id.name)))

    @api.depends("start", "stop")
    def _compute_duration(self):
        for booking in self:
            if booking.start and booking.stop:
                delta = booking.stop - booking.start
                booking.duration = delta.total_seconds() / 3600
            else:
                booking.duration = 0.0

    @api.depends("state", "late_cancellation", "space_id.late_cancellation_share")
    def _compute_billable_share(self):
        for booking in self:
            if booking.state in HOLDING_STATES:
                booking.billable_share = 100.0
            elif booking.state == "cancelled" and booking.late_cancellation:
                booking.billable_share = booking.space_id.late_cancellation_share
            else:
                booking.billable_share = 0.0

    @api.depends("invoice_line_ids")
    def _compute_invoice_line_id(self):
        for booking in self:
            booking.invoice_line_id = booking.invoice_line_ids[:1]
            booking.is_invoiced = bool(booking.invoice_line_ids)

    # ------------------------------------------------------------ constraints
    @api.constrains("start", "stop", "seats", "space_id", "state")
    def _check_booking_rules(self):
        for booking in self.filtered(lambda b: b.state in ("draft", "confirmed")):
            booking._check_rules()

    @api.constrains("start", "stop")
    def _check_length(self):
        # whatever its state: a done or cancelled booking is billed by its
        # duration too
        for booking in self:
            booking._check_length_rule()

    def _check_length_rule(self):
        """A booking lasts a year at most; raises a translated
        ValidationError."""
        self.ensure_one()
        if self.start and self.stop and self.stop - self.start > timedelta(days=MAX_BOOKING_DAYS):
            raise ValidationError(
                _(
                    "The booking %(booking)s lasts more than %(days)s days: a space "
                    "taken for longer is rented as a resident office.",
                    booking=self.display_name,
                    days=MAX_BOOKING_DAYS,
                )
            )

    # ------------------------------------------------ interface for other code
    @api.model
    def _check_prospective(self, vals):
        """Check the booking that ``vals`` would create, with nothing saved:
        the rules of its space and its free seats, as confirming it would.
        Raises a translated ValidationError (naming the booking in the way
        when the seats are taken); returns the unsaved booking. The one way
        for wizards, the portal and other addons (training slots) to try a
        time before booking it."""
        draft = self.new(vals)
        draft._check_rules()
        draft._check_free_seats()
        return draft

    def _check_rules(self):
        """The rules of the space; raises a translated ValidationError."""
        self.ensure_one()
        space = self.space_id
        if not (self.start and self.stop) or self.stop <= self.start:
            raise ValidationError(_("The booking %s must end after it starts.", self.display_name))
        self._check_length_rule()
        self._check_size_rules()
        space._check_open(self.start, self.stop)
        if space.space_type == "office":
            self._check_office_not_rented()

    def _check_size_rules(self):
        """The seats and the duration the space takes, and how far ahead a
        draft books it."""
        space = self.space_id
        if self.seats < 1:
            raise ValidationError(_("A booking takes at least one seat."))
        if self.seats > space.seats:
            raise ValidationError(
                _(
                    "%(space)s takes %(seats)s booking(s) at a time: %(asked)s seats cannot be booked.",
                    space=space.name,
                    seats=space.seats,
                    asked=self.seats,
                )
            )
        minutes = (self.stop - self.start).total_seconds() / 60
        if space.min_duration_minutes and minutes < space.min_duration_minutes:
            raise ValidationError(
                _(
                    "%(space)s is booked for %(minimum)s minutes at least.",
                    space=space.name,
                    minimum=space.min_duration_minutes,
                )
            )
        if space.max_duration_hours and minutes > space.max_duration_hours * 60:
            raise ValidationError(
                _(
                    "%(space)s is booked for %(maximum)s hours at most.",
                    space=space.name,
                    maximum=space.max_duration_hours,
                )
            )
        if self.state == "draft":
            now = fields.Datetime.now()
            if space.booking_horizon_days and self.start > now + timedelta(days=space.booking_horizon_days):
                raise ValidationError(
                    _(
                        "%(space)s is booked %(days)s days ahead at most.",
                        space=space.name,
                        days=space.booking_horizon_days,
                    )
                )

    def _check_office_not_rented(self):
        """An office rented at that time is booked by its resident only."""
        # sudo: whoever books must not book a rented office, even without the
        # right to read the leases
        occupancy = (
            self.env["periscope.occupancy"]
            .sudo()
            .search(
                [
                    ("space_id", "=", self.space_id.id),
                    ("date_start", "<=", self.stop.date()),
                    "|",
                    ("date_end", "=", False),
                    ("date_end", ">=", self.start.date()),
                    ("partner_id", "!=", self.partner_id.commercial_partner_id.id),
                ],
                limit=1,
            )
        )
        if occupancy:
            raise ValidationError(
                _(
                    "%(office)s is rented to %(resident)s at that time: others cannot book it.",
                    office=self.space_id.name,
                    resident=occupancy.partner_id.name,
                )
            )

    # ------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        self._check_server_fields(vals_list, creating=True)
        bookings = super().create(vals_list)
        # whatever creates a booking that holds seats (an import, an RPC call,
        # another addon, a wizard) goes through the same seats and prices as
        # the Confirm button
        holding = bookings.filtered(lambda b: b.state in HOLDING_STATES)
        if holding:
            holding._hold_seats()
            priced = {booking.id for booking, vals in zip(bookings, vals_list, strict=True) if "price_unit" in vals}
            holding._reprice(keep_price=priced)
        bookings._sync_calendar_events()
        return bookings

    def write(self, vals):
        self._check_server_fields([vals])
        if "state" in vals:
            self._check_invoiced_state(vals["state"])
        settled = set(vals) & BILLED_FIELDS
        if settled and self.filtered("is_invoiced"):
            raise UserError(
                _(
                    "An invoiced booking cannot change (%(fields)s): %(bookings)s.",
                    fields=", ".join(self._fields[name]._description_string(self.env) for name in sorted(settled)),
                    bookings=", ".join(self.filtered("is_invoiced").mapped("display_name")),
                )
            )
        changed = set(vals)
        repriced = changed & PRICE_FIELDS
        held_before = {booking.id for booking in self if booking.state in HOLDING_STATES} if "state" in vals else None
        affected = self
        if repriced == {"state"}:
            # only the bookings that start or stop holding seats move hours
            holds = vals["state"] in HOLDING_STATES
            affected = self.filtered(lambda b: (b.id in held_before) != holds)
        # the months whose included hours may move: the ones left, too
        before = affected._included_hours_months() if repriced else set()
        res = super().write(vals)
        if "state" in vals or changed & SEAT_FIELDS:
            self._update_seats(held_before, changed)
        if repriced:
            # bookings that held seats already and only changed state (done,
            # no-show) keep their price
            affected.filtered(lambda b: b.state in HOLDING_STATES and not b.is_invoiced)._reprice(
                keep_price=set(self.ids) if "price_unit" in vals else (),
                months=before | affected._included_hours_months(),
            )
        # a change made on the event comes back here: the event is written
        # only with what the booking changed besides (its location, say)
        if changed & EVENT_FIELDS:
            self._sync_calendar_events()
        return res

    def _check_values(self, vals):
        """The numbers and the dates of ``vals``, read and within their
        bounds (see ``bounds.py``): ``vals``, or a copy with what was read.
        Called by the addon's outermost ``create`` and ``write`` (see
        ``periscope_booking_notify.py``), before anything reads them."""
        vals = check_numbers(self, vals, NUMBER_BOUNDS)
        return check_dates(self, vals, ("start", "stop"))

    def _check_server_fields(self, vals_list, creating=False):
        """What Odoo computes or fixes (``SERVER_FIELDS``) is written by the
        booking's own methods only, never by a user (an RPC call, an import):
        reception would otherwise price a booking at nothing, mark it
        invoiced or not, or point it at someone else's calendar event."""
        if self.env.su or not (self or creating):
            return
        # on a create, a default given in the context is written too
        defaults = {key[8:] for key in self.env.context if key.startswith("default_")} if creating else set()
        for vals in vals_list:
            names = SERVER_FIELDS.intersection(set(vals) | defaults)
            if names and not is_raised(self.env, SETTING, None if creating else self):
                raise AccessError(
                    _(
                        "Odoo sets these fields of a booking itself: %(fields)s.",
                        fields=", ".join(self._fields[name]._description_string(self.env) for name in sorted(names)),
                    )
                )

    def _check_invoiced_state(self, state):
        """An invoiced booking keeps its state; it may only be done once it
        took place, as it was invoiced."""
        moved = self.filtered(
            lambda b: b.is_invoiced and b.state != state and not (b.state == "confirmed" and state == "done")
        )
        if moved:
            raise UserError(_("An invoiced booking keeps its state: %s.", ", ".join(moved.mapped("display_name"))))

    def _update_seats(self, held_before, changed):
        """Take the seats of the bookings that now hold them and did not, or
        whose time, space or seats changed; free those of the others."""
        moved = bool(changed & SEAT_FIELDS)
        to_hold = self.filtered(
            lambda b: b.state in HOLDING_STATES and (moved or held_before is None or b.id not in held_before)
        )
        to_free = self.filtered(lambda b: b.state not in HOLDING_STATES)
        if to_free.seat_ids:
            # sudo: the seats are the booking's own technical rows
            to_free.seat_ids.sudo().unlink()
        if to_hold:
            to_hold._hold_seats()

    @api.ondelete(at_uninstall=False)
    def _unlink_except_confirmed(self):
        held = self.filtered(lambda b: b.state in HOLDING_STATES or b.is_invoiced)
        if held:
            raise UserError(
                _(
                    "A confirmed, done or invoiced booking cannot be deleted: cancel it instead (%s).",
                    ", ".join(held.mapped("display_name")),
                )
            )

    def unlink(self):
        events = self.calendar_event_id
        res = super().unlink()
        # the events go with their bookings
        with raised(self.env, FROM_BOOKING, events):
            events.unlink()
        return res

    # ------------------------------------------------------------ actions
    def action_confirm(self):
        # whoever calls: the booking's rights first (a member reads the
        # bookings of their organisation, and changes none of them)
        self.check_access("write")
        for booking in self:
            if booking.state != "draft":
                raise UserError(_("Only a draft booking can be confirmed: %s.", booking.display_name))
        # the rules of the space are checked again by _check_booking_rules,
        # the seats taken and the price fixed by write, as on every path
        self.write({"state": "confirmed"})
        return True

    def action_cancel(self):
        self.check_access("write")
        invoiced = self.filtered("is_invoiced")
        if invoiced:
            raise UserError(
                _("An invoiced booking cannot be cancelled: %s.", ", ".join(invoiced.mapped("display_name")))
            )
        late = self.filtered(lambda b: b._late_if_cancelled_now())
        # write frees the seats and gives the included hours back
        with raised(self.env, SETTING, late):
            late.write({"state": "cancelled", "late_cancellation": True})
        (self - late).write({"state": "cancelled"})
        return True

    def _cancellation_deadline(self):
        """The last moment the booking can be cancelled for free."""
        self.ensure_one()
        return self.start - timedelta(hours=self.space_id.cancellation_deadline_hours)

    def _late_if_cancelled_now(self):
        """Whether a cancellation now would still be billed (the space's
        late-cancellation share)."""
        self.ensure_one()
        return self.state == "confirmed" and self._cancellation_deadline() < fields.Datetime.now()

    def action_mark_no_show(self):
        """Nobody came: the booking is done, and billed."""
        self.check_access("write")
        now = fields.Datetime.now()
        for booking in self:
            if booking.state != "confirmed" or booking.start > now:
                raise UserError(
                    _("Only a confirmed booking that has begun can be marked as a no-show: %s.", booking.display_name)
                )
        with raised(self.env, SETTING, self):
            self.write({"state": "done", "no_show": True})
        return True

    def action_done(self):
        self.check_access("write")
        not_confirmed = self.filtered(lambda b: b.state != "confirmed")
        if not_confirmed:
            raise UserError(_("Only a confirmed booking can be done: %s.", not_confirmed[0].display_name))
        self.write({"state": "done"})
        return True

    # ------------------------------------------------------------ equipment
    def _compute_is_late(self):
        now = fields.Datetime.now()
        for booking in self:
            booking.is_late = bool(booking.checked_out_at and not booking.returned_at and booking.stop < now)

    def _search_is_late(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Search the late returns with “is set” or “is not set”."))
        late = [("checked_out_at", "!=", False), ("returned_at", "=", False), ("stop", "<", fields.Datetime.now())]
        return late if (operator == "=") == value else ["!", *late]

    def action_check_out(self):
        """The desk hands the equipment over: the booking must be confirmed,
        of equipment, begun or beginning today."""
        self.check_access("write")
        now = fields.Datetime.now()
        for booking in self:
            tz_name = booking.space_id.resource_calendar_id.tz
            tomorrow = day_start_utc(to_local(now, tz_name).date() + timedelta(days=1), tz_name)
            if booking.space_type != "equipment" or booking.state != "confirmed" or booking.checked_out_at:
                raise UserError(
                    _("Only confirmed equipment not handed over yet is checked out: %s.", booking.display_name)
                )
            if booking.start >= tomorrow:
                raise UserError(_("%s is booked for a later day: it is checked out on that day.", booking.display_name))
        with raised(self.env, SETTING, self):
            self.write({"checked_out_at": now})
        return True

    def action_return(self):
        """The equipment is back at the desk: the booking is done."""
        self.check_access("write")
        for booking in self:
            if not booking.checked_out_at or booking.returned_at:
                raise UserError(
                    _("Only equipment checked out and not returned yet comes back: %s.", booking.display_name)
                )
        with raised(self.env, SETTING, self):
            self.write({"returned_at": fields.Datetime.now(), "state": "done"})
        return True

    @api.model
    def _cron_remind_late_returns(self):
        """Once a day, remind the borrowers of the equipment not returned by
        the end of its booking."""
        today = fields.Date.context_today(self)
        late = self.search(
            [("is_late", "=", True), "|", ("late_reminded_on", "=", False), ("late_reminded_on", "<", today)]
        )
        template = self.env.ref("periscope_coworking.mail_template_equipment_late", raise_if_not_found=False)
        for booking in late:
            if template:
                booking.message_post_with_source(template, subtype_xmlid="mail.mt_comment")
        with raised(self.env, SETTING, late):
            late.write({"late_reminded_on": today})
        return len(late)

    def action_draft(self):
        self.check_access("write")
        self.filtered(lambda b: b.state == "cancelled").write({"state": "draft"})
        return True

    # ------------------------------------------------------------ seats
    def _held_window(self):
        """The time the booking holds its seats: its own and the space's
        buffer after it."""
        self.ensure_one()
        return self.start, self.stop + timedelta(minutes=self.space_id.buffer_minutes)

    def _held_rows(self, start, stop):
        """The seats held in the space between ``start`` and ``stop`` by
        other bookings, as ``(seat row id, booking id, seat, start, stop)``,
        read from the database in one query."""
        self.ensure_one()
        self.env["periscope.booking.seat"].flush_model()
        self.env.cr.execute(
            SQL(
                # the overlap as the exclusion constraint writes it: its GiST
                # index serves the search (test_indexes)
                "SELECT id, booking_id, seat, start, stop FROM periscope_booking_seat "
                "WHERE space_id = %s AND tsrange(start, stop, '[)') && tsrange(%s, %s, '[)') "
                "AND booking_id != %s",
                self.space_id.id,
                start,
                stop,
                self.id or 0,
            )
        )
        return self.env.cr.fetchall()

    @staticmethod
    def _peak(rows, start, stop):
        """The most seats held at the same moment between ``start`` and
        ``stop`` by ``rows``, and the rows held at that moment."""
        events = sorted(
            [(max(row[3], start), 1, row) for row in rows] + [(min(row[4], stop), -1, row) for row in rows],
            key=lambda event: (event[0], event[1]),
        )
        peak, active, at_peak = 0, [], []
        for _instant, delta, row in events:
            if delta > 0:
                active.append(row)
                if len(active) > peak:
                    peak, at_peak = len(active), list(active)
            else:
                active.remove(row)
        return peak, at_peak

    def _check_free_seats(self):
        """Refuse, naming one of them, when the bookings holding seats of the
        space leave too few at some moment of the booking (buffer included);
        returns the rows of the seats held around it."""
        self.ensure_one()
        start, stop = self._held_window()
        # a booking that ends within the buffer before this one still holds
        # the room for its buffer: its row reaches into this window
        rows = self._held_rows(start, stop)
        peak, at_peak = self._peak(rows, start, stop)
        # asking more seats than the space has is a rule of the space
        # (_check_rules), not a conflict
        if at_peak and peak + self.seats > self.space_id.seats:
            other = self.browse(at_peak[0][1])
            raise ValidationError(
                _(
                    "%(space)s is already booked at that time: %(other)s (%(start)s – %(stop)s).",
                    space=self.space_id.name,
                    other=other.display_name,
                    start=other._local_label(other.start),
                    stop=other._local_label(other.stop),
                )
            )
        return rows

    def _hold_seats(self):
        """Take the booking's seats for its time (and the space's buffer) in
        ``periscope.booking.seat``, whose exclusion constraint lets no seat be
        held twice at the same time, whatever other transactions do.

        A booking is admitted exactly when, at every moment of it, the seats
        held plus those it asks fit in the space. When no seat is free for its
        whole time although the space never lacks seats (desks taken one
        after another), the seats of the bookings around it are dealt again,
        earliest first (an interval colouring, which always fits then)."""
        # sudo: the seats are technical rows nobody edits; the booking's own
        # rules have been checked as the user
        Seat = self.env["periscope.booking.seat"].sudo()
        if self.seat_ids:
            self.seat_ids.sudo().unlink()
        for booking in self.sorted(lambda b: (b.start, b.id)):
            rows = booking._check_free_seats()
            start, stop = booking._held_window()
            busy = {row[2] for row in rows}
            free = [s for s in range(1, booking.space_id.seats + 1) if s not in busy]
            if len(free) >= booking.seats:
                booking._take_free_seats(Seat, free, start, stop)
            else:
                booking._deal_seats_again(Seat, start, stop, rows)

    def _take_free_seats(self, Seat, free, start, stop):
        needed = self.seats
        for seat in free:
            if not needed:
                break
            try:
                # the booking's pending changes need not reach the database
                # before its seat: only the seat row is tried (and undone)
                with self.env.cr.savepoint(flush=False):
                    Seat.create(
                        {
                            "booking_id": self.id,
                            "space_id": self.space_id.id,
                            "seat": seat,
                            "start": start,
                            "stop": stop,
                        }
                    )
                    Seat.flush_model()
            except errors.ExclusionViolation:
                # taken meanwhile by another transaction: try the next seat
                continue
            needed -= 1
        if needed:
            self._raise_taken_meanwhile()

    def _seat_rows_around(self, start, stop, rows):
        """``{seat row id: row}`` of the seats held during ``rows`` (those
        held from ``start`` to ``stop``) and every seat touching them, until
        none is added."""
        rows = {row[0]: row for row in rows}
        low, high = start, stop
        while True:
            low = min([low] + [row[3] for row in rows.values()])
            high = max([high] + [row[4] for row in rows.values()])
            wider = {row[0]: row for row in self._held_rows(low, high)}
            if wider.keys() == rows.keys():
                return rows
            rows = wider

    def _dealt_seats(self, start, stop, by_booking):
        """``{booking id: seats}``: the seats of the bookings of
        ``by_booking`` (their seat rows) and of this one (from ``start`` to
        ``stop``), dealt earliest first, each taking the lowest seats free
        when it begins — the ones it holds when they are still free."""
        items = [(found[0][3], found[0][4], booking_id, len(found)) for booking_id, found in by_booking.items()]
        items.append((start, stop, self.id, self.seats))
        items.sort(key=lambda item: (item[0], item[2]))
        dealt, active = {}, []
        for item_start, item_stop, booking_id, count in items:
            active = [a for a in active if a[0] > item_start]
            taken = {seat for _stop, seats in active for seat in seats}
            held = sorted(row[2] for row in by_booking.get(booking_id, []))
            seats = [s for s in held + list(range(1, self.space_id.seats + 1)) if s not in taken]
            seats = list(dict.fromkeys(seats))[:count]
            if len(seats) < count:  # cannot happen once the peak fits
                self._raise_taken_meanwhile()
            dealt[booking_id] = seats
            active.append((item_stop, seats))
        return dealt

    def _deal_seats_again(self, Seat, start, stop, rows):
        """Deal the seats of the bookings around this one again, earliest
        first, each taking the lowest seats free when it begins; ``rows`` are
        the seats held during the booking's own time."""
        rows = self._seat_rows_around(start, stop, rows)
        by_booking = {}
        for row in rows.values():
            by_booking.setdefault(row[1], []).append(row)
        dealt = self._dealt_seats(start, stop, by_booking)
        moved, values = [], []
        for booking_id, seats in dealt.items():
            found = by_booking.get(booking_id, [])
            held = {row[2] for row in found}
            moved += [row[0] for row in found if row[2] not in seats]
            window = (found[0][3], found[0][4]) if found else (start, stop)
            values += [
                {
                    "booking_id": booking_id,
                    "space_id": self.space_id.id,
                    "seat": seat,
                    "start": window[0],
                    "stop": window[1],
                }
                for seat in seats
                if seat not in held
            ]
        try:
            with self.env.cr.savepoint():
                Seat.browse(moved).unlink()
                Seat.create(values)
                Seat.flush_model()
        except errors.ExclusionViolation:
            self._raise_taken_meanwhile()
        self.env["periscope.booking"].browse(list(by_booking)).invalidate_recordset(["seat_ids"])

    def _raise_taken_meanwhile(self):
        raise ValidationError(_("%s was booked by someone else at that time, a moment ago.", self.space_id.name))

    # ------------------------------------------------------------ rates
    def _month_bounds(self):
        """The local calendar month of the booking's start, in naive UTC."""
        self.ensure_one()
        return month_bounds(self.start, self.space_id.resource_calendar_id.tz)

    def _is_internal(self):
        """A booking of the hub itself (its own training sessions, its own
        meetings): the hub does not invoice itself."""
        self.ensure_one()
        return self.partner_id.commercial_partner_id == self.company_id.partner_id.commercial_partner_id

    def _takes_included_hours(self):
        """Whether the booking draws on the meeting-room hours its customer's
        membership includes each month."""
        self.ensure_one()
        return (
            self.space_id.space_type == "meeting_room"
            and bool(self.partner_id.commercial_partner_id.periscope_member_type_id.included_booking_hours)
            and not self._is_internal()
        )

    def _included_hours_months(self):
        """The (organisation, month start, month stop) whose included hours
        these bookings draw on."""
        return {
            (booking.partner_id.commercial_partner_id.id, *booking._month_bounds())
            for booking in self
            if booking.state in HOLDING_STATES and booking._takes_included_hours()
        }

    def _included_hours_available(self):
        """What the booking would take of its month's included hours, were it
        confirmed: they go to the organisation's bookings of the month in
        chronological order."""
        self.ensure_one()
        if not self._takes_included_hours():
            return 0.0
        organisation = self.partner_id.commercial_partner_id
        month_start, month_stop = self._month_bounds()
        earlier = self.search(
            [
                ("partner_id.commercial_partner_id", "=", organisation.id),
                ("state", "in", HOLDING_STATES),
                ("id", "!=", self.id or 0),
                ("start", ">=", month_start),
                ("start", "<", month_stop),
                "|",
                ("start", "<", self.start),
                ("is_invoiced", "=", True),
            ]
        )
        used = sum(earlier.mapped("included_hours"))
        included = organisation.periscope_member_type_id.included_booking_hours
        return max(included - used, 0.0)

    @api.model
    def _included_hours_used(self, organisation, month_start, month_stop):
        """The included hours that the organisation's bookings of the month,
        other than ``self``, have already taken."""
        [[used]] = self._read_group(
            [
                ("partner_id", "child_of", organisation.id),
                ("state", "in", HOLDING_STATES),
                ("id", "not in", self.ids),
                ("start", ">=", month_start),
                ("start", "<", month_stop),
            ],
            aggregates=["included_hours:sum"],
        )
        return used or 0.0

    def _reprice(self, keep_price=(), months=None):
        """Fix the quantity, included hours and price of the bookings holding
        seats, and deal again the included hours of the organisations'
        months they touch (``months`` adds the months a booking left), so
        that every booking of such a month is right. Two transactions never
        deal the same month at once (the later one is retried). Invoiced
        bookings are left as invoiced."""
        if months is None:
            months = self._included_hours_months()
        monthly = self.browse()
        if months:
            self.env["periscope.booking.lock"].sudo()._serialise(
                f"included_hours:{organisation}:{month_start:%Y-%m}" for organisation, month_start, _stop in months
            )
            monthly = self._deal_included_hours(months, keep_price)
        for booking in self - monthly:
            if booking.state not in HOLDING_STATES or booking.is_invoiced:
                continue
            booking._write_price(booking._price_values(), keep_price)

    def _deal_included_hours(self, months, keep_price=()):
        """Give each organisation's month of included hours to its bookings
        of that month in chronological order; returns the bookings priced."""
        dealt = self.browse()
        for organisation_id, month_start, month_stop in sorted(months):
            organisation = self.env["res.partner"].browse(organisation_id)
            bookings = self.search(
                [
                    ("partner_id.commercial_partner_id", "=", organisation_id),
                    ("state", "in", HOLDING_STATES),
                    ("start", ">=", month_start),
                    ("start", "<", month_stop),
                ],
                order="start, id",
            ).filtered(lambda b: b._takes_included_hours())
            left = organisation.periscope_member_type_id.included_booking_hours
            left -= sum(bookings.filtered("is_invoiced").mapped("included_hours"))
            for booking in bookings.filtered(lambda b: not b.is_invoiced):
                values = booking._price_values(max(left, 0.0))
                left -= values["included_hours"]
                booking._write_price(values, keep_price)
                dealt |= booking
        return dealt

    def _write_price(self, values, keep_price=()):
        self.ensure_one()
        if self.id in keep_price:
            values = dict(values)
            values.pop("price_unit")
        changed = _differing(self, values)
        if changed:
            with raised(self.env, SETTING, self):
                self.write(changed)

    def _invoiced_quantity(self, included_hours=0.0):
        """The duration not covered by the included hours, in the unit of the
        product, rounded up: 3 hours are one half-day, 5 hours two; a product
        counted in units is one."""
        self.ensure_one()
        product = self.space_id.product_id
        hours = self.env.ref("uom.product_uom_hour")
        if not product or product.uom_id.category_id != hours.category_id:
            return float(self.seats)
        billed_hours = max(self.duration - included_hours, 0.0)
        quantity = hours._compute_quantity(billed_hours, product.uom_id, round=False)
        return math.ceil(round(quantity, 6)) * self.seats

    def _price_values(self, included_available=None):
        """The quantity, included hours and price of the booking, its
        ``included_available`` hours of the month (what remains for it by
        default)."""
        self.ensure_one()
        product = self.space_id.product_id
        if included_available is None:
            included_available = self._included_hours_available()
        internal = self._is_internal()
        included = 0.0 if internal else min(self.duration, included_available)
        if not product or internal:
            return {"quantity": 0.0, "price_unit": 0.0, "pricelist_id": False, "included_hours": included}
        pricelist = self.partner_id._periscope_rates_pricelist()
        quantity = self._invoiced_quantity(included)
        price = (
            pricelist._get_product_price(product, max(quantity, 1.0), uom=product.uom_id, date=self.start)
            if pricelist
            else product.lst_price
        )
        return {"quantity": quantity, "price_unit": price, "pricelist_id": pricelist.id, "included_hours": included}

    def _local_label(self, value):
        return self.space_id._local_label(value)

    # ------------------------------------------------------------ upgrade
    @api.model
    def _migrate_seats_and_events(self):
        """Bookings of earlier versions: a confirmed one that holds no seat
        takes its seats (an overlap that the earlier versions let in is left
        as it is, and logged, for the reception to settle); every booking's
        event shows what it mirrors today."""
        bookings = self.with_context(active_test=False).search([])
        for booking in bookings.filtered(lambda b: b.state in HOLDING_STATES and not b.seat_ids):
            try:
                with self.env.cr.savepoint():
                    booking._hold_seats()
            except ValidationError as error:
                _logger.warning("Booking %s (id %s) holds no seat: %s", booking.display_name, booking.id, error)
        bookings.filtered("calendar_event_id")._sync_calendar_events()

    # ------------------------------------------------------------ calendar
    def _event_values(self):
        self.ensure_one()
        return {
            "name": self.name or self.space_id.name,
            "start": self.start,
            "stop": self.stop,
            "allday": False,
            "periscope_booking_id": self.id,
            "periscope_space_id": self.space_id.id,
            "periscope_customer_id": self.partner_id.id,
            "partner_ids": [Command.set((self.contact_id | self.attendee_ids).ids)],
            "description": plaintext2html(self.note) if self.note else False,
            "location": self.space_id.name,
            # the calendar shows what the booking holds: a draft leaves the
            # room free, a cancelled booking is gone (archived, kept)
            "show_as": "busy" if self.state in HOLDING_STATES else "free",
            "active": self.state != "cancelled",
        }

    def _sync_calendar_events(self):
        """One calendar event per booking, with its time and its space; an
        event is written only with what changed."""
        # sudo: the event mirrors the booking, which the user may change;
        # reception need not manage other people's calendars. The events of
        # bookings carry no alarm: nothing to notify. The flag FROM_BOOKING
        # tells the events that their booking writes them (nothing flows
        # back), SETTING lets the booking point at its new event.
        Event = (
            self.env["calendar.event"]
            .sudo()
            .with_context(
                no_mail_to_attendees=True,
                dont_notify=True,
                mail_notrack=True,
                mail_create_nolog=True,
                mail_create_nosubscribe=True,
                active_test=False,
            )
        )
        to_create = self.filtered(lambda b: not b.calendar_event_id)
        if to_create:
            # the organiser is who booked in the back office (not OdooBot, nor
            # a member booking on the portal)
            organiser = {} if self.env.user.share else {"user_id": self.env.uid}
            with raised(self.env, FROM_BOOKING):
                events = Event.create([booking._event_values() | organiser for booking in to_create])
            with raised(self.env, SETTING, to_create):
                for booking, event in zip(to_create, events, strict=True):
                    booking.calendar_event_id = event
        for booking in self - to_create:
            event = booking.calendar_event_id.with_env(Event.env)
            values = booking._event_values()
            if note_of(event.description) == ((booking.note or "").strip() or False):
                # the same text, whatever its markup
                del values["description"]
            changed = _differing(event, values)
            if changed:
                with raised(self.env, FROM_BOOKING, event):
                    event.write(changed)
