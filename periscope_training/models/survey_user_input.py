# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .personal_data import moment, selection_labels

# which trainee an evaluation is of: set by the training session that sends it
EVALUATION_FIELDS = {"registration_id", "evaluation_kind"}
# the answers that a person types: erased on their request, the others (the
# choices, the marks) stay for the evaluation's figures
FREE_TEXT_ANSWER_TYPES = ("text_box", "char_box")


def answer_value(line):
    """The answer of a ``survey.user_input.line`` as JSON-ready data, or
    None if the question was skipped."""
    if line.skipped or not line.answer_type:
        return None
    if line.answer_type == "suggestion":
        if line.matrix_row_id:
            return f"{line.matrix_row_id.value}: {line.suggested_answer_id.value}"
        return line.suggested_answer_id.value
    value = line[f"value_{line.answer_type}"]
    if line.answer_type in ("date", "datetime"):
        return moment(value)
    return value


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
        selection=[("satisfaction", "Satisfaction"), ("followup", "Follow-up")],
        readonly=True,
        help="Satisfaction: sent at the end of the session. Follow-up: sent 60 days after its last slot.",
    )

    _sql_constraints = [
        (
            "registration_evaluation_unique",
            "UNIQUE(registration_id, evaluation_kind)",
            "A trainee is sent each evaluation of a training once.",
        )
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
        return _("The evaluation of a training is linked to its trainee when the session sends it, never afterwards.")

    # ------------------------------------------------------------ personal data
    def _periscope_personal_data_export(self):
        """The evaluations a person was sent and what they answered,
        JSON-ready; a fixed number of queries, however many answers."""
        kind_labels = selection_labels(self, "evaluation_kind")
        state_labels = selection_labels(self, "state")
        return [
            {
                "survey": user_input.survey_id.title,
                "evaluation": kind_labels.get(user_input.evaluation_kind),
                "session": user_input.registration_id.event_id.name or None,
                "state": state_labels.get(user_input.state),
                "email": user_input.email or None,
                "nickname": user_input.nickname or None,
                "started_at": moment(user_input.start_datetime),
                "answered_at": moment(user_input.end_datetime),
                "answers": [
                    {"question": line.question_id.title, "answer": answer_value(line)}
                    for line in user_input.user_input_line_ids
                ],
            }
            for user_input in self
        ]

    def _periscope_personal_data_erase(self):
        """Erase the copies of the person's e-mail and nickname and the
        answers they typed; their choices and marks stay in the figures of
        the evaluation."""
        self.write({"email": False, "nickname": False})
        self.user_input_line_ids.filtered(lambda line: line.answer_type in FREE_TEXT_ANSWER_TYPES).write(
            {"skipped": True, "answer_type": False, "value_char_box": False, "value_text_box": False}
        )
