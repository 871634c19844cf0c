# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from itertools import combinations

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv import expression
from odoo.tools import format_date

from odoo.addons.periscope_members.tools.hub_time import HUB_TZ, local_label, to_local

from .flags import is_raised, raised
from .periscope_training_attendance import is_signature_picture

# a slot is a half-day: 9:00-12:30 or 13:30-17:00 at the hub, 8:00-13:00 at most
MAX_SLOT_HOURS = 5.0
# raised by action_trainer_sign (see flags.py): the only way to write the
# trainer's signature
TRAINER_SIGNING = "trainer_signing"
# raised while a slot moves or cancels its own booking (see periscope_booking.py)
FROM_SLOT = "booking_from_slot"
USER_GROUP = "periscope_training.group_periscope_training_user"
TRAINER_SIGNATURE_FIELDS = {"trainer_signature", "trainer_signed_by", "trainer_signed_at", "trainer_signed_uid"}
# what a slot's booking follows
BOOKING_FIELDS = ("space_id", "start", "stop", "trainer_id", "state", "event_id")


class PeriscopeTrainingSlot(models.Model):
    """A half-day of a training session: its time, its trainer and its room,
    booked through periscope_coworking (one confirmed booking per slot, so a
    room never holds two sessions, nor a session and a meeting, at once).

    An event of the hub (a seminar, an open day…) books its spaces with the
    same slots: a slot per space and time, as long as the space's rules let
    it, several spaces at once if need be; it has no attendance."""

    _name = "periscope.training.slot"
    _description = "Training Slot"
    _inherit = ["mail.thread", "periscope.exclusion.mixin"]
    _order = "start, id"

    event_id = fields.Many2one(
        comodel_name="event.event",
        string="Session",
        required=True,
        index=True,
        ondelete="cascade",
        domain=["|", ("is_training", "=", True), ("is_hub_event", "=", True)],
        tracking=True,
    )
    # stored for the database's rule on the slots of a training session
    is_training = fields.Boolean(related="event_id.is_training", store=True)
    programme_id = fields.Many2one(related="event_id.programme_id", store=True, index="btree_not_null")
    training_state = fields.Selection(related="event_id.training_state")
    start = fields.Datetime(required=True, tracking=True)
    stop = fields.Datetime(string="End", required=True, tracking=True)
    hours = fields.Float(compute="_compute_hours", store=True)
    space_id = fields.Many2one(
        comodel_name="periscope.space",
        string="Room",
        index="btree_not_null",
        domain=[("space_type", "in", ("training_room", "meeting_room"))],
        tracking=True,
        help="The room of the hub booked for the slot; empty for a remote slot.",
    )
    trainer_id = fields.Many2one(comodel_name="res.partner", tracking=True)
    booking_id = fields.Many2one(
        comodel_name="periscope.booking",
        string="Room booking",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
    )
    booking_state = fields.Selection(related="booking_id.state", string="Booking status")
    state = fields.Selection(
        selection=[("planned", "Planned"), ("cancelled", "Cancelled")],
        string="Status",
        default="planned",
        required=True,
        copy=False,
        tracking=True,
    )
    company_id = fields.Many2one(related="event_id.company_id", store=True, index="btree_not_null")
    color = fields.Integer(related="space_id.color")
    attendance_ids = fields.One2many(
        comodel_name="periscope.training.attendance", inverse_name="slot_id", readonly=True
    )
    trainer_signature = fields.Binary(copy=False, attachment=True, readonly=True)
    trainer_signed_by = fields.Char(
        string="Signed by (trainer)",
        copy=False,
        readonly=True,
        help="The name the trainer signed the attendance sheet of the slot with.",
    )
    trainer_signed_at = fields.Datetime(string="Trainer signed at", copy=False, readonly=True)
    trainer_signed_uid = fields.Many2one(
        comodel_name="res.users", string="Trainer signed as user", copy=False, readonly=True
    )

    _sql_constraints = [
        ("stop_after_start", "CHECK(stop > start)", "A training slot ends after it starts."),
        (
            "no_overlap",
            (
                "EXCLUDE USING gist (event_id WITH =, tsrange(start, stop, '[)') WITH &&) "
                "WHERE (state = 'planned' AND is_training)"
            ),
            "Two slots of the same training session cannot overlap.",
        ),
    ]

    @api.depends("start", "stop")
    def _compute_hours(self):
        for slot in self:
            if slot.start and slot.stop and slot.stop > slot.start:
                slot.hours = (slot.stop - slot.start).total_seconds() / 3600
            else:
                slot.hours = 0.0

    @api.depends("event_id.name", "start", "stop", "space_id")
    def _compute_display_name(self):
        for slot in self:
            slot.display_name = " — ".join(filter(None, (slot.event_id.name, slot._time_label())))

    # ------------------------------------------------------------ rules
    @api.model
    def _check_slot_values(self, plans):
        """Check slots before they are written: ``plans`` are dicts of
        ``id`` (False for a new slot), ``event`` (event.event), ``start``,
        ``stop`` (naive UTC) and ``state``. A slot ends after it starts, lasts
        a half-day at most, belongs to a training session that is not closed,
        and two planned slots of a session never overlap (the database's
        exclusion constraint holds it too; this names the other slot). Plans
        also give the ``space`` (periscope.space) of the slot. The slots of an
        event of the hub follow the rules of their spaces only: a slot per
        space, several at once if need be."""
        for plan in plans:
            self._check_slot_rules(plan)
        planned = [plan for plan in plans if plan["state"] == "planned" and plan["event"].is_training]
        self._check_slots_apart(planned)
        if planned:
            self._check_slots_free(planned, [plan["id"] for plan in plans if plan["id"]])

    @api.model
    def _check_slot_rules(self, plan):
        """A slot of a training session not closed, that ends after it
        starts and lasts a half-day at most; a slot of an event of the hub
        ends after it starts."""
        event = plan["event"]
        if not (event.is_training or event.is_hub_event):
            raise ValidationError(
                _(
                    "%(session)s is neither a training session nor an event of the hub: only those have slots.",
                    session=event.name,
                )
            )
        if event.is_training and event.training_state == "closed":
            raise UserError(
                _("The training session %(session)s is closed: its slots can no longer change.", session=event.name)
            )
        start, stop = plan["start"], plan["stop"]
        if not (start and stop) or stop <= start:
            raise ValidationError(_("A slot of %(session)s must end after it starts.", session=event.name))
        if not event.is_training:
            return
        if (stop - start).total_seconds() > MAX_SLOT_HOURS * 3600:
            raise ValidationError(
                _(
                    "A slot of %(session)s lasts %(hours)s hours at most, a "
                    "half-day: split a longer day into a morning and an "
                    "afternoon.",
                    session=event.name,
                    hours=MAX_SLOT_HOURS,
                )
            )

    @api.model
    def _check_slots_apart(self, planned):
        """No two of the ``planned`` slots of a session overlap."""
        for first, second in combinations(planned, 2):
            if (
                first["event"] == second["event"]
                and first["start"] < second["stop"]
                and second["start"] < first["stop"]
            ):
                raise ValidationError(
                    _(
                        "Two slots of %(session)s overlap: %(first)s and %(second)s.",
                        session=first["event"].name,
                        first=self._slot_values_label(first),
                        second=self._slot_values_label(second),
                    )
                )

    @api.model
    def _check_slots_free(self, planned, ids):
        """No ``planned`` slot overlaps a planned slot of its session already
        in the database (but those of ``ids``, being rewritten): one query."""
        domain = expression.OR(
            [
                [("event_id", "=", plan["event"].id), ("start", "<", plan["stop"]), ("stop", ">", plan["start"])]
                for plan in planned
            ]
        )
        others = self.sudo().search(expression.AND([domain, [("state", "=", "planned"), ("id", "not in", ids)]]))
        for plan in planned:
            for other in others:
                if other.event_id == plan["event"] and other.start < plan["stop"] and plan["start"] < other.stop:
                    raise ValidationError(
                        _(
                            "The slot %(slot)s overlaps the slot %(other)s of the same session.",
                            slot=self._slot_values_label(plan),
                            other=other.display_name,
                        )
                    )

    def _slot_values(self, vals):
        """What the slots will be once ``vals`` are written."""
        event = self.env["event.event"].browse(vals["event_id"]) if vals.get("event_id") else None
        return [
            {
                "id": slot.id,
                "event": event or slot.event_id,
                "start": fields.Datetime.to_datetime(vals.get("start", slot.start)),
                "stop": fields.Datetime.to_datetime(vals.get("stop", slot.stop)),
                "state": vals.get("state", slot.state),
                "space": (
                    self.env["periscope.space"].browse(vals["space_id"]) if "space_id" in vals else slot.space_id
                ),
            }
            for slot in self
        ]

    # ------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        if any(TRAINER_SIGNATURE_FIELDS & set(vals) for vals in vals_list):
            raise UserError(_("The trainer's signature is given only by signing the slot."))
        Event = self.env["event.event"]
        plans = [
            {
                "id": False,
                "event": Event.browse(vals.get("event_id")),
                "start": fields.Datetime.to_datetime(vals.get("start")),
                "stop": fields.Datetime.to_datetime(vals.get("stop")),
                "state": vals.get("state", "planned"),
                "space": self.env["periscope.space"].browse(vals.get("space_id")),
            }
            for vals in vals_list
        ]
        self._check_slot_values(plans)
        # the rooms are booked first: a refused booking creates nothing
        to_book = [
            (vals, plan)
            for vals, plan in zip(vals_list, plans, strict=True)
            if plan["state"] == "planned" and vals.get("space_id")
        ]
        if to_book:
            Booking = self._booking_env()
            bookings = Booking.create(
                [
                    self._booking_values(
                        plan["event"],
                        self.env["periscope.space"].browse(vals["space_id"]),
                        self.env["res.partner"].browse(vals.get("trainer_id")),
                        plan["start"],
                        plan["stop"],
                    )
                    for vals, plan in to_book
                ]
            )
            bookings._periscope_confirm_for_training()
            for (vals, _plan), booking in zip(to_book, bookings, strict=True):
                vals["booking_id"] = booking.id
        slots = super().create(vals_list)
        slots.event_id._sync_dates_from_slots()
        slots.event_id._sync_training_attendances()
        return slots

    def write(self, vals):
        if TRAINER_SIGNATURE_FIELDS & set(vals) and not is_raised(self.env, TRAINER_SIGNING, self):
            # who may not write at all is told so first
            self.check_access("write")
            raise UserError(_("The trainer's signature is given only by signing the slot."))
        if set(vals) & {"event_id", "start", "stop", "state"}:
            self._check_slot_values(self._slot_values(vals))
        elif set(vals) & {"space_id", "trainer_id"}:
            self._check_not_closed()
        events = self.event_id
        res = super().write(vals)
        if set(vals) & set(BOOKING_FIELDS):
            self._sync_bookings()
        if set(vals) & {"event_id", "start", "stop", "state"}:
            (events | self.event_id)._sync_dates_from_slots()
        if set(vals) & {"event_id", "state"}:
            (events | self.event_id)._sync_training_attendances()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_closed(self):
        self._check_not_closed()

    @api.ondelete(at_uninstall=False)
    def _unlink_except_signed(self):
        # sudo: whether a trainee signed, whoever deletes the slot
        signed = self.sudo().attendance_ids.filtered("signed_at")
        if signed or self.filtered("trainer_signed_at"):
            slot = signed[:1].slot_id or self.filtered("trainer_signed_at")[:1]
            raise UserError(
                _(
                    "The attendance sheet of %(slot)s is signed: the slot took place and cannot be deleted.",
                    slot=slot.display_name,
                )
            )

    def unlink(self):
        events = self.event_id
        self._cancel_bookings()
        res = super().unlink()
        events._sync_dates_from_slots()
        return res

    # ------------------------------------------------------------ actions
    def action_cancel(self):
        """The slot will not take place: its room is freed."""
        self._check_training_staff()
        self.filtered(lambda s: s.state == "planned").write({"state": "cancelled"})
        return True

    def action_plan(self):
        """A cancelled slot takes place after all: its room is booked again."""
        self._check_training_staff()
        self.filtered(lambda s: s.state == "cancelled").write({"state": "planned"})
        return True

    def action_view_attendance(self):
        self.ensure_one()
        self._check_training_staff()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "periscope_training.periscope_training_attendance_action"
        )
        action["domain"] = [("slot_id", "=", self.id)]
        action["context"] = {}
        return action

    def action_trainer_sign(self, signature, signer_name=None):
        """The trainer signs the attendance sheet of the slot: from the slot's
        start, once, while the session is not closed."""
        self.ensure_one()
        user = self.env.user
        # sudo: a trainer from a member organisation is a portal user, who
        # reads no slot; who may sign is checked first, and only the
        # signature is written
        slot = self.sudo()
        is_staff = self.env.su or user.has_group(USER_GROUP)
        if not is_staff and (not slot.trainer_id or slot.trainer_id != user.partner_id):
            raise AccessError(_("Only the trainer of %(slot)s signs its attendance sheet.", slot=slot.display_name))
        signer_name = self.env["periscope.training.attendance"]._signer_name(signer_name)
        slot._check_signable(signature)
        if slot.trainer_signed_at:
            raise UserError(_("The trainer already signed the attendance sheet of %(slot)s.", slot=slot.display_name))
        # who signs and when are the server's: the signing user, now
        with raised(self.env, TRAINER_SIGNING, slot):
            slot.write(
                {
                    "trainer_signature": signature,
                    "trainer_signed_by": signer_name or slot.trainer_id.name or user.name,
                    "trainer_signed_at": fields.Datetime.now(),
                    "trainer_signed_uid": user.id,
                }
            )
        return True

    def _check_training_staff(self):
        if not (self.env.su or self.env.user.has_group(USER_GROUP)):
            raise AccessError(_("Only the training staff plan the slots."))

    def _check_signable(self, signature):
        """An attendance sheet is signed from the start of its slot, while the
        slot is planned and its session not closed, with a signature."""
        self.ensure_one()
        if not self.event_id.is_training:
            raise UserError(
                _("%(session)s is not a training session: nobody signs for it.", session=self.event_id.name)
            )
        if self.event_id.training_state == "closed":
            raise UserError(
                _("The training session %(session)s is closed: its attendance is locked.", session=self.event_id.name)
            )
        if self.state != "planned":
            raise UserError(_("The slot %(slot)s is cancelled: nobody signs for it.", slot=self.display_name))
        if fields.Datetime.now() < self.start:
            raise UserError(
                _(
                    "The slot %(slot)s has not started yet: its attendance is signed from its start.",
                    slot=self.display_name,
                )
            )
        if not is_signature_picture(signature):
            raise UserError(_("Sign in the signature box first."))

    @api.model
    # ------------------------------------------------------------ bookings
    def _check_not_closed(self):
        closed = self.event_id.filtered(lambda e: e.training_state == "closed")
        if closed:
            raise UserError(
                _("The training session %(session)s is closed: its slots can no longer change.", session=closed[0].name)
            )

    def _booking_env(self):
        # sudo: training officers book rooms only through their sessions' slots,
        # without the reception's rights on every booking; the booking's rules
        # (opening hours, horizon, conflicts) apply all the same. The context
        # key only spares the booker the coworking addon's notifications: what
        # lets a slot move its booking is the FROM_SLOT flag (see flags.py)
        return self.env["periscope.booking"].sudo().with_context(periscope_from_slot=True, mail_create_nolog=True)

    @api.model
    def _booking_values(self, event, space, trainer, start, stop):
        """A booking of the slot's room: for the organiser of the session (the
        hub itself by default), booked by the trainer, named after the session."""
        company = event.company_id or self.env.company
        customer = event.organizer_id or company.partner_id
        return {
            "space_id": space.id,
            "partner_id": customer.id,
            "contact_id": trainer.id or False,
            "name": event.name,
            "start": start,
            "stop": stop,
            "company_id": space.company_id.id,
        }

    def _sync_bookings(self):
        """Each planned slot with a room holds a confirmed booking of it, at its
        time: a move moves the booking (its rules and conflicts checked), a room
        taken away or a cancelled slot cancels it."""
        Booking = self._booking_env()
        to_confirm = Booking.browse()
        for slot in self:
            booking = slot.booking_id.with_env(Booking.env)
            # a booking that holds its time, or will once confirmed
            holding = booking.state in ("draft", "confirmed", "done")
            if slot.state != "planned" or not slot.space_id:
                if booking.state in ("draft", "confirmed"):
                    with raised(self.env, FROM_SLOT, booking):
                        booking.action_cancel()
                if not slot.space_id and booking:
                    slot.booking_id = False
                continue
            values = self._booking_values(slot.event_id, slot.space_id, slot.trainer_id, slot.start, slot.stop)
            if booking and holding:
                current = {
                    "partner_id": booking.partner_id.id,
                    "space_id": booking.space_id.id,
                    "start": booking.start,
                    "stop": booking.stop,
                    "contact_id": booking.contact_id.id,
                    "name": booking.name,
                }
                changed = {name: value for name, value in values.items() if name in current and current[name] != value}
                if changed:
                    # the booking's name follows its space unless written
                    with raised(self.env, FROM_SLOT, booking):
                        booking.write({**changed, "name": values["name"]})
                continue
            new_booking = Booking.create(values)
            slot.booking_id = new_booking
            to_confirm |= new_booking
        to_confirm._periscope_confirm_for_training()

    def _cancel_bookings(self):
        bookings = self.booking_id.sudo().with_context(periscope_from_slot=True)
        bookings = bookings.filtered(lambda b: b.state in ("draft", "confirmed"))
        with raised(self.env, FROM_SLOT, bookings):
            bookings.action_cancel()

    # ------------------------------------------------------------ labels
    @api.model
    def _tz_of(self, event, space):
        return space.resource_calendar_id.tz or (event.date_tz if event else False) or HUB_TZ

    def _time_label(self):
        self.ensure_one()
        if not (self.start and self.stop):
            return ""
        return self._label(self.event_id, self.start, self.stop, self.space_id)

    @api.model
    def _slot_values_label(self, plan):
        return self._label(plan["event"], plan["start"], plan["stop"], plan["space"])

    @api.model
    def _label(self, event, start, stop, space=None):
        """``dd/mm/yyyy hh:mm–hh:mm`` in the local time of the slot."""
        tz_name = self._tz_of(event, space or self.env["periscope.space"])
        return "%s–%s" % (local_label(start, tz_name), to_local(stop, tz_name).strftime("%H:%M"))

    # ------------------------------------------------------------ documents
    def _periscope_local(self, value):
        """``value`` (naive UTC) in the local time of the slot: the time zone
        of its room's opening hours, else of its session, else Paris."""
        self.ensure_one()
        return to_local(value, self._tz_of(self.event_id, self.space_id))

    def _periscope_local_range(self):
        """The slot's day and times in its local time, for the documents:
        ``{"date": "Monday 16 March 2026", "start": "09:00", "stop": "12:30"}``,
        the day in the language of the context."""
        self.ensure_one()
        start = self._periscope_local(self.start)
        stop = self._periscope_local(self.stop)
        return {
            "date": format_date(self.env, start.date(), date_format="EEEE d MMMM y"),
            "start": start.strftime("%H:%M"),
            "stop": stop.strftime("%H:%M"),
        }

    def _periscope_local_time(self, value):
        """``dd/mm/yyyy hh:mm`` of ``value`` (naive UTC) in the slot's local time."""
        self.ensure_one()
        if not value:
            return ""
        return local_label(value, self._tz_of(self.event_id, self.space_id))

    def _periscope_place(self):
        """The room and the address of the hub that holds it, or remote."""
        self.ensure_one()
        if not self.space_id:
            return _("Remote")
        company = self.space_id.company_id or self.company_id or self.env.company
        address = ", ".join(
            line for line in company.partner_id._display_address(without_company=True).splitlines() if line.strip()
        )
        return " — ".join(filter(None, (self.space_id.name, company.name, address)))
