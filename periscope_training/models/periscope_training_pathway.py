# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command, _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import html2plaintext

from .personal_data import moment, selection_labels

# what the hours of a registration depend on: keep it in step with
# ``_registration_hours`` (the hours of the training session for now, the
# attended hours once attendance is signed)
REGISTRATION_HOURS_DEPENDS = ("registration_ids.state", "registration_ids.event_id.hours")


class PeriscopeTrainingPathway(models.Model):
    """The coordinated pathway of an entrepreneur through the hub: the training
    sessions they follow (their registrations) and their coaching appointments
    (calendar events), coordinated by one support structure of the hub, with
    their hours. One pathway per entrepreneur and company.

    The registrations are linked by hand from the entrepreneur's own
    registrations to training sessions (``action_link_registrations`` adds all
    of them at once): a training taken before the pathway, or for another
    purpose, stays out of it."""

    _name = "periscope.training.pathway"
    _description = "Entrepreneur Pathway"
    _inherit = ["mail.thread"]
    _order = "state, date_start desc, id desc"
    _rec_names_search = ["partner_id"]

    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Entrepreneur",
        required=True,
        index=True,
        ondelete="restrict",
        domain=[("is_company", "=", False)],
        tracking=True,
        help="The person who creates their business.",
    )
    coordinator_id = fields.Many2one(
        comodel_name="res.partner",
        index="btree_not_null",
        domain=[("is_company", "=", True), ("is_periscope_member", "=", True)],
        tracking=True,
        help="The support structure of the hub that coordinates the pathway.",
    )
    company_id = fields.Many2one(
        comodel_name="res.company", required=True, index=True, default=lambda self: self.env.company
    )
    state = fields.Selection(
        selection=[("open", "Open"), ("completed", "Completed"), ("stopped", "Stopped")],
        string="Status",
        default="open",
        required=True,
        copy=False,
        tracking=True,
    )
    date_start = fields.Date(string="Start date", required=True, default=fields.Date.context_today, tracking=True)
    date_end = fields.Date(
        string="End date", copy=False, tracking=True, help="When the pathway was completed or stopped."
    )
    note = fields.Html(string="Notes")
    registration_ids = fields.Many2many(
        comodel_name="event.registration",
        relation="periscope_training_pathway_registration_rel",
        column1="pathway_id",
        column2="registration_id",
        string="Trainings",
        copy=False,
        domain="[('event_id.is_training', '=', True), ('partner_id', '=', partner_id)]",
        help="The entrepreneur's registrations to training sessions that are part of the pathway.",
    )
    project_holder_ids = fields.One2many(
        comodel_name="periscope.project.holder", inverse_name="pathway_id", string="Intakes"
    )
    coaching_event_ids = fields.One2many(
        comodel_name="calendar.event", inverse_name="pathway_id", string="Coaching appointments", copy=False
    )
    coaching_event_count = fields.Integer(string="Appointments", compute="_compute_coaching_event_count")
    training_hours = fields.Float(
        compute="_compute_training_hours", store=True, help="The hours of the training sessions of the pathway."
    )
    coaching_hours = fields.Float(
        compute="_compute_coaching_hours", store=True, help="The hours of the coaching appointments of the pathway."
    )
    total_hours = fields.Float(compute="_compute_total_hours", store=True, help="Training and coaching hours.")

    _sql_constraints = [
        (
            "partner_company_unique",
            "UNIQUE(partner_id, company_id)",
            "An entrepreneur has one pathway: open their existing pathway instead.",
        ),
        (
            "date_end_after_start",
            "CHECK(date_end IS NULL OR date_end >= date_start)",
            "A pathway ends after it starts.",
        ),
    ]

    @api.depends("partner_id")
    def _compute_display_name(self):
        for pathway in self:
            pathway.display_name = pathway.partner_id.display_name or _("New pathway")

    def _compute_coaching_event_count(self):
        for pathway in self:
            pathway.coaching_event_count = len(pathway.coaching_event_ids)

    @api.depends(*REGISTRATION_HOURS_DEPENDS)
    def _compute_training_hours(self):
        hours = self._registration_hours(self.registration_ids)
        for pathway in self:
            pathway.training_hours = sum(hours[registration.id] for registration in pathway.registration_ids)

    @api.depends("coaching_event_ids.duration", "coaching_event_ids.active")
    def _compute_coaching_hours(self):
        for pathway in self:
            pathway.coaching_hours = sum(pathway.coaching_event_ids.mapped("duration"))

    @api.depends("training_hours", "coaching_hours")
    def _compute_total_hours(self):
        for pathway in self:
            pathway.total_hours = pathway.training_hours + pathway.coaching_hours

    @api.constrains("partner_id")
    def _check_partner_is_person(self):
        for pathway in self:
            if pathway.partner_id.is_company:
                raise ValidationError(
                    _(
                        "A pathway is the pathway of an entrepreneur, a person: %(partner)s is an organisation.",
                        partner=pathway.partner_id.display_name,
                    )
                )

    @api.constrains("partner_id", "registration_ids")
    def _check_registrations(self):
        for pathway in self:
            for registration in pathway.registration_ids:
                if not registration.event_id.is_training:
                    raise ValidationError(
                        _(
                            "%(session)s is not a training session: only training sessions are part of a pathway.",
                            session=registration.event_id.display_name,
                        )
                    )
                if registration.partner_id != pathway.partner_id:
                    raise ValidationError(
                        _(
                            "The registration of %(attendee)s to %(session)s is "
                            "not one of %(entrepreneur)s: only the entrepreneur's "
                            "own trainings are part of their pathway.",
                            attendee=registration.partner_id.display_name or registration.name,
                            session=registration.event_id.display_name,
                            entrepreneur=pathway.partner_id.display_name,
                        )
                    )

    @api.constrains("partner_id")
    def _check_coaching_attendee(self):
        self.coaching_event_ids._check_pathway_attendee()

    # ------------------------------------------------------------ actions
    def _check_training_staff(self):
        if not (self.env.su or self.env.user.has_group("periscope_training.group_periscope_training_user")):
            raise AccessError(_("Only the training staff follow the pathways."))

    def action_complete(self):
        self._check_training_staff()
        self._change_state("completed", ("open",))
        return True

    def action_stop(self):
        self._check_training_staff()
        self._change_state("stopped", ("open",))
        return True

    def action_reopen(self):
        self._check_training_staff()
        self._change_state("open", ("completed", "stopped"))
        return True

    def action_link_registrations(self):
        """Add all the entrepreneur's registrations to training sessions that
        are not cancelled."""
        self._check_training_staff()
        registrations = self.env["event.registration"].search(
            [("partner_id", "in", self.partner_id.ids), ("event_id.is_training", "=", True), ("state", "!=", "cancel")]
        )
        for pathway in self:
            new = registrations.filtered(lambda r, p=pathway: r.partner_id == p.partner_id) - pathway.registration_ids
            if new:
                pathway.registration_ids = [Command.link(r.id) for r in new]
        return True

    def action_new_coaching(self):
        """The form of a new calendar event: a coaching appointment of the
        pathway, with the entrepreneur and the current user as attendees."""
        self.ensure_one()
        self._check_training_staff()
        return {
            "type": "ir.actions.act_window",
            "name": _("New coaching appointment"),
            "res_model": "calendar.event",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
            "context": {
                "default_pathway_id": self.id,
                "default_is_coaching": True,
                "default_name": _("Coaching: %(entrepreneur)s", entrepreneur=self.partner_id.name),
                "default_partner_ids": [Command.set((self.partner_id | self.env.user.partner_id).ids)],
                "default_user_id": self.env.user.id,
            },
        }

    def action_view_coaching(self):
        self.ensure_one()
        self._check_training_staff()
        return {
            "type": "ir.actions.act_window",
            "name": _("Coaching appointments"),
            "res_model": "calendar.event",
            "view_mode": "list,calendar,form",
            "domain": [("pathway_id", "=", self.id)],
            "context": {
                "default_pathway_id": self.id,
                "default_is_coaching": True,
                "default_partner_ids": [Command.set((self.partner_id | self.env.user.partner_id).ids)],
            },
        }

    # ------------------------------------------------------------ business
    def _change_state(self, new_state, from_states):
        for pathway in self:
            if pathway.state not in from_states:
                raise UserError(
                    _(
                        "The pathway of %(entrepreneur)s is %(state)s: it cannot become %(new_state)s.",
                        entrepreneur=pathway.partner_id.display_name,
                        state=dict(self._fields["state"]._description_selection(self.env))[pathway.state],
                        new_state=dict(self._fields["state"]._description_selection(self.env))[new_state],
                    )
                )
        if new_state == "open":
            self.write({"state": new_state, "date_end": False})
            return
        today = fields.Date.context_today(self)
        for pathway in self:
            # a pathway stopped before its planned start ends on its start
            pathway.write({"state": new_state, "date_end": max(today, pathway.date_start)})

    @api.model
    def _registration_hours(self, registrations):
        """The hours that each registration counts in a pathway, by id: the
        hours of its training session, none for a cancelled registration.

        The one place to change when the attended hours replace them (then
        change ``REGISTRATION_HOURS_DEPENDS`` too)."""
        return {
            registration.id: (0.0 if registration.state == "cancel" else registration.event_id.hours)
            for registration in registrations
        }

    # ------------------------------------------------------------ personal data
    def _periscope_personal_data_export(self):
        """The entrepreneurs' pathways, JSON-ready: their coordinator, their
        hours, the notes of the staff about them and their coaching
        appointments; a fixed number of queries, however many."""
        state_labels = selection_labels(self, "state")
        return [
            {
                "coordinator": pathway.coordinator_id.name or None,
                "state": state_labels.get(pathway.state),
                "date_start": moment(pathway.date_start),
                "date_end": moment(pathway.date_end),
                "training_hours": pathway.training_hours,
                "coaching_hours": pathway.coaching_hours,
                "notes": html2plaintext(pathway.note) if pathway.note else None,
                "coaching_appointments": [
                    {
                        "name": event.name,
                        "start": moment(event.start),
                        "end": moment(event.stop),
                        "hours": event.duration,
                    }
                    for event in pathway.coaching_event_ids
                ],
            }
            for pathway in self
        ]

    def _periscope_personal_data_erase(self):
        """Erase the staff's notes about the entrepreneurs and the names and
        descriptions of their coaching appointments; the hours stay."""
        self.with_context(tracking_disable=True).write({"note": False})
        self.coaching_event_ids.with_context(tracking_disable=True).write(
            {"name": _("Coaching appointment"), "description": False}
        )
