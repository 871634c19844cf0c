# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

# a month has fewer hours
MAX_INCLUDED_HOURS = 744


class PeriscopeMemberType(models.Model):
    _name = "periscope.member.type"
    _description = "Membership Type"
    _inherit = ["mail.thread", "periscope.number.mixin"]
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True, tracking=True)
    code = fields.Char(
        required=True, tracking=True, help="Technical code other modules and reports rely on, e.g. permanent_resident."
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True, tracking=True)
    description = fields.Text(translate=True)
    membership_product_id = fields.Many2one(
        comodel_name="product.product",
        string="Membership product",
        domain=[("membership", "=", True)],
        tracking=True,
        help="The yearly fee invoiced to the organisations of this type.",
    )
    membership_fee = fields.Float(
        related="membership_product_id.list_price", string="Yearly fee", digits="Product Price"
    )
    currency_id = fields.Many2one(related="membership_product_id.currency_id")
    pricelist_id = fields.Many2one(
        comodel_name="product.pricelist",
        string="Member rates",
        tracking=True,
        help="The prices the organisations of this type pay for rooms, concierge services and training.",
    )
    included_booking_hours = fields.Float(
        string="Included meeting-room hours",
        tracking=True,
        help="Hours of meeting rooms a month included in the membership.",
    )
    partner_ids = fields.One2many(
        comodel_name="res.partner", inverse_name="periscope_member_type_id", string="Organisations"
    )
    partner_count = fields.Integer(string="Organisation count", compute="_compute_partner_count")

    _sql_constraints = [
        ("code_unique", "UNIQUE(code)", "Another membership type has this code."),
        (
            "included_booking_hours_not_negative",
            "CHECK(included_booking_hours >= 0)",
            "The included meeting-room hours cannot be negative.",
        ),
    ]

    def _periscope_number_bounds(self):
        return {"included_booking_hours": (0, MAX_INCLUDED_HOURS)}

    def _compute_partner_count(self):
        counts = dict(
            self.env["res.partner"]._read_group(
                [("periscope_member_type_id", "in", self.ids)], ["periscope_member_type_id"], ["__count"]
            )
        )
        for member_type in self:
            member_type.partner_count = counts.get(member_type, 0)

    @api.constrains("membership_product_id")
    def _check_membership_product(self):
        for member_type in self:
            product = member_type.membership_product_id
            if product and not product.membership:
                raise ValidationError(
                    _(
                        "The product %(product)s of the membership type %(type)s is not a membership product.",
                        product=product.display_name,
                        type=member_type.name,
                    )
                )

    def action_view_partners(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("periscope_members.periscope_member_organisation_action")
        action["domain"] = [("periscope_member_type_id", "=", self.id)]
        action["context"] = {"default_is_company": True, "default_periscope_member_type_id": self.id}
        return action
