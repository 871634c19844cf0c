# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import threading
from datetime import date, timedelta

from odoo import SUPERUSER_ID, api
from odoo.exceptions import ValidationError
from odoo.modules.registry import Registry
from odoo.tests import BaseCase, get_db_name, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestConcurrentConfirmations(BaseCase):
    """Two reception desks confirm overlapping bookings at the same instant, in
    two real transactions: exactly one commits, whatever the timing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = Registry(get_db_name())

    def _env(self, cr):
        cr.transaction = api.Transaction(self.registry)
        return api.Environment(cr, SUPERUSER_ID, {})

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = self._env(cr)
            hours = env.ref("periscope_coworking.resource_calendar_hub")
            self.room = (
                env["periscope.space"]
                .create(
                    {
                        "name": "Race room",
                        "capacity": 4,
                        "resource_calendar_id": hours.id,
                    }
                )
                .id
            )
            self.pool = (
                env["periscope.space"]
                .create(
                    {
                        "name": "Race pool",
                        "space_type": "desk_pool",
                        "capacity": 3,
                        "seats": 3,
                        "resource_calendar_id": hours.id,
                    }
                )
                .id
            )
            self.partner = (
                env["res.partner"].create({"name": "Racer", "is_company": True}).id
            )
            # two drafts each, overlapping, on a Monday in one or two weeks
            today = date.today()
            day = today + timedelta(days=7 - today.weekday() + 7)
            Booking = env["periscope.booking"]
            self.bookings = {}
            for key, space, seats in (("room", self.room, 1), ("pool", self.pool, 2)):
                self.bookings[key] = Booking.create(
                    [
                        {
                            "space_id": space,
                            "partner_id": self.partner,
                            "start": f"{day} 09:00:00",
                            "stop": f"{day} 11:00:00",
                            "seats": seats,
                        },
                        {
                            "space_id": space,
                            "partner_id": self.partner,
                            "start": f"{day} 10:00:00",
                            "stop": f"{day} 12:00:00",
                            "seats": seats,
                        },
                    ]
                ).ids

    def tearDown(self):
        with self.registry.cursor() as cr:
            env = self._env(cr)
            bookings = env["periscope.booking"].browse(
                self.bookings["room"] + self.bookings["pool"]
            )
            bookings.seat_ids.unlink()
            bookings.write({"state": "cancelled"})
            bookings.unlink()
            env["periscope.space"].browse([self.room, self.pool]).unlink()
            env["res.partner"].browse(self.partner).unlink()
        super().tearDown()

    def _race(self, booking_ids):
        barrier = threading.Barrier(len(booking_ids))
        outcomes = {}

        def confirm(booking_id):
            try:
                with self.registry.cursor() as cr:
                    env = self._env(cr)
                    booking = env["periscope.booking"].browse(booking_id)
                    booking.read(["start"])  # the transaction's snapshot is taken
                    barrier.wait(timeout=10)
                    booking.action_confirm()
                    env.flush_all()
                outcomes[booking_id] = "committed"
            except ValidationError as error:
                outcomes[booking_id] = f"refused: {error}"

        threads = [threading.Thread(target=confirm, args=(i,)) for i in booking_ids]
        with mute_logger("odoo.sql_db"):
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=60)
        return outcomes

    def _assert_one_commits(self, outcomes):
        self.assertEqual(
            sorted(o.split(":")[0] for o in outcomes.values()),
            ["committed", "refused"],
            outcomes,
        )
        # the loser's snapshot predates the winner's commit: the database's
        # exclusion constraint stopped it, not the Python pre-check
        refusal = next(o for o in outcomes.values() if o.startswith("refused"))
        self.assertIn("a moment ago", refusal)

    def test_exactly_one_of_two_overlapping_room_bookings_commits(self):
        self._assert_one_commits(self._race(self.bookings["room"]))
        with self.registry.cursor() as cr:
            env = self._env(cr)
            confirmed = env["periscope.booking"].search(
                [("id", "in", self.bookings["room"]), ("state", "=", "confirmed")]
            )
            self.assertEqual(len(confirmed), 1)
            self.assertEqual(len(confirmed.seat_ids), 1)

    def test_a_desk_pool_is_never_overbooked_by_concurrent_confirmations(self):
        # 2 + 2 desks asked at the same time in a pool of 3
        self._assert_one_commits(self._race(self.bookings["pool"]))
        with self.registry.cursor() as cr:
            env = self._env(cr)
            seats = env["periscope.booking.seat"].search([("space_id", "=", self.pool)])
            self.assertEqual(len(seats), 2)
