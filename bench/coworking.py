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

import argparse
import os
import statistics
import subprocess
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import pytz
from dateutil.relativedelta import relativedelta

import odoo
from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry
from odoo.tools import config

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
PARIS = pytz.timezone("Europe/Paris")
SPACES = 20
ORGANISATIONS = 300
BILLED_PER_ORGANISATION = 10
NEXT_MONTH_BOOKINGS = 5000


def odoo_root():
    return Path(odoo.__file__).resolve().parent.parent


def utc(day, hour):
    local = PARIS.localize(datetime.combine(day, datetime.min.time()))
    local += timedelta(hours=hour)
    local = PARIS.normalize(local)
    return local.astimezone(pytz.utc).replace(tzinfo=None)


def weekdays(first):
    day = first
    while day.month == first.month:
        if day.weekday() < 5:
            yield day
        day += timedelta(days=1)


def install(db, data_dir, addons):
    subprocess.run(["dropdb", "--if-exists", db], check=True)
    subprocess.run(
        [
            sys.executable,
            str(odoo_root() / "odoo-bin"),
            f"--addons-path={addons},{odoo_root() / 'addons'}",
            f"--data-dir={data_dir}",
            "-d",
            db,
            "-i",
            "periscope_coworking",
            "--without-demo=all",
            "--stop-after-init",
            "--log-level=warn",
        ],
        check=True,
    )


class Rollback(Exception):
    """Undoes a measured run."""


def measure(env, function, runs):
    """Median seconds and query count of ``runs`` runs of ``function()``,
    each in a savepoint rolled back, after one run that warms the caches."""
    times, queries = [], []
    for _run in range(runs + 1):
        env.invalidate_all()
        before = env.cr.sql_log_count
        start = time.perf_counter()
        try:
            with env.cr.savepoint():
                function()
                env.flush_all()
                times.append(time.perf_counter() - start)
                queries.append(env.cr.sql_log_count - before)
                raise Rollback
        except Rollback:
            env.invalidate_all()
    return statistics.median(times[1:]), statistics.median(queries[1:])


def build(env, today):
    """The rooms, the organisations and their bookings; returns the rooms and
    the first days of last and next month."""
    rooms = env["periscope.space"].create(
        [
            {
                "name": f"Salle {index + 1:02d}",
                "space_type": "meeting_room",
                "capacity": 10,
                "portal_bookable": True,
                "booking_horizon_days": 0,
                "buffer_minutes": 0,
                "product_id": env.ref(
                    "periscope_coworking.product_meeting_room_hour"
                ).id,
            }
            for index in range(SPACES)
        ]
    )
    # associated partners: member rates, no included hours (all 10 billed)
    member_type = env.ref("periscope_members.member_type_associated_partner")
    organisations = env["res.partner"].create(
        [
            {
                "name": f"Organisation {index + 1:03d}",
                "is_company": True,
                "periscope_member_type_id": member_type.id,
            }
            for index in range(ORGANISATIONS)
        ]
    )
    last_month = (today - relativedelta(months=1)).replace(day=1)
    next_month = (today + relativedelta(months=1)).replace(day=1)

    def slots(first):
        for day in weekdays(first):
            for hour in range(8, 20):
                for room in rooms:
                    yield room, utc(day, hour), utc(day, hour + 1)

    billed = [
        {
            "space_id": room.id,
            "partner_id": organisations[index % ORGANISATIONS].id,
            "start": start,
            "stop": stop,
        }
        for index, (room, start, stop) in zip(
            range(ORGANISATIONS * BILLED_PER_ORGANISATION),
            slots(last_month),
            strict=False,
        )
    ]
    upcoming = [
        {
            "space_id": room.id,
            "partner_id": organisations[index % ORGANISATIONS].id,
            "start": start,
            "stop": stop,
        }
        for index, (room, start, stop) in zip(
            range(NEXT_MONTH_BOOKINGS), slots(next_month), strict=False
        )
    ]
    Booking = env["periscope.booking"].with_context(tracking_disable=True)
    started = time.perf_counter()
    for chunk in range(0, len(billed + upcoming), 500):
        Booking.create((billed + upcoming)[chunk : chunk + 500]).action_confirm()
    built = time.perf_counter() - started
    return rooms, organisations, last_month, next_month, built


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", default="periscope_bench_coworking")
    parser.add_argument("--keep", action="store_true", help="keep the database")
    parser.add_argument(
        "--addons", default=str(REPO), help="the folder of the Périscope addons"
    )
    args = parser.parse_args()
    data_dir = "/tmp/periscope-bench-data"
    install(args.db, data_dir, args.addons)
    config.parse_config(
        [
            f"--addons-path={args.addons},{odoo_root() / 'addons'}",
            f"--data-dir={data_dir}",
            "-d",
            args.db,
            "--log-level=warn",
        ]
    )
    registry = Registry(args.db)
    today = date.today()
    lines = []
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tz": "Europe/Paris"})
        rooms, organisations, last_month, next_month, built = build(env, today)
        cr.commit()
        bookings = env["periscope.booking"].search_count([])

        month = (utc(next_month, 0), utc(next_month + relativedelta(months=1), 0))
        slots_time, slots_queries = measure(env, lambda: rooms._free_slots(*month), 15)
        # the same search in a month with 50 bookings
        quiet = (next_month + relativedelta(months=2)).replace(day=1)
        quiet_days = list(weekdays(quiet))
        env["periscope.booking"].create(
            [
                {
                    "space_id": rooms[index % SPACES].id,
                    "partner_id": organisations[index].id,
                    "start": utc(quiet_days[index // SPACES], 9),
                    "stop": utc(quiet_days[index // SPACES], 10),
                }
                for index in range(50)
            ]
        ).action_confirm()
        cr.commit()
        quiet_month = (utc(quiet, 0), utc(quiet + relativedelta(months=1), 0))
        _quiet_time, quiet_queries = measure(
            env, lambda: rooms._free_slots(*quiet_month), 5
        )

        free_day = list(weekdays(next_month))[-1]

        def book_one():
            env["periscope.booking"].create(
                {
                    "space_id": rooms[-1].id,
                    "partner_id": organisations[0].id,
                    "start": utc(free_day, 19),
                    "stop": utc(free_day, 20),
                }
            ).action_confirm()

        booking_time, booking_queries = measure(env, book_one, 15)

        Run = env["periscope.billing.run"]

        def billing_run():
            run = Run.create({"period_start": last_month})
            run.action_create_invoices()
            assert len(run.invoice_ids) == ORGANISATIONS, len(run.invoice_ids)

        run = Run.create({"period_start": last_month})
        vals_list = run._invoice_vals_list()
        cr.commit()
        invoice_lines = sum(len(vals["invoice_line_ids"]) for vals in vals_list)

        def plain_create():
            env["account.move"].with_context(tracking_disable=True).create(vals_list)

        # alternated, so that both see the same state of the machine
        run_times, create_times = [], []
        for _round in range(3):
            run_times.append(measure(env, billing_run, 1))
            create_times.append(measure(env, plain_create, 1))
        run_time, run_queries = (
            statistics.median(t for t, _q in run_times),
            run_times[-1][1],
        )
        create_time, create_queries = (
            statistics.median(t for t, _q in create_times),
            create_times[-1][1],
        )
        ratio = run_time / create_time

    slots_met = (
        slots_time <= 0.3 and slots_queries <= 10 and slots_queries == quiet_queries
    )
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
        (
            f"| the same invoices by one `account.move.create` | {create_time:.2f} s "
            f"| {create_queries:.0f} | | |"
        ),
        (
            f"| ratio billing run / `account.move.create` | {ratio:.2f} | | ≤ 1.5 "
            f"| {'yes' if ratio <= 1.5 else 'NO'} |"
        ),
        "",
        (
            f"Machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, "
            f"Odoo {odoo.release.version}."
        ),
        "",
    ]
    results = HERE / "results"
    results.mkdir(exist_ok=True)
    (results / "coworking.md").write_text("\n".join(lines), encoding="utf-8")
    if not args.keep:
        Registry.delete(args.db)
        odoo.sql_db.close_db(args.db)
        subprocess.run(["dropdb", "--if-exists", args.db], check=True)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
