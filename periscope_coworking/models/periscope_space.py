# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict
from datetime import timedelta

import pytz

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from odoo.addons.periscope_members.tools.hub_time import local_label, to_local, to_utc
from odoo.addons.resource.models.utils import Intervals

from .bounds import MAX_BOOKING_DAYS, MAX_OCCURRENCES, MAX_SEATS

# the largest area of a space, in m²
MAX_AREA = 100_000

# the bounds of a space's numbers: the longest of its durations is the
# longest booking
# the spaces a booking takes part of: desks of a pool, identical items of
# equipment lent at once (``seats`` of them)
SHARED_TYPES = ("desk_pool", "equipment")
NUMBER_BOUNDS = {
    "capacity": (1, MAX_SEATS),
    "seats": (1, MAX_SEATS),
    "buffer_minutes": (0, 24 * 60),
    "min_duration_minutes": (0, MAX_BOOKING_DAYS * 24 * 60),
    "max_duration_hours": (0, MAX_BOOKING_DAYS * 24),
    "booking_horizon_days": (0, 10 * 366),
    "cancellation_deadline_hours": (0, MAX_BOOKING_DAYS * 24),
    "late_cancellation_share": (0, 100),
    "area": (0, MAX_AREA),
}


class PeriscopeSpace(models.Model):
    _name = "periscope.space"
    _description = "Hub Space"
    _inherit = ["mail.thread", "periscope.number.mixin"]
    _order = "sequence, name, id"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True, tracking=True)
    space_type = fields.Selection(
        selection=[
            ("meeting_room", "Meeting room"),
            ("training_room", "Training room"),
            ("office", "Office"),
            ("desk_pool", "Desk pool"),
            ("resource_centre", "Resource centre"),
            ("equipment", "Equipment"),
        ],
        string="Type",
        required=True,
        default="meeting_room",
        tracking=True,
    )
    capacity = fields.Integer(default=1, required=True, tracking=True, help="How many people the space holds.")
    area = fields.Float(
        string="Area (m²)",
        digits=(16, 2),
        tracking=True,
        help="The floor area of the space; an office's splits the shared charges by area among the residents.",
    )
    seats = fields.Integer(
        default=1,
        required=True,
        tracking=True,
        help="How many bookings the space takes at the same time: 1 for a room "
        "or an office, the number of desks for a desk pool, of identical items for equipment.",
    )
    company_id = fields.Many2one(comodel_name="res.company", required=True, default=lambda self: self.env.company)
    resource_calendar_id = fields.Many2one(
        comodel_name="resource.calendar",
        string="Opening hours",
        required=True,
        check_company=True,
        default=lambda self: self._default_resource_calendar(),
    )
    product_id = fields.Many2one(
        comodel_name="product.product",
        string="Invoiced product",
        check_company=True,
        help="The product invoiced for a booking of this space.",
    )
    buffer_minutes = fields.Integer(
        string="Buffer (minutes)", help="Time kept free between two bookings, for cleaning or setting up."
    )
    portal_bookable = fields.Boolean(
        string="Bookable on the portal", help="Members can book this space themselves on the portal."
    )
    description = fields.Html(translate=True)
    min_duration_minutes = fields.Integer(string="Minimum duration (minutes)", default=30, help="The shortest booking.")
    max_duration_hours = fields.Float(
        string="Maximum duration (hours)", default=12, help="The longest booking; 0 for no limit."
    )
    booking_horizon_days = fields.Integer(
        string="Booking horizon (days)", default=90, help="How many days ahead the space can be booked; 0 for no limit."
    )
    equipment = fields.Text(translate=True, help="Projector, screen, kitchen, accessibility…")
    image_1920 = fields.Image(string="Photo", max_width=1920, max_height=1920)
    image_256 = fields.Image(string="Photo (small)", related="image_1920", max_width=256, max_height=256)
    cancellation_deadline_hours = fields.Integer(
        string="Cancellation deadline (hours)",
        default=24,
        help="A booking cancelled less than this many hours before it starts is "
        "still billed, for the late-cancellation share.",
    )
    late_cancellation_share = fields.Float(
        string="Late-cancellation share (%)", default=50.0, help="The part of the price billed for a late cancellation."
    )
    booking_ids = fields.One2many(comodel_name="periscope.booking", inverse_name="space_id", string="Bookings")
    color = fields.Integer()
    analytic_account_id = fields.Many2one(
        comodel_name="account.analytic.account",
        string="Analytic account",
        check_company=True,
        default=lambda self: self.env.ref("periscope_coworking.analytic_account_bookings", raise_if_not_found=False),
        help="The activity that the bookings of this space are invoiced to; the "
        "rents of the offices go to the account of office rents.",
    )

    _sql_constraints = [
        ("capacity_positive", "CHECK(capacity > 0)", "A space holds at least one person."),
        ("seats_positive", "CHECK(seats > 0)", "A space takes at least one booking."),
        (
            "durations_not_negative",
            ("CHECK(min_duration_minutes >= 0 AND max_duration_hours >= 0 AND booking_horizon_days >= 0)"),
            "Durations and the booking horizon cannot be negative.",
        ),
        (
            "cancellation_policy_valid",
            (
                "CHECK(cancellation_deadline_hours >= 0 AND late_cancellation_share "
                ">= 0 AND late_cancellation_share <= 100)"
            ),
            ("The cancellation deadline cannot be negative and the late-cancellation share is between 0 and 100 %."),
        ),
        ("buffer_not_negative", "CHECK(buffer_minutes >= 0)", "The buffer between bookings cannot be negative."),
        ("area_not_negative", "CHECK(area >= 0)", "The area of a space cannot be negative."),
    ]

    @api.model
    def _default_resource_calendar(self):
        hub = self.env.ref("periscope_coworking.resource_calendar_hub", raise_if_not_found=False)
        return hub or self.env.company.resource_calendar_id

    @api.constrains("space_type", "seats", "capacity")
    def _check_seats(self):
        # capacity > 0 and seats > 0 are SQL constraints, checked before this
        for space in self:
            if space.space_type not in SHARED_TYPES and space.seats != 1:
                raise ValidationError(
                    _(
                        "Only a desk pool or equipment takes several bookings at once: %s takes one booking at a time.",
                        space.name,
                    )
                )
            if space.space_type == "desk_pool" and space.seats > space.capacity:
                raise ValidationError(
                    _(
                        "The desk pool %(space)s has %(seats)s desks for "
                        "%(capacity)s people: it cannot have more desks than people.",
                        space=space.name,
                        seats=space.seats,
                        capacity=space.capacity,
                    )
                )

    @api.constrains("min_duration_minutes", "max_duration_hours")
    def _check_durations(self):
        for space in self:
            if space.max_duration_hours and space.min_duration_minutes > space.max_duration_hours * 60:
                raise ValidationError(_("The minimum duration of %s is longer than its maximum.", space.name))

    def _periscope_number_bounds(self):
        return NUMBER_BOUNDS

    def _check_open(self, start, stop):
        """Refuse a time outside the opening hours of the space, in the time
        zone of its calendar (daylight saving included), closing days (the
        calendar's leaves) too. ``start`` and ``stop`` are naive UTC."""
        self.ensure_one()
        calendar = self.resource_calendar_id
        start_utc, stop_utc = pytz.utc.localize(start), pytz.utc.localize(stop)
        intervals = calendar._work_intervals_batch(start_utc, stop_utc)[False]
        open_seconds = sum((end - begin).total_seconds() for begin, end, _ in intervals)
        if open_seconds + 1 < (stop - start).total_seconds():
            raise ValidationError(
                _(
                    "%(space)s is closed at some time between %(start)s and %(stop)s: "
                    "book it within its opening hours (%(hours)s).",
                    space=self.name,
                    start=self._local_label(start),
                    stop=self._local_label(stop),
                    hours=calendar.name,
                )
            )

    def _local_label(self, value):
        """A naive UTC datetime as the space's local day and time."""
        self.ensure_one()
        return local_label(value, self.resource_calendar_id.tz)

    # ------------------------------------------------------------ recurrence
    def _weekly_occurrences(self, start, stop, interval=1, count=None, until=None, limit=MAX_OCCURRENCES):
        """``(start, stop)`` in naive UTC of a booking from ``start`` to
        ``stop`` (naive UTC) repeated every ``interval`` weeks, ``count``
        times or until the day ``until``, ``limit`` times at most: at the same
        local time in the space's time zone whatever daylight saving does."""
        self.ensure_one()
        tz_name = self.resource_calendar_id.tz
        local_start = to_local(start, tz_name).replace(tzinfo=None)
        duration = stop - start
        occurrences = []
        index = 0
        while len(occurrences) < limit:
            day = local_start + timedelta(weeks=index * interval)
            if count is not None and index >= count:
                break
            if until is not None and day.date() > until:
                break
            occurrence_start = to_utc(day, tz_name)
            occurrences.append((occurrence_start, occurrence_start + duration))
            index += 1
        return occurrences

    # ------------------------------------------------------------ free slots
    def _free_slots(self, start, stop, duration_minutes=60, seats=1):
        """The free times of each space between ``start`` and ``stop`` (naive
        UTC) where ``seats`` seats are free for ``duration_minutes`` at least:
        ``{space_id: [(start, stop), ...]}`` in naive UTC, the buffer before
        the next booking left out. Its queries do not depend on the number of
        bookings: opening hours once per calendar, the held seats in one."""
        start_utc, stop_utc = pytz.utc.localize(start), pytz.utc.localize(stop)
        open_hours = {
            calendar.id: calendar._work_intervals_batch(start_utc, stop_utc)[False]
            for calendar in self.resource_calendar_id
        }
        held = defaultdict(list)
        if self:
            self.env["periscope.booking.seat"].flush_model()
            self.env.cr.execute(
                SQL(
                    # the overlap as the exclusion constraint writes it: its
                    # GiST index serves the search (test_indexes)
                    "SELECT space_id, start, stop FROM periscope_booking_seat "
                    "WHERE space_id IN %s AND tsrange(start, stop, '[)') && tsrange(%s, %s, '[)')",
                    tuple(self.ids),
                    start,
                    stop,
                )
            )
            for space_id, held_start, held_stop in self.env.cr.fetchall():
                held[space_id].append((held_start, held_stop))
        minimum = timedelta(minutes=duration_minutes)
        nobody = self.env["resource.calendar.attendance"]
        slots = {}
        for space in self:
            if seats > space.seats:
                slots[space.id] = []
                continue
            busy = self._saturated(held[space.id], space.seats - seats + 1)
            busy_starts = {busy_start for busy_start, _busy_stop in busy}
            busy_intervals = Intervals([(pytz.utc.localize(a), pytz.utc.localize(b), nobody) for a, b in busy])
            buffer = timedelta(minutes=space.buffer_minutes)
            free = []
            for free_start, free_stop, _recs in open_hours[space.resource_calendar_id.id] - busy_intervals:
                free_start = free_start.astimezone(pytz.utc).replace(tzinfo=None)
                free_stop = free_stop.astimezone(pytz.utc).replace(tzinfo=None)
                if free and free[-1][1] == free_start:  # morning and afternoon
                    free_start = free.pop()[0]
                free.append((free_start, free_stop))
            slots[space.id] = []
            for free_start, free_stop in free:
                if free_stop in busy_starts:  # the buffer before the next booking
                    free_stop -= buffer
                if free_stop - free_start >= minimum:
                    slots[space.id].append((free_start, free_stop))
        return slots

    @staticmethod
    def _saturated(intervals, threshold):
        """The times when at least ``threshold`` of ``intervals`` overlap, by a
        sweep over their ends (an end before a start at the same instant)."""
        events = sorted(
            [(held_start, 1) for held_start, _stop in intervals] + [(held_stop, -1) for _start, held_stop in intervals]
        )
        saturated, count, since = [], 0, None
        for instant, delta in events:
            count += delta
            if count >= threshold and since is None:
                since = instant
            elif count < threshold and since is not None:
                if since < instant:
                    saturated.append((since, instant))
                since = None
        return saturated
