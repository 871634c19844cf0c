# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import csv
import io
from datetime import date, timedelta

from odoo import Command, _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import float_compare, float_round, format_amount

from odoo.addons.periscope_members.tools.download import csv_download
from odoo.addons.periscope_members.tools.hub_time import day_start_utc

from .event_registration import TRAINEE_TYPE_BPF_LINES
from .periscope_training_funding import FUNDER_TYPE_BPF_LINES

MANAGER_GROUP = "periscope_training.group_periscope_training_manager"
INVOICE_TYPES = ("out_invoice", "out_refund")
# how many specialities section F-4 names; the others are added up
F4_MAIN_SPECIALITIES = 5
# the lines of the cerfa 10443, in the order of the form: (line, section)
FORM_LINES = [
    ("C-1", "c"),
    ("C-2 a", "c"),
    ("C-2 b", "c"),
    ("C-2 c", "c"),
    ("C-2 d", "c"),
    ("C-2 e", "c"),
    ("C-2 f", "c"),
    ("C-2 g", "c"),
    ("C-2 h", "c"),
    ("C-2", "c"),
    ("C-3", "c"),
    ("C-4", "c"),
    ("C-5", "c"),
    ("C-6", "c"),
    ("C-7", "c"),
    ("C-8", "c"),
    ("C-9", "c"),
    ("C-10", "c"),
    ("C-11", "c"),
    ("C-total", "c"),
    ("E-internal", "e"),
    ("E-external", "e"),
    ("E-total", "e"),
    ("F-1 a", "f1"),
    ("F-1 b", "f1"),
    ("F-1 c", "f1"),
    ("F-1 d", "f1"),
    ("F-1 e", "f1"),
    ("F-1 total", "f1"),
    ("F-3 a", "f3"),
    ("F-3 a 6-8", "f3"),
    ("F-3 a 5", "f3"),
    ("F-3 a 4", "f3"),
    ("F-3 a 3", "f3"),
    ("F-3 a 2", "f3"),
    ("F-3 a cqp", "f3"),
    ("F-3 b", "f3"),
    ("F-3 c", "f3"),
    ("F-3 d", "f3"),
    ("F-3 e", "f3"),
    ("F-3 f", "f3"),
    ("F-3 total", "f3"),
    # the main specialities (F-4 speciality lines) come before these two
    ("F-4 others", "f4"),
    ("F-4 total", "f4"),
]
# the lines that add up others
TOTAL_LINES = {"C-2", "C-total", "E-total", "F-1 total", "F-3 a", "F-3 total"}
# the line of section F-3 of each certification of a programme
RNCP_LEVEL_F3_LINES = {
    "3": "F-3 a 3",
    "4": "F-3 a 4",
    "5": "F-3 a 5",
    "6": "F-3 a 6-8",
    "7": "F-3 a 6-8",
    "8": "F-3 a 6-8",
}
CERTIFICATION_F3_LINES = {"rs": "F-3 b", "none": "F-3 d"}


def _section_lines(section, string):
    """The lines of one section of the form, as its tab lists them."""
    return fields.One2many(
        comodel_name="periscope.training.bpf.line",
        inverse_name="bpf_id",
        string=string,
        domain=[("section", "=", section)],
        readonly=True,
    )


class PeriscopeTrainingBpf(models.Model):
    """The Bilan Pédagogique et Financier (cerfa 10443) of a fiscal year: what
    the training organisation declares each year to the State. Its figures
    are computed from the posted invoices of the training funding (section
    C), the slots given (E) and the attendance of the trainees, hours signed
    or marked present only (F); the consistency checks of the form and a list
    of what is missing come with them. Once declared, it no longer changes."""

    _name = "periscope.training.bpf"
    _description = "Training BPF"
    _inherit = ["mail.thread"]
    _order = "year desc, company_id"

    name = fields.Char(compute="_compute_name", store=True)
    company_id = fields.Many2one(
        comodel_name="res.company", required=True, readonly=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    year = fields.Integer(
        required=True,
        tracking=True,
        default=lambda self: self._default_year(),
        help="The year the fiscal year ends in.",
    )
    date_from = fields.Date(
        string="From",
        compute="_compute_dates",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        tracking=True,
    )
    date_to = fields.Date(
        string="To", compute="_compute_dates", store=True, readonly=False, precompute=True, required=True, tracking=True
    )
    declaration_number = fields.Char(related="company_id.periscope_training_declaration_number", readonly=False)
    declared_number = fields.Char(
        string="Declared with the number",
        readonly=True,
        copy=False,
        help="The declaration number of the training organisation when the "
        "BPF was declared: it stays with the declaration.",
    )
    state = fields.Selection(
        selection=[("draft", "Draft"), ("done", "Declared")],
        string="Status",
        default="draft",
        required=True,
        copy=False,
        tracking=True,
    )
    computed_at = fields.Datetime(string="Computed on", readonly=True, copy=False)
    line_ids = fields.One2many(
        comodel_name="periscope.training.bpf.line", inverse_name="bpf_id", string="Lines", readonly=True
    )
    c_line_ids = _section_lines("c", "Section C")
    e_line_ids = _section_lines("e", "Section E")
    f1_line_ids = _section_lines("f1", "Section F-1")
    f3_line_ids = _section_lines("f3", "Section F-3")
    f4_line_ids = _section_lines("f4", "Section F-4")
    issue_ids = fields.One2many(
        comodel_name="periscope.training.bpf.issue", inverse_name="bpf_id", string="Checks", readonly=True
    )
    revenue = fields.Monetary(
        string="Training income",
        readonly=True,
        copy=False,
        help="Section C: the income from professional training, taxes excluded.",
    )
    trainee_count = fields.Integer(string="Trainees", readonly=True, copy=False, help="Section F-1: total.")
    trainee_hours = fields.Float(
        string="Trainee-hours",
        readonly=True,
        copy=False,
        help="Section F-1: the hours the trainees were present, added up.",
    )
    inconsistency_count = fields.Integer(string="Failed checks", compute="_compute_issue_counts")
    missing_count = fields.Integer(string="Missing data", compute="_compute_issue_counts")

    _sql_constraints = [
        ("company_year_unique", "UNIQUE(company_id, year)", "There is already a BPF for this fiscal year.")
    ]

    @api.model
    def _default_year(self):
        """The BPF of the past year is due at the end of May."""
        return fields.Date.context_today(self).year - 1

    @api.depends("year", "company_id")
    def _compute_name(self):
        for bpf in self:
            bpf.name = _("BPF %(year)s", year=bpf.year or "")

    @api.depends("year", "company_id")
    def _compute_dates(self):
        for bpf in self:
            if not bpf.year or not 1900 < bpf.year < 3000:
                bpf.date_from = bpf.date_to = False
                continue
            company = bpf.company_id or self.env.company
            # the fiscal year that ends in the year
            last_month = int(company.fiscalyear_last_month or 12)
            dates = company.compute_fiscalyear_dates(date(bpf.year, last_month, 1))
            bpf.date_from = dates["date_from"]
            bpf.date_to = dates["date_to"]

    @api.depends("issue_ids.severity")
    def _compute_issue_counts(self):
        for bpf in self:
            severities = bpf.issue_ids.mapped("severity")
            bpf.inconsistency_count = severities.count("inconsistency")
            bpf.missing_count = severities.count("missing")

    @api.constrains("year", "date_from", "date_to")
    def _check_dates(self):
        for bpf in self:
            if not 1900 < bpf.year < 3000:
                raise ValidationError(_("%(year)s is not a year.", year=bpf.year))
            if bpf.date_to < bpf.date_from:
                raise ValidationError(_("The fiscal year of the BPF ends before it starts."))
            if (bpf.date_to - bpf.date_from).days > 366 * 2:
                raise ValidationError(_("A fiscal year of the BPF lasts at most two years."))

    # ------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("state", "draft") != "draft" or {"line_ids", "issue_ids", "declared_number"} & set(vals):
                raise UserError(_("A BPF is created in draft, then computed and declared."))
            company = self.env["res.company"].browse(vals.get("company_id") or self.env.company.id)
            year = vals.setdefault("year", self._default_year())
            self._check_year_value(year)
            self._check_year_free(company, year)
        return super().create(vals_list)

    def write(self, vals):
        if "declared_number" in vals:
            raise UserError(_("A BPF takes its number when it is declared."))
        if set(vals) - {"state", "message_main_attachment_id"}:
            self._check_draft()
        to_declare = self.browse()
        if vals.get("state") == "done":
            to_declare = self.filtered(lambda bpf: bpf.state != "done")
            to_declare._check_declarable()
        if "year" in vals:
            self._check_year_value(vals["year"])
            for bpf in self:
                bpf._check_year_free(bpf.company_id, vals["year"], bpf)
        if vals.get("state") == "draft":
            vals = {**vals, "declared_number": False}
        res = super().write(vals)
        for bpf in to_declare:
            # the number it is declared with stays with the declaration
            super(PeriscopeTrainingBpf, bpf).write({"declared_number": bpf.declaration_number})
        return res

    @api.model
    def _check_year_value(self, year):
        if not isinstance(year, int) or not 1900 < year < 3000:
            raise ValidationError(_("%(year)s is not a year.", year=year))

    @api.model
    def _check_year_free(self, company, year, bpf=None):
        """One BPF per fiscal year: a second declaration is refused."""
        if not year:
            return
        domain = [("company_id", "=", company.id), ("year", "=", year)]
        if bpf:
            domain.append(("id", "!=", bpf.id))
        # sudo: whatever the multi-company rules show
        if self.sudo().search_count(domain, limit=1):
            raise ValidationError(
                _(
                    "%(company)s already has a BPF for %(year)s: there is one declaration per fiscal year.",
                    company=company.name,
                    year=year,
                )
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_declared(self):
        self._check_draft()

    def _check_draft(self):
        declared = self.filtered(lambda bpf: bpf.state == "done")
        if declared:
            raise UserError(
                _("%(bpf)s is declared: it no longer changes. Set it back to draft first.", bpf=declared[0].name)
            )

    # ------------------------------------------------------------ actions
    @api.model
    def _periscope_demo_compute(self, ids):
        """The demo's BPF computed in the language of the user who installs
        the demo (its checks are written in it; data files run without a
        language). Called by the demo data only."""
        bpfs = self.browse(ids).with_context(lang=self.env.user.lang or "en_US")
        return bpfs.action_compute()

    def action_compute(self):
        """Compute the figures of the form and its checks again."""
        self._check_manager()
        self._check_draft()
        for bpf in self:
            bpf._compute_figures()
        return True

    def action_declare(self):
        """The BPF is declared: its figures no longer change."""
        self._check_manager()
        self.write({"state": "done"})
        return True

    def _check_declarable(self):
        """A BPF is declared once computed, and only if it passes the
        consistency checks of the form: on every path to its declaration."""
        self._check_manager()
        for bpf in self:
            if not bpf.computed_at:
                raise UserError(_("Compute %(bpf)s before declaring it.", bpf=bpf.name))
            if bpf.inconsistency_count:
                raise UserError(
                    _(
                        "%(bpf)s fails %(count)s consistency checks of the form: "
                        "correct the data and compute it again before declaring it.",
                        bpf=bpf.name,
                        count=bpf.inconsistency_count,
                    )
                )

    def action_draft(self):
        self._check_manager()
        self.write({"state": "draft"})
        return True

    def action_export_csv(self):
        """The figures as a CSV file, in the order of the form."""
        self.ensure_one()
        self.check_access("read")
        return csv_download(self, self._csv_filename(), self._csv_content())

    def _check_manager(self):
        if not (self.env.su or self.env.user.has_group(MANAGER_GROUP)):
            raise AccessError(_("Only a training administrator computes and declares the BPF."))

    # ------------------------------------------------------------ figures
    def _compute_figures(self):
        """Replace the lines and the checks of the BPF: a fixed number of
        queries, however many trainees the year had."""
        self.ensure_one()
        figures = {line: {} for line, __ in FORM_LINES}
        issues = []
        self._figures_c_income(figures, issues)
        self._figures_e_trainers(figures, issues)
        specialities = self._figures_f_trainees(figures, issues)
        self._add_totals(figures)
        self._check_consistency(figures, specialities, issues)
        if not self.declaration_number:
            issues.append(
                self._issue(
                    "missing",
                    _(
                        "The declaration number of the training organisation "
                        "(numéro de déclaration d'activité) is not given."
                    ),
                )
            )
        self.write(
            {
                "line_ids": self._line_commands(figures, specialities),
                "issue_ids": [Command.clear()]
                + [Command.create({"sequence": index, **issue}) for index, issue in enumerate(issues)],
                "revenue": figures["C-total"].get("amount", 0.0),
                "trainee_count": figures["F-1 total"].get("count", 0),
                "trainee_hours": figures["F-1 total"].get("hours", 0.0),
                "computed_at": fields.Datetime.now(),
            }
        )

    @staticmethod
    def _line_commands(figures, specialities):
        """The lines of the form, in its order, the main specialities of F-4
        before its "others"."""
        line_commands = [Command.clear()]
        sequence = 0
        for line, section in FORM_LINES:
            if line == "F-4 others":
                for speciality in specialities:
                    sequence += 1
                    line_commands.append(
                        Command.create(
                            {
                                "sequence": sequence,
                                "section": "f4",
                                "line": "F-4",
                                "nsf_code": speciality["code"],
                                "nsf_label": speciality["label"],
                                "trainee_count": speciality["count"],
                                "hours": speciality["hours"],
                            }
                        )
                    )
            sequence += 1
            values = figures[line]
            line_commands.append(
                Command.create(
                    {
                        "sequence": sequence,
                        "section": section,
                        "line": line,
                        "trainee_count": values.get("count", 0),
                        "hours": values.get("hours", 0.0),
                        "amount": values.get("amount", 0.0),
                    }
                )
            )
        return line_commands

    def _period_datetimes(self):
        """The fiscal year, as naive UTC datetimes [start, end[ of its days in
        the company's time zone."""
        tz_name = self.company_id.partner_id.tz
        return (
            fields.Datetime.to_string(day_start_utc(self.date_from, tz_name)),
            fields.Datetime.to_string(day_start_utc(self.date_to + timedelta(days=1), tz_name)),
        )

    def _invoice_line_domain(self):
        return [
            ("company_id", "=", self.company_id.id),
            ("parent_state", "=", "posted"),
            ("move_id.move_type", "in", INVOICE_TYPES),
            ("display_type", "=", "product"),
            ("date", ">=", self.date_from),
            ("date", "<=", self.date_to),
        ]

    def _figures_c_income(self, figures, issues):
        """Section C: the income of the year from the posted invoices of the
        training funding (minus their credit notes), by the funders' line."""
        # sudo: the training administrator counts what the invoices bill
        Line = self.env["account.move.line"].sudo()
        domain = self._invoice_line_domain()
        for field in ("periscope_training_funder_type", "periscope_training_refunded_funder_type"):
            source = field.replace("funder_type", "funding_id")
            for funder_type, balance in Line._read_group(domain + [(source, "!=", False)], [field], ["balance:sum"]):
                line = FUNDER_TYPE_BPF_LINES[funder_type]
                amount = figures[line].get("amount", 0.0) - balance
                figures[line]["amount"] = amount
        self._unsourced_income_issues(issues, domain)
        self._draft_funding_invoice_issues(issues)

    def _unsourced_income_issues(self, issues, domain):
        """Income from training invoiced without a funding line (``domain``,
        the invoice lines of the year): no line of the form says where it
        comes from."""
        product = self.env.ref("periscope_training.product_training", raise_if_not_found=False)
        if product:
            # sudo: the training administrator counts what the invoices bill
            Line = self.env["account.move.line"].sudo()
            unsourced = Line._read_group(
                domain
                + [
                    ("product_id", "=", product.id),
                    ("periscope_training_funding_id", "=", False),
                    ("periscope_training_refunded_funding_id", "=", False),
                ],
                ["move_id"],
                ["balance:sum"],
            )
            if unsourced:
                moves = self.env["account.move"].union(*(m for m, __ in unsourced))
                amount = -sum(balance for __, balance in unsourced)
                issues.append(
                    self._issue(
                        "inconsistency",
                        _(
                            "%(amount)s of training income on %(count)s invoices "
                            "has no source line: they bill the training without "
                            "a funding line of a registration (%(invoices)s).",
                            amount=self._amount_label(amount),
                            count=len(moves),
                            invoices=self._short_list(moves.mapped("name")),
                        ),
                        "account.move",
                        [("id", "in", moves.ids)],
                    )
                )

    def _draft_funding_invoice_issues(self, issues):
        """The draft invoices of training funding of the year, not counted:
        a draft is of the year by its date, or, undated, by its session's."""
        start, end = self._period_datetimes()
        drafts = (
            self.env["account.move"]
            .sudo()
            .search(
                [
                    ("company_id", "=", self.company_id.id),
                    ("state", "=", "draft"),
                    ("move_type", "in", INVOICE_TYPES),
                    ("line_ids.periscope_training_funding_id", "!=", False),
                    "|",
                    "&",
                    ("invoice_date", "=", False),
                    "|",
                    ("periscope_training_event_id", "=", False),
                    "&",
                    ("periscope_training_event_id.date_begin", ">=", start),
                    ("periscope_training_event_id.date_begin", "<", end),
                    "&",
                    ("invoice_date", ">=", self.date_from),
                    ("invoice_date", "<=", self.date_to),
                ]
            )
        )
        if drafts:
            issues.append(
                self._issue(
                    "missing",
                    _(
                        "%(count)s draft invoices of training funding are not posted: their income is not counted.",
                        count=len(drafts),
                    ),
                    "account.move",
                    [("id", "in", drafts.ids)],
                )
            )

    def _figures_e_trainers(self, figures, issues):
        """Section E: the people who gave the slots of the year, of the
        organisation or from outside it, and their hours."""
        start, end = self._period_datetimes()
        Slot = self.env["periscope.training.slot"].sudo()
        domain = [
            ("company_id", "in", (self.company_id.id, False)),
            ("state", "=", "planned"),
            ("is_training", "=", True),
            ("event_id.training_state", "!=", "draft"),
            ("start", ">=", start),
            ("start", "<", end),
        ]
        groups = Slot._read_group(domain, ["trainer_id"], ["hours:sum", "__count"])
        trainers = self.env["res.partner"].union(*(t for t, __, __ in groups if t))
        internal = self._internal_trainers(trainers)
        for trainer, hours, count in groups:
            if not trainer:
                issues.append(
                    self._issue(
                        "missing",
                        _(
                            "%(count)s slots of the year have no trainer: their hours are not in section E.",
                            count=count,
                        ),
                        "periscope.training.slot",
                        domain + [("trainer_id", "=", False)],
                    )
                )
                continue
            line = figures["E-internal" if trainer in internal else "E-external"]
            line["count"] = line.get("count", 0) + 1
            line["hours"] = line.get("hours", 0.0) + hours
        unsigned = Slot.search_count(domain + [("trainer_signed_at", "=", False), ("stop", "<", end)])
        if unsigned:
            issues.append(
                self._issue(
                    "missing",
                    _("The trainer did not sign the attendance sheet of %(count)s slots of the year.", count=unsigned),
                    "periscope.training.slot",
                    domain + [("trainer_signed_at", "=", False)],
                )
            )

    def _internal_trainers(self, trainers):
        """Those of ``trainers`` who work for the organisation: its people,
        or users of the backend."""
        # sudo: whether a trainer works for the organisation
        return (
            self.env["res.partner"]
            .sudo()
            .with_context(active_test=False)
            .search(
                [
                    ("id", "in", trainers.ids),
                    "|",
                    ("commercial_partner_id", "=", self.company_id.partner_id.id),
                    ("user_ids.share", "=", False),
                ]
            )
        )

    def _attendance_domain(self):
        start, end = self._period_datetimes()
        return [
            ("company_id", "in", (self.company_id.id, False)),
            ("slot_id.state", "=", "planned"),
            ("slot_start", ">=", start),
            ("slot_start", "<", end),
        ]

    def _figures_f_trainees(self, figures, issues):
        """Section F: the trainees present at the slots of the year — their
        number and the hours they were present, never the hours planned — by
        kind of trainee (F-1), by certification (F-3) and by speciality (F-4).
        Returns the main specialities of F-4."""
        base = self._attendance_domain()
        present = base + [("state", "=", "present")]
        self._figures_f1_by_trainee_type(figures, issues, present)
        self._figures_f3_by_certification(figures, issues, present)
        main = self._figures_f4_by_speciality(figures, issues, present)
        self._attendance_sheet_issues(issues, base, present)
        return main

    def _present_groups(self, present, groupby):
        """The trainees present (``present``, a domain of attendances) and
        their hours, grouped by ``groupby``."""
        # sudo: the training administrator counts the attendances of all
        return (
            self.env["periscope.training.attendance"]
            .sudo()
            ._read_group(present, groupby, ["registration_id:count_distinct", "attended_hours:sum"])
        )

    def _figures_f1_by_trainee_type(self, figures, issues, present):
        for trainee_type, count, hours in self._present_groups(present, ["trainee_type"]):
            if trainee_type:
                self._add_trainees(figures, TRAINEE_TYPE_BPF_LINES[trainee_type], count, hours)
                continue
            issues.append(
                self._issue(
                    "missing",
                    _(
                        "The kind of trainee of %(count)s trainees is not given: they are not in section F-1.",
                        count=count,
                    ),
                    "event.registration",
                    [("attendance_ids", "any", present), ("trainee_type", "=", False)],
                )
            )

    def _figures_f3_by_certification(self, figures, issues, present):
        """F-3: by objective, the programme's certification."""
        for certification, level, count, hours in self._present_groups(present, ["certification", "rncp_level"]):
            if certification == "rncp":
                line = RNCP_LEVEL_F3_LINES.get(level)
            else:
                line = CERTIFICATION_F3_LINES.get(certification)
            if line:
                self._add_trainees(figures, line, count, hours)
                continue
            issues.append(
                self._issue(
                    "missing",
                    _(
                        "%(count)s trainees follow a programme whose "
                        "certification or RNCP level is not given: they are "
                        "not in section F-3.",
                        count=count,
                    ),
                    "periscope.training.programme",
                    [
                        ("event_ids.registration_ids.attendance_ids", "any", present),
                        "|",
                        ("certification", "=", False),
                        "&",
                        ("certification", "=", "rncp"),
                        ("rncp_level", "=", False),
                    ],
                )
            )

    def _figures_f4_by_speciality(self, figures, issues, present):
        """F-4: by speciality of the programme (its NSF code); returns the
        main specialities, the others added up in "F-4 others"."""
        specialities = {}
        for code, label, count, hours in self._present_groups(present, ["nsf_code", "nsf_label"]):
            if not code:
                issues.append(
                    self._issue(
                        "missing",
                        _(
                            "%(count)s trainees follow a programme without an NSF code: they are not in section F-4.",
                            count=count,
                        ),
                        "periscope.training.programme",
                        [("event_ids.registration_ids.attendance_ids", "any", present), ("nsf_code", "=", False)],
                    )
                )
                continue
            code = code.strip().lower()
            speciality = specialities.setdefault(code, {"code": code, "label": label, "count": 0, "hours": 0.0})
            speciality["label"] = speciality["label"] or label
            speciality["count"] += count
            speciality["hours"] += hours
        ranked = sorted(specialities.values(), key=lambda s: (-s["hours"], -s["count"], s["code"]))
        for speciality in ranked[F4_MAIN_SPECIALITIES:]:
            self._add_trainees(figures, "F-4 others", speciality["count"], speciality["hours"])
        for speciality in ranked:
            self._add_trainees(figures, "F-4 total", speciality["count"], speciality["hours"])
        return ranked[:F4_MAIN_SPECIALITIES]

    def _attendance_sheet_issues(self, issues, base, present):
        """What the attendance sheets of the year lack: past attendances not
        marked, presences without the trainee's signature."""
        Attendance = self.env["periscope.training.attendance"].sudo()
        now = fields.Datetime.to_string(fields.Datetime.now())
        past_to_mark = base + [("state", "=", "to_mark"), ("slot_id.stop", "<", now)]
        to_mark = Attendance.search_count(past_to_mark)
        if to_mark:
            issues.append(
                self._issue(
                    "missing",
                    _(
                        "%(count)s attendances of past slots of the year are "
                        "still to mark: their hours are not counted.",
                        count=to_mark,
                    ),
                    "periscope.training.attendance",
                    past_to_mark,
                )
            )
        unsigned_domain = present + [("signed_at", "=", False)]
        unsigned = Attendance.search_count(unsigned_domain)
        if unsigned:
            issues.append(
                self._issue(
                    "missing",
                    _(
                        "%(count)s attendances marked present have no signature "
                        "of the trainee on the attendance sheet.",
                        count=unsigned,
                    ),
                    "periscope.training.attendance",
                    unsigned_domain,
                )
            )

    @staticmethod
    def _issue(severity, name, res_model=None, res_domain=None):
        """A check of the form: ``severity`` "missing" or "inconsistency",
        what is wrong, and the records to open to settle it."""
        issue = {"severity": severity, "name": name}
        if res_model:
            issue.update(res_model=res_model, res_domain=res_domain)
        return issue

    @staticmethod
    def _add_trainees(figures, line, count, hours):
        """Add ``count`` trainees and their ``hours`` to ``line``."""
        figures[line]["count"] = figures[line].get("count", 0) + count
        figures[line]["hours"] = figures[line].get("hours", 0.0) + hours

    @staticmethod
    def _add_totals(figures):
        def total(lines, key, zero):
            return sum((figures[line].get(key, zero) for line in lines), zero)

        parts = {
            "C-2": [line for line, __ in FORM_LINES if line.startswith("C-2 ")],
            "C-total": [
                line
                for line, section in FORM_LINES
                if section == "c" and line not in TOTAL_LINES and line[:4] != "C-2 "
            ]
            + ["C-2"],
            "E-total": ["E-internal", "E-external"],
            "F-1 total": [line for line in figures if line.startswith("F-1 ")],
            "F-3 a": [line for line in figures if line.startswith("F-3 a ")],
            "F-3 total": ["F-3 a", "F-3 b", "F-3 c", "F-3 d", "F-3 e", "F-3 f"],
        }
        for line in ("C-2", "C-total", "E-total", "F-3 a", "F-3 total", "F-1 total"):
            lines = [part for part in parts[line] if part != line]
            figures[line] = {
                "count": total(lines, "count", 0),
                "hours": total(lines, "hours", 0.0),
                "amount": total(lines, "amount", 0.0),
            }

    def _check_consistency(self, figures, specialities, issues):
        """The checks of the form: the trainees and their hours add up to the
        same totals in F-1, F-3 and F-4."""
        totals = {"F-1": figures["F-1 total"], "F-3": figures["F-3 total"], "F-4": figures["F-4 total"]}
        reference = totals["F-1"]
        for section in ("F-3", "F-4"):
            other = totals[section]
            if other.get("count", 0) != reference.get("count", 0) or float_compare(
                other.get("hours", 0.0), reference.get("hours", 0.0), precision_digits=2
            ):
                issues.append(
                    self._issue(
                        "inconsistency",
                        _(
                            "Section %(section)s counts %(count)s trainees and "
                            "%(hours)s hours, section F-1 %(f1_count)s trainees "
                            "and %(f1_hours)s hours: they must agree.",
                            section=section,
                            count=other.get("count", 0),
                            hours=float_round(other.get("hours", 0.0), 2),
                            f1_count=reference.get("count", 0),
                            f1_hours=float_round(reference.get("hours", 0.0), 2),
                        ),
                    )
                )

    # ------------------------------------------------------------ output
    def _amount_label(self, amount):
        return format_amount(self.env, amount, self.currency_id)

    @staticmethod
    def _short_list(names, limit=5):
        """The first ``limit`` names, then an ellipsis when there are more."""
        names = [name for name in names if name]
        shown = ", ".join(names[:limit])
        return shown + (", …" if len(names) > limit else "")

    def _csv_filename(self):
        return f"BPF-{self.year}.csv"

    def _csv_content(self):
        """The lines of the form, in its order: section, line, label, number of
        trainees or people, hours, amount (decimal comma, semicolons)."""
        self.ensure_one()
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
        writer.writerow([_("Section"), _("Line"), _("Label"), _("Number"), _("Hours"), _("Amount")])
        sections = dict(self.env["periscope.training.bpf.line"]._fields["section"]._description_selection(self.env))
        for line in self.line_ids.sorted("sequence"):
            writer.writerow(
                [
                    sections[line.section],
                    line.code,
                    line.name,
                    line.trainee_count if line.section != "c" else "",
                    self._decimal(line.hours) if line.section != "c" else "",
                    self._decimal(line.amount) if line.section == "c" else "",
                ]
            )
        return buffer.getvalue()

    def _decimal(self, value):
        """``1234,50``: two decimals, the decimal separator of the language."""
        lang = self.env["res.lang"]._get_data(code=self.env.lang or "en_US")
        return f"{value:.2f}".replace(".", lang.decimal_point or ".")
