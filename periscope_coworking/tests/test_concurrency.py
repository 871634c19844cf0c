# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, timedelta

from odoo.tests import tagged

from odoo.addons.periscope_members.tests.concurrency import TwoConnectionsCase


@tagged("post_install", "-at_install")
class TestConcurrentConfirmations(TwoConnectionsCase):
    """Two reception desks confirm overlapping bookings at the same instant, in
    two real transactions: exactly one commits, whatever the timing."""

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = self._env(cr)
            hours = env.ref("periscope_coworking.resource_calendar_hub")
            self.room = (
                env["periscope.space"].create({"name": "Race room", "capacity": 4, "resource_calendar_id": hours.id}).id
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
            self.partner = env["res.partner"].create({"name": "Racer", "is_company": True}).id
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
            bookings = env["periscope.booking"].browse(self.bookings["room"] + self.bookings["pool"])
            bookings.seat_ids.unlink()
            bookings.write({"state": "cancelled"})
            bookings.unlink()
            env["periscope.space"].browse([self.room, self.pool]).unlink()
            env["res.partner"].browse(self.partner).unlink()
        super().tearDown()

    def _race_confirmations(self, booking_ids):
        """Each booking confirmed in its own transaction at the same instant,
        retried as Odoo retries a request: ``{id: (outcome, tries)}``."""

        def confirm(booking_id):
            return lambda env: env["periscope.booking"].browse(booking_id).action_confirm()

        outcomes = self._race({i: confirm(i) for i in booking_ids})
        return {i: (outcomes.get(i), self.race_tries.get(i)) for i in booking_ids}

    def _assert_one_commits(self, outcomes):
        self.assertEqual(sorted(o.split(":")[0] for o, _tryno in outcomes.values()), ["committed", "refused"], outcomes)
        refusal, tryno = next((o, tryno) for o, tryno in outcomes.values() if o.startswith("refused"))
        if tryno == 1:
            # the loser's snapshot predates the winner's commit: the
            # database's exclusion constraint stopped it, not the Python
            # pre-check
            self.assertIn("a moment ago", refusal)
        else:
            # stopped by the database as a deadlock, then tried again: the
            # pre-check sees the winner
            self.assertIn("already booked", refusal)

    def test_exactly_one_of_two_overlapping_room_bookings_commits(self):
        self._assert_one_commits(self._race_confirmations(self.bookings["room"]))
        with self.registry.cursor() as cr:
            env = self._env(cr)
            confirmed = env["periscope.booking"].search(
                [("id", "in", self.bookings["room"]), ("state", "=", "confirmed")]
            )
            self.assertEqual(len(confirmed), 1)
            self.assertEqual(len(confirmed.seat_ids), 1)

    def test_a_desk_pool_is_never_overbooked_by_concurrent_confirmations(self):
        # 2 + 2 desks asked at the same time in a pool of 3
        self._assert_one_commits(self._race_confirmations(self.bookings["pool"]))
        with self.registry.cursor() as cr:
            env = self._env(cr)
            seats = env["periscope.booking.seat"].search([("space_id", "=", self.pool)])
            self.assertEqual(len(seats), 2)


@tagged("post_install", "-at_install")
class TestConcurrentDesksAndHours(TwoConnectionsCase):
    """Races on a pool of two desks and on an organisation's included hours,
    in two real transactions; the loser of a serialization failure is tried
    again as Odoo's request layer does (odoo.service.model.retrying)."""

    def setUp(self):
        super().setUp()
        today = date.today()
        # a Tuesday, two or three weeks ahead, in the same local month as the
        # Wednesday after it
        day = today + timedelta(days=(1 - today.weekday()) % 7 + 14)
        while (day + timedelta(days=1)).month != day.month:
            day += timedelta(days=7)
        self.day = day
        with self.registry.cursor() as cr:
            env = self._env(cr)
            hours = env.ref("periscope_coworking.resource_calendar_hub")
            hour = env.ref("periscope_coworking.product_meeting_room_hour")
            Space = env["periscope.space"]
            self.pool = Space.create(
                {
                    "name": "Race pool of two",
                    "space_type": "desk_pool",
                    "capacity": 2,
                    "seats": 2,
                    "resource_calendar_id": hours.id,
                }
            ).id
            self.rooms = Space.create(
                [{"name": f"Race room {n}", "resource_calendar_id": hours.id, "product_id": hour.id} for n in (1, 2)]
            ).ids
            member_type = env.ref("periscope_members.member_type_permanent_resident")
            self.member = (
                env["res.partner"]
                .create({"name": "Racing member", "is_company": True, "periscope_member_type_id": member_type.id})
                .id
            )
            self.included = member_type.included_booking_hours

    def tearDown(self):
        with self.registry.cursor() as cr:
            env = self._env(cr)
            spaces = [self.pool, *self.rooms]
            bookings = env["periscope.booking"].search([("space_id", "in", spaces)])
            bookings.seat_ids.unlink()
            bookings.write({"state": "cancelled"})
            # the events of cancelled bookings may go
            bookings.calendar_event_id.unlink()
            bookings.unlink()
            env["periscope.booking.lock"].search([("key", "like", f"included_hours:{self.member}:%")]).unlink()
            env["periscope.space"].browse(spaces).unlink()
            env["res.partner"].browse(self.member).unlink()
        super().tearDown()

    def _at(self, hour, day=None):
        return f"{day or self.day} {hour}:00"

    def _commit_bookings(self, specs):
        """Create confirmed bookings (space, start, stop) and commit them."""
        with self.registry.cursor() as cr:
            env = self._env(cr)
            return (
                env["periscope.booking"]
                .create(
                    [
                        {
                            "space_id": space,
                            "partner_id": self.member,
                            "start": start,
                            "stop": stop,
                            "state": "confirmed",
                        }
                        for space, start, stop in specs
                    ]
                )
                .ids
            )

    def _race_bookings(self, specs):
        """Each spec (space, start, stop) booked, confirmed, in its own
        transaction, all at the same instant, retried as Odoo retries a
        request: ``{index: (outcome, tries)}``."""

        def book(space, start, stop):
            return lambda env: env["periscope.booking"].create(
                {"space_id": space, "partner_id": self.member, "start": start, "stop": stop, "state": "confirmed"}
            )

        outcomes = self._race({key: book(*spec) for key, spec in enumerate(specs)}, timeout=120)
        return {key: (outcomes.get(key), self.race_tries.get(key)) for key in range(len(specs))}

    def _seats(self, space):
        with self.registry.cursor() as cr:
            env = self._env(cr)
            return [
                (seat.seat, str(seat.start), str(seat.stop))
                for seat in env["periscope.booking.seat"].search([("space_id", "=", space)], order="seat, start")
            ]

    def _assert_never_overbooked(self, space, seats):
        rows = self._seats(space)
        for seat, start, stop in rows:
            others = [r for r in rows if r[0] == seat and r[1] < stop and r[2] > start]
            self.assertEqual(len(others), 1, rows)
            self.assertLessEqual(seat, seats)

    def test_two_long_bookings_race_for_the_one_desk_left(self):
        # 8-9 and 11-12 UTC booked: one desk is free from 7 to 16, once
        self._commit_bookings(
            [(self.pool, self._at("08:00"), self._at("09:00")), (self.pool, self._at("11:00"), self._at("12:00"))]
        )
        outcomes = self._race_bookings([(self.pool, self._at("07:00"), self._at("16:00"))] * 2)
        states = sorted(o[0].split(":")[0] for o in outcomes.values())
        self.assertEqual(states, ["committed", "refused"], outcomes)
        self.assertEqual(len(self._seats(self.pool)), 3)
        self._assert_never_overbooked(self.pool, 2)

    def test_a_long_and_a_short_booking_both_fit(self):
        self._commit_bookings(
            [(self.pool, self._at("08:00"), self._at("09:00")), (self.pool, self._at("11:00"), self._at("12:00"))]
        )
        outcomes = self._race_bookings(
            [(self.pool, self._at("07:00"), self._at("16:00")), (self.pool, self._at("13:00"), self._at("14:00"))]
        )
        self.assertEqual(sorted(o[0] for o in outcomes.values()), ["committed", "committed"])
        self._assert_never_overbooked(self.pool, 2)

    def test_desks_dealt_again_while_another_takes_one(self):
        # 8-9 on one desk, 11-12 on the other: a 7-16 booking deals them again
        with self.registry.cursor() as cr:
            env = self._env(cr)
            Booking = env["periscope.booking"]
            values = {"space_id": self.pool, "partner_id": self.member}
            Booking.create({**values, "start": self._at("08:00"), "stop": self._at("09:00")}).action_confirm()
            blocker, kept = Booking.create(
                [
                    {**values, "start": self._at("11:00"), "stop": self._at("12:00")},
                    {**values, "start": self._at("11:00"), "stop": self._at("12:00")},
                ]
            )
            (blocker | kept).action_confirm()
            blocker.action_cancel()
            self.assertEqual(kept.seat_ids.seat, 2)
        outcomes = self._race_bookings([(self.pool, self._at("07:00"), self._at("16:00"))] * 2)
        states = sorted(o[0].split(":")[0] for o in outcomes.values())
        self.assertEqual(states, ["committed", "refused"], outcomes)
        self._assert_never_overbooked(self.pool, 2)
        self.assertEqual(len(self._seats(self.pool)), 3)

    def test_two_rooms_never_take_the_same_included_hours(self):
        # two members of the organisation book two rooms at the same moment,
        # 6 hours each, of the 8 hours the month includes
        outcomes = self._race_bookings(
            [
                (self.rooms[0], self._at("08:00"), self._at("14:00")),
                (
                    self.rooms[1],
                    self._at("08:00", self.day + timedelta(days=1)),
                    self._at("14:00", self.day + timedelta(days=1)),
                ),
            ]
        )
        self.assertEqual(sorted(o[0] for o in outcomes.values()), ["committed", "committed"])
        # one of them waited for the other and was tried again
        self.assertEqual(sorted(o[1] for o in outcomes.values()), [1, 2], outcomes)
        with self.registry.cursor() as cr:
            env = self._env(cr)
            bookings = env["periscope.booking"].search([("space_id", "in", self.rooms)], order="start")
            self.assertEqual(bookings.mapped("included_hours"), [6, 2])
            self.assertEqual(bookings.mapped("quantity"), [0, 4])
