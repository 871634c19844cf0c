# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Périscope Concierge",
    "summary": "The solidarity concierge of a cooperation hub: services of ESS "
    "providers, orders from drop-off to pick-up, invoicing and settlement",
    "version": "18.0.1.0.0",
    "category": "Association",
    "website": "https://github.com/le-periscope/periscope",
    "author": "Le Périscope",
    "license": "AGPL-3",
    "application": False,
    "installable": True,
    "depends": [
        "periscope_members",
        "product",
    ],
    "data": [
        "security/periscope_concierge_groups.xml",
        "security/ir.model.access.csv",
        "views/product_template_views.xml",
        "views/menus.xml",
    ],
    "demo": [
        "demo/product_demo.xml",
    ],
}
