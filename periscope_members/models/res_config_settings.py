# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    periscope_membership_grace_days = fields.Integer(
        string="Membership grace period (days)",
        config_parameter="periscope_members.membership_grace_days",
        default=30,
        help="Days an organisation stays a member after its membership ended while its renewal is unpaid.",
    )

    periscope_assembly_max_proxies = fields.Integer(
        string="Proxies per organisation at an assembly",
        config_parameter="periscope_members.assembly_max_proxies",
        default=2,
        help="How many proxies of other organisations an organisation carries at "
        "most at a general assembly (the statutes say).",
    )

    periscope_volunteer_hour_rate = fields.Float(
        string="Hourly value of volunteering",
        config_parameter="periscope_members.volunteer_hour_rate",
        digits=(16, 2),
        help="What an hour of the hub's volunteers is valued at in its accounts "
        "(classes 86 and 87), e.g. the minimum wage with its charges.",
    )

    periscope_visit_retention_months = fields.Integer(
        string="Keep visitors' personal data (months)",
        config_parameter="periscope_members.visit_retention_months",
        default=12,
        help="After so many months, a daily job erases who the visitors of the register were; the visits stay, "
        "counted.",
    )

    @api.constrains("periscope_visit_retention_months")
    def _check_periscope_visit_retention_months(self):
        for settings in self:
            if not 1 <= settings.periscope_visit_retention_months <= 120:
                raise ValidationError(_("Keep the visitors' personal data from 1 to 120 months."))

    @api.constrains("periscope_volunteer_hour_rate")
    def _check_periscope_volunteer_hour_rate(self):
        for settings in self:
            if not 0 <= settings.periscope_volunteer_hour_rate <= 10_000:
                raise ValidationError(_("The hourly value of volunteering is between 0 and 10,000."))

    @api.constrains("periscope_assembly_max_proxies")
    def _check_periscope_assembly_max_proxies(self):
        for settings in self:
            if settings.periscope_assembly_max_proxies < 0:
                raise ValidationError(_("The number of proxies an organisation carries cannot be negative."))

    @api.constrains("periscope_membership_grace_days")
    def _check_periscope_membership_grace_days(self):
        for settings in self:
            if settings.periscope_membership_grace_days < 0:
                raise ValidationError(_("The grace period cannot be negative."))
