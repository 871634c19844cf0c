# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError

# which trainee an evaluation is of: set by the training session that sends it
EVALUATION_FIELDS = {"registration_id", "evaluation_kind"}


class SurveyUserInput(models.Model):
    _inherit = "survey.user_input"

    registration_id = fields.Many2one(
        comodel_name="event.registration",
        string="Training registration",
        index="btree_not_null",
        ondelete="set null",
        readonly=True,
        help="The trainee's registration this evaluation of a training was sent for.",
    )
    evaluation_kind = fields.Selection(
        selection=[
            ("satisfaction", "Satisfaction"),
            ("followup", "Follow-up"),
        ],
        readonly=True,
        help="Satisfaction: sent at the end of the session. Follow-up: sent 60 "
        "days after its last slot.",
    )

    _sql_constraints = [
        (
            "registration_evaluation_unique",
            "UNIQUE(registration_id, evaluation_kind)",
            "A trainee is sent each evaluation of a training once.",
        ),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(EVALUATION_FIELDS & set(vals) for vals in vals_list):
            raise UserError(self._evaluation_fields_message())
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su and EVALUATION_FIELDS & set(vals):
            # who may not write at all is told so first
            self.check_access("write")
            raise UserError(self._evaluation_fields_message())
        return super().write(vals)

    @api.model
    def _evaluation_fields_message(self):
        return _(
            "The evaluation of a training is linked to its trainee when the "
            "session sends it, never afterwards."
        )
