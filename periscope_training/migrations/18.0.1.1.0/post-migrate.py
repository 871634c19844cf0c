# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Databases installed before 18.0.1.1.0: the coworking's User group (the
reception) implied Odoo's Contact Creation, which lets its users change any
contact's e-mail -- a login. The group gives it no more, and the reception
staff who had it only from there lose it; the reception keeps creating and
updating contacts for the intake (ir.model.access.csv)."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["res.users"]._periscope_drop_reception_contact_creation()
