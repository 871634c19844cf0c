# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from odoo import fields, http
from odoo.http import request
from odoo.tools.misc import format_datetime

from odoo.addons.periscope_members.controllers.portal import PeriscopeMembersPortal
from odoo.addons.periscope_members.tools.hub_time import HUB_TZ


class PeriscopeTrainingCatalogue(http.Controller):
    """The public training catalogue: the active programmes and their open
    sessions to come, for anyone, logged in or not."""

    def _catalogue_programmes(self, programme_id=None):
        domain = [("company_id", "=", request.env.company.id)]
        if programme_id is not None:
            domain.append(("id", "=", programme_id))
        # sudo: the catalogue is public; only active programmes are searched
        # and the templates read only their catalogue fields
        return request.env["periscope.training.programme"].sudo().search(domain)

    def _catalogue_sessions(self, programmes):
        """``{programme: [session values]}``: the open sessions to come, each
        with its dates in the session's time zone and its free seats."""
        # sudo: as above, the open sessions of the public programmes, of which
        # the templates show the dates and the free seats only
        sessions = (
            request.env["event.event"]
            .sudo()
            .search(
                [
                    ("programme_id", "in", programmes.ids),
                    ("is_training", "=", True),
                    ("training_state", "=", "open"),
                    ("date_begin", ">", fields.Datetime.now()),
                ],
                order="date_begin, id",
            )
        )
        by_programme = defaultdict(list)
        for session in sessions:
            tz = session.date_tz or HUB_TZ
            slots = session.slot_ids.filtered(lambda s: s.state == "planned")
            by_programme[session.programme_id].append(
                {
                    "session": session,
                    "begin": self._date_label(session.date_begin, tz),
                    "end": self._date_label(session.date_end, tz),
                    "slots": [
                        "%s – %s"
                        % (
                            format_datetime(request.env, slot.start, tz, "EEEE d MMMM y, HH:mm"),
                            format_datetime(request.env, slot.stop, tz, "HH:mm"),
                        )
                        for slot in slots
                    ],
                    "seats": session.seats_available if session.seats_limited else None,
                }
            )
        return by_programme

    def _date_label(self, value, tz):
        return format_datetime(request.env, value, tz, "d MMMM y")

    @http.route("/trainings/catalogue", type="http", auth="public", website=True)
    def training_catalogue(self, **kwargs):
        programmes = self._catalogue_programmes()
        return request.render(
            "periscope_training.training_catalogue",
            {
                "page_name": "periscope_training_catalogue",
                "programmes": programmes,
                "sessions": self._catalogue_sessions(programmes),
            },
        )

    @http.route("/trainings/catalogue/<int:programme_id>", type="http", auth="public", website=True)
    def training_catalogue_programme(self, programme_id, **kwargs):
        PeriscopeMembersPortal._periscope_check_id(programme_id)
        programme = self._catalogue_programmes(programme_id)
        if not programme:
            raise request.not_found()
        return request.render(
            "periscope_training.training_catalogue_programme",
            {
                "page_name": "periscope_training_catalogue_programme",
                "programme": programme,
                "sessions": self._catalogue_sessions(programme)[programme],
            },
        )
