# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import PeriscopeTrainingCase


@tagged("post_install", "-at_install")
class TestShowcaseTraining(PeriscopeTrainingCase, HttpCase):
    """The hub's public page shows its upcoming public events and its
    training catalogue, to anyone, without a login."""

    def test_the_showcase_lists_the_public_events_and_the_programmes(self):
        begin = fields.Datetime.now().replace(microsecond=0) + timedelta(days=20)
        values = {"is_hub_event": True, "date_begin": begin, "date_end": begin + timedelta(hours=2)}
        Event = self.env["event.event"].with_user(self.officer)
        public = Event.create({"name": "Forum de l'ESS (vitrine, test)", "periscope_public": True, **values})
        Event.create({"name": "Réunion interne (vitrine, test)", **values})
        page = self.url_open("/le-periscope").text
        self.assertIn(public.name.replace("'", "&#39;"), page)
        self.assertIn(f"/periscope/events/{public.id}", page)
        self.assertNotIn("Réunion interne (vitrine, test)", page)
        programme = self.session.programme_id
        self.assertIn(f"/trainings/catalogue/{programme.id}", page)
