# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import csv
import io

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import formatLang

from ..models.periscope_key_figure import FIGURES
from ..tools.download import csv_download


class PeriscopeKeyFigureReport(models.TransientModel):
    _name = "periscope.key.figure.report"
    _inherit = ["periscope.number.mixin"]
    _description = "Key Figures of the Hub"

    year = fields.Integer(required=True, default=lambda self: fields.Date.context_today(self).year - 1)

    def _periscope_number_bounds(self):
        return {"year": (2000, 2100)}

    @api.constrains("year")
    def _check_year(self):
        this_year = fields.Date.context_today(self).year
        for report in self:
            if not 2000 <= report.year <= this_year:
                raise UserError(_("Choose a year between 2000 and %s.", this_year))

    def _figure_labels(self):
        KeyFigure = self.env["periscope.key.figure"]
        return {name: KeyFigure._fields[name]._description_string(self.env) for name in FIGURES}

    def action_print(self):
        self.ensure_one()
        return self.env.ref("periscope_members.action_report_hub_key_figures").report_action(self)

    def action_download_csv(self):
        """The declarations of the year, one row per organisation, and the
        hub's totals, as a CSV file (semicolons, for French spreadsheets)."""
        self.ensure_one()
        labels = self._figure_labels()
        declarations = self.env["periscope.key.figure"].search([("year", "=", self.year)], order="partner_id")
        totals = self.env["periscope.key.figure"]._hub_totals(self.year)
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";")
        writer.writerow([_("Organisation"), _("Membership type"), *labels.values()])
        for declaration in declarations:
            writer.writerow(
                [
                    declaration.partner_id.display_name,
                    declaration.member_type_id.name or "",
                    *(declaration[name] for name in FIGURES),
                ]
            )
        writer.writerow([_("Total"), "", *(totals["current"][name] for name in FIGURES)])
        return csv_download(self, _("key-figures-%s.csv", self.year), buffer.getvalue())


class ReportHubKeyFigures(models.AbstractModel):
    _name = "report.periscope_members.report_hub_key_figures"
    _description = "Report: Key Figures of the Hub"

    @api.model
    def _get_report_values(self, docids, data=None):
        reports = self.env["periscope.key.figure.report"].browse(docids)
        reports.check_access("read")
        rows = []
        for report in reports:
            totals = self.env["periscope.key.figure"]._hub_totals(report.year)
            labels = report._figure_labels()
            lines = []
            for name in FIGURES:
                digits = 2 if name == "fte" else 0
                current = totals["current"][name]
                previous = totals["previous"][name]
                change = current - previous
                lines.append(
                    {
                        "label": labels[name],
                        "current": formatLang(self.env, current, digits=digits),
                        "previous": formatLang(self.env, previous, digits=digits),
                        "change": ("+" if change > 0 else "") + formatLang(self.env, change, digits=digits),
                    }
                )
            rows.append(
                {
                    "report": report,
                    "totals": totals,
                    "share": formatLang(self.env, totals["declared_share"] * 100, digits=0),
                    "lines": lines,
                }
            )
        return {
            "doc_ids": docids,
            "doc_model": "periscope.key.figure.report",
            "docs": reports,
            "rows": rows,
            "company": self.env.company,
        }
