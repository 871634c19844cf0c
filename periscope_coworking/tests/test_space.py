# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, ValidationError
from odoo.service.model import _as_validation_error
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.periscope_members.tests.common import PeriscopeCase

from .common import CoworkingFactoryMixin


@tagged("post_install", "-at_install")
class TestSpace(CoworkingFactoryMixin, PeriscopeCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_coworking_staff()
        cls.portal_user = cls._make_user("portal_member", "base.group_portal")
        Space = cls.env["periscope.space"]
        cls.room = Space.create({"name": "Salle du Canal", "space_type": "meeting_room", "capacity": 12})
        cls.pool = Space.create(
            {"name": "Open space", "space_type": "desk_pool", "capacity": 12, "seats": 12, "portal_bookable": True}
        )

    def _as_manager(self, space):
        return space.with_user(self.manager)

    def test_defaults(self):
        space = self.env["periscope.space"].with_user(self.manager).create({"name": "Salle Sicoval"})
        self.assertEqual(space.space_type, "meeting_room")
        self.assertEqual(space.seats, 1)
        self.assertEqual(space.company_id, self.env.company)
        self.assertEqual(space.resource_calendar_id, self.env.ref("periscope_coworking.resource_calendar_hub"))
        self.assertEqual(space.resource_calendar_id.tz, "Europe/Paris")

    def test_only_a_desk_pool_has_several_seats(self):
        with self.assertRaises(ValidationError) as caught:
            self._as_manager(self.room).seats = 2
        self.assertIn("Only a desk pool", str(caught.exception))
        self.assertEqual(self.room.seats, 1)

    def test_desk_pool_cannot_have_more_desks_than_people(self):
        with self.assertRaises(ValidationError) as caught:
            self._as_manager(self.pool).write({"seats": 13})
        self.assertIn("more desks than people", str(caught.exception))
        self._as_manager(self.pool).write({"seats": 10})
        self.assertEqual(self.pool.seats, 10)

    def test_capacity_must_be_positive(self):
        with self.assertRaises(ValidationError) as caught:
            self.env["periscope.space"].with_user(self.manager).create({"name": "Placard", "capacity": 0})
        self.assertIn("Capacity must be a whole number from 1 to 10,000, not 0.", str(caught.exception))
        # the database says so too, and what the user reads then (the RPC
        # layer turns the violation into this)
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError) as caught, self.cr.savepoint():
            self.cr.execute("UPDATE periscope_space SET capacity = 0 WHERE id = %s", [self.room.id])
        error = _as_validation_error(self.env, caught.exception)
        self.assertIn("A space holds at least one person.", str(error))

    def test_database_refuses_negative_buffer(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self.cr.execute("UPDATE periscope_space SET buffer_minutes = -5 WHERE id = %s", [self.room.id])

    def test_reception_reads_but_does_not_configure(self):
        self.assertEqual(self.room.with_user(self.reception).name, "Salle du Canal")
        with self.assertRaises(AccessError):
            self.room.with_user(self.reception).write({"capacity": 20})
        with self.assertRaises(AccessError):
            self.env["periscope.space"].with_user(self.reception).create({"name": "Nouvelle salle"})

    def test_portal_sees_only_bookable_spaces(self):
        visible = (
            self.env["periscope.space"].with_user(self.portal_user).search([("id", "in", (self.room | self.pool).ids)])
        )
        self.assertEqual(visible, self.pool)
        with self.assertRaises(AccessError):
            self.room.with_user(self.portal_user).read(["name"])
        with self.assertRaises(AccessError):
            self.pool.with_user(self.portal_user).write({"name": "Mine"})

    def test_changes_are_tracked_in_the_chatter(self):
        # Odoo tracks only records created in an earlier transaction: end the
        # one that created the room, as the request that created it would.
        self.env.flush_all()
        self.env.cr.precommit.run()
        self._as_manager(self.room).capacity = 14
        self.env.flush_all()
        self.env.cr.precommit.run()  # tracking values are written before commit
        self.room.invalidate_recordset(["message_ids"])
        tracked = self.room.message_ids.tracking_value_ids.filtered(lambda t: t.field_id.name == "capacity")
        self.assertEqual([(t.old_value_integer, t.new_value_integer) for t in tracked], [(12, 14)])
        self.assertEqual(tracked.mail_message_id.author_id, self.manager.partner_id)
