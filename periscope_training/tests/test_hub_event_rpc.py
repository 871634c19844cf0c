# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from odoo.addons.periscope_members.tests.rpc import RpcCase

from .common import PeriscopeTrainingCase

REGISTRATION = "event.registration"
EVENT = "event.event"
SLOT = "periscope.training.slot"
BOOKING = "periscope.booking"
WATCHED = {
    REGISTRATION: ["partner_id", "event_id", "state", "name", "email"],
    EVENT: ["name", "is_hub_event", "organizer_id", "seats_max"],
    SLOT: ["event_id", "space_id", "start", "stop", "state", "booking_id"],
    BOOKING: ["space_id", "partner_id", "start", "stop", "state", "price_unit"],
}


@tagged("post_install", "-at_install")
class TestHubEventRpc(PeriscopeTrainingCase, RpcCase):
    """Nina, of a member organisation, registered to the hub's forum on the
    portal, attacks it over JSON-RPC: Paul's registration (another member)
    and a visitor's, the forum, its slot and the booking of its room. Times
    are relative to now: the server answering runs on the real clock."""

    watched = WATCHED
    counted = tuple(WATCHED)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        del cls.session  # the HTTP session of the test client
        org = cls._make_organisation("Coop Canal (hub rpc test)", cls.PERMANENT_RESIDENT)
        other_org = cls._make_organisation("Secret Coop (hub rpc test)", cls.PERMANENT_RESIDENT)
        cls.nina_user = cls._portal_person("hrpc_nina", org)
        cls.paul_user = cls._portal_person("hrpc_paul", other_org)
        now = fields.Datetime.now().replace(minute=0, second=0, microsecond=0)
        # a Monday in two weeks, 9:00-11:00 UTC: within the opening hours
        cls.start = (now + timedelta(days=14 - now.weekday())).replace(hour=9)
        cls.stop = cls.start + timedelta(hours=2)
        cls.forum = (
            cls.env[EVENT]
            .with_user(cls.officer)
            .create(
                {"name": "Forum (hub rpc test)", "is_hub_event": True, "date_begin": cls.start, "date_end": cls.stop}
            )
        )
        cls.slot = cls._slot_of_forum()
        Event = cls.forum.with_user(cls.officer)
        cls.nina_reg = Event.sudo()._periscope_register_attendee("", "", cls.nina_user.partner_id)
        cls.paul_reg = Event.sudo()._periscope_register_attendee("", "", cls.paul_user.partner_id)
        cls.visitor_reg = Event.sudo()._periscope_register_attendee("Claire", "claire@example.com")
        cls.watched_ids = {
            REGISTRATION: (cls.nina_reg | cls.paul_reg | cls.visitor_reg).ids,
            EVENT: cls.forum.ids,
            SLOT: cls.slot.ids,
            BOOKING: cls.slot.booking_id.ids,
        }

    @classmethod
    def _portal_person(cls, login, organisation):
        partner = cls.env["res.partner"].create(
            {"name": login, "email": f"{login}@example.org", "parent_id": organisation.id}
        )
        return cls._make_user(login, "base.group_portal", partner_id=partner.id)

    @classmethod
    def _slot_of_forum(cls):
        return (
            cls.env[SLOT]
            .with_user(cls.officer)
            .create({"event_id": cls.forum.id, "space_id": cls.meeting_room.id, "start": cls.start, "stop": cls.stop})
        )

    def test_a_member_reads_their_own_registration_only(self):
        self.login(self.nina_user)
        found = self.assertAllowed(self.call(REGISTRATION, "search_read", [], fields=["name"]))
        self.assertEqual([row["id"] for row in found], self.nina_reg.ids)
        for other in (self.paul_reg, self.visitor_reg):
            self.assertRefused(self.call(REGISTRATION, "read", other.ids, ["name", "email"]), "AccessError")

    def test_a_member_changes_no_registration(self):
        before = self._snapshot()
        self.login(self.nina_user)
        for registration in (self.nina_reg, self.paul_reg, self.visitor_reg):
            self.assertRefused(self.call(REGISTRATION, "write", registration.ids, {"state": "cancel"}), "AccessError")
            for action in ("action_confirm", "action_set_done", "action_cancel"):
                self.assertRefused(self.call(REGISTRATION, action, registration.ids), "AccessError")
        self.assertRefused(self.call(REGISTRATION, "create", {"event_id": self.forum.id, "name": "Eve"}), "AccessError")
        self.assertRefused(self.call(REGISTRATION, "unlink", self.paul_reg.ids), "AccessError")
        # a private method is not for RPC callers: no seat taken past the checks
        self.assertRefused(self.call(EVENT, "_periscope_register_attendee", self.forum.ids, "Eve", "eve@example.com"))
        self.assertUnchanged(before)

    def test_a_member_books_nothing_for_the_event(self):
        before = self._snapshot()
        self.login(self.nina_user)
        start, stop = fields.Datetime.to_string(self.start), fields.Datetime.to_string(self.stop)
        slot = {"event_id": self.forum.id, "space_id": self.room.id, "start": start, "stop": stop}
        self.assertRefused(self.call(SLOT, "create", slot), "AccessError")
        self.assertRefused(self.call(SLOT, "write", self.slot.ids, {"space_id": self.room.id}), "AccessError")
        self.assertRefused(self.call(SLOT, "action_cancel", self.slot.ids), "AccessError")
        booking = {
            "space_id": self.meeting_room.id,
            "partner_id": self.nina_user.partner_id.parent_id.id,
            "start": start,
            "stop": stop,
        }
        self.assertRefused(self.call(BOOKING, "create", booking), "AccessError", "ValidationError", "UserError")
        self.assertRefused(self.call(BOOKING, "write", self.slot.booking_id.ids, {"state": "cancelled"}))
        self.assertRefused(self.call(EVENT, "write", self.forum.ids, {"organizer_id": False}), "AccessError")
        self.assertUnchanged(before)
