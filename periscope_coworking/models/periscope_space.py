# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class PeriscopeSpace(models.Model):
    _name = "periscope.space"
    _description = "Hub Space"
    _inherit = ["mail.thread"]
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
        ],
        string="Type",
        required=True,
        default="meeting_room",
        tracking=True,
    )
    capacity = fields.Integer(
        default=1,
        required=True,
        tracking=True,
        help="How many people the space holds.",
    )
    seats = fields.Integer(
        default=1,
        required=True,
        tracking=True,
        help="How many bookings the space takes at the same time: 1 for a room "
        "or an office, the number of desks for a desk pool.",
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        default=lambda self: self.env.company,
    )
    resource_calendar_id = fields.Many2one(
        comodel_name="resource.calendar",
        string="Opening hours",
        required=True,
        check_company=True,
        default=lambda self: self.env.company.resource_calendar_id,
    )
    product_id = fields.Many2one(
        comodel_name="product.product",
        string="Invoiced product",
        check_company=True,
        help="The product invoiced for a booking of this space.",
    )
    buffer_minutes = fields.Integer(
        string="Buffer (minutes)",
        help="Time kept free between two bookings, for cleaning or setting up.",
    )
    portal_bookable = fields.Boolean(
        string="Bookable on the portal",
        help="Members can book this space themselves on the portal.",
    )
    description = fields.Html(translate=True)
    color = fields.Integer()

    _sql_constraints = [
        (
            "capacity_positive",
            "CHECK(capacity > 0)",
            "A space holds at least one person.",
        ),
        ("seats_positive", "CHECK(seats > 0)", "A space takes at least one booking."),
        (
            "buffer_not_negative",
            "CHECK(buffer_minutes >= 0)",
            "The buffer between bookings cannot be negative.",
        ),
    ]

    @api.constrains("space_type", "seats", "capacity")
    def _check_seats(self):
        # capacity > 0 and seats > 0 are SQL constraints, checked before this
        for space in self:
            if space.space_type != "desk_pool" and space.seats != 1:
                raise ValidationError(
                    _(
                        "Only a desk pool takes several bookings at once: "
                        "%s takes one booking at a time.",
                        space.name,
                    )
                )
            if space.seats > space.capacity:
                raise ValidationError(
                    _(
                        "The desk pool %(space)s has %(seats)s desks for "
                        "%(capacity)s people: it cannot have more desks than people.",
                        space=space.name,
                        seats=space.seats,
                        capacity=space.capacity,
                    )
                )
