# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, http
from odoo.exceptions import UserError
from odoo.http import request

from .hub_events import PeriscopeHubEvents
from .portal_referral import PeriscopeIntakePortal


class PeriscopeHubEventsPortal(PeriscopeIntakePortal):
    """The member's events of the hub on the portal: the events to come,
    registered to in one click, and the user's own registrations."""

    def _periscope_hub_event_domain(self):
        return [
            ("is_hub_event", "=", True),
            ("company_id", "in", (False, request.env.company.id)),
            ("date_end", ">", fields.Datetime.now()),
            ("stage_id.pipe_end", "=", False),
        ]

    def _periscope_hub_events_values(self, success=None, error=None):
        env = request.env
        # sudo: portal users read no event; the events of the hub to come,
        # of which the template shows the public fields only
        events = env["event.event"].sudo().search(self._periscope_hub_event_domain(), order="date_begin, id")
        # as the user: the record rules let them read their own registrations
        # (portal users read no event: the domain does not go through it)
        mine = env["event.registration"].search(
            [("partner_id", "=", env.user.partner_id.id), ("state", "!=", "cancel")]
        )
        registered = set(mine.sudo().event_id.ids)
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "periscope_hub_events_portal",
                "rows": [
                    dict(PeriscopeHubEvents._hub_event_row(event), registered=event.id in registered)
                    for event in events
                ],
                "success": success,
                "error": error,
            }
        )
        return values

    @http.route("/my/events", type="http", auth="user", website=True)
    def portal_my_hub_events(self, success=None, **kwargs):
        return request.render(
            "periscope_training.portal_my_hub_events", self._periscope_hub_events_values(success=bool(success))
        )

    @http.route("/my/events/register", type="http", auth="user", methods=["POST"], website=True)
    def portal_my_hub_event_register(self, event_id=None, **post):
        """Register the user to an event of the hub to come. Whatever else is
        posted (a partner, a state…) is ignored."""
        env = request.env
        # sudo: as above, an event of the hub to come is found, or none
        event = (
            env["event.event"]
            .sudo()
            .search(self._periscope_hub_event_domain() + [("id", "=", self._periscope_parse_id(event_id) or 0)])
        )
        if not event:
            error = env._("This event is not among the hub's events to come.")
            return request.render(
                "periscope_training.portal_my_hub_events", self._periscope_hub_events_values(error=error)
            )
        partner = env.user.partner_id
        # sudo: portal users create no registration; the values are the
        # user's own and the model refuses a full event or a second
        # registration, before anything is written (Odoo's mails on
        # subscription commit: no savepoint)
        try:
            event._periscope_check_registrable(partner.email, partner)
        except UserError as exc:
            return request.render(
                "periscope_training.portal_my_hub_events", self._periscope_hub_events_values(error=exc.args[0])
            )
        event._periscope_register_attendee(partner.name, partner.email, partner)
        return request.redirect("/my/events?success=1")
