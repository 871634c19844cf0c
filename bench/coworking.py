# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Timings of periscope_coworking on a fresh database.

    python3 bench/coworking.py [--db periscope_bench_coworking] [--keep]

Installs periscope_coworking without demo data on a new database, builds 20
meeting rooms, 300 member organisations, 3,000 bookings last month (10 per
organisation) and 5,000 next month, then measures, each as the median of
several runs and its SQL query count:

- the free slots of the 20 spaces over next month (target: at most 300 ms,
  the same queries as with 50 bookings, at most 10);
- creating and confirming one booking (target: at most 40 queries);
- the billing run of last month (300 customers, 10 bookings each) against
  one ``account.move.create`` of the same invoices (target: ratio <= 1.5).

Every measure runs in a savepoint that is rolled back. The results are
written to bench/results/coworking.md and printed.
"""

import os
import statistics
import sys
import time
from datetime import date, timedelta

from _bench import arguments, drop, install, measure, registry, utc, write_results
from dateutil.relativedelta import relativedelta

import odoo
from odoo import SUPERUSER_ID, Command, api

SPACES = 20
ORGANISATIONS = 300
BILLED_PER_ORGANISATION = 10
NEXT_MONTH_BOOKINGS = 5000
BATCH = 500


def weekdays(first):
    day = first
    while day.month == first.month:
        if day.weekday() < 5:
            yield day
        day += timedelta(days=1)


def build_rooms(env, count=SPACES):
    """``count`` portal-bookable meeting rooms."""
    return env["periscope.space"].create(
        [
            {
                "name": f"Salle {index + 1:02d}",
                "space_type": "meeting_room",
                "capacity": 10,
                "portal_bookable": True,
                "booking_horizon_days": 0,
                "buffer_minutes": 0,
                "product_id": env.ref("periscope_coworking.product_meeting_room_hour").id,
            }
            for index in range(count)
        ]
    )


def build_organisations(env, count=ORGANISATIONS, prefix="Organisation"):
    """``count`` associated partners: member rates, no included hours (every
    booking billed)."""
    member_type = env.ref("periscope_members.member_type_associated_partner")
    return env["res.partner"].create(
        [
            {"name": f"{prefix} {index + 1:03d}", "is_company": True, "periscope_member_type_id": member_type.id}
            for index in range(count)
        ]
    )


def book(env, rooms, partners, first, count):
    """``count`` confirmed one-hour bookings of ``rooms`` in the month of
    ``first`` (weekdays, 8:00 to 20:00, the rooms in turn), booking ``i``
    invoiced to ``partners[i % len(partners)]`` (``partners`` may repeat a
    partner); created and confirmed through the ORM in batches."""

    def slots():
        for day in weekdays(first):
            for hour in range(8, 20):
                for room in rooms:
                    yield room, utc(day, hour), utc(day, hour + 1)

    vals_list = [
        {"space_id": room.id, "partner_id": partners[index % len(partners)].id, "start": start, "stop": stop}
        for index, (room, start, stop) in zip(range(count), slots(), strict=False)
    ]
    assert len(vals_list) == count, f"{count} bookings do not fit in {first:%B %Y}"
    Booking = env["periscope.booking"].with_context(tracking_disable=True)
    for chunk in range(0, count, BATCH):
        Booking.create(vals_list[chunk : chunk + BATCH]).action_confirm()
        env.flush_all()
        env.invalidate_all()


def build(env, today, spaces=SPACES, organisations=ORGANISATIONS, next_month_bookings=NEXT_MONTH_BOOKINGS):
    """The rooms, the organisations, 10 bookings of each last month and
    ``next_month_bookings`` next month; returns the rooms, the organisations,
    the first days of last and next month and the seconds the bookings took."""
    rooms = build_rooms(env, spaces)
    organisations = build_organisations(env, organisations)
    last_month = (today - relativedelta(months=1)).replace(day=1)
    next_month = (today + relativedelta(months=1)).replace(day=1)
    started = time.perf_counter()
    book(env, rooms, organisations, last_month, len(organisations) * BILLED_PER_ORGANISATION)
    book(env, rooms, organisations, next_month, next_month_bookings)
    built = time.perf_counter() - started
    return rooms, organisations, last_month, next_month, built


def measure_free_slots(env, rooms, organisations, next_month, runs=15):
    """The free slots of ``rooms`` over next month, and the same search in a
    month with 50 bookings (that it creates and commits, two months later):
    (seconds, queries, queries with 50 bookings)."""
    month = (utc(next_month, 0), utc(next_month + relativedelta(months=1), 0))
    slots_time, slots_queries = measure(env, lambda: rooms._free_slots(*month), runs)
    quiet = (next_month + relativedelta(months=2)).replace(day=1)
    quiet_days = list(weekdays(quiet))
    env["periscope.booking"].create(
        [
            {
                "space_id": rooms[index % len(rooms)].id,
                "partner_id": organisations[index % len(organisations)].id,
                "start": utc(quiet_days[index // len(rooms)], 9),
                "stop": utc(quiet_days[index // len(rooms)], 10),
            }
            for index in range(50)
        ]
    ).action_confirm()
    env.cr.commit()
    quiet_month = (utc(quiet, 0), utc(quiet + relativedelta(months=1), 0))
    _quiet_time, quiet_queries = measure(env, lambda: rooms._free_slots(*quiet_month), 5)
    return slots_time, slots_queries, quiet_queries


def measure_booking(env, rooms, organisation, next_month, runs=15):
    """The reception creating and confirming one booking in the last free
    hour of next month, the record cache empty as in a request: (seconds,
    queries)."""
    free_day = list(weekdays(next_month))[-1]
    reception = env["res.users"].search([("login", "=", "bench_reception")])
    if not reception:
        reception = (
            env["res.users"]
            .with_context(no_reset_password=True)
            .create(
                {
                    "name": "Accueil (bench)",
                    "login": "bench_reception",
                    "groups_id": [Command.set(env.ref("periscope_coworking.group_periscope_coworking_user").ids)],
                }
            )
        )
    Booking = env["periscope.booking"].with_user(reception)

    def book_one():
        Booking.create(
            {
                "space_id": rooms[-1].id,
                "partner_id": organisation.id,
                "start": utc(free_day, 19),
                "stop": utc(free_day, 20),
            }
        ).action_confirm()

    return measure(env, book_one, runs)


def measure_billing(env, last_month, customers, rounds=3):
    """The billing run of last month (``customers`` invoices) and one
    ``account.move.create`` of the same invoices, measured alternately so
    that both see the same state of the machine: a dict of the figures."""
    Run = env["periscope.billing.run"]

    def billing_run():
        run = Run.create({"period_start": last_month})
        run.action_create_invoices()
        assert len(run.invoice_ids) == customers, len(run.invoice_ids)

    # the plain create's invoices refer to a run: one is kept (in draft)
    vals_list = Run.create({"period_start": last_month})._invoice_vals_list()
    env.cr.commit()
    invoice_lines = sum(len(vals["invoice_line_ids"]) for vals in vals_list)

    def plain_create():
        env["account.move"].with_context(tracking_disable=True).create(vals_list)

    run_times, create_times = [], []
    for _round in range(rounds):
        run_times.append(measure(env, billing_run, 1))
        create_times.append(measure(env, plain_create, 1))
    run_time = statistics.median(t for t, _q in run_times)
    create_time = statistics.median(t for t, _q in create_times)
    return {
        "invoices": customers,
        "invoice_lines": invoice_lines,
        "run_time": run_time,
        "run_queries": run_times[-1][1],
        "create_time": create_time,
        "create_queries": create_times[-1][1],
        "ratio": run_time / create_time,
    }


def main():
    args = arguments("coworking", __doc__)
    install(args.db, args.addons, "periscope_coworking")
    coworking = registry(args.db, args.addons)
    today = date.today()
    with coworking.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tz": "Europe/Paris"})
        rooms, organisations, last_month, next_month, built = build(env, today)
        cr.commit()
        bookings = env["periscope.booking"].search_count([])
        slots_time, slots_queries, quiet_queries = measure_free_slots(env, rooms, organisations, next_month)
        booking_time, booking_queries = measure_booking(env, rooms, organisations[0], next_month)
        billing = measure_billing(env, last_month, ORGANISATIONS)
        run_time, run_queries = billing["run_time"], billing["run_queries"]
        create_time, create_queries = billing["create_time"], billing["create_queries"]
        invoice_lines, ratio = billing["invoice_lines"], billing["ratio"]

    slots_met = slots_time <= 0.3 and slots_queries <= 10 and slots_queries == quiet_queries
    lines = []
    lines += [
        "# periscope_coworking — timings",
        "",
        (
            f"Run on {today.isoformat()} by `python3 bench/coworking.py` on a fresh "
            f"database without demo data: {SPACES} meeting rooms, {ORGANISATIONS} "
            f"member organisations, {bookings} confirmed bookings (built and "
            f"confirmed through the ORM in {built:.0f} s). Median of several runs, "
            "each rolled back."
        ),
        "",
        "| measure | median | SQL queries | target | met |",
        "|---|---|---|---|---|",
        (
            f"| free slots of {SPACES} spaces over next month "
            f"({NEXT_MONTH_BOOKINGS:,} bookings in it) | {slots_time * 1000:.0f} ms "
            f"| {slots_queries:.0f} (50 bookings: {quiet_queries:.0f}) "
            f"| ≤ 300 ms, ≤ 10 queries, same as with 50 "
            f"| {'yes' if slots_met else 'NO'} |"
        ),
        (
            f"| creating and confirming one booking | {booking_time * 1000:.0f} ms "
            f"| {booking_queries:.0f} | ≤ 40 queries "
            f"| {'yes' if booking_queries <= 40 else 'NO'} |"
        ),
        (
            f"| billing run of last month: {ORGANISATIONS} draft invoices, "
            f"{invoice_lines:,} lines | {run_time:.2f} s | {run_queries:.0f} | | |"
        ),
        (f"| the same invoices by one `account.move.create` | {create_time:.2f} s | {create_queries:.0f} | | |"),
        (f"| ratio billing run / `account.move.create` | {ratio:.2f} | | ≤ 1.5 | {'yes' if ratio <= 1.5 else 'NO'} |"),
        "",
        (f"Machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, Odoo {odoo.release.version}."),
        "",
    ]
    if not args.keep:
        drop(args.db)
    write_results("coworking", lines)


if __name__ == "__main__":
    main()
