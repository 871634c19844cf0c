# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.periscope_members.tests.common import PeriscopeCase


class PeriscopeCoworkingCase(PeriscopeCase):
    """Spaces with the hub's opening hours (Monday to Friday, 8:00-20:00 Paris
    time), users and customers, built once."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.reception = cls._make_user("reception", "periscope_coworking.group_periscope_coworking_user")
        cls.manager = cls._make_user("coworking_manager", "periscope_coworking.group_periscope_coworking_manager")
        cls.hours = cls.env.ref("periscope_coworking.resource_calendar_hub")
        Space = cls.env["periscope.space"]
        cls.room = Space.create(
            {
                "name": "Salle du Canal (test)",
                "space_type": "meeting_room",
                "capacity": 12,
                "buffer_minutes": 15,
                "resource_calendar_id": cls.hours.id,
                "portal_bookable": True,
            }
        )
        cls.pool = Space.create(
            {
                "name": "Open space (test)",
                "space_type": "desk_pool",
                "capacity": 12,
                "seats": 12,
                "resource_calendar_id": cls.hours.id,
                "portal_bookable": True,
            }
        )
        member_type = cls.env.ref("periscope_members.member_type_permanent_resident")
        cls.org = cls._make_organisation("BGE Sud-Ouest (test)", member_type)
        cls.person = cls.env["res.partner"].create({"name": "Julie Castex", "parent_id": cls.org.id})
        cls.other_org = cls._make_organisation("Formethic (test)", member_type)

    def _book(self, start, stop, space=None, partner=None, seats=1, user=None, confirm=True):
        Booking = self.env["periscope.booking"].with_user(user or self.reception)
        booking = Booking.create(
            {
                "space_id": (space or self.room).id,
                "partner_id": (partner or self.org).id,
                "contact_id": self.person.id if not partner else False,
                "start": start,
                "stop": stop,
                "seats": seats,
            }
        )
        if confirm:
            booking.action_confirm()
        return booking
