# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Périscope Training",
    "summary": "Training sessions of a cooperation hub on Odoo events: half-day "
    "slots in the hub's rooms, funding, signed attendance, documents, the BPF",
    "version": "18.0.1.0.0",
    "category": "Association",
    "website": "https://github.com/le-periscope/periscope",
    "author": "Le Périscope",
    "license": "AGPL-3",
    "application": False,
    "installable": True,
    "depends": [
        "event",
        "periscope_coworking",
        "periscope_members",
        "survey",
    ],
    "data": [
        "security/periscope_training_groups.xml",
        "views/event_event_views.xml",
        "views/menus.xml",
    ],
}
