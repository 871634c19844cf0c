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
        "security/ir.model.access.csv",
        "security/periscope_training_security.xml",
        "data/account_analytic_data.xml",
        "data/product_data.xml",
        "data/ir_cron_data.xml",
        "report/report_training_convocation.xml",
        "report/report_training_attendance_sheet.xml",
        "report/report_training_certificate.xml",
        # after the reports: the convocation's template attaches its report
        "data/mail_template_data.xml",
        "views/periscope_training_slot_generate_views.xml",
        "views/periscope_training_attendance_correct_views.xml",
        "views/periscope_training_programme_views.xml",
        "views/periscope_training_slot_views.xml",
        "views/periscope_training_attendance_views.xml",
        "views/periscope_training_funding_views.xml",
        "views/event_registration_views.xml",
        "views/event_event_views.xml",
        "views/portal_templates.xml",
        "views/periscope_training_pathway_views.xml",
        "views/res_partner_views.xml",
        "views/menus.xml",
    ],
    "demo": [
        "demo/periscope_training_demo.xml",
        "demo/periscope_training_pathway_demo.xml",
    ],
}
