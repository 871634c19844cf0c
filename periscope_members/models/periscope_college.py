# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_compare, float_round


class PeriscopeCollege(models.Model):
    """A college (collège) of the hub's shared governance: the member
    organisations of one kind — residents, network heads, partners, local
    authorities, founders. Each has a weight in the votes of the general
    assembly; the weights of the active colleges add up to 100 %."""

    _name = "periscope.college"
    _inherit = ["periscope.number.mixin"]
    _description = "College"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)
    weight = fields.Float(
        string="Weight (%)",
        digits=(5, 2),
        required=True,
        help="The share of the votes of the college in the general assembly: the "
        "weights of the active colleges add up to 100 %.",
    )
    member_ids = fields.One2many(
        comodel_name="res.partner", inverse_name="periscope_college_id", string="Organisations"
    )
    member_count = fields.Integer(string="Number of organisations", compute="_compute_member_count")
    company_id = fields.Many2one(comodel_name="res.company", default=lambda self: self.env.company, index=True)

    _sql_constraints = [
        ("weight_range", "CHECK(weight >= 0 AND weight <= 100)", "The weight of a college is between 0 and 100 %.")
    ]

    def _periscope_number_bounds(self):
        return {"weight": (0, 100)}

    def _compute_member_count(self):
        counts = dict(
            self.env["res.partner"]._read_group(
                [("periscope_college_id", "in", self.ids)], ["periscope_college_id"], ["__count"]
            )
        )
        for college in self:
            college.member_count = counts.get(college._origin, 0)

    @api.constrains("weight")
    def _check_weight(self):
        for college in self:
            if not 0 <= college.weight <= 100:
                raise ValidationError(
                    _("The weight of the college %(college)s is between 0 and 100 %%.", college=college.name)
                )

    @api.model
    def _check_weights_total(self, colleges=None):
        """The weights of the (active) colleges add up to 100 %: else the
        votes cannot be weighted."""
        if colleges is None:
            colleges = self.search([])
        total = float_round(sum(colleges.mapped("weight")), precision_digits=2)
        if float_compare(total, 100.0, precision_digits=2):
            raise ValidationError(
                _(
                    "The weights of the colleges add up to %(total)s %%, not 100 %%: "
                    "correct them in Members > Configuration > Colleges.",
                    total=total,
                )
            )
