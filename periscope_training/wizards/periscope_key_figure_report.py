# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict
from datetime import datetime

from odoo import api, fields, models
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


class PeriscopeKeyFigureReport(models.TransientModel):
    """The hub's events held in the year, and their participants, among the
    figures of the hub as a showcase."""

    _inherit = "periscope.key.figure.report"

    def _hub_events_held(self):
        """``(events, participants)``: ``{year: n}`` of the hub's events that
        ended in the year or the year before (not cancelled), and of their
        participants (registered or attended). Two queries."""
        cancelled = self.env.ref("event.event_stage_cancelled", raise_if_not_found=False)
        domain = [
            ("is_hub_event", "=", True),
            ("date_end", ">=", datetime(self.year - 1, 1, 1)),
            ("date_end", "<", min(datetime(self.year + 1, 1, 1), fields.Datetime.now())),
        ]
        if cancelled:
            domain.append(("stage_id", "!=", cancelled.id))
        events = self.env["event.event"].sudo().search_fetch(domain, ["date_end"])
        held = defaultdict(int)
        for event in events:
            held[event.date_end.year] += 1
        participants = defaultdict(int)
        for event, count in (
            self.env["event.registration"]
            .sudo()
            ._read_group([("event_id", "in", events.ids), ("state", "in", ("open", "done"))], ["event_id"], ["__count"])
        ):
            participants[event.date_end.year] += count
        return held, participants

    def _showcase_figures(self):
        held, participants = self._hub_events_held()
        return [
            *super()._showcase_figures(),
            self._showcase_figure("hub_events", self.env._("The hub's events held"), held),
            self._showcase_figure(
                "hub_event_participants", self.env._("Participants in the hub's events"), participants
            ),
        ]
