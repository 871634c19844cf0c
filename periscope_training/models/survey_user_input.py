# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


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
