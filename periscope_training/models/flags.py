# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Training's flags: raised by its own methods only, for the time of one call
(see ``periscope_members/tools/flags.py``); each model names its own."""

from odoo.addons.periscope_members.tools.flags import collecting, collector_of, is_raised, raised  # noqa: F401

# raised by res.partner._periscope_erase_personal_data for the records whose
# copies of a person's name and free texts it erases, which their own guards
# (a signed attendance, an answered referral) let through for that alone
ERASURE = "personal_data_erasure"
