# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Périscope Members",
    "summary": "Member organisations of a cooperation hub (PTCE): types, fees, "
    "key figures, cooperation axes, charter and directory",
    "version": "18.0.1.0.0",
    "category": "Association",
    "website": "https://github.com/le-periscope/periscope",
    "author": "Le Périscope",
    "license": "AGPL-3",
    "application": True,
    "installable": True,
    "depends": [
        "account",
        "analytic",
        "contacts",
        "mail",
        "membership",
        "portal",
    ],
    "data": [
        "security/periscope_members_groups.xml",
        "security/ir.model.access.csv",
        "security/periscope_key_figure_security.xml",
        "data/account_analytic_data.xml",
        "data/periscope_cooperation_axis_data.xml",
        "data/periscope_sector_data.xml",
        "data/periscope_member_type_data.xml",
        "data/mail_template_data.xml",
        "data/ir_cron_data.xml",
        "views/periscope_membership_renewal_views.xml",
        "views/periscope_member_type_views.xml",
        "views/periscope_cooperation_axis_views.xml",
        "views/periscope_key_figure_views.xml",
        "views/res_partner_views.xml",
        "views/res_config_settings_views.xml",
        "views/menus.xml",
    ],
    "demo": [
        "demo/res_partner_demo.xml",
    ],
}
