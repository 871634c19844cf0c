# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Side by side with the peers: OCA's resource_booking and core event,
measured in the same run as the Périscope addons.

    python3 bench/peers.py [--db periscope_bench_peers] [--keep] [--bookings 5000]

Installs OCA's ``resource_booking`` 18.0 and ``web_calendar_slot_duration``
from PyPI into a folder of their own (``--peers``, default
/tmp/periscope-peers: ``pip install --no-deps --target``, so that their
``odoo/`` folder never shadows the Odoo this Python imports; their only
Python need, ``cssselect``, into this Python) — for the bench database only,
they are no dependency of the addons. Then, on a new database without demo
data with ``periscope_training`` (and so ``periscope_coworking`` and core
``event``) and ``resource_booking`` installed, builds the same 20 rooms,
open Monday to Friday from 8:00 to 20:00 (Paris), and the same one-hour
bookings next month in both (5,000 by default), each system through its own
ORM API. It measures, as the median of several runs rolled back with their
SQL queries:

- the free slots of one room and of the 20 rooms over next month — ours
  ``periscope.space._free_slots``, resource_booking's availability as its
  portal schedule page computes it (``resource.booking._get_calendar_context``
  of a booking to schedule, of a booking type of one room, and of a type of
  the 20 rooms);
- creating and confirming one booking, each through its own API;

and under concurrency, in real transactions (each its own connection,
retried on a concurrency failure as Odoo's request layer does):

- 10 transactions booking the same room at the same hour at once: how many
  bookings each system keeps;
- 10 transactions registering to an event of 2 seats at once: core
  ``event`` against a training session of ours, how many seats each sells.

The table is written to bench/results/peers.md and printed.
"""

import argparse
import os
import random
import subprocess
import sys
import threading
import time
from datetime import date, timedelta
from pathlib import Path

from _bench import REPO, drop, install, measure, registry, utc, write_results
from coworking import BATCH, build_organisations, build_rooms, weekdays
from dateutil.relativedelta import relativedelta
from psycopg2 import OperationalError

import odoo
from odoo import SUPERUSER_ID, Command, api
from odoo.service.model import MAX_TRIES_ON_CONCURRENCY_FAILURE, PG_CONCURRENCY_ERRORS_TO_RETRY
from odoo.tools import mute_logger

PEERS = ["odoo-addon-resource_booking==18.0.*", "odoo-addon-web_calendar_slot_duration==18.0.*"]
ROOMS = 20
RACERS = 10
CONTEXT = {"tz": "Europe/Paris", "tracking_disable": True, "mail_notrack": True, "no_mail_to_attendees": True}


def arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", default="periscope_bench_peers")
    parser.add_argument("--keep", action="store_true", help="keep the database")
    parser.add_argument("--addons", default=str(REPO), help="the folder of the Périscope addons")
    parser.add_argument("--peers", default="/tmp/periscope-peers", help="where the OCA addons are installed")
    parser.add_argument("--bookings", type=int, default=5000, help="bookings next month, in each system")
    return parser.parse_args()


def install_peers(target):
    """OCA's addons into ``target`` (their ``odoo/addons`` is then an addons
    folder), ``cssselect`` into this Python."""
    addons = Path(target) / "odoo" / "addons"
    if not (addons / "resource_booking" / "__manifest__.py").exists():
        pip = [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
        subprocess.run([*pip, "--no-deps", "--target", target, *PEERS], check=True)
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "cssselect"], check=True
    )
    return addons


def opening_hours(env):
    """Monday to Friday, 8:00 to 20:00, in Paris."""
    return env["resource.calendar"].create(
        {
            "name": "Le Périscope — ouverture (bench)",
            "tz": "Europe/Paris",
            "attendance_ids": [Command.clear()]
            + [
                Command.create(
                    {
                        "name": f"{day} {period}",
                        "dayofweek": str(day),
                        "hour_from": start,
                        "hour_to": stop,
                        "day_period": period,
                    }
                )
                for day in range(5)
                for period, start, stop in (("morning", 8, 13), ("afternoon", 13, 20))
            ],
        }
    )


def build_oca(env, calendar, count=ROOMS):
    """resource_booking's 20 rooms: a resource and a combination each, a
    booking type of the first room alone and one of the 20 rooms (one-hour
    bookings on the hour, bookable up to the last minute)."""
    resources = env["resource.resource"].create(
        [
            {
                "name": f"Salle {index + 1:02d}",
                "resource_type": "material",
                "calendar_id": calendar.id,
                "tz": "Europe/Paris",
            }
            for index in range(count)
        ]
    )
    combinations = env["resource.booking.combination"].create(
        [{"resource_ids": [Command.set(resource.ids)]} for resource in resources]
    )
    common = {"resource_calendar_id": calendar.id, "duration": 1.0, "slot_duration": 1.0, "modifications_deadline": 0}
    Type = env["resource.booking.type"]
    one = Type.create(
        {**common, "name": "Salle 01", "combination_rel_ids": [Command.create({"combination_id": combinations[0].id})]}
    )
    every = Type.create(
        {
            **common,
            "name": "Les 20 salles",
            "combination_rel_ids": [Command.create({"combination_id": combination.id}) for combination in combinations],
        }
    )
    return combinations, one, every


def month_slots(first, count):
    """The first ``count`` one-hour slots of the month of ``first``: weekdays,
    8:00 to 20:00, the 20 rooms in turn: ``(room index, start, stop)``."""
    slots = [
        (room, utc(day, hour), utc(day, hour + 1))
        for day in weekdays(first)
        for hour in range(8, 20)
        for room in range(ROOMS)
    ]
    assert len(slots) >= count, f"{count} bookings do not fit in {first:%B %Y}"
    return slots[:count]


def build_bookings(env, rooms, combinations, every, partners, first, count):
    """The same ``count`` confirmed bookings next month in both systems, each
    created through its own ORM in batches: seconds each took."""
    slots = month_slots(first, count)
    Booking = env["periscope.booking"].with_context(tracking_disable=True)
    OcaBooking = env["resource.booking"].with_context(**CONTEXT)
    took = {}
    for system in ("ours", "oca"):
        started = time.perf_counter()
        for chunk in range(0, count, BATCH):
            batch = [(index, slot) for index, slot in enumerate(slots[chunk : chunk + BATCH], start=chunk)]
            partner = partners[chunk // BATCH % len(partners)]
            if system == "ours":
                Booking.create(
                    [
                        {"space_id": rooms[room].id, "partner_id": partner.id, "start": start, "stop": stop}
                        for _i, (room, start, stop) in batch
                    ]
                ).action_confirm()
            else:
                OcaBooking.create(
                    [oca_booking(every, combinations[room], partner, start) for _i, (room, start, _stop) in batch]
                ).action_confirm()
            env.flush_all()
            env.invalidate_all()
        took[system] = time.perf_counter() - started
    return took


def oca_booking(booking_type, combination, partner, start):
    """The values of a booking of resource_booking, scheduled at ``start``."""
    return {
        "type_id": booking_type.id,
        "combination_auto_assign": False,
        "combination_id": combination.id,
        "partner_ids": [Command.set(partner.ids)],
        "start": start,
        "duration": 1.0,
    }


def measure_free_slots(env, rooms, one, every, partner, first, runs=9):
    """The free slots over the month of ``first`` of one room and of the 20,
    in each system: ``{(system, rooms): (seconds, queries, slots found)}``."""
    start, stop = utc(first, 0), utc(first + relativedelta(months=1), 0)
    Booking = env["resource.booking"].with_context(**CONTEXT)
    # the bookings to schedule that resource_booking's portal page shows
    pending = {
        1: Booking.create({"type_id": one.id, "partner_ids": [Command.set(partner.ids)]}),
        ROOMS: Booking.create({"type_id": every.id, "partner_ids": [Command.set(partner.ids)]}),
    }
    env.cr.commit()
    results = {}
    for count, spaces in ((1, rooms[:1]), (ROOMS, rooms)):
        found = sum(len(free) for free in spaces._free_slots(start, stop).values())
        seconds, queries = measure(env, lambda spaces=spaces: spaces._free_slots(start, stop), runs)
        results["ours", count] = (seconds, queries, found)
        booking = pending[count]

        def oca(booking=booking):
            return booking._get_calendar_context(first.year, first.month)

        found = sum(len(day) for day in oca()["slots"].values())
        seconds, queries = measure(env, oca, runs)
        results["oca", count] = (seconds, queries, found)
    return results


def measure_one_booking(env, rooms, combinations, every, partner, first, runs=9):
    """Creating and confirming one booking of the last room at 19:00 on the
    last weekday of the month, in each system: ``{system: (seconds,
    queries)}``."""
    day = list(weekdays(first))[-1]
    start, stop = utc(day, 19), utc(day, 20)

    def ours():
        env["periscope.booking"].create(
            {"space_id": rooms[-1].id, "partner_id": partner.id, "start": start, "stop": stop}
        ).action_confirm()

    def oca():
        env["resource.booking"].with_context(**CONTEXT).create(
            oca_booking(every, combinations[-1], partner, start)
        ).action_confirm()

    return {"ours": measure(env, ours, runs), "oca": measure(env, oca, runs)}


def race(db_registry, step, count=RACERS):
    """``count`` transactions running ``step(env, index)`` at once, each on
    its own connection: all take their snapshot, wait for each other, then
    write and commit; a concurrency failure is tried again in a new
    transaction as Odoo's request layer does. ``{outcome: count}``."""
    barrier = threading.Barrier(count)
    outcomes = {}

    def run(index):
        for attempt in range(1, MAX_TRIES_ON_CONCURRENCY_FAILURE + 1):
            try:
                with db_registry.cursor() as cr:
                    env = api.Environment(cr, SUPERUSER_ID, CONTEXT)
                    cr.execute("SELECT 1")
                    if attempt == 1:
                        barrier.wait(timeout=60)
                    step(env, index)
                    env.flush_all()
                outcomes[index] = "committed"
                return
            except OperationalError as error:
                if error.pgcode not in PG_CONCURRENCY_ERRORS_TO_RETRY or attempt == MAX_TRIES_ON_CONCURRENCY_FAILURE:
                    outcomes[index] = f"stopped ({error.pgcode})"
                    return
                time.sleep(random.uniform(0.0, 0.2))
            except Exception as error:  # noqa: BLE001 - a refusal of either system, whatever its class
                outcomes[index] = f"refused ({type(error).__name__})"
                return

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    # the serialization failures retried are no errors of the run
    with mute_logger("odoo.sql_db"):
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=300)
    summary = {}
    for outcome in outcomes.values():
        summary[outcome] = summary.get(outcome, 0) + 1
    return summary


def race_bookings(db_registry, env, rooms, combinations, one, partners, first):
    """10 transactions booking the first room at 10:00 on a day without
    bookings, through each system's API: ``{system: (kept, outcomes)}``."""
    day = next(weekdays((first + relativedelta(months=2)).replace(day=1)))
    start, stop = utc(day, 10), utc(day, 11)

    def ours(race_env, index):
        race_env["periscope.booking"].create(
            {"space_id": rooms[0].id, "partner_id": partners[index].id, "start": start, "stop": stop}
        ).action_confirm()

    def oca(race_env, index):
        race_env["resource.booking"].create(oca_booking(one, combinations[0], partners[index], start)).action_confirm()

    outcomes = {"ours": race(db_registry, ours), "oca": race(db_registry, oca)}
    with db_registry.cursor() as cr:
        # a new transaction: it sees what the racers committed
        counted = api.Environment(cr, SUPERUSER_ID, CONTEXT)
        kept = {
            "ours": counted["periscope.booking"].search_count(
                [
                    ("space_id", "=", rooms[0].id),
                    ("state", "=", "confirmed"),
                    ("start", "<", stop),
                    ("stop", ">", start),
                ]
            ),
            "oca": counted["resource.booking"].search_count(
                [
                    ("combination_id", "=", combinations[0].id),
                    ("start", "=", start),
                    ("state", "in", ("scheduled", "confirmed")),
                ]
            ),
        }
    return {system: (kept[system], outcomes[system]) for system in kept}


def race_seats(db_registry, env, first):
    """10 transactions registering to an event of 2 seats: core ``event``
    against a training session of ours (no mail scheduled on either, so that
    nothing else serialises them): ``{system: (seats sold, outcomes)}``."""
    begin = utc(first + relativedelta(months=2), 9)
    common = {"date_begin": begin, "date_end": begin + timedelta(hours=3), "seats_limited": True, "seats_max": 2}
    programme = env["periscope.training.programme"].create(
        {"name": "Créer son activité (bench)", "duration_hours": 3.0}
    )
    events = {
        "core": env["event.event"].create({**common, "name": "Forum de l'ESS (bench, event)"}),
        "ours": env["event.event"].create(
            {**common, "name": "Créer son activité (bench)", "programme_id": programme.id}
        ),
    }
    for event in events.values():
        event.event_mail_ids = [Command.clear()]
    env.cr.commit()
    results = {}
    for system, event in events.items():

        def register(race_env, index, event=event):
            race_env["event.registration"].create(
                {"event_id": event.id, "name": f"Participant {index + 1}", "email": f"p{index + 1}@example.org"}
            )

        outcomes = race(db_registry, register)
        with db_registry.cursor() as cr:
            counted = api.Environment(cr, SUPERUSER_ID, CONTEXT)
            sold = counted["event.registration"].search_count(
                [("event_id", "=", event.id), ("state", "in", ("open", "done"))]
            )
        results[system] = (sold, outcomes)
    return results


def ms(seconds):
    return f"{seconds * 1000:.0f} ms"


def ratio(theirs, ours):
    return f"{theirs / ours:.1f}" if ours else "—"


def table(args, took, free, one_booking, bookings_race, seats_race):
    """The lines of results/peers.md."""
    lines = [
        "# Side by side with the peers",
        "",
        (
            f"Run on {date.today().isoformat()} by `python3 bench/peers.py` on a fresh database without demo data "
            "with `periscope_training` (so `periscope_coworking` and core `event`) and OCA's `resource_booking` "
            f"18.0 from PyPI installed: the same 20 rooms, open Monday to Friday 8:00–20:00, and the same "
            f"{args.bookings:,} one-hour bookings next month in both, each built through its own ORM "
            f"(ours in {took['ours']:.0f} s, resource_booking's in {took['oca']:.0f} s). Medians of 9 runs rolled "
            "back after one that warms the caches, with their SQL queries; ratio = theirs / ours."
        ),
        "",
        "| measure | Périscope | peer | ratio |",
        "|---|---|---|---|",
    ]
    for count, label in ((1, "one room"), (ROOMS, f"the {ROOMS} rooms")):
        ours, oca = free["ours", count], free["oca", count]
        lines.append(
            f"| free slots of {label} over next month (ours: `_free_slots`; resource_booking: its portal "
            f"schedule page's `_get_calendar_context`) | {ms(ours[0])}, {ours[1]:.0f} queries "
            f"(free periods found: {ours[2]:,}) | {ms(oca[0])}, {oca[1]:.0f} queries (slots found: {oca[2]:,}) "
            f"| {ratio(oca[0], ours[0])} |"
        )
    ours, oca = one_booking["ours"], one_booking["oca"]
    lines.append(
        f"| one booking created and confirmed | {ms(ours[0])}, {ours[1]:.0f} queries "
        f"| {ms(oca[0])}, {oca[1]:.0f} queries | {ratio(oca[0], ours[0])} |"
    )
    lines.append(
        f"| {RACERS} transactions book the same room at the same hour at once: bookings kept "
        f"| **{bookings_race['ours'][0]}** {outcomes_text(bookings_race['ours'][1])} "
        f"| **{bookings_race['oca'][0]}** {outcomes_text(bookings_race['oca'][1])} | |"
    )
    lines.append(
        f"| {RACERS} transactions register to an event of 2 seats at once: seats sold (ours: a training "
        f"session; peer: core `event`) | **{seats_race['ours'][0]}** {outcomes_text(seats_race['ours'][1])} "
        f"| **{seats_race['core'][0]}** {outcomes_text(seats_race['core'][1])} | |"
    )
    lines += [
        "",
        (
            "In the races each transaction has its own connection, takes its snapshot, waits for the nine "
            "others, then writes and commits; a serialization failure is tried again in a new transaction "
            "as Odoo's request layer does."
        ),
        "",
        f"Machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, Odoo {odoo.release.version}.",
    ]
    return lines


def outcomes_text(outcomes):
    return "(" + ", ".join(f"{count} {outcome}" for outcome, count in sorted(outcomes.items())) + ")"


def main():
    args = arguments()
    addons = f"{args.addons},{install_peers(args.peers)}"
    install(args.db, addons, "periscope_training,resource_booking")
    db_registry = registry(args.db, addons)
    first = (date.today() + relativedelta(months=1)).replace(day=1)
    with db_registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tz": "Europe/Paris"})
        calendar = opening_hours(env)
        rooms = build_rooms(env, ROOMS)
        rooms.write({"resource_calendar_id": calendar.id, "booking_horizon_days": 0})
        partners = build_organisations(env, RACERS, prefix="Organisation (bench)")
        combinations, one, every = build_oca(env, calendar)
        cr.commit()
        took = build_bookings(env, rooms, combinations, every, partners, first, args.bookings)
        cr.commit()
        cr.execute("ANALYZE")
        free = measure_free_slots(env, rooms, one, every, partners[0], first)
        one_booking = measure_one_booking(env, rooms, combinations, every, partners[0], first)
        bookings_race = race_bookings(db_registry, env, rooms, combinations, one, partners, first)
        seats_race = race_seats(db_registry, env, first)
    write_results("peers", table(args, took, free, one_booking, bookings_race, seats_race))
    if not args.keep:
        drop(args.db)


if __name__ == "__main__":
    main()
