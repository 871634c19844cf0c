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
    "depends": ["account", "periscope_members", "product"],
    "data": [
        "security/periscope_concierge_groups.xml",
        "security/ir.model.access.csv",
        "security/periscope_concierge_security.xml",
        "data/periscope_concierge_data.xml",
        "data/mail_template_data.xml",
        "report/periscope_concierge_order_report.xml",
        "views/product_template_views.xml",
        "views/periscope_concierge_order_views.xml",
        "views/periscope_concierge_agreement_views.xml",
        "views/periscope_concierge_settlement_views.xml",
        "views/periscope_concierge_report_views.xml",
        "views/portal_templates.xml",
        "views/menus.xml",
        "data/account_chart_data.xml",
    ],
    "demo": ["demo/res_users_demo.xml", "demo/product_demo.xml", "demo/periscope_concierge_order_demo.xml"],
    "assets": {"web.assets_tests": ["periscope_concierge/static/tests/tours/*.js"]},
}
