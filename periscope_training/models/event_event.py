# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class EventEvent(models.Model):
    _inherit = "event.event"

    is_training = fields.Boolean(
        string="Training session",
        index=True,
        tracking=True,
        help="A session of the hub's training catalogue: its attendance is signed "
        "per half-day and it counts in the yearly BPF.",
    )
