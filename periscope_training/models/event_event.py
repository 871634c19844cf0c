# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

MANAGER_GROUP = "periscope_training.group_periscope_training_manager"


class EventEvent(models.Model):
    _inherit = "event.event"

    is_training = fields.Boolean(
        string="Training session",
        compute="_compute_is_training",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
        tracking=True,
        help="A session of the hub's training catalogue: its attendance is signed "
        "per half-day and it counts in the yearly BPF.",
    )
    programme_id = fields.Many2one(
        comodel_name="periscope.training.programme",
        index="btree_not_null",
        tracking=True,
        help="The catalogue entry this session gives.",
    )
    training_state = fields.Selection(
        selection=[
            ("draft", "Draft"),
            ("open", "Open"),
            ("closed", "Closed"),
        ],
        string="Training status",
        default="draft",
        required=True,
        copy=False,
        tracking=True,
        help="Draft: being planned. Open: its slots are planned and trainees "
        "register. Closed by the training administrator once the training is "
        "over: its slots can no longer change. Independent of the event's stage.",
    )
    trainer_ids = fields.Many2many(
        comodel_name="res.partner",
        relation="event_event_periscope_trainer_rel",
        column1="event_id",
        column2="partner_id",
        string="Trainers",
        compute="_compute_trainer_ids",
        store=True,
        readonly=False,
        help="Those of the programme, by default.",
    )
    slot_ids = fields.One2many(
        comodel_name="periscope.training.slot",
        inverse_name="event_id",
        string="Slots",
        copy=False,
    )
    hours = fields.Float(
        string="Hours of training",
        compute="_compute_hours",
        store=True,
        help="The total duration of the planned slots.",
    )

    @api.depends("programme_id")
    def _compute_is_training(self):
        for event in self:
            event.is_training = event.is_training or bool(event.programme_id)

    @api.depends("programme_id")
    def _compute_trainer_ids(self):
        for event in self:
            if event.programme_id:
                event.trainer_ids = event.programme_id.trainer_ids
            else:
                event.trainer_ids = event.trainer_ids

    @api.depends("slot_ids.hours", "slot_ids.state")
    def _compute_hours(self):
        for event in self:
            event.hours = sum(
                event.slot_ids.filtered(lambda s: s.state == "planned").mapped("hours")
            )

    @api.constrains("is_training", "programme_id")
    def _check_programme(self):
        for event in self:
            if event.is_training and not event.programme_id:
                raise ValidationError(
                    _(
                        "The training session %(session)s needs its programme of "
                        "the catalogue.",
                        session=event.name,
                    )
                )
            if event.programme_id and not event.is_training:
                raise ValidationError(
                    _(
                        "Only a training session gives a programme: %(session)s is "
                        "not a training session.",
                        session=event.name,
                    )
                )

    # ------------------------------------------------------------ CRUD
    def write(self, vals):
        if "training_state" in vals:
            self._check_training_state_change(vals["training_state"])
        res = super().write(vals)
        if "name" in vals:
            self.slot_ids._sync_bookings()
        return res

    def unlink(self):
        # sudo: a deleted session's own slots go with it, and free their rooms
        self.sudo().slot_ids.unlink()
        return super().unlink()

    # ------------------------------------------------------------ actions
    def _check_training_state_change(self, new_state):
        """Only a training administrator closes a session, or reopens it."""
        if self.env.su or self.env.user.has_group(MANAGER_GROUP):
            return
        if new_state == "closed" or any(e.training_state == "closed" for e in self):
            raise AccessError(
                _("Only a training administrator closes a session, or reopens it.")
            )

    def _check_is_training(self):
        not_training = self.filtered(lambda e: not e.is_training)
        if not_training:
            raise UserError(
                _(
                    "%(session)s is not a training session.",
                    session=not_training[0].name,
                )
            )

    def action_training_open(self):
        """Open the session to registrations: it needs its planned slots."""
        self._check_is_training()
        for event in self:
            if event.training_state != "draft":
                raise UserError(
                    _(
                        "Only a draft training session is opened: %(session)s.",
                        session=event.name,
                    )
                )
            if not event.slot_ids.filtered(lambda s: s.state == "planned"):
                raise UserError(
                    _(
                        "Plan the slots of %(session)s before opening it.",
                        session=event.name,
                    )
                )
        self.write({"training_state": "open"})
        return True

    def action_training_draft(self):
        self._check_is_training()
        for event in self:
            if event.training_state != "open":
                raise UserError(
                    _(
                        "Only an open training session goes back to draft: "
                        "%(session)s.",
                        session=event.name,
                    )
                )
        self.write({"training_state": "draft"})
        return True

    def action_training_close(self):
        """Close the session once the training is over (training administrator)."""
        self._check_is_training()
        for event in self:
            if event.training_state != "open":
                raise UserError(
                    _(
                        "Only an open training session is closed: %(session)s.",
                        session=event.name,
                    )
                )
        self.write({"training_state": "closed"})
        return True

    def action_training_reopen(self):
        self._check_is_training()
        for event in self:
            if event.training_state != "closed":
                raise UserError(
                    _(
                        "Only a closed training session is reopened: %(session)s.",
                        session=event.name,
                    )
                )
        self.write({"training_state": "open"})
        return True

    def action_generate_slots(self):
        self.ensure_one()
        self._check_is_training()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "periscope_training.periscope_training_slot_generate_action"
        )
        action["context"] = {"default_event_id": self.id}
        return action

    # ------------------------------------------------------------ business
    def _sync_dates_from_slots(self):
        """The session begins with its first planned slot and ends with its last."""
        for event in self.exists():
            slots = event.slot_ids.filtered(lambda s: s.state == "planned")
            if not slots:
                continue
            begin, end = min(slots.mapped("start")), max(slots.mapped("stop"))
            if (event.date_begin, event.date_end) != (begin, end):
                event.write({"date_begin": begin, "date_end": end})

    def _lock_training_seats(self):
        """Serialise the registrations of these training sessions.

        Odoo checks the seat limit in Python only, on what the transaction sees:
        two transactions can each see the last seat free and both take it. Odoo
        runs its transactions in REPEATABLE READ, where a row lock alone (SELECT
        ... FOR UPDATE) does not help: the second transaction waits for the
        first, then still counts the registrations of its older snapshot. An
        UPDATE of the session's row does: the second transaction to update it
        fails with a serialization error (40001), which Odoo's request layer
        retries in a new transaction, that sees the first registration and
        refuses the seat with the usual message."""
        sessions = self.filtered("is_training")
        if sessions:
            self.env.cr.execute(
                SQL(
                    "UPDATE event_event SET write_date = write_date WHERE id IN %s",
                    tuple(sessions.ids),
                )
            )

    def _check_training_registrations_open(self):
        """A closed training session takes no more registrations."""
        closed = self.filtered(lambda e: e.is_training and e.training_state == "closed")
        if closed:
            raise UserError(
                _(
                    "The training session %(session)s is closed: it takes no more "
                    "registrations.",
                    session=closed[0].name,
                )
            )
