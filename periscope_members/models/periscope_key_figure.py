# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import math
from datetime import date

from odoo import Command, _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..tools.organisation import organisation_field
from .number_bounds import check_numbers
from .number_format import format_number

HEAD_COUNTS = ("volunteers", "cooperators", "users", "entrepreneurs_supported", "visitors")
FIGURES = ("fte", *HEAD_COUNTS)
# the most a member organisation (or a network head, for its network) counts
MAX_FTE = 1_000_000
MAX_HEAD_COUNT = 1_000_000_000
# a year has 8,784 hours at most: a million volunteers' years
MAX_VOLUNTEER_HOURS = 10_000_000_000
BOUNDS = {
    "fte": (0, MAX_FTE),
    **dict.fromkeys(HEAD_COUNTS, (0, MAX_HEAD_COUNT)),
    "volunteer_hours": (0, MAX_VOLUNTEER_HOURS),
}
# the config parameter of the hourly value of volunteering (ANC 2018-06)
VOLUNTEER_RATE_PARAM = "periscope_members.volunteer_hour_rate"
# who declared what, for which organisation, year and company: set by the
# server, never by a member
OWNERSHIP_FIELDS = ("partner_id", "year", "company_id", "declared_by_id")


class PeriscopeKeyFigure(models.Model):
    _name = "periscope.key.figure"
    _description = "Key Figures of a Member Organisation"
    _inherit = ["mail.thread"]
    _order = "year desc, partner_id"
    _rec_names_search = ["partner_id.name"]

    partner_id = organisation_field(ondelete="cascade")
    member_type_id = fields.Many2one(related="partner_id.periscope_member_type_id", store=True, string="Type")
    year = fields.Integer(
        required=True, default=lambda self: fields.Date.context_today(self).year, tracking=True, aggregator=False
    )
    fte = fields.Float(
        string="FTE", digits=(16, 2), tracking=True, help="Full-time equivalent jobs of the organisation."
    )
    volunteers = fields.Integer(tracking=True)
    cooperators = fields.Integer(tracking=True, help="Members of the cooperative (SCOP, SCIC, CAE).")
    users = fields.Integer(tracking=True, help="People who use its services.")
    entrepreneurs_supported = fields.Integer(
        string="Entrepreneurs supported", tracking=True, help="Entrepreneurs welcomed, oriented, trained or coached."
    )
    visitors = fields.Integer(tracking=True)
    volunteer_hours = fields.Float(
        digits=(16, 2),
        tracking=True,
        help="Hours given by the organisation's volunteers during the year. The "
        "hub's own are valued in its accounts, as contributions in kind.",
    )
    is_hub = fields.Boolean(
        compute="_compute_is_hub", help="The declaration of the hub itself (the company's own organisation)."
    )
    volunteer_valuation_move_id = fields.Many2one(
        comodel_name="account.move",
        string="Volunteering entry",
        readonly=True,
        copy=False,
        help="The entry that values the hub's volunteering of the year in classes 86 and 87 of its accounts.",
    )
    declared_by_id = fields.Many2one(
        comodel_name="res.users", string="Declared by", default=lambda self: self.env.user, readonly=True
    )
    company_id = fields.Many2one(comodel_name="res.company", required=True, default=lambda self: self.env.company)

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
                "AND users >= 0 AND entrepreneurs_supported >= 0 AND visitors >= 0 "
                "AND volunteer_hours >= 0)"
            ),
            "Key figures cannot be negative.",
        ),
    ]

    @api.depends("partner_id", "company_id.partner_id")
    def _compute_is_hub(self):
        for figure in self:
            figure.is_hub = figure.partner_id == figure.company_id.partner_id

    @api.depends("partner_id", "year")
    def _compute_display_name(self):
        for figure in self:
            figure.display_name = _(
                "%(partner)s — %(year)s", partner=figure.partner_id.display_name or "", year=figure.year
            )

    @api.constrains("year")
    def _check_year(self):
        this_year = fields.Date.context_today(self).year
        for figure in self:
            if figure.year > this_year:
                raise ValidationError(
                    _(
                        "Key figures are declared for a year that has begun: %(year)s is in the future.",
                        year=figure.year,
                    )
                )
            if figure.year < 2000:
                raise ValidationError(_("%(year)s is not a valid year.", year=figure.year))

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [self._check_figures(vals) for vals in vals_list]
        if self._is_portal_member():
            vals_list = [self._portal_ownership(vals) for vals in vals_list]
        elif not self.env.su:
            for vals in vals_list:
                # the declarer is who creates the declaration
                if vals.get("declared_by_id", self.env.uid) != self.env.uid:
                    raise AccessError(_("A declaration is declared by the user who makes it."))
        return super().create(vals_list)

    def write(self, vals):
        vals = self._check_figures(vals)
        if not self.env.su:
            if self._is_portal_member():
                refused = set(vals) - set(FIGURES)
            else:
                refused = set(vals) & {"declared_by_id"}
            if refused:
                raise AccessError(
                    _(
                        "A declaration stays with its organisation, year and "
                        "declarer: only its figures change (not: %s).",
                        ", ".join(
                            self._fields[name]._description_string(self.env) if name in self._fields else name
                            for name in sorted(refused)
                        ),
                    )
                )
        return super().write(vals)

    def action_value_volunteering(self):
        """Value the hub's volunteer hours of the year in its accounts (ANC
        2018-06): a draft entry of the miscellaneous journal, on 31 December,
        864000 Personnel bénévole against 875000 Bénévolat (off balance), the
        hours at the rate the manager set in the settings. The accountant posts
        it. Once per year: a valuation still there (not cancelled) is refused."""
        self.ensure_one()
        self._check_volunteering_valuable()
        rate = self._volunteer_hour_value()
        company = self.company_id
        staff, volunteering = self._volunteering_accounts(company)
        journal = self.env["account.journal"]._periscope_journal(
            company, "general", _("Create a miscellaneous journal to value the volunteering.")
        )
        amount = company.currency_id.round(self.volunteer_hours * rate)
        label = _(
            "Volunteering of %(year)s: %(hours)s h", year=self.year, hours=format_number(self.env, self.volunteer_hours)
        )
        move = (
            self.env["account.move"]
            .sudo()
            .with_company(company)
            .create(
                {
                    "move_type": "entry",
                    "journal_id": journal.id,
                    "date": date(self.year, 12, 31),
                    "ref": label,
                    "line_ids": [
                        Command.create({"account_id": account.id, "name": label, "debit": debit, "credit": credit})
                        for account, debit, credit in ((staff, amount, 0.0), (volunteering, 0.0, amount))
                    ],
                }
            )
        )
        self.sudo().volunteer_valuation_move_id = move
        return {"type": "ir.actions.act_window", "res_model": "account.move", "res_id": move.id, "view_mode": "form"}

    def _check_volunteering_valuable(self):
        """A members' administrator values the hub's own volunteer hours of
        the year, once (a valuation not cancelled is refused)."""
        if not self.env.user.has_group("periscope_members.group_periscope_members_manager"):
            raise AccessError(_("Only a members' administrator values the volunteering."))
        if not self.is_hub:
            raise UserError(
                _(
                    "Only the hub's own volunteering is valued in its accounts: %(organisation)s keeps its own books.",
                    organisation=self.partner_id.display_name,
                )
            )
        move = self.sudo().volunteer_valuation_move_id
        if move and move.state != "cancel":
            raise UserError(
                _(
                    "The volunteering of %(year)s is already valued (%(entry)s): cancel that entry first.",
                    year=self.year,
                    entry=move.display_name,
                )
            )
        if self.volunteer_hours <= 0:
            raise UserError(_("Enter the volunteer hours of the year first."))

    @api.model
    def _volunteer_hour_value(self):
        """The value of an hour of volunteering the manager set."""
        rate = float(self.env["ir.config_parameter"].sudo().get_param(VOLUNTEER_RATE_PARAM) or 0)
        if rate <= 0:
            raise UserError(_("Set the hourly value of volunteering in the settings (Périscope, Key figures) first."))
        return rate

    @api.model
    def _volunteering_accounts(self, company):
        """864000 Personnel bénévole and 875000 Bénévolat of the French chart
        of ``company``."""
        chart = self.env["account.chart.template"].with_company(company)
        staff = chart.ref("periscope_pcg_864", raise_if_not_found=False)
        volunteering = chart.ref("periscope_pcg_875", raise_if_not_found=False)
        if not (staff and volunteering):
            raise UserError(
                _(
                    "The accounts 864000 Personnel bénévole and 875000 Bénévolat "
                    "come with Odoo's French chart of accounts (l10n_fr_account), "
                    "which %(company)s does not use.",
                    company=company.display_name,
                )
            )
        return staff, volunteering

    def _is_portal_member(self):
        return not self.env.su and self.env.user._is_portal()

    def _portal_ownership(self, vals):
        """A member declares for their own organisation, this year, in their
        company, as themselves: the server sets these; another value is
        refused."""
        user = self.env.user
        owned = {
            "partner_id": user.commercial_partner_id.id,
            "year": fields.Date.context_today(self).year,
            "company_id": self.env.company.id,
            "declared_by_id": user.id,
        }
        for name, value in owned.items():
            given = vals.get(name)
            if given not in (None, False, value):
                raise AccessError(
                    _(
                        "Members declare the key figures of their own organisation, "
                        "for this year, as themselves: %(field)s is set for them.",
                        field=self._fields[name]._description_string(self.env),
                    )
                )
        return {**vals, **owned}

    def _check_figures(self, vals):
        """Head counts are whole numbers, every figure a finite number within
        its bounds (a decimal comma is a decimal point): checked before
        anything is written."""
        self._check_whole_numbers(vals)
        return check_numbers(self, vals, BOUNDS)

    def _check_whole_numbers(self, vals):
        """Head counts are whole numbers: refuse 2.5 volunteers before the ORM
        would silently round it (negative numbers are refused by the database)."""
        for name in HEAD_COUNTS:
            value = vals.get(name)
            if (
                value is None
                or value is False
                or isinstance(value, str)
                or (isinstance(value, float) and not math.isfinite(value))
            ):
                # texts and infinities are for check_numbers
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
        the member organisations that declared.

        Two queries, even with a cold record cache. For a user, the member
        organisations are counted as superuser within the user's companies,
        as the declarations' multi-company rule reads them: under the user's
        rules, core's partner rule (``company_id parent_of company_ids``)
        would first read the companies' ``parent_path``, a third query
        whenever the record cache is cold."""
        groups = self._read_group(
            [("year", "in", (year - 1, year))], ["year"], ["member_type_id:count", *(f"{name}:sum" for name in FIGURES)]
        )
        by_year = {group_year: dict(zip(("count", *FIGURES), values, strict=True)) for group_year, *values in groups}
        domain = [("periscope_member_type_id", "!=", False), ("is_company", "=", True)]
        if not self.env.su:
            domain.append(("company_id", "in", [False, *self.env.companies.ids]))
        members = self.env["res.partner"].sudo().search_count(domain)
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
