# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import math

from freezegun import freeze_time

from odoo.models import UPDATE_BATCH_SIZE
from odoo.tests import tagged

from .common import PeriscopeTrainingCase

# the queries to mark a session's attendance, and to load its grid: the same
# for 20 trainees as for 200, but for the ORM's flush, which updates a table
# by batches of UPDATE_BATCH_SIZE (100) rows
MARK_QUERIES = 8
GRID_QUERIES = 8


def batches(rows):
    return math.ceil(rows / UPDATE_BATCH_SIZE)


@tagged("post_install", "-at_install")
@freeze_time("2026-03-02 07:00:00")
class TestAttendancePerformance(PeriscopeTrainingCase):
    """Marking the attendance of a session, and reading its grid, take as
    many queries for 20 trainees as for 200."""

    def _session_with(self, count):
        """The session with ``count`` confirmed trainees (free of charge)."""
        session = self._new_session(f"Session de {count} (test)", seats_limited=False)
        self.env["periscope.training.slot"].create(
            [
                {"event_id": session.id, "start": "2026-03-16 08:00:00", "stop": "2026-03-16 11:30:00"},
                {"event_id": session.id, "start": "2026-03-16 12:30:00", "stop": "2026-03-16 16:00:00"},
            ]
        )
        session.event_mail_ids = [(5, 0, 0)]
        session.action_training_open()
        partners = self.env["res.partner"].create([{"name": f"Stagiaire {i} (test)"} for i in range(count)])
        registrations = self.env["event.registration"].create(
            [
                {"event_id": session.id, "partner_id": partner.id, "trainee_type": "individual", "agreed_price": 0.0}
                for partner in partners
            ]
        )
        self.assertEqual(set(registrations.mapped("state")), {"open"})
        attendances = self.env["periscope.training.attendance"].search([("event_id", "=", session.id)])
        self.assertEqual(len(attendances), 2 * count)
        self.env.invalidate_all()
        return session, attendances.with_user(self.officer)

    def _mark(self, count):
        session, attendances = self._session_with(count)
        # one UPDATE of the attendances, one of the registrations' hours, per
        # batch of rows
        expected = MARK_QUERIES + batches(2 * count) + batches(count)
        # marked once the day is over
        with freeze_time("2026-03-16 16:30:00"), self.assertQueryCount(expected):
            attendances.action_mark_present()
        self.assertEqual(set(attendances.mapped("state")), {"present"})
        self.assertEqual(set(session.registration_ids.mapped("attended_hours")), {7.0})

    def test_marking_20_trainees(self):
        self._mark(20)

    def test_marking_200_trainees(self):
        self._mark(200)

    def _grid(self, count):
        session, attendances = self._session_with(count)
        Attendance = attendances.browse()
        fields = {
            name: {} for name in ("slot_id", "trainee_name", "state", "attended_hours", "signed_at", "training_state")
        }
        fields["slot_id"] = {"fields": {"display_name": {}}}
        self.env.invalidate_all()
        with self.assertQueryCount(GRID_QUERIES):
            result = Attendance.web_search_read([("event_id", "=", session.id)], fields, limit=1000)
        self.assertEqual(result["length"], 2 * count)

    def test_the_grid_of_20_trainees(self):
        self._grid(20)

    def test_the_grid_of_200_trainees(self):
        self._grid(200)
