# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Périscope Coworking",
    "summary": "Rooms, offices, desk pools and the resource centre of a cooperation "
    "hub: bookings in the Odoo calendar and on the portal, billing runs",
    "version": "18.0.1.1.0",
    "category": "Association",
    "website": "https://github.com/le-periscope/periscope",
    "author": "Le Périscope",
    "license": "AGPL-3",
    "application": False,
    "installable": True,
    "depends": [
        "account",
        "calendar",
        "periscope_members",
        "product",
        "resource",
    ],
    "data": [
        "security/periscope_coworking_groups.xml",
        "security/ir.model.access.csv",
        "security/periscope_space_security.xml",
        "security/periscope_booking_security.xml",
        "data/resource_calendar_data.xml",
        "data/product_data.xml",
        "data/account_analytic_data.xml",
        "data/mail_template_data.xml",
        "data/ir_cron_data.xml",
        "views/periscope_space_views.xml",
        "views/periscope_booking_views.xml",
        "views/periscope_occupancy_views.xml",
        "views/periscope_billing_run_views.xml",
        "views/periscope_space_usage_views.xml",
        "wizards/periscope_booking_recurrence_views.xml",
        "views/res_partner_views.xml",
        "views/calendar_event_views.xml",
        "views/portal_templates.xml",
        "views/menus.xml",
        "data/account_chart_data.xml",
    ],
    "demo": [
        "demo/res_users_demo.xml",
        "demo/periscope_space_demo.xml",
        "demo/periscope_booking_demo.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "periscope_coworking/static/src/views/**/*",
        ],
        "web.assets_tests": [
            "periscope_coworking/static/tests/tours/*.js",
        ],
    },
}
