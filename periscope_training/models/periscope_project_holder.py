# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.periscope_members.models.number_bounds import INTEGER_MAX, check_number, check_numbers

from .flags import ERASURE, is_raised, raised
from .personal_data import moment, selection_labels

# the version of the consent text the reception reads to the project holder
CONSENT_VERSION = "2026-01"
# who receives the project holders: the training staff and the reception
STAFF_GROUPS = (
    "periscope_training.group_periscope_training_user",
    "periscope_coworking.group_periscope_coworking_user",
)
# raised by the consent's own actions (see flags.py): the only way to write it
CONSENT = "project_holder_consent"
CONSENT_FIELDS = {"consent_date", "consent_version"}
# what the project holder told the reception about their project, in their
# words: erased on their request (the stage, the legal form, the needs and
# the outcome stay, for the hub's yearly figures)
FREE_TEXT_FIELDS = ("project_name", "description", "business_name", "stop_reason")
NEEDS = ("need_training", "need_coaching", "need_funding", "need_premises")


class PeriscopeProjectHolder(models.Model):
    """A person received at the hub's reception with a business project
    (accueil-orientation): their project, their needs, their consent to share
    their data with the support structures they are referred to, their
    referrals to those structures, the pathway an accepted referral opens,
    and what became of the project."""

    _name = "periscope.project.holder"
    _description = "Project Holder"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "intake_date desc, id desc"
    _rec_names_search = ["partner_id", "project_name"]

    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Project holder",
        required=True,
        index=True,
        ondelete="restrict",
        domain=[("is_company", "=", False)],
        tracking=True,
    )
    email = fields.Char(related="partner_id.email", readonly=False)
    phone = fields.Char(related="partner_id.phone", readonly=False)
    project_name = fields.Char(string="Project", tracking=True)
    description = fields.Text(string="The project")
    stage = fields.Selection(
        selection=[("idea", "Idea"), ("creation", "Creation"), ("consolidation", "Consolidation")],
        required=True,
        default="idea",
        tracking=True,
    )
    legal_form = fields.Selection(
        selection=[
            ("association", "Association"),
            ("scop", "SCOP"),
            ("scic", "SCIC"),
            ("cae", "Employee of a CAE"),
            ("company_esus", "Company with the ESUS approval"),
            ("company", "Commercial company"),
            ("sole_trader", "Sole trader or micro-enterprise"),
            ("undecided", "Not decided yet"),
        ],
        string="Legal form sought",
        default="undecided",
        tracking=True,
    )
    sector_ids = fields.Many2many(
        comodel_name="periscope.sector",
        relation="periscope_project_holder_sector_rel",
        column1="project_holder_id",
        column2="sector_id",
        string="Sectors",
    )
    need_training = fields.Boolean(string="Training")
    need_coaching = fields.Boolean(string="Coaching")
    need_funding = fields.Boolean(string="Funding")
    need_premises = fields.Boolean(string="Premises")
    intake_date = fields.Date(string="Received on", required=True, default=fields.Date.context_today, tracking=True)
    received_by_id = fields.Many2one(
        comodel_name="res.users", string="Received by", default=lambda self: self.env.user, tracking=True
    )
    consent_date = fields.Datetime(
        string="Consent given on",
        readonly=True,
        copy=False,
        tracking=True,
        help="When the project holder agreed that their data are shared with "
        "the support structures they are referred to. Without it, no referral.",
    )
    consent_version = fields.Char(readonly=True, copy=False)
    consent_log_ids = fields.One2many(
        comodel_name="periscope.project.holder.consent",
        inverse_name="project_holder_id",
        string="Consent history",
        readonly=True,
        help="Each consent given or withdrawn: when, recorded by whom, and the "
        "version of the text read to the project holder.",
    )
    referral_ids = fields.One2many(
        comodel_name="periscope.referral", inverse_name="project_holder_id", string="Referrals", copy=False
    )
    pathway_id = fields.Many2one(
        comodel_name="periscope.training.pathway", copy=False, readonly=True, index="btree_not_null"
    )
    state = fields.Selection(
        selection=[
            ("received", "Received"),
            ("oriented", "Oriented"),
            ("accompanied", "Accompanied"),
            ("created", "Business created"),
            ("stopped", "Project stopped"),
        ],
        string="Status",
        compute="_compute_state",
        store=True,
        tracking=True,
        help="Received at the reception; oriented once referred to a "
        "structure; accompanied once a structure accepted; then the outcome.",
    )
    next_step = fields.Char(compute="_compute_state", store=True)
    needs_orientation = fields.Boolean(
        compute="_compute_state",
        store=True,
        help="No referral is waiting for an answer or accepted: the reception orients the project holder again.",
    )
    outcome = fields.Selection(
        selection=[("created", "Business created"), ("stopped", "Project stopped")], tracking=True, copy=False
    )
    outcome_date = fields.Date(tracking=True, copy=False)
    business_name = fields.Char(string="Business", copy=False)
    business_legal_form = fields.Selection(
        selection=lambda self: self._fields["legal_form"].selection, string="Legal form of the business", copy=False
    )
    jobs_created = fields.Integer(copy=False, tracking=True)
    stop_reason = fields.Text(string="Why the project stopped", copy=False)
    company_id = fields.Many2one(
        comodel_name="res.company", required=True, index=True, default=lambda self: self.env.company
    )

    @api.depends("referral_ids.state", "outcome", "consent_date")
    def _compute_state(self):
        for holder in self:
            states = holder.referral_ids.mapped("state")
            if holder.outcome:
                holder.state = holder.outcome
                holder.next_step = False
                holder.needs_orientation = False
                continue
            if "accepted" in states:
                holder.state = "accompanied"
            elif states:
                holder.state = "oriented"
            else:
                holder.state = "received"
            waiting = "pending" in states or "accepted" in states
            holder.needs_orientation = not waiting
            if not holder.consent_date:
                holder.next_step = _("Record the consent to share the data")
            elif "accepted" in states:
                holder.next_step = _("Follow the pathway")
            elif "pending" in states:
                holder.next_step = _("Wait for the structure's answer")
            elif states:
                holder.next_step = _("Orient again: the referral was declined")
            else:
                holder.next_step = _("Refer to a support structure")

    @api.depends("partner_id", "project_name")
    def _compute_display_name(self):
        for holder in self:
            holder.display_name = " — ".join(filter(None, (holder.partner_id.name, holder.project_name)))

    @api.constrains("outcome", "outcome_date", "intake_date", "jobs_created")
    def _check_outcome(self):
        for holder in self:
            if holder.outcome and not holder.outcome_date:
                raise ValidationError(_("Give the date of the outcome of %(holder)s.", holder=holder.display_name))
            holder._check_outcome_date(holder.outcome_date)
            if holder.jobs_created < 0:
                raise ValidationError(_("The number of jobs created cannot be negative."))

    @api.constrains("partner_id")
    def _check_partner_is_person(self):
        for holder in self:
            if holder.partner_id.is_company:
                raise ValidationError(
                    _("A project holder is a person, not an organisation: %(partner)s.", partner=holder.partner_id.name)
                )

    # ------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            check_numbers(self, vals, in_place=True)
            if CONSENT_FIELDS & set(vals):
                raise UserError(
                    _(
                        "The consent of a project holder is recorded with Record "
                        "the consent, once the text is read to them."
                    )
                )
        return super().create(vals_list)

    def write(self, vals):
        check_numbers(self, vals, in_place=True)
        if CONSENT_FIELDS & set(vals) and not is_raised(self.env, CONSENT, self):
            # who may not write at all is told so first
            self.check_access("write")
            raise UserError(
                _(
                    "The consent of a project holder is recorded or withdrawn "
                    "only with its buttons, which keep its history."
                )
            )
        return super().write(vals)

    # ------------------------------------------------------------ actions
    def _check_staff(self):
        """Only the hub's reception and training staff receive the project
        holders."""
        user = self.env.user
        if not (self.env.su or any(user.has_group(g) for g in STAFF_GROUPS)):
            raise AccessError(_("Only the hub's reception and training staff receive project holders."))

    def action_record_consent(self):
        """The project holder agrees that their data are shared with the
        structures they are referred to (the reception reads them the text):
        when, recorded by whom and the version of the text are kept."""
        self._check_staff()
        to_record = self.filtered(lambda h: not h.consent_date)
        if not to_record:
            return True
        now = fields.Datetime.now()
        with raised(self.env, CONSENT, to_record):
            to_record.write({"consent_date": now, "consent_version": CONSENT_VERSION})
        to_record._log_consent("given", now, CONSENT_VERSION)
        return True

    def action_withdraw_consent(self):
        """The project holder withdraws their consent: the structures no
        longer see them, at once; the history of the consent stays."""
        self._check_staff()
        to_withdraw = self.filtered("consent_date")
        if not to_withdraw:
            return True
        now = fields.Datetime.now()
        versions = {holder.id: holder.consent_version for holder in to_withdraw}
        with raised(self.env, CONSENT, to_withdraw):
            to_withdraw.write({"consent_date": False, "consent_version": False})
        for holder in to_withdraw:
            holder._log_consent("withdrawn", now, versions[holder.id])
        return True

    def _log_consent(self, kind, when, version):
        # sudo: nobody writes the consent's history but these actions
        self.env["periscope.project.holder.consent"].sudo().create(
            [
                {
                    "project_holder_id": holder.id,
                    "kind": kind,
                    "date": when,
                    "user_id": self.env.user.id,
                    "version": version,
                }
                for holder in self
            ]
        )
        for holder in self:
            if kind == "given":
                body = _("Consent to share the data given (text version %(version)s).", version=version or "")
            else:
                body = _(
                    "Consent to share the data withdrawn (text version "
                    "%(version)s): the support structures no longer see the "
                    "project holder.",
                    version=version or "",
                )
            holder.message_post(body=body, subtype_xmlid="mail.mt_note")

    def action_refer(self, structures, reason):
        """Refer the project holder to each of ``structures`` (support
        structures of the hub, records or ids) with the reason."""
        self.ensure_one()
        self._check_staff()
        if not isinstance(structures, models.BaseModel):
            ids = structures if isinstance(structures, list | tuple) else [structures]
            if not all(isinstance(i, int) and not isinstance(i, bool) for i in ids):
                raise UserError(_("Choose the support structures to refer to."))
            structures = self.env["res.partner"].browse(ids)
        return self.env["periscope.referral"].create(
            [{"project_holder_id": self.id, "structure_id": structure.id, "reason": reason} for structure in structures]
        )

    def action_business_created(self, date, jobs=0, business_name=None, legal_form=None):
        """The project became a business on ``date``, with ``jobs`` jobs."""
        self.ensure_one()
        self._check_staff()
        date = self._outcome_date_value(date)
        jobs = check_number(self, "jobs_created", jobs or 0, (0, INTEGER_MAX))
        self._check_outcome_date(date)
        if business_name and not isinstance(business_name, str):
            raise UserError(_("The name of the business is a text."))
        legal_forms = dict(self._fields["legal_form"]._description_selection(self.env))
        if legal_form and (not isinstance(legal_form, str) or legal_form not in legal_forms):
            raise UserError(_("Choose the legal form of the business in the list."))
        self.write(
            {
                "outcome": "created",
                "outcome_date": date,
                "jobs_created": jobs,
                "business_name": business_name,
                "business_legal_form": legal_form or self.legal_form,
            }
        )
        # sudo: the outcome, recorded by the reception, ends the pathway
        if self.pathway_id.sudo().state == "open":
            self.pathway_id.sudo().action_complete()
        return True

    def action_project_stopped(self, date, reason):
        self.ensure_one()
        self._check_staff()
        if not isinstance(reason, str) or not reason.strip():
            raise UserError(_("Say why the project stopped."))
        date = self._outcome_date_value(date)
        self._check_outcome_date(date)
        self.write({"outcome": "stopped", "outcome_date": date, "stop_reason": reason})
        # sudo: the outcome, recorded by the reception, ends the pathway
        if self.pathway_id.sudo().state == "open":
            self.pathway_id.sudo().action_stop()
        return True

    @api.model
    def _outcome_date_value(self, value):
        """``value`` as a date, or a clear error."""
        try:
            date = fields.Date.to_date(value)
        except (TypeError, ValueError):
            date = None
        if not date:
            raise ValidationError(_("Give the date of the outcome, e.g. 2026-03-31."))
        return date

    def _check_outcome_date(self, date):
        self.ensure_one()
        if date and date < self.intake_date:
            raise ValidationError(
                _(
                    "The outcome of %(holder)s cannot be dated before they were received (%(intake)s).",
                    holder=self.display_name,
                    intake=self.intake_date,
                )
            )

    def _open_pathway(self, structure):
        """The pathway of the project holder, opened (coordinated by
        ``structure``) or extended by an accepted referral."""
        self.ensure_one()
        Pathway = self.env["periscope.training.pathway"].sudo()
        pathway = self.pathway_id.sudo() or Pathway.search(
            [("partner_id", "=", self.partner_id.id), ("company_id", "=", self.company_id.id)], limit=1
        )
        if not pathway:
            pathway = Pathway.create(
                {"partner_id": self.partner_id.id, "coordinator_id": structure.id, "company_id": self.company_id.id}
            )
        elif pathway.state != "open":
            pathway.action_reopen()
        if not pathway.coordinator_id:
            pathway.coordinator_id = structure
        pathway.message_post(
            body=_(
                "%(structure)s accepted to support %(holder)s.", structure=structure.name, holder=self.partner_id.name
            )
        )
        self.sudo().pathway_id = pathway
        return pathway

    @api.model
    def _year_figures(self, year, company=None):
        """The figures of ``year`` for the key figures and the funders:
        project holders received, oriented (referred at least once),
        accompanied (a referral accepted), businesses created and jobs."""
        company = company or self.env.company
        start, end = (fields.Date.to_date(f"{year}-01-01"), fields.Date.to_date(f"{year}-12-31"))
        Holder = self.sudo()
        base = [("company_id", "=", company.id)]
        received = Holder.search_count(base + [("intake_date", ">=", start), ("intake_date", "<=", end)])
        Referral = self.env["periscope.referral"].sudo()
        in_year = [("create_date", ">=", start), ("create_date", "<", end + relativedelta(days=1))]
        oriented = len(Referral._read_group(base + in_year, ["project_holder_id"], []))
        accompanied = len(
            Referral._read_group(
                base
                + [
                    ("state", "=", "accepted"),
                    ("answered_at", ">=", start),
                    ("answered_at", "<", end + relativedelta(days=1)),
                ],
                ["project_holder_id"],
                [],
            )
        )
        [[created, jobs]] = Holder._read_group(
            base + [("outcome", "=", "created"), ("outcome_date", ">=", start), ("outcome_date", "<=", end)],
            [],
            ["__count", "jobs_created:sum"],
        )
        return {
            "received": received,
            "oriented": oriented,
            "accompanied": accompanied,
            "created": created,
            "jobs": jobs or 0,
        }

    # ------------------------------------------------------------ personal data
    def _periscope_personal_data_export(self):
        """What the reception recorded about these project holders,
        JSON-ready: their project, their needs, the history of their consent
        and their referrals; a fixed number of queries, however many."""
        labels = {fname: selection_labels(self, fname) for fname in ("stage", "legal_form", "state", "outcome")}
        need_labels = {fname: self._fields[fname]._description_string(self.env) for fname in NEEDS}
        consent_labels = selection_labels(self.env["periscope.project.holder.consent"], "kind")
        referral_labels = selection_labels(self.env["periscope.referral"], "state")
        return [
            {
                "received_on": moment(holder.intake_date),
                "project": holder.project_name or None,
                "description": holder.description or None,
                "stage": labels["stage"].get(holder.stage),
                "legal_form_sought": labels["legal_form"].get(holder.legal_form),
                "sectors": holder.sector_ids.mapped("name"),
                "needs": [need_labels[fname] for fname in NEEDS if holder[fname]],
                "state": labels["state"].get(holder.state),
                "outcome": labels["outcome"].get(holder.outcome),
                "outcome_date": moment(holder.outcome_date),
                "business": holder.business_name or None,
                "jobs_created": holder.jobs_created,
                "why_stopped": holder.stop_reason or None,
                "consent": [
                    {
                        "consent": consent_labels.get(log.kind),
                        "date": moment(log.date),
                        "recorded_by": log.user_id.name or None,
                        "text_version": log.version or None,
                    }
                    for log in holder.consent_log_ids
                ],
                "referrals": [
                    {
                        "structure": referral.structure_id.name,
                        "date": moment(referral.date),
                        "reason": referral.reason,
                        "state": referral_labels.get(referral.state),
                        "answer": referral.answer or None,
                        "answered_at": moment(referral.answered_at),
                    }
                    for referral in holder.referral_ids
                ],
            }
            for holder in self
        ]

    def _periscope_personal_data_erase(self):
        """Erase what the project holders told about their project and what
        was written about them in their referrals; their consent is
        withdrawn (the structures no longer see them), its history stays:
        when, recorded by whom, which version of the text."""
        # untracked: the history would keep what is erased
        holders = self.with_context(tracking_disable=True)
        holders.write(dict.fromkeys(FREE_TEXT_FIELDS, False))
        referrals = holders.referral_ids
        with raised(self.env, ERASURE, referrals):
            referrals.write({"reason": _("Erased on the person's request."), "answer": False})
        holders.action_withdraw_consent()
