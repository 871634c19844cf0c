# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, ValidationError
from odoo.service.model import _as_validation_error
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import PeriscopeCoworkingCase


@tagged("post_install", "-at_install")
@freeze_time("2026-03-02 07:00:00")
class TestOccupancy(PeriscopeCoworkingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.office = cls.env["periscope.space"].create(
            {"name": "Bureau 3 (test)", "space_type": "office", "capacity": 3, "resource_calendar_id": cls.hours.id}
        )
        cls.Occupancy = cls.env["periscope.occupancy"]

    def _rent(self, partner, start, end=False, user=None):
        return self.Occupancy.with_user(user or self.manager).create(
            {
                "space_id": self.office.id,
                "partner_id": partner.id,
                "date_start": start,
                "date_end": end,
                "monthly_rent": 450.0,
                "monthly_charges": 60.0,
            }
        )

    def test_an_occupied_office_is_not_bookable_by_others(self):
        self._rent(self.org, "2026-03-01")
        with self.assertRaises(ValidationError) as caught:
            self._book("2026-03-03 09:00:00", "2026-03-03 10:00:00", self.office, partner=self.other_org)
        self.assertIn("rented to BGE Sud-Ouest (test)", str(caught.exception))
        # the resident may use it
        mine = self._book("2026-03-03 09:00:00", "2026-03-03 10:00:00", self.office)
        self.assertEqual(mine.state, "confirmed")

    def test_before_and_after_the_occupancy_the_office_is_bookable(self):
        self._rent(self.org, "2026-03-04", "2026-03-31")
        before = self._book("2026-03-03 09:00:00", "2026-03-03 10:00:00", self.office, partner=self.other_org)
        after = self._book("2026-04-01 09:00:00", "2026-04-01 10:00:00", self.office, partner=self.other_org)
        self.assertEqual((before.state, after.state), ("confirmed", "confirmed"))

    def test_an_office_is_rented_to_one_resident_at_a_time(self):
        self._rent(self.org, "2026-03-01", "2026-06-30")
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError) as caught:
            self._rent(self.other_org, "2026-06-01")
        error = _as_validation_error(self.env, caught.exception)
        self.assertIn("already rented to another resident", str(error))
        # whoever writes to the table
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self.env.cr.execute(
                "INSERT INTO periscope_occupancy (space_id, partner_id, date_start, "
                "company_id, monthly_rent, monthly_charges) "
                "VALUES (%s, %s, '2026-05-01', %s, 0, 0)",
                [self.office.id, self.other_org.id, self.env.company.id],
            )
        self._rent(self.other_org, "2026-07-01")

    def test_renting_over_others_bookings_is_refused(self):
        booking = self._book("2026-03-10 09:00:00", "2026-03-10 10:00:00", self.office, partner=self.other_org)
        with self.assertRaises(ValidationError) as caught:
            self._rent(self.org, "2026-03-01")
        self.assertIn(booking.display_name, str(caught.exception))

    def test_only_offices_are_rented_and_by_managers(self):
        with self.assertRaises(ValidationError):
            self.Occupancy.create({"space_id": self.room.id, "partner_id": self.org.id, "date_start": "2026-03-01"})
        with self.assertRaises(AccessError):
            self._rent(self.org, "2026-03-01", user=self.reception)
        occupancy = self._rent(self.org, "2026-03-01")
        self.assertEqual(occupancy.with_user(self.reception).monthly_rent, 450.0)
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            occupancy.write({"date_end": "2026-02-01"})
            self.env.flush_all()
