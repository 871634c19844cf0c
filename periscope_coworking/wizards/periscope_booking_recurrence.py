# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..models.bounds import MAX_OCCURRENCES, MAX_SEATS, check_dates, check_numbers

# from every week to every 52 weeks
NUMBER_BOUNDS = {"seats": (1, MAX_SEATS), "interval": (1, 52), "count": (0, MAX_OCCURRENCES)}
DATE_FIELDS = ("start", "stop", "until")


class PeriscopeBookingRecurrence(models.TransientModel):
    """Book a space every week or every N weeks, until a date or for a number
    of times: every occurrence is checked, the free ones can be confirmed and
    the others are shown with the reason."""

    _name = "periscope.booking.recurrence"
    _description = "Recurring Booking"

    space_id = fields.Many2one(comodel_name="periscope.space", required=True)
    partner_id = fields.Many2one(comodel_name="res.partner", string="Customer", required=True)
    contact_id = fields.Many2one(comodel_name="res.partner", string="Booked by")
    name = fields.Char()
    start = fields.Datetime(string="First start", required=True)
    stop = fields.Datetime(string="First end", required=True)
    seats = fields.Integer(default=1, required=True)
    interval = fields.Integer(string="Every (weeks)", default=1, required=True)
    end_type = fields.Selection(
        selection=[("count", "Number of times"), ("until", "Until a date")],
        string="Ends",
        default="count",
        required=True,
    )
    count = fields.Integer(string="Number of times", default=4)
    until = fields.Date()
    line_ids = fields.One2many(
        comodel_name="periscope.booking.recurrence.line", inverse_name="recurrence_id", string="Occurrences"
    )

    @api.constrains("interval", "end_type", "count", "until", "start")
    def _check_recurrence(self):
        for recurrence in self:
            if recurrence.interval < 1:
                raise ValidationError(_("A recurrence repeats every week at least."))
            if recurrence.end_type == "count" and recurrence.count < 1:
                raise ValidationError(_("A recurrence happens at least once."))
            if recurrence.end_type == "count" and recurrence.count > MAX_OCCURRENCES:
                raise ValidationError(_("A recurrence happens %s times at most.", MAX_OCCURRENCES))
            if recurrence.end_type == "until" and not recurrence.until:
                raise ValidationError(_("A recurrence needs an end: a date or a number of times."))
            if recurrence.end_type == "until" and recurrence.start and recurrence.until < recurrence.start.date():
                raise ValidationError(_("The recurrence ends before it starts."))

    @api.model_create_multi
    def create(self, vals_list):
        return super().create([self._check_values(vals) for vals in vals_list])

    def write(self, vals):
        return super().write(self._check_values(vals))

    def _check_values(self, vals):
        """The numbers and the dates of ``vals`` read and within their bounds
        (see ``bounds.py``)."""
        vals = check_numbers(self, vals, NUMBER_BOUNDS)
        return check_dates(self, vals, DATE_FIELDS)

    def _occurrences(self):
        """(start, stop) of each occurrence in naive UTC, at the same local
        time in the space's time zone whatever daylight saving does."""
        self.ensure_one()
        return self.space_id._weekly_occurrences(
            self.start,
            self.stop,
            self.interval,
            count=self.count if self.end_type == "count" else None,
            until=self.until if self.end_type == "until" else None,
            limit=MAX_OCCURRENCES,
        )

    def _problem(self, start, stop):
        """What keeps the occurrence from ``start`` to ``stop`` from being
        booked, or False."""
        try:
            self.env["periscope.booking"]._check_prospective(self._booking_values(start, stop))
        except ValidationError as error:
            return str(error)
        return False

    def _booking_values(self, start, stop):
        self.ensure_one()
        return {
            "space_id": self.space_id.id,
            "partner_id": self.partner_id.id,
            "contact_id": self.contact_id.id,
            "name": self.name or False,
            "start": start,
            "stop": stop,
            "seats": self.seats,
        }

    def action_check(self):
        """Check every occurrence against the space's rules and its bookings."""
        self.ensure_one()
        if not self.stop or self.stop <= self.start:
            raise ValidationError(_("The booking must end after it starts."))
        self.line_ids = self.env["periscope.booking.occurrence"]._proposed(self._occurrences(), self._problem)
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    def action_confirm(self):
        """Book and confirm the selected occurrences that are free."""
        self.ensure_one()
        if not self.line_ids:
            self.action_check()
        chosen = self.line_ids.filtered(lambda line: line.selected and not line.problem)
        if not chosen:
            raise UserError(_("No free occurrence is selected."))
        bookings = self.env["periscope.booking"].create(
            [self._booking_values(line.start, line.stop) for line in chosen]
        )
        bookings.action_confirm()
        return {
            "type": "ir.actions.act_window",
            "name": _("Recurring bookings"),
            "res_model": "periscope.booking",
            "view_mode": "list,form,calendar",
            "domain": [("id", "in", bookings.ids)],
        }


class PeriscopeBookingOccurrence(models.AbstractModel):
    """One occurrence of a weekly series a wizard proposes before anything is
    booked (``periscope.space._weekly_occurrences``), with the conflict
    ``periscope.booking._check_prospective`` found for it: the user unticks
    what not to book. The lines of the recurrence wizard and of training's
    slot generation."""

    _name = "periscope.booking.occurrence"
    _description = "Proposed Occurrence of a Weekly Series"
    _order = "start"

    start = fields.Datetime(required=True)
    stop = fields.Datetime(string="End", required=True)
    problem = fields.Char(string="Conflict")
    selected = fields.Boolean(string="Book it", default=True)

    @api.model
    def _proposed(self, occurrences, problem_of):
        """The commands that make a wizard's lines of ``occurrences`` (pairs
        of start and stop), each with the conflict ``problem_of(start, stop)``
        finds (False when none), ticked when it has none."""
        commands = [Command.clear()]
        for start, stop in occurrences:
            problem = problem_of(start, stop)
            commands.append(Command.create({"start": start, "stop": stop, "problem": problem, "selected": not problem}))
        return commands


class PeriscopeBookingRecurrenceLine(models.TransientModel):
    _name = "periscope.booking.recurrence.line"
    _inherit = ["periscope.booking.occurrence"]
    _description = "Occurrence of a Recurring Booking"

    recurrence_id = fields.Many2one(comodel_name="periscope.booking.recurrence", required=True, ondelete="cascade")
