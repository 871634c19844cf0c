# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import clean_context

from .bounds import MAX_BOOKING_DAYS, check_dates, check_number
from .flags import FROM_BOOKING, SETTING, is_raised, raised
from .periscope_booking import _differing, note_of

# what the booking decides alone: its event only mirrors it
MIRRORED_ONLY = ("allday", "location", "show_as", "active", "recurrency")
# what may change in the Calendar app and flows back to the booking: the
# event's fields written, and the booking's fields they change (a duration or
# a date written by the calendar changes the start and the stop)
FLOWING_BACK = {
    "start": ("start", "stop"),
    "stop": ("start", "stop"),
    "duration": ("start", "stop"),
    "start_date": ("start", "stop"),
    "stop_date": ("start", "stop"),
    "name": ("name",),
    "partner_ids": ("attendee_ids",),
    "attendee_ids": ("attendee_ids",),
    "description": ("note",),
    "periscope_space_id": ("space_id",),
    "periscope_customer_id": ("partner_id",),
}
# what a booking's event is given for its time: read and bounded as the
# booking's own (the calendar would otherwise fail on a date beyond 9999)
EVENT_DATE_FIELDS = ("start", "stop", "start_date", "stop_date")
EVENT_NUMBER_BOUNDS = {"duration": (0, MAX_BOOKING_DAYS * 24)}


class CalendarEvent(models.Model):
    """The event of a booking in the Odoo Calendar. Staff manage bookings
    there both ways: what they change on the event (time, space, customer,
    attendees, title, description) changes the booking, under the booking's
    rules, or is refused with the reason; an event given a space becomes a
    booking."""

    _inherit = "calendar.event"

    periscope_booking_id = fields.Many2one(
        comodel_name="periscope.booking",
        string="Booking",
        index="btree_not_null",
        ondelete="set null",
        readonly=True,
        copy=False,
        groups="periscope_coworking.group_periscope_coworking_user",
    )
    periscope_space_id = fields.Many2one(
        comodel_name="periscope.space",
        string="Space",
        index="btree_not_null",
        ondelete="restrict",
        copy=False,
        groups="periscope_coworking.group_periscope_coworking_user",
        help="Choose a space to book it: the event becomes a booking of the "
        "space, under the same rules as any booking.",
    )
    periscope_customer_id = fields.Many2one(
        comodel_name="res.partner",
        string="Booked for",
        copy=False,
        groups="periscope_coworking.group_periscope_coworking_user",
        help="The organisation the booking is invoiced to; the hub itself (nothing invoiced) when left empty.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        # a booking creating its event (never a caller's context: a flag only
        # the booking raises)
        if is_raised(self.env, FROM_BOOKING):
            return super().create(vals_list)
        if any(vals.get("periscope_booking_id") for vals in vals_list):
            raise UserError(_("An event is linked to a booking by the booking: book the space."))
        vals_list = [self._check_booking_time(vals) if vals.get("periscope_space_id") else vals for vals in vals_list]
        events = super().create(vals_list)
        # sudo: the space is read whatever the user's groups; booking it is
        # done with the user's own rights
        spaced = events.sudo().filtered("periscope_space_id").with_env(self.env)
        if spaced:
            spaced._book_spaces()
        return events

    def write(self, vals):
        if is_raised(self.env, FROM_BOOKING, self):
            return super().write(vals)
        if "periscope_booking_id" in vals:
            raise UserError(_("An event is linked to a booking by the booking: book the space."))
        # sudo: whether an event is a booking's, whatever the user's groups
        booked = self.sudo().filtered("periscope_booking_id").with_env(self.env)
        # the event of a booking is the booking: whoever may not change the
        # booking changes nothing of it (its time, its attendees, and its
        # privacy or organiser neither)
        booked._check_booking_rights()
        if booked or vals.get("periscope_space_id"):
            vals = self._check_booking_time(vals)
        res = super().write(vals)
        if booked and (set(vals) & set(FLOWING_BACK) or set(vals) & set(MIRRORED_ONLY)):
            booked._flow_back_to_bookings(vals)
        if "periscope_space_id" in vals:
            spaced = (self - booked).sudo().filtered("periscope_space_id")
            if spaced:
                spaced.with_env(self.env)._book_spaces()
        return res

    def unlink(self):
        if not is_raised(self.env, FROM_BOOKING, self):
            self._check_booking_rights()
            # sudo: whatever the user's groups, a booking's event stays
            booked = self.sudo().filtered(lambda e: e.periscope_booking_id.state in ("draft", "confirmed", "done"))
            if booked:
                raise UserError(
                    _(
                        "This event is the booking %s: cancel the booking instead.",
                        booked[0].periscope_booking_id.display_name,
                    )
                )
        return super().unlink()

    # ------------------------------------------------------------ bookings
    def _check_booking_time(self, vals):
        """The time given to the event of a booking, read and within the
        bounds of a booking's (see ``bounds.py``)."""
        for name, bounds in EVENT_NUMBER_BOUNDS.items():
            if vals.get(name) not in (None, False):
                vals = dict(vals, **{name: check_number(self, name, vals[name], bounds)})
        return check_dates(self, vals, EVENT_DATE_FIELDS)

    def _check_booking_rights(self):
        """Refuse a user who may not change the bookings of these events."""
        if self.env.su:
            return
        # sudo: the bookings of the events, whatever the user's groups; their
        # rights are then checked as the user
        bookings = self.sudo().periscope_booking_id
        if bookings:
            bookings.with_env(self.env).check_access("write")

    def _booking_values(self):
        """What the event says of its booking."""
        self.ensure_one()
        event = self.sudo()
        return {
            "start": event.start,
            "stop": event.stop,
            "name": event.name,
            "space_id": event.periscope_space_id.id,
            "partner_id": (event.periscope_customer_id or self.env.company.partner_id).id,
            "note": note_of(event.description),
        }

    def _check_mirrored_only(self, booking, vals):
        """Refuse, with the reason, what only the booking decides."""
        self.ensure_one()
        event = self.sudo()
        expected = booking._event_values()
        reasons = {
            "allday": _(
                "%s is a booking: it has a start and an end time, it cannot last all day.", booking.display_name
            ),
            "recurrency": _("%s is a booking: repeat it with a booking recurrence instead.", booking.display_name),
            "location": _("The place of %s is its space: choose another space instead.", booking.display_name),
            "show_as": _(
                "Whether %s shows as busy follows the booking: confirm or cancel the booking instead.",
                booking.display_name,
            ),
            "active": _("This event is the booking %s: cancel the booking instead.", booking.display_name),
        }
        for name in MIRRORED_ONLY:
            if name in vals and event[name] != expected.get(name, False):
                raise UserError(reasons[name])
        if "periscope_space_id" in vals and not event.periscope_space_id:
            raise UserError(
                _(
                    "%s is a booking of a space: cancel the booking instead of taking its space away.",
                    booking.display_name,
                )
            )

    def _flow_back_to_bookings(self, vals):
        """The bookings follow what was written on their events; a change
        they refuse is refused with their reason (the transaction is
        undone)."""
        names = {name for key in vals for name in FLOWING_BACK.get(key, ())}
        for event in self:
            # the booking is changed with the user's own rights
            booking = event.sudo().periscope_booking_id.with_env(self.env)
            event._check_mirrored_only(booking, vals)
            values = {name: value for name, value in event._booking_values().items() if name in names}
            if "attendee_ids" in names:
                attendees = event.sudo().partner_ids
                contact = booking.sudo().contact_id
                if contact and contact not in attendees:
                    raise UserError(
                        _(
                            "%(contact)s booked %(booking)s and attends it: change who booked on the booking instead.",
                            contact=contact.display_name,
                            booking=booking.display_name,
                        )
                    )
                values["attendee_ids"] = [Command.set((attendees - contact).ids)]
            changed = _differing(booking.sudo(), values)
            if changed:
                booking.write(changed)

    def _book_spaces(self):
        """An event given a space in the Calendar app becomes a confirmed
        booking of it: the seats are taken, the price fixed, the rules of the
        space checked — or the event is refused with the booking's reason."""
        values_list = []
        for event in self:
            Booking = self.env["periscope.booking"]
            if event.allday or event.recurrency:
                raise UserError(
                    _(
                        "%s cannot book a space: a booking has a start and an end "
                        "time, and repeats with a booking recurrence.",
                        event.display_name,
                    )
                )
            values = event._booking_values()
            customer = Booking.env["res.partner"].browse(values["partner_id"])
            organisation = customer.commercial_partner_id
            contact = event.partner_ids.filtered(
                lambda p, org=organisation: p != org and p.commercial_partner_id == org
            )[:1]
            values.update(
                contact_id=contact.id,
                attendee_ids=[Command.set((event.partner_ids - contact).ids)],
                state="confirmed",
                calendar_event_id=event.id,
            )
            values_list.append(values)
        # the calendar's defaults (a duration, a name) are the event's, not
        # the booking's; the booking points at its event under the flag that
        # only its own code raises
        Booking = self.env["periscope.booking"].with_context(clean_context(self.env.context))
        with raised(self.env, SETTING):
            Booking.create(values_list)


class CalendarAttendee(models.Model):
    _inherit = "calendar.attendee"

    @api.model_create_multi
    def create(self, vals_list):
        attendees = super().create(vals_list)
        attendees._check_booking_rights()
        return attendees

    def write(self, vals):
        if {"event_id", "partner_id"}.intersection(vals):
            self._check_booking_rights()
            res = super().write(vals)
            self._check_booking_rights()
            return res
        return super().write(vals)

    def unlink(self):
        self._check_booking_rights()
        return super().unlink()

    def _check_booking_rights(self):
        """Who attends the event of a booking is who attends the booking:
        only a user who may change the booking adds or removes its attendees
        (through its event, or the booking itself). Answering an invitation
        (accept, decline) stays everyone's."""
        if self.env.su or self._from_booking():
            return
        # sudo: the events, whatever the user's rights on them
        self.sudo().event_id.with_env(self.env)._check_booking_rights()

    def _from_booking(self):
        return is_raised(self.env, FROM_BOOKING, self.sudo().event_id)

    def _subscribe_partner(self):
        # the event of a booking mirrors it: its chatter is the booking's, and
        # the member hears of the booking from the booking's own e-mails
        if self._from_booking():
            return
        return super()._subscribe_partner()

    def _send_invitation_emails(self):
        if self._from_booking():
            return
        return super()._send_invitation_emails()
