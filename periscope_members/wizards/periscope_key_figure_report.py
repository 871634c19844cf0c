# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import csv
import io
from collections import defaultdict
from datetime import date, datetime

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import format_date, formatLang

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

    # ------------------------------------------------------------ mutualisation
    def _year_bounds(self):
        """The first moment of the year and of the next, for the datetimes
        of the mutualisation's records."""
        return datetime(self.year, 1, 1), datetime(self.year + 1, 1, 1)

    @staticmethod
    def _figure(name, label, by_partner, total=None, digits=0):
        """One figure of the year's mutualisation: its value for each
        organisation (``{partner id: value}``) and for the hub, which is the
        sum of the organisations' unless an exchange counts for two."""
        return {
            "name": name,
            "label": label,
            "digits": digits,
            "by_partner": dict(by_partner),
            "total": sum(by_partner.values()) if total is None else total,
        }

    def _sharing_figures(self):
        """Offers and needs published in the year, by their organisation;
        exchanges agreed and done in the year, for both organisations (once
        for the hub)."""
        start, stop = self._year_bounds()
        published = defaultdict(lambda: defaultdict(int))
        for partner, kind, count in self.env["periscope.sharing.offer"]._read_group(
            [("date_published", ">=", start), ("date_published", "<", stop)], ["partner_id", "kind"], ["__count"]
        ):
            published[kind][partner.id] += count
        figures = [
            self._figure("offers", _("Offers published"), published["offer"]),
            self._figure("needs", _("Needs published"), published["need"]),
        ]
        Request = self.env["periscope.sharing.request"]
        for name, label, field, states in (
            ("agreed", _("Exchanges agreed"), "date_answered", ("agreed", "done")),
            ("done", _("Exchanges done"), "date_done", ("done",)),
        ):
            by_partner, total = defaultdict(int), 0
            for asking, asked, count in Request._read_group(
                [(field, ">=", start), (field, "<", stop), ("state", "in", states)],
                ["partner_id", "offer_partner_id"],
                ["__count"],
            ):
                by_partner[asking.id] += count
                by_partner[asked.id] += count
                total += count
            figures.append(self._figure(name, label, by_partner, total=total))
        return figures

    def _staff_loan_figures(self):
        """The hours of staff lent and received in the year: the validated
        months of the loans."""
        domain = [
            ("state", "=", "validated"),
            ("month", ">=", f"{self.year}-01-01"),
            ("month", "<=", f"{self.year}-12-31"),
        ]
        lent, received = defaultdict(float), defaultdict(float)
        for lender, borrower, hours in self.env["periscope.staff.loan.month"]._read_group(
            domain, ["lender_id", "borrower_id"], ["hours:sum"]
        ):
            lent[lender.id] += hours
            received[borrower.id] += hours
        return [
            self._figure("staff_hours_lent", _("Staff hours lent"), lent, digits=2),
            self._figure("staff_hours_received", _("Staff hours received"), received, digits=2),
        ]

    def _mutualisation_figures(self):
        """The year's mutualisation between the organisations, figure by
        figure (see ``_figure``); the other addons add theirs (the costs
        pooled, the equipment lent). A few queries, however many records."""
        self.ensure_one()
        return self._sharing_figures() + self._staff_loan_figures()

    def _mutualisation_table(self):
        """``(figures, rows)``: the figures, and for each organisation that
        took part (by name) its values in the figures' order."""
        figures = self._mutualisation_figures()
        partner_ids = set().union(*(figure["by_partner"] for figure in figures))
        partners = self.env["res.partner"].browse(partner_ids).sorted(lambda partner: (partner.name or "", partner.id))
        rows = [(partner, [figure["by_partner"].get(partner.id, 0) for figure in figures]) for partner in partners]
        return figures, rows

    # ------------------------------------------------------------ showcase
    def _showcase_figure(self, name, label, by_year):
        """One figure of the hub as a showcase: its value in the year and in
        the year before (``by_year``: ``{year: value}``)."""
        return {
            "name": name,
            "label": label,
            "current": by_year.get(self.year, 0),
            "previous": by_year.get(self.year - 1, 0),
        }

    def _showcase_by_year(self, model, date_field, domain):
        """``{year: count}`` of the records of ``model`` in ``domain`` whose
        ``date_field`` falls in the year or the year before: one query."""
        counts = (
            self.env[model]
            .sudo()
            ._read_group(
                [
                    *domain,
                    (date_field, ">=", datetime(self.year - 1, 1, 1)),
                    (date_field, "<", datetime(self.year + 1, 1, 1)),
                ],
                [f"{date_field}:year"],
                ["__count"],
            )
        )
        return {year.year: count for year, count in counts}

    def _showcase_figures(self):
        """The hub as a showcase, the year against the year before: the
        visits of the register, the newsletters and their e-mails sent; the
        other addons add theirs (the hub's events held, their participants).
        One query a figure."""
        self.ensure_one()
        register = self._register_visits()
        return [
            self._showcase_figure(
                "visits",
                _("Visits recorded at the reception"),
                {year: entry["total"] for year, entry in register.items()},
            ),
            self._showcase_figure(
                "mailings",
                _("Newsletters sent"),
                self._showcase_by_year(
                    "mailing.mailing", "sent_date", [("mailing_type", "=", "mail"), ("state", "=", "done")]
                ),
            ),
            self._showcase_figure(
                "mailing_emails",
                _("Newsletter e-mails sent"),
                self._showcase_by_year("mailing.trace", "sent_datetime", [("trace_type", "=", "mail")]),
            ),
        ]

    # ------------------------------------------------------------ visitors
    def _register_visits(self):
        """The visitors' register of the year and the year before, in one
        query: ``{year: {"total": n, "by_host": {host id: n}, "by_month":
        [n of January, …]}}``."""
        register = {
            year: {"total": 0, "by_host": defaultdict(int), "by_month": [0] * 12} for year in (self.year - 1, self.year)
        }
        for host, month, count in self.env["periscope.visit"]._read_group(
            [("arrival", ">=", datetime(self.year - 1, 1, 1)), ("arrival", "<", datetime(self.year + 1, 1, 1))],
            ["host_id", "arrival:month"],
            ["__count"],
        ):
            entry = register[month.year]
            entry["total"] += count
            entry["by_host"][host.id] += count
            entry["by_month"][month.month - 1] += count
        return register

    def _hub_figures(self):
        """The hub's totals of the year and the year before
        (``periscope.key.figure._hub_totals``), the visitors counted by the
        register instead of the numbers typed, in the years the reception
        kept it; ``register`` holds the register's counts."""
        totals = self.env["periscope.key.figure"]._hub_totals(self.year)
        register = self._register_visits()
        for key, year in (("current", self.year), ("previous", self.year - 1)):
            totals[key] = dict(totals[key])
            if register[year]["total"]:
                totals[key]["visitors"] = register[year]["total"]
        totals["register"] = register
        return totals

    def action_print(self):
        self.ensure_one()
        return self.env.ref("periscope_members.action_report_hub_key_figures").report_action(self)

    def action_download_csv(self):
        """The declarations of the year, one row per organisation, and the
        hub's totals, as a CSV file (semicolons, for French spreadsheets)."""
        self.ensure_one()
        labels = self._figure_labels()
        declarations = self.env["periscope.key.figure"].search([("year", "=", self.year)], order="partner_id")
        totals = self._hub_figures()
        register = totals["register"][self.year]["by_host"]
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";")
        writer.writerow([_("Organisation"), _("Membership type"), *labels.values()])
        for declaration in declarations:
            writer.writerow(
                [
                    declaration.partner_id.display_name,
                    declaration.member_type_id.name or "",
                    *(
                        register[declaration.partner_id.id]
                        if name == "visitors" and declaration.partner_id.id in register
                        else declaration[name]
                        for name in FIGURES
                    ),
                ]
            )
        writer.writerow([_("Total"), "", *(totals["current"][name] for name in FIGURES)])
        figures, rows = self._mutualisation_table()
        writer.writerow([])
        writer.writerow([_("Mutualisation"), "", *(figure["label"] for figure in figures)])
        for partner, values in rows:
            writer.writerow([partner.display_name, partner.periscope_member_type_id.name or "", *values])
        writer.writerow([_("Total"), "", *(figure["total"] for figure in figures)])
        writer.writerow([])
        writer.writerow([_("The hub as a showcase"), "", str(self.year), str(self.year - 1)])
        for figure in self._showcase_figures():
            writer.writerow([figure["label"], "", figure["current"], figure["previous"]])
        return csv_download(self, _("key-figures-%s.csv", self.year), buffer.getvalue())


class ReportHubKeyFigures(models.AbstractModel):
    _name = "report.periscope_members.report_hub_key_figures"
    _description = "Report: Key Figures of the Hub"

    def _mutualisation_values(self, report):
        """The year's mutualisation as the PDF shows it: the figures' labels,
        the hub's totals, and each organisation's values."""
        figures, organisations = report._mutualisation_table()

        def shown(value, figure):
            return formatLang(self.env, value, digits=figure["digits"])

        return {
            "labels": [figure["label"] for figure in figures],
            "totals": [shown(figure["total"], figure) for figure in figures],
            "organisations": [
                (partner.name, [shown(value, figure) for value, figure in zip(values, figures, strict=True)])
                for partner, values in organisations
            ],
        }

    def _change_line(self, figure, digits=0):
        """A figure of the year against the year before, as the PDF shows it."""
        current, previous = figure["current"], figure["previous"]
        change = current - previous
        return {
            "label": figure["label"],
            "current": formatLang(self.env, current, digits=digits),
            "previous": formatLang(self.env, previous, digits=digits),
            "change": ("+" if change > 0 else "") + formatLang(self.env, change, digits=digits),
        }

    def _register_values(self, register):
        """The year's visitors' register as the PDF shows it: by month and by
        organisation visited."""
        hosts = self.env["res.partner"].browse(register["by_host"]).sorted(lambda host: (host.name or "", host.id))
        months = [format_date(self.env, date(2000, month, 1), date_format="MMM") for month in range(1, 13)]
        return {
            "total": register["total"],
            "months": months,
            "by_month": register["by_month"],
            "by_host": [(host.name, register["by_host"][host.id]) for host in hosts],
        }

    @api.model
    def _get_report_values(self, docids, data=None):
        reports = self.env["periscope.key.figure.report"].browse(docids)
        reports.check_access("read")
        rows = []
        for report in reports:
            totals = report._hub_figures()
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
                    "showcase": [self._change_line(figure) for figure in report._showcase_figures()],
                    "mutualisation": self._mutualisation_values(report),
                    "register": self._register_values(totals["register"][report.year]),
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
