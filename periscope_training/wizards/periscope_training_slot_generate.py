# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.periscope_members.tools.hub_time import to_local, to_utc
from odoo.addons.resource.models.utils import float_to_time

from ..models.periscope_training_slot import MAX_SLOT_HOURS

# a pattern covers a year at most
MAX_DAYS = 366
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday")


class PeriscopeTrainingSlotGenerate(models.TransientModel):
    """Plan the half-day slots of a training session from a pattern: the days
    of the week between two dates, mornings and/or afternoons, in a room with
    a trainer. Every slot is checked against the session's other slots and the
    room's bookings; the training officer sees which conflict and why, and
    creates the others."""

    _name = "periscope.training.slot.generate"
    _inherit = ["periscope.number.mixin"]
    _description = "Generate Training Slots"

    event_id = fields.Many2one(
        comodel_name="event.event", string="Session", required=True, domain=[("is_training", "=", True)]
    )
    date_from = fields.Date(
        string="From", compute="_compute_dates", store=True, readonly=False, required=True, precompute=True
    )
    date_to = fields.Date(
        string="Until", compute="_compute_dates", store=True, readonly=False, required=True, precompute=True
    )
    monday = fields.Boolean(default=True)
    tuesday = fields.Boolean(default=True)
    wednesday = fields.Boolean(default=True)
    thursday = fields.Boolean(default=True)
    friday = fields.Boolean(default=True)
    morning = fields.Boolean(string="Mornings", default=True)
    morning_start = fields.Float(string="Morning from", default=9.0)
    morning_stop = fields.Float(string="Morning until", default=12.5)
    afternoon = fields.Boolean(string="Afternoons", default=True)
    afternoon_start = fields.Float(string="Afternoon from", default=13.5)
    afternoon_stop = fields.Float(string="Afternoon until", default=17.0)
    space_id = fields.Many2one(
        comodel_name="periscope.space",
        string="Room",
        domain=[("space_type", "in", ("training_room", "meeting_room"))],
        help="Empty for remote slots.",
    )
    trainer_id = fields.Many2one(
        comodel_name="res.partner", compute="_compute_trainer_id", store=True, readonly=False, precompute=True
    )
    tz = fields.Char(
        string="Time zone", compute="_compute_tz", help="The times are local times of the room, or of the session."
    )
    line_ids = fields.One2many(
        comodel_name="periscope.training.slot.generate.line", inverse_name="wizard_id", string="Slots"
    )

    @api.depends("event_id")
    def _compute_dates(self):
        for wizard in self:
            event = wizard.event_id
            if not event or (wizard.date_from and wizard.date_to):
                wizard.date_from = wizard.date_from
                wizard.date_to = wizard.date_to
                continue
            wizard.date_from = wizard.date_from or (to_local(event.date_begin, event.date_tz).date())
            wizard.date_to = wizard.date_to or (to_local(event.date_end, event.date_tz).date())

    @api.depends("event_id")
    def _compute_trainer_id(self):
        for wizard in self:
            wizard.trainer_id = wizard.trainer_id or wizard.event_id.trainer_ids[:1]

    @api.depends("event_id", "space_id")
    def _compute_tz(self):
        Slot = self.env["periscope.training.slot"]
        for wizard in self:
            wizard.tz = Slot._tz_of(wizard.event_id, wizard.space_id)

    @api.constrains(
        "date_from",
        "date_to",
        *WEEKDAYS,
        "morning",
        "afternoon",
        "morning_start",
        "morning_stop",
        "afternoon_start",
        "afternoon_stop",
    )
    def _check_pattern(self):
        for wizard in self:
            if wizard.date_to < wizard.date_from:
                raise ValidationError(_("The pattern ends before it starts."))
            if (wizard.date_to - wizard.date_from).days >= MAX_DAYS:
                raise ValidationError(_("A pattern covers %(days)s days at most.", days=MAX_DAYS))
            if not any(wizard[day] for day in WEEKDAYS):
                raise ValidationError(_("Choose at least one day of the week."))
            if not (wizard.morning or wizard.afternoon):
                raise ValidationError(_("Choose mornings, afternoons or both."))
            for period, start, stop in wizard._periods():
                if not 0 <= start < stop <= 24:
                    raise ValidationError(_("The %(period)s must end after it starts, within the day.", period=period))
                if stop - start > MAX_SLOT_HOURS:
                    raise ValidationError(
                        _(
                            "The %(period)s lasts %(hours)s hours at most, a half-day.",
                            period=period,
                            hours=MAX_SLOT_HOURS,
                        )
                    )
            if wizard.morning and wizard.afternoon and wizard.morning_stop > wizard.afternoon_start:
                raise ValidationError(_("The morning ends before the afternoon."))

    def _periods(self):
        """``(label, start, stop)`` of the half-days chosen, in local hours."""
        self.ensure_one()
        periods = []
        if self.morning:
            periods.append((_("morning"), self.morning_start, self.morning_stop))
        if self.afternoon:
            periods.append((_("afternoon"), self.afternoon_start, self.afternoon_stop))
        return periods

    def _occurrences(self):
        """``(start, stop)`` of each slot of the pattern in naive UTC, at the
        chosen local times whatever daylight saving does."""
        self.ensure_one()
        tz_name = self.tz
        days = [self.date_from + timedelta(days=offset) for offset in range((self.date_to - self.date_from).days + 1)]
        occurrences = []
        for day in days:
            if day.weekday() >= len(WEEKDAYS) or not self[WEEKDAYS[day.weekday()]]:
                continue
            for _period, start, stop in self._periods():
                occurrences.append(
                    tuple(to_utc(datetime.combine(day, float_to_time(hours)), tz_name) for hours in (start, stop))
                )
        return occurrences

    def _problem(self, start, stop):
        """Why the slot cannot be created, or False."""
        self.ensure_one()
        Slot = self.env["periscope.training.slot"]
        try:
            Slot._check_slot_values(
                [
                    {
                        "id": False,
                        "event": self.event_id,
                        "start": start,
                        "stop": stop,
                        "state": "planned",
                        "space": self.space_id,
                    }
                ]
            )
            if self.space_id:
                Slot._booking_env()._check_prospective(
                    Slot._booking_values(self.event_id, self.space_id, self.trainer_id, start, stop)
                )
        except (UserError, ValidationError) as error:
            return str(error)
        return False

    def action_check(self):
        """List the slots of the pattern, each with its conflict if any."""
        self.ensure_one()
        self.env["periscope.training.slot"]._check_training_staff()
        if self.event_id.training_state == "closed":
            raise UserError(
                _(
                    "The training session %(session)s is closed: its slots can no longer change.",
                    session=self.event_id.name,
                )
            )
        self.line_ids = self.env["periscope.booking.occurrence"]._proposed(self._occurrences(), self._problem)
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "context": self.env.context,
        }

    def action_generate(self):
        """Create the selected slots that have no conflict, and book their room."""
        self.ensure_one()
        self.env["periscope.training.slot"]._check_training_staff()
        if not self.line_ids:
            self.action_check()
        chosen = self.line_ids.filtered(lambda line: line.selected and not line.problem)
        if not chosen:
            raise UserError(_("No slot without conflict is selected."))
        self.env["periscope.training.slot"].create(
            [
                {
                    "event_id": self.event_id.id,
                    "start": line.start,
                    "stop": line.stop,
                    "space_id": self.space_id.id,
                    "trainer_id": self.trainer_id.id,
                }
                for line in chosen
            ]
        )
        # back to the session, whose slots now list the new ones
        return {"type": "ir.actions.act_window_close"}


class PeriscopeTrainingSlotGenerateLine(models.TransientModel):
    _name = "periscope.training.slot.generate.line"
    _inherit = ["periscope.booking.occurrence"]
    _description = "Slot to Generate"

    wizard_id = fields.Many2one(comodel_name="periscope.training.slot.generate", required=True, ondelete="cascade")
    selected = fields.Boolean(string="Create it")
