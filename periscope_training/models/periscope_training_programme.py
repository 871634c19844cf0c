# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, ValidationError

# a speciality of the Nomenclature des Spécialités de Formation: three digits,
# and a letter for the field of a speciality (315, 315p)
NSF_CODE_RE = re.compile(r"\d{3}[a-z]?")


class PeriscopeTrainingProgramme(models.Model):
    """An entry of the hub's training catalogue: what a training teaches, to
    whom, how long, at what price; its sessions are Odoo events."""

    _name = "periscope.training.programme"
    _description = "Training Programme"
    _inherit = ["mail.thread", "periscope.number.mixin"]
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True, tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True, tracking=True)
    color = fields.Integer()
    objectives = fields.Html(translate=True, help="What the trainees are able to do at the end of the training.")
    content = fields.Html(
        string="Programme content", translate=True, help="The outline of the training, as the catalogue shows it."
    )
    prerequisites = fields.Text(translate=True)
    what_to_bring = fields.Text(
        translate=True,
        help="What the trainees bring to the training (a laptop, their business "
        "plan...): printed on their convocation.",
    )
    audience = fields.Text(string="Target audience", translate=True, help="Who the training is for.")
    duration_hours = fields.Float(
        string="Duration (hours)",
        required=True,
        tracking=True,
        help="The hours of training of a trainee who follows the whole programme.",
    )
    modality = fields.Selection(
        selection=[("on_site", "On site"), ("remote", "Remote"), ("mixed", "Mixed (on site and remote)")],
        required=True,
        default="on_site",
        tracking=True,
    )
    company_id = fields.Many2one(
        comodel_name="res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    price_per_trainee = fields.Monetary(
        string="Price per trainee",
        tracking=True,
        help="The price of the whole programme for one trainee, taxes excluded.",
    )
    nsf_code = fields.Char(
        string="NSF code",
        tracking=True,
        help="The speciality of the training in the Nomenclature des Spécialités "
        "de Formation: three digits, and a letter for a field (e.g. 315, 100, "
        "315p). The BPF counts the trainees and hours per speciality.",
    )
    nsf_label = fields.Char(
        string="NSF speciality",
        help="The name of the NSF speciality, e.g. Ressources humaines, gestion du personnel, gestion de l'emploi.",
    )
    certification = fields.Selection(
        selection=[
            ("rncp", "RNCP (professional certification)"),
            ("rs", "Specific register (RS)"),
            ("none", "No certification"),
        ],
        required=True,
        default="none",
        tracking=True,
        help="What the training leads to: a certification of the Répertoire "
        "National des Certifications Professionnelles, one of the Répertoire "
        "Spécifique, or none.",
    )
    rncp_level = fields.Selection(
        selection=[
            ("3", "Level 3 (CAP, BEP)"),
            ("4", "Level 4 (baccalauréat)"),
            ("5", "Level 5 (bac + 2)"),
            ("6", "Level 6 (bac + 3, bachelor)"),
            ("7", "Level 7 (bac + 5, master)"),
            ("8", "Level 8 (doctorate)"),
        ],
        string="RNCP level",
        compute="_compute_rncp_level",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        help="The level of the RNCP certification, in the European framework.",
    )
    accessibility = fields.Html(
        translate=True,
        default=lambda self: self._default_accessibility(),
        help="The accessibility statement for people with a disability, as the catalogue shows it.",
    )
    trainer_ids = fields.Many2many(
        comodel_name="res.partner",
        relation="periscope_training_programme_trainer_rel",
        column1="programme_id",
        column2="partner_id",
        string="Trainers",
        help="The people who may give the training; a new session takes them.",
    )
    event_ids = fields.One2many(comodel_name="event.event", inverse_name="programme_id", string="Sessions")
    session_count = fields.Integer(string="Number of sessions", compute="_compute_session_count")
    satisfaction_survey_id = fields.Many2one(
        comodel_name="survey.survey",
        string="Satisfaction survey",
        help="Sent to each confirmed trainee once the last slot of a session has ended.",
    )
    followup_survey_id = fields.Many2one(
        comodel_name="survey.survey",
        string="Follow-up survey",
        help="Sent to each confirmed trainee 60 days after the last slot of a "
        "session: what the training changed for them.",
    )

    _sql_constraints = [
        ("duration_positive", "CHECK(duration_hours > 0)", "A training programme lasts more than zero hours."),
        (
            "price_not_negative",
            "CHECK(price_per_trainee IS NULL OR price_per_trainee >= 0)",
            "The price per trainee of a training programme cannot be negative.",
        ),
    ]

    @api.model
    def _default_accessibility(self):
        return Markup("<p>%s</p>") % _(
            "Our premises are accessible to people with reduced mobility. Please "
            "tell us about any disability when you register: our disability "
            "referent will adapt the training with you, or direct you to a "
            "partner who can."
        )

    @api.depends("certification")
    def _compute_rncp_level(self):
        # only an RNCP certification has a level
        for programme in self:
            if programme.certification != "rncp":
                programme.rncp_level = False
            else:
                programme.rncp_level = programme.rncp_level

    def _compute_session_count(self):
        counts = dict(
            self.env["event.event"]._read_group(
                [("programme_id", "in", self.ids)], groupby=["programme_id"], aggregates=["__count"]
            )
        )
        for programme in self:
            programme.session_count = counts.get(programme, 0)

    @api.constrains("certification", "rncp_level")
    def _check_rncp_level(self):
        for programme in self:
            if programme.certification == "rncp" and not programme.rncp_level:
                raise ValidationError(
                    _(
                        "The training programme %(programme)s leads to an RNCP "
                        "certification: give its level, from 3 to 8.",
                        programme=programme.name,
                    )
                )

    @api.constrains("nsf_code")
    def _check_nsf_code(self):
        for programme in self:
            if programme.nsf_code and not NSF_CODE_RE.fullmatch(programme.nsf_code):
                raise ValidationError(
                    _(
                        "%(code)s is not an NSF code: three digits, and a letter for "
                        "a field (e.g. 315 or 315p) (programme %(programme)s).",
                        code=programme.nsf_code,
                        programme=programme.name,
                    )
                )

    # ------------------------------------------------------------ actions
    def action_view_sessions(self):
        self.ensure_one()
        if not (self.env.su or self.env.user.has_group("periscope_training.group_periscope_training_user")):
            raise AccessError(_("Only the training staff see the sessions."))
        action = self.env["ir.actions.act_window"]._for_xml_id("periscope_training.event_event_training_action")
        action["domain"] = [("programme_id", "=", self.id)]
        action["context"] = {"default_is_training": True, "default_programme_id": self.id}
        return action
