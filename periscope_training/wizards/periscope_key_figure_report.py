# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models
from odoo.tools.misc import formatLang


class ReportHubKeyFigures(models.AbstractModel):
    """The hub's key figures, with the entrepreneurs received and supported
    at the reception in the year (see report_hub_key_figures_intake.xml)."""

    _inherit = "report.periscope_members.report_hub_key_figures"

    @api.model
    def _get_report_values(self, docids, data=None):
        values = super()._get_report_values(docids, data=data)
        Holder = self.env["periscope.project.holder"]
        labels = {
            "received": self.env._("Project holders received"),
            "oriented": self.env._("Oriented to a support structure"),
            "accompanied": self.env._("Accompanied by a support structure"),
            "created": self.env._("Businesses created"),
            "jobs": self.env._("Jobs created"),
        }
        for row in values["rows"]:
            year = row["totals"]["year"]
            current = Holder._year_figures(year)
            previous = Holder._year_figures(year - 1)
            row["intake_lines"] = [
                {
                    "label": label,
                    "current": formatLang(self.env, current[key], digits=0),
                    "previous": formatLang(self.env, previous[key], digits=0),
                    "change": ("+" if current[key] > previous[key] else "")
                    + formatLang(self.env, current[key] - previous[key], digits=0),
                }
                for key, label in labels.items()
            ]
        return values
