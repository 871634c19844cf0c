# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

# the version of the consent text the reception reads to the project holder
CONSENT_VERSION = "2026-01"


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
        selection=[
            ("idea", "Idea"),
            ("creation", "Creation"),
            ("consolidation", "Consolidation"),
        ],
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
    intake_date = fields.Date(
        string="Received on",
        required=True,
        default=fields.Date.context_today,
        tracking=True,
    )
    received_by_id = fields.Many2one(
        comodel_name="res.users",
        string="Received by",
        default=lambda self: self.env.user,
        tracking=True,
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
    referral_ids = fields.One2many(
        comodel_name="periscope.referral",
        inverse_name="project_holder_id",
        string="Referrals",
        copy=False,
    )
    pathway_id = fields.Many2one(
        comodel_name="periscope.training.pathway",
        copy=False,
        readonly=True,
        index="btree_not_null",
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
        help="No referral is waiting for an answer or accepted: the reception "
        "orients the project holder again.",
    )
    outcome = fields.Selection(
        selection=[("created", "Business created"), ("stopped", "Project stopped")],
        tracking=True,
        copy=False,
    )
    outcome_date = fields.Date(tracking=True, copy=False)
    business_name = fields.Char(string="Business", copy=False)
    business_legal_form = fields.Selection(
        selection=lambda self: self._fields["legal_form"].selection,
        string="Legal form of the business",
        copy=False,
    )
    jobs_created = fields.Integer(copy=False, tracking=True)
    stop_reason = fields.Text(string="Why the project stopped", copy=False)
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
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
            holder.display_name = " — ".join(
                filter(None, (holder.partner_id.name, holder.project_name))
            )

    @api.constrains("outcome", "outcome_date", "intake_date", "jobs_created")
    def _check_outcome(self):
        for holder in self:
            if holder.outcome and not holder.outcome_date:
                raise ValidationError(
                    _(
                        "Give the date of the outcome of %(holder)s.",
                        holder=holder.display_name,
                    )
                )
            holder._check_outcome_date(holder.outcome_date)
            if holder.jobs_created < 0:
                raise ValidationError(
                    _("The number of jobs created cannot be negative.")
                )

    @api.constrains("partner_id")
    def _check_partner_is_person(self):
        for holder in self:
            if holder.partner_id.is_company:
                raise ValidationError(
                    _(
                        "A project holder is a person, not an organisation: "
                        "%(partner)s.",
                        partner=holder.partner_id.name,
                    )
                )

    # ------------------------------------------------------------ actions
    def action_record_consent(self):
        """The project holder agrees that their data are shared with the
        structures they are referred to (the reception reads them the text)."""
        for holder in self:
            if holder.consent_date:
                continue
            holder.write(
                {
                    "consent_date": fields.Datetime.now(),
                    "consent_version": CONSENT_VERSION,
                }
            )
        return True

    def action_withdraw_consent(self):
        self.write({"consent_date": False, "consent_version": False})
        return True

    def action_refer(self, structures, reason):
        """Refer the project holder to each of ``structures`` (support
        structures of the hub) with the reason."""
        self.ensure_one()
        return self.env["periscope.referral"].create(
            [
                {
                    "project_holder_id": self.id,
                    "structure_id": structure.id,
                    "reason": reason,
                }
                for structure in structures
            ]
        )

    def action_business_created(
        self, date, jobs=0, business_name=None, legal_form=None
    ):
        """The project became a business on ``date``, with ``jobs`` jobs."""
        self.ensure_one()
        self._check_outcome_date(fields.Date.to_date(date))
        if jobs < 0:
            raise ValidationError(_("The number of jobs created cannot be negative."))
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
        if not (reason or "").strip():
            raise UserError(_("Say why the project stopped."))
        self._check_outcome_date(fields.Date.to_date(date))
        self.write({"outcome": "stopped", "outcome_date": date, "stop_reason": reason})
        # sudo: the outcome, recorded by the reception, ends the pathway
        if self.pathway_id.sudo().state == "open":
            self.pathway_id.sudo().action_stop()
        return True

    def _check_outcome_date(self, date):
        self.ensure_one()
        if date and date < self.intake_date:
            raise ValidationError(
                _(
                    "The outcome of %(holder)s cannot be dated before they were "
                    "received (%(intake)s).",
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
            [
                ("partner_id", "=", self.partner_id.id),
                ("company_id", "=", self.company_id.id),
            ],
            limit=1,
        )
        if not pathway:
            pathway = Pathway.create(
                {
                    "partner_id": self.partner_id.id,
                    "coordinator_id": structure.id,
                    "company_id": self.company_id.id,
                }
            )
        elif pathway.state != "open":
            pathway.action_reopen()
        if not pathway.coordinator_id:
            pathway.coordinator_id = structure
        pathway.message_post(
            body=_(
                "%(structure)s accepted to support %(holder)s.",
                structure=structure.name,
                holder=self.partner_id.name,
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
        start, end = (
            fields.Date.to_date(f"{year}-01-01"),
            fields.Date.to_date(f"{year}-12-31"),
        )
        Holder = self.sudo()
        base = [("company_id", "=", company.id)]
        received = Holder.search_count(
            base + [("intake_date", ">=", start), ("intake_date", "<=", end)]
        )
        Referral = self.env["periscope.referral"].sudo()
        in_year = [
            ("create_date", ">=", start),
            ("create_date", "<", end + relativedelta(days=1)),
        ]
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
            base
            + [
                ("outcome", "=", "created"),
                ("outcome_date", ">=", start),
                ("outcome_date", "<=", end),
            ],
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
