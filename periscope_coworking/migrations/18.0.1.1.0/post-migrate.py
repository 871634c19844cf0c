# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Bookings made before 18.0.1.1.0: the confirmed ones that the earlier
versions let hold no seat get theirs, and every booking's calendar event shows
its space, customer, attendees and note."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["periscope.booking"]._migrate_seats_and_events()
