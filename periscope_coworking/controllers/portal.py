# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import hmac
import re
from datetime import date, datetime, timedelta

from odoo import fields, http
from odoo.exceptions import UserError, ValidationError
from odoo.http import request
from odoo.tools import format_date

from odoo.addons.periscope_members.controllers.portal import PeriscopeMembersPortal
from odoo.addons.periscope_members.tools.hub_time import day_start_utc, to_local

from ..models.bounds import in_bounds
from ..models.ical import ical_calendar
from ..models.periscope_booking import HOLDING_STATES

BOOKINGS_PER_PAGE = 20
# the durations a member may book on the portal, in minutes
DURATIONS = (60, 120, 180, 240, 480)
# the free times are offered every half hour
SLOT_STEP = timedelta(minutes=30)
# how far back the calendar feed goes
FEED_PAST_DAYS = 90
FEED_TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{32,128}")
FEED_PRODID = "-//Le Périscope//Bookings//EN"
# the states of a booking a member may still cancel
OPEN_STATES = ("draft", "confirmed")


def _to_datetime(value):
    """A naive UTC datetime posted as ``YYYY-MM-DD HH:MM:SS`` within the
    years a booking may take (see ``bounds.py``), or None."""
    try:
        moment = datetime.strptime(value or "", "%Y-%m-%d %H:%M:%S")
    except (TypeError, ValueError):
        return None
    return moment if in_bounds(moment) else None


def _to_date(value):
    """A day posted as ``YYYY-MM-DD`` within the years a booking may take,
    or None."""
    try:
        day = date.fromisoformat(value or "")
    except (TypeError, ValueError):
        return None
    return day if in_bounds(day) else None


def _hours_label(hours):
    """2.5 hours as ``2 h 30``."""
    hours_part, minutes = divmod(round(hours * 60), 60)
    return f"{hours_part} h {minutes:02d}" if minutes else f"{hours_part} h"


class PeriscopeCoworkingPortal(PeriscopeMembersPortal):
    # ------------------------------------------------------------------ helpers
    def _periscope_booking_domain(self):
        return [("partner_id", "child_of", self._periscope_user_organisation().id)]

    def _periscope_booking_filters(self):
        now = fields.Datetime.now()
        return {
            "upcoming": {
                "label": request.env._("Upcoming"),
                "domain": [("stop", ">", now)],
                "order": "start asc, id asc",
            },
            "past": {"label": request.env._("Past"), "domain": [("stop", "<=", now)], "order": "start desc, id desc"},
        }

    def _periscope_durations(self):
        env = request.env
        return [
            (60, env._("1 hour")),
            (120, env._("2 hours")),
            (180, env._("3 hours")),
            (240, env._("Half a day (4 hours)")),
            (480, env._("A day (8 hours)")),
        ]

    @staticmethod
    def _periscope_tz(space):
        # sudo: members cannot read the opening hours (resource.calendar); only
        # their time zone is used
        return space.sudo().resource_calendar_id.tz

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "periscope_booking_count" in counters:
            Booking = request.env["periscope.booking"]
            values["periscope_booking_count"] = (
                Booking.search_count(
                    self._periscope_booking_domain()
                    + [("state", "in", OPEN_STATES), ("stop", ">", fields.Datetime.now())]
                )
                if Booking.has_access("read")
                else 0
            )
        return values

    # ------------------------------------------------------------------ list
    @http.route(["/my/bookings", "/my/bookings/page/<int:page>"], type="http", auth="user", website=True)
    def portal_my_bookings(self, page=1, filterby=None, success=None, **kwargs):
        if not request.env["periscope.booking"].has_access("read"):
            return request.redirect("/my")
        values = self._periscope_bookings_values(page=page, filterby=filterby, success=success)
        return request.render("periscope_coworking.portal_my_bookings", values)

    def _periscope_bookings_values(self, page=1, filterby=None, success=None, error=None):
        Booking = request.env["periscope.booking"]
        filters = self._periscope_booking_filters()
        if filterby not in filters:
            filterby = "upcoming"
        domain = self._periscope_booking_domain() + filters[filterby]["domain"]
        # as the user: the record rule keeps them to their organisation's
        pager, bookings = self._periscope_paged(
            Booking,
            domain,
            "/my/bookings",
            page,
            BOOKINGS_PER_PAGE,
            url_args={"filterby": filterby},
            order=filters[filterby]["order"],
        )
        customer = self._periscope_user_organisation()
        feed_url = self._periscope_feed_url(customer)
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "periscope_bookings",
                "default_url": "/my/bookings",
                "booking_filters": filters,
                "filterby": filterby,
                "pager": pager,
                "rows": self._periscope_booking_rows(bookings),
                "customer": customer,
                "included_hours_left": _hours_label(customer.periscope_included_hours_left)
                if customer.periscope_included_hours_left
                else False,
                "feed_url": feed_url,
                "feed_webcal_url": feed_url and "webcal://" + feed_url.split("://", 1)[-1],
                "success": success,
                "error": error,
            }
        )
        return values

    def _periscope_booking_rows(self, bookings):
        """What the list shows of each booking, read in batch: the same
        queries for one booking or a page of them."""
        env = request.env
        now = fields.Datetime.now()
        states = dict(bookings._fields["state"]._description_selection(env))
        rows = []
        # sudo: the bookings were found as the user, through the record rule of
        # their organisation; their space may be one that only the staff books
        # (not bookable on the portal), whose name and cancellation policy the
        # member may still see for their own bookings
        for booking in bookings.sudo():
            space = booking.space_id
            tz_name = space.resource_calendar_id.tz
            start = to_local(booking.start, tz_name)
            stop = to_local(booking.stop, tz_name)
            deadline = booking._cancellation_deadline()
            local_deadline = to_local(deadline, tz_name)
            hours = f"{start:%H:%M} – {stop:%H:%M}"
            if stop.date() != start.date():
                stop_day = format_date(env, stop.date(), date_format="EEE d MMM y")
                hours = f"{start:%H:%M} – {stop_day} {stop:%H:%M}"
            rows.append(
                {
                    "id": booking.id,
                    "space": space.name,
                    "day": format_date(env, start.date(), date_format="EEE d MMM y"),
                    "hours": hours,
                    "seats": booking.seats,
                    "state": booking.state,
                    "state_label": states.get(booking.state),
                    "late": booking.late_cancellation,
                    "amount": booking.price_unit * booking.quantity * booking.billable_share / 100,
                    "currency": booking.pricelist_id.currency_id or booking.company_id.currency_id,
                    "included_hours": _hours_label(booking.included_hours) if booking.included_hours else False,
                    "cancellable": booking.state in OPEN_STATES and booking.start > now and not booking.invoice_line_id,
                    "late_if_cancelled": booking._late_if_cancelled_now(),
                    "late_share": f"{space.late_cancellation_share:g}",
                    "free_until": f"{format_date(env, local_deadline.date())} {local_deadline:%H:%M}",
                }
            )
        return rows

    # ------------------------------------------------------------------ booking
    @http.route("/my/bookings/new", type="http", auth="user", website=True)
    def portal_my_booking_new(self, space_id=None, day=None, duration=None, seats=None, **kwargs):
        values = self._periscope_booking_form_values(space_id, day, duration, seats)
        if values is None:
            return request.redirect("/my")
        return request.render("periscope_coworking.portal_my_booking_new", values)

    def _periscope_booking_form_values(self, space_id=None, day=None, duration=None, seats=None, error=None):
        """The day picker of a space and its free times, with the price of a
        booking of that duration; None when the user may not book."""
        env = request.env
        Space = env["periscope.space"]
        if not (Space.has_access("read") and env["periscope.booking"].has_access("read")):
            return None
        # as the user: the record rule shows members the bookable spaces only
        spaces = Space.search([("portal_bookable", "=", True)])
        space = spaces.filtered(lambda s: s.id == self._periscope_parse_id(space_id))[:1] or spaces[:1]
        duration = self._periscope_parse_int(duration)
        if duration not in DURATIONS:
            duration = DURATIONS[0]
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "periscope_booking_new",
                "spaces": spaces,
                "space": space,
                "durations": self._periscope_durations(),
                "duration": duration,
                "seats": 1,
                "day": False,
                "day_label": False,
                "min_day": False,
                "max_day": False,
                "windows": [],
                "slots": [],
                "price": False,
                "error": error,
            }
        )
        if space:
            self._periscope_day_values(values, space, day, duration, seats, error)
        return values

    def _periscope_day_values(self, values, space, day, duration, seats, error):
        """Add to ``values`` the day asked of ``space`` (today by default),
        bounded by today and the space's booking horizon, its free times for
        ``seats`` seats and ``duration`` minutes, and the price of the first."""
        env = request.env
        tz_name = self._periscope_tz(space)
        now = fields.Datetime.now()
        today = to_local(now, tz_name).date()
        horizon = space.booking_horizon_days
        latest = now + timedelta(days=horizon) if horizon else None
        if day:
            day = _to_date(day)
            if not day:
                values["error"] = error or env._("Pick a day in the calendar.")
        day = day or today
        seats = min(max(self._periscope_parse_int(seats) or 1, 1), space.seats)
        values.update(
            {
                "seats": seats,
                "day": day,
                "day_label": format_date(env, day, date_format="EEEE d MMMM y"),
                "min_day": today,
                "max_day": latest and latest.date(),
            }
        )
        if day < today:
            values["error"] = error or env._("That day is over: pick a day from today on.")
        elif latest and day > latest.date():
            values["error"] = error or env._(
                "%(space)s is booked %(days)s days ahead at most.", space=space.name, days=horizon
            )
        else:
            self._periscope_free_time_values(values, space, day, duration, seats, now, latest)

    def _periscope_free_time_values(self, values, space, day, duration, seats, now, latest):
        """Add to ``values`` the free windows of ``space`` on ``day`` (a local
        date) after ``now`` and the starts offered in them, with the price of
        the first."""
        tz_name = self._periscope_tz(space)
        day_start, day_stop = (day_start_utc(moment, tz_name) for moment in (day, day + timedelta(days=1)))
        # sudo: members cannot read the opening hours nor the seats that other
        # organisations hold; the space is bookable on the portal and only its
        # free times leave this call
        windows = space.sudo()._free_slots(day_start, day_stop, duration, seats)[space.id]
        windows = [(max(begin, now), end) for begin, end in windows if end > now]
        starts = self._periscope_start_choices(windows, duration, now, latest)

        def local(moment):
            return to_local(moment, tz_name)

        length = timedelta(minutes=duration)
        values["windows"] = [
            f"{local(begin):%H:%M} – {local(end):%H:%M}" for begin, end in windows if end - begin >= length
        ]
        values["slots"] = [
            {
                "value": fields.Datetime.to_string(start),
                "label": f"{local(start):%H:%M} – {local(start + length):%H:%M}",
            }
            for start in starts
        ]
        if starts:
            values["price"] = self._periscope_price(space, starts[0], duration, seats)

    @staticmethod
    def _periscope_start_choices(windows, duration, now, latest=None):
        """The starts offered in the free ``windows``, every half hour, for a
        booking of ``duration`` minutes that begins after ``now`` (and not
        after ``latest``)."""
        length = timedelta(minutes=duration)
        starts = []
        for begin, end in windows:
            moment = max(begin, now)
            remainder = (moment - datetime.min) % SLOT_STEP
            if remainder:
                moment += SLOT_STEP - remainder
            while moment + length <= end and (latest is None or moment <= latest):
                starts.append(moment)
                moment += SLOT_STEP
        return starts

    def _periscope_booking_vals(self, space, start, duration, seats):
        """A booking of the space by the user for their organisation: the only
        values the portal lets through."""
        return {
            "space_id": space.id,
            "partner_id": self._periscope_user_organisation().id,
            "contact_id": request.env.user.partner_id.id,
            "start": start,
            "stop": start + timedelta(minutes=duration),
            "seats": seats,
            "company_id": space.company_id.id,
        }

    def _periscope_price(self, space, start, duration, seats):
        """What the booking would cost, as its confirmation will fix it."""
        # sudo: members read neither the pricelists, the products nor the
        # bookings that count the included hours; the record is only new
        # (in memory), nothing is written
        draft = request.env["periscope.booking"].sudo().new(self._periscope_booking_vals(space, start, duration, seats))
        price = draft._price_values()
        # sudo: the currency of the rates and the unit of the product, which
        # members cannot read, are only shown
        currency = (
            request.env["product.pricelist"].sudo().browse(price["pricelist_id"]).currency_id
            or space.sudo().company_id.currency_id
        )
        return {
            "duration": _hours_label(duration / 60),
            "quantity": f"{price['quantity']:g}" if price["quantity"] else False,
            "uom": space.sudo().product_id.uom_id.name,
            "price_unit": price["price_unit"],
            "total": price["quantity"] * price["price_unit"],
            "included_hours": _hours_label(price["included_hours"]) if price["included_hours"] else False,
            "currency": currency,
        }

    def _periscope_render_booking_form(self, **kwargs):
        values = self._periscope_booking_form_values(**kwargs)
        if values is None:
            return request.redirect("/my")
        return request.render("periscope_coworking.portal_my_booking_new", values)

    @http.route("/my/bookings/book", type="http", auth="user", methods=["POST"], website=True)
    def portal_my_booking_book(self, space_id=None, start=None, duration=None, seats=None, **post):
        # whatever else is posted (a customer, a price…) is ignored: the
        # customer is the user's organisation, the price comes from its rates
        env = request.env
        Space = env["periscope.space"]
        space = Space
        if Space.has_access("read") and env["periscope.booking"].has_access("read"):
            space = Space.search([("id", "=", self._periscope_parse_id(space_id) or 0), ("portal_bookable", "=", True)])
        if not space:
            return self._periscope_render_booking_form(
                error=env._("This space cannot be booked on the portal: ask the reception.")
            )
        start_at = _to_datetime(start)
        duration_minutes = self._periscope_parse_int(duration)
        # no seats posted: one; anything else must be a number of seats
        seats_count = self._periscope_parse_int(seats) if seats not in (None, "") else 1
        day = to_local(start_at, self._periscope_tz(space)).date() if start_at else None
        form = {
            "space_id": space.id,
            "day": day and day.isoformat(),
            "duration": duration_minutes,
            "seats": seats_count,
        }
        if not start_at or duration_minutes not in DURATIONS:
            return self._periscope_render_booking_form(
                **form, error=env._("Pick one of the free times and a duration.")
            )
        if seats_count is None or seats_count < 1:
            return self._periscope_render_booking_form(
                **form, error=env._("Give the number of seats to book: one at least.")
            )
        if start_at <= fields.Datetime.now():
            # whatever time is posted: the portal books only the future
            return self._periscope_render_booking_form(
                **form, error=env._("That time is over: pick a time from now on.")
            )
        error = self._periscope_create_booking(
            self._periscope_booking_vals(space, start_at, duration_minutes, seats_count)
        )
        if error:
            return self._periscope_render_booking_form(**form, error=error)
        return request.redirect("/my/bookings?success=booked")

    def _periscope_create_booking(self, vals):
        """Create and confirm the booking, or return why it cannot be, with
        nothing created."""
        # sudo: members only read bookings; the space was checked bookable on
        # the portal, the customer is the user's own organisation, the price
        # comes from its rates, and the space's rules are checked as for any
        # booking (a failure rolls the savepoint back)
        Booking = request.env["periscope.booking"].sudo()
        draft = Booking.new(vals)
        try:
            draft._check_rules()
            if self._periscope_is_taken(draft):
                return self._periscope_taken_message(draft)
            with request.env.cr.savepoint():
                Booking.create(vals).action_confirm()
        except (UserError, ValidationError) as exc:
            # the model names the booking in the way, maybe another
            # organisation's: members are told the time is taken, no more.
            # The savepoint's rollback emptied the cache, and with it the
            # draft's values: a new draft of the same values.
            draft = Booking.new(vals)
            if self._periscope_is_taken(draft):
                return self._periscope_taken_message(draft)
            return exc.args[0]
        return None

    @staticmethod
    def _periscope_is_taken(draft):
        """Whether other bookings hold, at some moment of the draft, the seats
        it asks for."""
        try:
            draft._check_free_seats()
        except ValidationError:
            return True
        return False

    def _periscope_taken_message(self, draft):
        return request.env._("%(space)s is no longer free at that time: pick another time.", space=draft.space_id.name)

    # ------------------------------------------------------------------ cancel
    @http.route("/my/bookings/<int:booking_id>/cancel", type="http", auth="user", methods=["POST"], website=True)
    def portal_my_booking_cancel(self, booking_id, **post):
        Booking = request.env["periscope.booking"]
        booking = Booking
        if Booking.has_access("read") and self._periscope_parse_id(booking_id):
            # as the user: another organisation's booking is not found
            booking = Booking.search(self._periscope_booking_domain() + [("id", "=", booking_id)])
        if not booking:
            raise request.not_found()
        error = self._periscope_cancel_refusal(booking)
        confirm = self._periscope_late_cancel_confirmation(booking)
        if not error and confirm and post.get("confirm_late") != "1":
            # a late cancellation is still billed: say how much, and ask
            return request.render(
                "periscope_coworking.portal_my_bookings",
                {**self._periscope_bookings_values(), "confirm_cancel": confirm},
            )
        if not error:
            try:
                with request.env.cr.savepoint():
                    # sudo: members only read bookings; this one is their
                    # organisation's (found through the record rule), and
                    # action_cancel applies the space's policy and refuses an
                    # invoiced booking
                    booking.sudo().action_cancel()
            except (UserError, ValidationError) as exc:
                error = exc.args[0]
        if error:
            return request.render(
                "periscope_coworking.portal_my_bookings", self._periscope_bookings_values(error=error)
            )
        success = "cancelled_late" if booking.late_cancellation else "cancelled"
        return request.redirect(f"/my/bookings?success={success}")

    def _periscope_late_cancel_confirmation(self, booking):
        """What a late cancellation of the booking would still bill, for the
        member to confirm; None when cancelling it now is free."""
        # sudo: the booking is the user's organisation's (found through the
        # record rule); its space's policy and its price are only shown
        booking = booking.sudo()
        space = booking.space_id
        if not booking._late_if_cancelled_now():
            return None
        share = space.late_cancellation_share
        return {
            "id": booking.id,
            "name": booking.display_name,
            "deadline_hours": space.cancellation_deadline_hours,
            "share": f"{share:g}",
            "amount": booking.price_unit * booking.quantity * share / 100,
            "currency": booking.pricelist_id.currency_id or booking.company_id.currency_id,
        }

    def _periscope_cancel_refusal(self, booking):
        """Why the member may not cancel the booking themselves, or None."""
        env = request.env
        if booking.state not in OPEN_STATES:
            state = dict(booking._fields["state"]._description_selection(env))
            return env._(
                "Only an upcoming booking can be cancelled: %(booking)s is %(state)s.",
                booking=booking.display_name,
                state=state[booking.state].lower(),
            )
        if booking.start <= fields.Datetime.now():
            return env._("%(booking)s has begun: it can no longer be cancelled.", booking=booking.display_name)
        return None

    # ------------------------------------------------------------------ iCal
    def _periscope_feed_url(self, customer):
        # sudo: only administrators read the secret tokens; this one is the
        # user's own organisation's, whose address they manage on this page
        token = customer.sudo().periscope_booking_feed_token
        if not token:
            return False
        return f"{customer.get_base_url()}/periscope/bookings/{token}.ics"

    @http.route("/my/bookings/feed", type="http", auth="user", methods=["POST"], website=True)
    def portal_my_bookings_feed(self, **post):
        if not request.env["periscope.booking"].has_access("read"):
            return request.redirect("/my")
        # sudo: only administrators write the secret tokens; this one is the
        # user's own organisation's
        customer = self._periscope_user_organisation().sudo()
        if not customer.periscope_booking_feed_token:
            customer._periscope_reset_booking_feed_token()
        return request.redirect("/my/bookings#periscope_feed")

    @http.route("/my/bookings/feed/revoke", type="http", auth="user", methods=["POST"], website=True)
    def portal_my_bookings_feed_revoke(self, **post):
        if not request.env["periscope.booking"].has_access("read"):
            return request.redirect("/my")
        # sudo: only administrators write the secret tokens; this one is the
        # user's own organisation's
        self._periscope_user_organisation().sudo()._periscope_reset_booking_feed_token()
        return request.redirect("/my/bookings?success=feed_revoked#periscope_feed")

    @staticmethod
    def _periscope_feed_event(env, booking):
        """A booking as an event of the calendar feed, described in ``env``'s
        language: who booked it, and how many seats."""
        details = [booking.name] if booking.name else []
        if booking.contact_id:
            details.append(env._("Booked by %(person)s", person=booking.contact_id.name))
        if booking.seats > 1:
            details.append(env._("%(seats)s seats", seats=booking.seats))
        return {
            "uid": booking._ical_uid(),
            "start": booking.start,
            "stop": booking.stop,
            "summary": booking.space_id.name,
            "location": ", ".join(filter(None, (booking.space_id.name, booking.company_id.name))),
            "description": "\n".join(details),
            "status": "CONFIRMED",
            "last_modified": booking.write_date,
        }

    @http.route("/periscope/bookings/<string:token>.ics", type="http", auth="public", methods=["GET"])
    def periscope_bookings_feed(self, token, **kwargs):
        """The private calendar of an organisation's confirmed bookings, for
        calendar applications: no login, the secret in the address is the key."""
        if not FEED_TOKEN_RE.fullmatch(token or ""):
            raise request.not_found()
        # sudo: a public address whose secret token is the only credential; it
        # serves the confirmed bookings of the organisation that holds it, and
        # nothing else
        organisation = request.env["res.partner"].sudo().search([("periscope_booking_feed_token", "=", token)], limit=1)
        if not organisation or not hmac.compare_digest(organisation.periscope_booking_feed_token, token):
            raise request.not_found()
        env = request.env(context=dict(request.env.context, lang=organisation.lang))
        now = fields.Datetime.now()
        # sudo: nobody is logged in; only the confirmed bookings of the
        # organisation holding the token are read
        bookings = (
            env["periscope.booking"]
            .sudo()
            .search(
                [
                    ("partner_id", "child_of", organisation.id),
                    ("state", "in", HOLDING_STATES),
                    ("stop", ">=", now - timedelta(days=FEED_PAST_DAYS)),
                ],
                order="start, id",
            )
        )
        events = [self._periscope_feed_event(env, booking) for booking in bookings]
        body = ical_calendar(
            events, FEED_PRODID, now, name=env._("Bookings of %(organisation)s", organisation=organisation.name)
        )
        return request.make_response(
            body,
            headers=[
                ("Content-Type", "text/calendar; charset=utf-8"),
                ("Content-Disposition", 'inline; filename="bookings.ics"'),
                ("Cache-Control", "private, max-age=900"),
                ("X-Robots-Tag", "noindex, nofollow"),
            ],
        )
