# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.periscope_members.controllers.showcase import PeriscopeShowcase

from .catalogue import PeriscopeTrainingCatalogue
from .hub_events import PeriscopeHubEvents

# the upcoming events the showcase lists (the page of the events has them all)
SHOWCASE_EVENTS = 6


class PeriscopeTrainingShowcase(PeriscopeShowcase):
    """The hub's showcase with its upcoming public events and its training
    catalogue."""

    def _periscope_showcase_values(self, axis=None):
        values = super()._periscope_showcase_values(axis)
        events = PeriscopeHubEvents()._hub_events()[:SHOWCASE_EVENTS]
        values.update(
            {
                "event_rows": [PeriscopeHubEvents._hub_event_row(event) for event in events],
                "programmes": PeriscopeTrainingCatalogue()._catalogue_programmes(),
            }
        )
        return values
