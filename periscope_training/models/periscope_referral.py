# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from .flags import ERASURE, is_raised, raised
from .periscope_project_holder import STAFF_GROUPS

DEFAULT_REMINDER_DAYS = 10
# raised by action_accept and action_decline (see flags.py): the only way
# to answer a referral
ANSWER = "referral_answer"
ANSWER_FIELDS = {"state", "answer", "answered_at", "answered_by_id"}
# who is referred to whom: set once, at its creation
OWNER_FIELDS = {"project_holder_id", "structure_id"}
# what the erasure of a project holder's personal data clears of their
# referrals: the free texts about them
ERASED_FIELDS = {"reason", "answer"}


class PeriscopeReferral(models.Model):
    """The orientation of a project holder to a support structure of the hub
    (BGE, a business incubator, a cooperative of activity…), with the reason;
    the structure accepts it — the entrepreneur's pathway opens — or declines
    it with its reason, and the reception orients the project holder again.
    Unanswered, it is reminded to the structure."""

    _name = "periscope.referral"
    _description = "Referral"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "create_date desc, id desc"

    project_holder_id = fields.Many2one(
        comodel_name="periscope.project.holder", required=True, index=True, ondelete="cascade"
    )
    partner_id = fields.Many2one(related="project_holder_id.partner_id", store=True, string="Project holder")
    structure_id = fields.Many2one(
        comodel_name="res.partner",
        string="Support structure",
        required=True,
        index=True,
        ondelete="restrict",
        domain=[("periscope_support_structure", "=", True)],
        tracking=True,
    )
    reason = fields.Text(required=True, help="Why this structure.")
    date = fields.Date(string="Referred on", required=True, default=fields.Date.context_today, readonly=True)
    state = fields.Selection(
        selection=[("pending", "Waiting for an answer"), ("accepted", "Accepted"), ("declined", "Declined")],
        string="Status",
        default="pending",
        required=True,
        copy=False,
        tracking=True,
    )
    answer = fields.Text(help="The structure's reason when it declines.", copy=False, tracking=True)
    answered_at = fields.Datetime(readonly=True, copy=False)
    answered_by_id = fields.Many2one(comodel_name="res.users", string="Answered by", readonly=True, copy=False)
    due_date = fields.Date(
        string="Answer expected by",
        compute="_compute_due_date",
        store=True,
        help="After this date, the structure is reminded and the referral shows as late in the reception's list.",
    )
    reminded_at = fields.Datetime(readonly=True, copy=False)
    is_late = fields.Boolean(compute="_compute_is_late", search="_search_is_late")
    company_id = fields.Many2one(related="project_holder_id.company_id", store=True, index=True)

    @api.model
    def _reminder_days(self):
        value = self.env["ir.config_parameter"].sudo().get_param("periscope_training.referral_reminder_days")
        try:
            return max(int(value), 1) if value else DEFAULT_REMINDER_DAYS
        except ValueError:
            return DEFAULT_REMINDER_DAYS

    @api.depends("date")
    def _compute_due_date(self):
        days = self._reminder_days()
        for referral in self:
            referral.due_date = referral.date and referral.date + timedelta(days=days)

    @api.depends("state", "due_date")
    def _compute_is_late(self):
        today = fields.Date.context_today(self)
        for referral in self:
            referral.is_late = referral.state == "pending" and referral.due_date and referral.due_date < today

    def _search_is_late(self, operator, value):
        if operator not in ("=", "!="):
            raise UserError(_("Search the late referrals with = or !=."))
        today = fields.Date.context_today(self)
        late = [("state", "=", "pending"), ("due_date", "<", today)]
        return late if (operator == "=") == bool(value) else ["!", *late]

    @api.depends("structure_id", "project_holder_id")
    def _compute_display_name(self):
        for referral in self:
            referral.display_name = _(
                "%(holder)s → %(structure)s",
                holder=referral.partner_id.name or "",
                structure=referral.structure_id.name or "",
            )

    @api.constrains("structure_id")
    def _check_structure(self):
        self.structure_id._check_periscope_support_structure()

    # ------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if (ANSWER_FIELDS - {"state"}) & set(vals) or vals.get("state", "pending") != "pending":
                raise UserError(_("A referral waits for the structure's answer when it is made."))
        holders = self.env["periscope.project.holder"].browse(
            [vals["project_holder_id"] for vals in vals_list if vals.get("project_holder_id")]
        )
        structures = self.env["res.partner"].browse(
            [vals["structure_id"] for vals in vals_list if vals.get("structure_id")]
        )
        structures._check_periscope_support_structure()
        for holder in holders:
            if not holder.consent_date:
                raise UserError(
                    _(
                        "%(holder)s has not agreed that their data are shared with "
                        "the support structures: record their consent before "
                        "referring them.",
                        holder=holder.partner_id.name,
                    )
                )
        pending = {(vals.get("project_holder_id"), vals.get("structure_id")) for vals in vals_list}
        existing = self.search([("project_holder_id", "in", holders.ids), ("state", "in", ("pending", "accepted"))])
        for referral in existing:
            if (referral.project_holder_id.id, referral.structure_id.id) in pending:
                raise UserError(
                    _(
                        "%(holder)s is already referred to %(structure)s.",
                        holder=referral.partner_id.name,
                        structure=referral.structure_id.name,
                    )
                )
        referrals = super().create(vals_list)
        for referral in referrals:
            referral.project_holder_id.message_post(
                body=_(
                    "Referred to %(structure)s: %(reason)s",
                    structure=referral.structure_id.name,
                    reason=referral.reason,
                )
            )
        referrals._notify_structure()
        return referrals

    def write(self, vals):
        if OWNER_FIELDS & set(vals):
            # who may not write at all is told so first
            self.check_access("write")
            raise UserError(
                _(
                    "A referral stays the referral of its project holder to its "
                    "structure: refer them to another structure instead."
                )
            )
        if set(vals) <= ERASED_FIELDS and is_raised(self.env, ERASURE, self):
            # the erasure of the project holder's data, also of an answer
            return super().write(vals)
        if ANSWER_FIELDS & set(vals) and not is_raised(self.env, ANSWER, self):
            # who may not write at all is told so first
            self.check_access("write")
            raise UserError(_("A referral is answered only by accepting or declining it."))
        return super().write(vals)

    # ------------------------------------------------------------ answers
    def action_accept(self):
        """The structure accepts: the entrepreneur's pathway opens or goes on,
        coordinated by it."""
        for referral in self:
            referral._check_answerable()
            # sudo: who answers was checked; a structure on the portal writes
            # only its answer
            with raised(self.env, ANSWER, referral):
                referral.sudo().write(
                    {"state": "accepted", "answered_at": fields.Datetime.now(), "answered_by_id": self.env.user.id}
                )
            referral.project_holder_id.sudo()._open_pathway(referral.structure_id)
        return True

    def action_decline(self, answer):
        """The structure declines, saying why: the reception orients the
        project holder again (an activity is scheduled for it)."""
        answer = (answer if isinstance(answer, str) else "").strip()
        if not answer:
            raise UserError(_("Say why the structure declines: the reception orients the project holder with it."))
        for referral in self:
            referral._check_answerable()
            # sudo: who answers was checked; a structure on the portal writes
            # only its answer. Declined, the referral and the project holder
            # are no longer the structure's to see (the record rules)
            with raised(self.env, ANSWER, referral):
                referral.sudo().write(
                    {
                        "state": "declined",
                        "answer": answer,
                        "answered_at": fields.Datetime.now(),
                        "answered_by_id": self.env.user.id,
                    }
                )
            holder = referral.project_holder_id.sudo()
            holder.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=(holder.received_by_id or holder.create_uid).id,
                summary=_("Orient %(holder)s again", holder=holder.partner_id.name),
                note=_("%(structure)s declined: %(answer)s", structure=referral.structure_id.name, answer=answer),
            )
        return True

    def _check_answerable(self):
        """Only the structure the referral is addressed to (on its portal) or
        the hub's staff answer it, once."""
        self.ensure_one()
        user = self.env.user
        is_staff = self.env.su or any(user.has_group(g) for g in STAFF_GROUPS)
        # sudo: the structure of the referral, whoever asks
        referral = self.sudo()
        if not is_staff and (
            referral.structure_id != user.partner_id.commercial_partner_id
            or not referral.project_holder_id.consent_date
        ):
            raise AccessError(_("Only %(structure)s answers this referral.", structure=referral.structure_id.name))
        if referral.state != "pending":
            raise UserError(
                _(
                    "The referral of %(holder)s to %(structure)s is already answered.",
                    holder=referral.partner_id.name,
                    structure=referral.structure_id.name,
                )
            )

    # ------------------------------------------------------------ reminders
    def _notify_structure(self, template_xmlid="periscope_training.mail_template_referral"):
        template = self.env.ref(template_xmlid, raise_if_not_found=False)
        if not template:
            return
        for referral in self.filtered(lambda r: r.structure_id.email):
            template.sudo().send_mail(referral.id, email_layout_xmlid="mail.mail_notification_light")

    @api.model
    def _cron_remind_unanswered(self):
        """Remind the structures of the referrals still waiting for their
        answer past the due date, once per period."""
        now = fields.Datetime.now()
        days = self._reminder_days()
        late = self.search(
            [
                ("state", "=", "pending"),
                # a withdrawn consent: the structure hears no more of them
                ("project_holder_id.consent_date", "!=", False),
                ("due_date", "<", fields.Date.context_today(self)),
                "|",
                ("reminded_at", "=", False),
                ("reminded_at", "<", now - timedelta(days=days)),
            ]
        )
        late._notify_structure("periscope_training.mail_template_referral_reminder")
        late.write({"reminded_at": now})
        return late
