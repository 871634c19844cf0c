# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    periscope_training_event_id = fields.Many2one(
        comodel_name="event.event",
        string="Training session",
        copy=False,
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
    )


class AccountMoveLine(models.Model):
    """What a line of a training invoice bills: one funding line of a
    trainee's registration. The unique constraint makes the database refuse to
    bill the same funding twice."""

    _inherit = "account.move.line"

    periscope_training_funding_id = fields.Many2one(
        comodel_name="periscope.training.funding",
        string="Training funding",
        copy=False,
        readonly=True,
        index="btree_not_null",
        ondelete="restrict",
    )

    _sql_constraints = [
        (
            "periscope_training_funding_billed_once",
            "UNIQUE(periscope_training_funding_id)",
            "This training funding is already invoiced.",
        ),
    ]
