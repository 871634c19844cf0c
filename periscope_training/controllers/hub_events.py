# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, http
from odoo.exceptions import UserError
from odoo.http import request
from odoo.tools import email_normalize
from odoo.tools.misc import format_datetime

from odoo.addons.periscope_members.controllers.portal import PeriscopeMembersPortal
from odoo.addons.periscope_members.tools.hub_time import HUB_TZ, to_local

# what a visitor types in the registration form
NAME_MAX_LENGTH = 128
# a field hidden from people: a robot that fills it in registers nobody
HONEYPOT = "website_url"


class PeriscopeHubEvents(http.Controller):
    """The public page of the hub's events: its events and the training
    sessions open to the public, to come, and a registration form (a name,
    an e-mail address) for anyone, logged in or not."""

    @staticmethod
    def _hub_events_domain():
        return [
            ("periscope_public", "=", True),
            ("company_id", "in", (False, request.env.company.id)),
            ("date_end", ">", fields.Datetime.now()),
            ("stage_id.pipe_end", "=", False),
            "|",
            ("is_hub_event", "=", True),
            "&",
            ("is_training", "=", True),
            ("training_state", "=", "open"),
        ]

    def _hub_events(self, event_id=None):
        domain = self._hub_events_domain()
        if event_id is not None:
            domain.append(("id", "=", event_id))
        # sudo: the page is public; only the events published on it are
        # searched, and the templates show their public fields only (name,
        # dates, place, organizer, description, free seats)
        return request.env["event.event"].sudo().search(domain, order="date_begin, id")

    @staticmethod
    def _hub_event_row(event):
        tz = event.date_tz or HUB_TZ
        env = request.env
        long_format = "EEEE d MMMM y, HH:mm"
        same_day = to_local(event.date_begin, tz).date() == to_local(event.date_end, tz).date()
        begin = format_datetime(env, event.date_begin, tz, long_format)
        end = format_datetime(env, event.date_end, tz, "HH:mm" if same_day else long_format)
        return {
            "event": event,
            "url": f"/periscope/events/{event.id}",
            "dates": f"{begin} – {end}",
            "place": ", ".join(event.periscope_space_ids.mapped("name")),
            "host": event.organizer_id.name,
            "seats": event.seats_available if event.seats_limited and event.seats_max else None,
            "open": event.event_registrations_open,
        }

    @http.route("/periscope/events", type="http", auth="public", website=True, sitemap=False)
    def hub_events(self, **kwargs):
        events = self._hub_events()
        return request.render(
            "periscope_training.hub_events",
            {"page_name": "periscope_hub_events", "rows": [self._hub_event_row(event) for event in events]},
        )

    @http.route("/periscope/events/<int:event_id>", type="http", auth="public", website=True, sitemap=False)
    def hub_event(self, event_id, registered=None, **kwargs):
        return self._hub_event_render(self._hub_event_find(event_id), registered=bool(registered))

    def _hub_event_find(self, event_id):
        PeriscopeMembersPortal._periscope_check_id(event_id)
        event = self._hub_events(event_id)
        if not event:
            raise request.not_found()
        return event

    def _hub_event_render(self, event, registered=False, error=None, values=None):
        return request.render(
            "periscope_training.hub_event",
            {
                "page_name": "periscope_hub_event",
                "row": self._hub_event_row(event),
                "registered": registered,
                "error": error,
                "values": values or {},
                "honeypot": HONEYPOT,
            },
        )

    @http.route(
        "/periscope/events/<int:event_id>/register",
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
        sitemap=False,
    )
    def hub_event_register(self, event_id, name=None, email=None, **post):
        """Register a visitor (their name and e-mail address) to a published
        event; whatever else is posted (a partner, a state…) is ignored."""
        event = self._hub_event_find(event_id)
        if post.get(HONEYPOT):
            # a robot: it is told nothing, and nothing is registered
            return request.redirect(f"/periscope/events/{event.id}?registered=1")
        name = (name or "").strip()[:NAME_MAX_LENGTH]
        values = {"name": name, "email": (email or "").strip()[:NAME_MAX_LENGTH]}
        email = email_normalize(values["email"])
        if not (name and email):
            error = request.env._("Give your name and a valid e-mail address to register.")
            return self._hub_event_render(event, error=error, values=values)
        user = request.env.user
        partner = None if user._is_public() else user.partner_id
        # sudo: visitors create no registration; the event is one of the
        # page's, the values are the visitor's own, and the model refuses a
        # full event or a second registration. No savepoint: Odoo's mails on
        # subscription commit; the refusals come before anything is written.
        try:
            event._periscope_check_registrable(email, partner)
        except UserError as exc:
            return self._hub_event_render(event, error=exc.args[0], values=values)
        event._periscope_register_attendee(name, email, partner)
        return request.redirect(f"/periscope/events/{event.id}?registered=1")
