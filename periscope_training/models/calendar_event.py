# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class CalendarEvent(models.Model):
    """A coaching appointment of an entrepreneur's pathway is a calendar event
    that the entrepreneur attends; its duration counts in the pathway's
    coaching hours."""

    _inherit = "calendar.event"

    pathway_id = fields.Many2one(
        comodel_name="periscope.training.pathway",
        index="btree_not_null",
        ondelete="set null",
        groups="periscope_training.group_periscope_training_user",
        help="The entrepreneur's pathway this coaching appointment is part of.",
    )
    is_coaching = fields.Boolean(
        string="Coaching appointment",
        compute="_compute_is_coaching",
        store=True,
        # computed before the event is inserted: reading its own value then
        # costs no query (any event, a booking's included)
        precompute=True,
        readonly=False,
        help="An appointment of a support structure with an entrepreneur: set when the event is linked to a pathway.",
    )

    @api.depends("pathway_id")
    def _compute_is_coaching(self):
        for event in self:
            event.is_coaching = event.is_coaching or bool(event.pathway_id)

    @api.constrains("pathway_id", "partner_ids")
    def _check_pathway_attendee(self):
        # sudo: the entrepreneur of the pathway, whoever changes the attendees
        for event in self.sudo():
            entrepreneur = event.pathway_id.partner_id
            if entrepreneur and entrepreneur not in event.partner_ids:
                raise ValidationError(
                    _(
                        "%(entrepreneur)s does not attend %(event)s: a coaching "
                        "appointment of their pathway has them among its attendees.",
                        entrepreneur=entrepreneur.display_name,
                        event=event.display_name,
                    )
                )
