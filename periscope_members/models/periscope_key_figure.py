# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

HEAD_COUNTS = (
    "volunteers",
    "cooperators",
    "users",
    "entrepreneurs_supported",
    "visitors",
)
FIGURES = ("fte", *HEAD_COUNTS)


class PeriscopeKeyFigure(models.Model):
    _name = "periscope.key.figure"
    _description = "Key Figures of a Member Organisation"
    _inherit = ["mail.thread"]
    _order = "year desc, partner_id"
    _rec_names_search = ["partner_id.name"]

    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Organisation",
        required=True,
        index=True,
        ondelete="cascade",
        domain=[("is_company", "=", True)],
        tracking=True,
    )
    member_type_id = fields.Many2one(
        related="partner_id.periscope_member_type_id", store=True, string="Type"
    )
    year = fields.Integer(
        required=True,
        default=lambda self: fields.Date.context_today(self).year,
        tracking=True,
        aggregator=False,
    )
    fte = fields.Float(
        string="FTE",
        digits=(16, 2),
        tracking=True,
        help="Full-time equivalent jobs of the organisation.",
    )
    volunteers = fields.Integer(tracking=True)
    cooperators = fields.Integer(
        tracking=True, help="Members of the cooperative (SCOP, SCIC, CAE)."
    )
    users = fields.Integer(tracking=True, help="People who use its services.")
    entrepreneurs_supported = fields.Integer(
        string="Entrepreneurs supported",
        tracking=True,
        help="Entrepreneurs welcomed, oriented, trained or coached.",
    )
    visitors = fields.Integer(tracking=True)
    declared_by_id = fields.Many2one(
        comodel_name="res.users",
        string="Declared by",
        default=lambda self: self.env.user,
        readonly=True,
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        default=lambda self: self.env.company,
    )

    _sql_constraints = [
        (
            "partner_year_unique",
            "UNIQUE(partner_id, year)",
            "This organisation has already declared its key figures for this year.",
        ),
        (
            "figures_not_negative",
            (
                "CHECK(fte >= 0 AND volunteers >= 0 AND cooperators >= 0 "
                "AND users >= 0 AND entrepreneurs_supported >= 0 AND visitors >= 0)"
            ),
            "Key figures cannot be negative.",
        ),
    ]

    @api.depends("partner_id", "year")
    def _compute_display_name(self):
        for figure in self:
            figure.display_name = _(
                "%(partner)s — %(year)s",
                partner=figure.partner_id.display_name or "",
                year=figure.year,
            )

    @api.constrains("year")
    def _check_year(self):
        this_year = fields.Date.context_today(self).year
        for figure in self:
            if figure.year > this_year:
                raise ValidationError(
                    _(
                        "Key figures are declared for a year that has begun: %(year)s "
                        "is in the future.",
                        year=figure.year,
                    )
                )
            if figure.year < 2000:
                raise ValidationError(
                    _("%(year)s is not a valid year.", year=figure.year)
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_whole_numbers(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._check_whole_numbers(vals)
        return super().write(vals)

    def _check_whole_numbers(self, vals):
        """Head counts are whole numbers: refuse 2.5 volunteers before the ORM
        would silently round it (negative numbers are refused by the database)."""
        for name in HEAD_COUNTS:
            value = vals.get(name)
            if value is None or value is False:
                continue
            whole = isinstance(value, int) and not isinstance(value, bool)
            whole = whole or (isinstance(value, float) and value.is_integer())
            if not whole:
                raise ValidationError(
                    _(
                        "%(figure)s counts people: %(value)s is not a whole number.",
                        figure=self._fields[name]._description_string(self.env),
                        value=value,
                    )
                )

    @api.model
    def _hub_totals(self, year):
        """The hub's figures for ``year`` and the year before, in a constant
        number of queries: totals, declaring organisations, and the share of
        the member organisations that declared."""
        groups = self._read_group(
            [("year", "in", (year - 1, year))],
            ["year"],
            ["member_type_id:count", *(f"{name}:sum" for name in FIGURES)],
        )
        by_year = {
            group_year: dict(zip(("count", *FIGURES), values, strict=True))
            for group_year, *values in groups
        }
        members = self.env["res.partner"].search_count(
            [("periscope_member_type_id", "!=", False), ("is_company", "=", True)]
        )
        empty = dict.fromkeys(("count", *FIGURES), 0)
        current = by_year.get(year, empty)
        previous = by_year.get(year - 1, empty)
        return {
            "year": year,
            "current": current,
            "previous": previous,
            "members": members,
            "declared_share": (current["count"] / members) if members else 0.0,
        }
