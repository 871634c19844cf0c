# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Timings of the BPF of a year of training on a fresh database.

    python3 bench/training.py [--db periscope_bench_training] [--keep]
                              [--addons FOLDER]

Installs periscope_training without demo data on a new database and builds,
through the ORM, two years of training with the builder of the addon's
query-count test (periscope_training/tests/bpf_data.py): a year of 20
registrations and one of 2,000 — sessions of 100 trainees of every kind on
six programmes (RNCP levels, RS, none; six NSF specialities), two half-days
each given by a trainer of the hub and one from outside, attendance marked
(one trainee in seven absent in the afternoon), the funders invoiced and
the invoices posted.

Then it measures computing the BPF of each year (sections C, E, F-1, F-3,
F-4, the checks and the list of what is missing), each as the median of 5
runs rolled back after a first run that warms the caches, with its SQL query
count (target: at most 5 s for 2,000 registrations, and the same number of
queries as for 20); and the CSV export of the 2,000 year. The results are
written to bench/results/training.md and printed.
"""

import os
import sys
import time
from datetime import date

from _bench import addon_helper, arguments, drop, install, measure, registry, write_results

import odoo
from odoo import SUPERUSER_ID, api

SMALL, LARGE = 20, 2000
# two past years: the trainees are marked present at sessions that took place
LARGE_YEAR = date.today().year - 1
SMALL_YEAR = LARGE_YEAR - 1
TARGET_SECONDS = 5.0


def main():
    args = arguments("training", __doc__)
    install(args.db, args.addons, "periscope_training")
    training = registry(args.db, args.addons)
    build_training_year = addon_helper("periscope_training", "bpf_data").build_training_year

    with training.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tz": "Europe/Paris"})
        started = time.perf_counter()
        build_training_year(env, SMALL, SMALL_YEAR, prefix="Petit")
        build_training_year(env, LARGE, LARGE_YEAR, prefix="Grand")
        built = time.perf_counter() - started
        cr.execute("ANALYZE")
        Bpf = env["periscope.training.bpf"]
        small = Bpf.create({"year": SMALL_YEAR})
        large = Bpf.create({"year": LARGE_YEAR})
        cr.commit()
        small_time, small_queries = measure(env, small.action_compute, 5)
        large_time, large_queries = measure(env, large.action_compute, 5)
        large.action_compute()
        csv_time, csv_queries = measure(env, large._csv_content, 5)
        counted = (large.trainee_count, large.revenue, large.inconsistency_count)
        cr.rollback()

    met = large_time <= TARGET_SECONDS and large_queries == small_queries
    lines = [
        "# periscope_training — timings",
        "",
        (
            f"Run on {date.today().isoformat()} by `python3 bench/training.py` on a "
            f"fresh database without demo data: a year of {SMALL} registrations and "
            f"one of {LARGE:,} (sessions of 100 trainees, two half-days each, "
            f"attendance marked, funders invoiced and the invoices posted; built "
            f"through the ORM in {built:.0f} s). Median of 5 runs, each rolled back."
        ),
        "",
        "| measure | median | SQL queries | target | met |",
        "|---|---|---|---|---|",
        (f"| BPF of a year of {SMALL} registrations | {small_time * 1000:.0f} ms | {small_queries:.0f} | | |"),
        (
            f"| BPF of a year of {LARGE:,} registrations "
            f"| {large_time * 1000:.0f} ms | {large_queries:.0f} "
            f"| ≤ {TARGET_SECONDS:.0f} s, as many queries as for {SMALL} "
            f"| {'yes' if met else 'NO'} |"
        ),
        (f"| its CSV in the order of the form | {csv_time * 1000:.0f} ms | {csv_queries:.0f} | | |"),
        (
            f"| trainees counted, income, failed checks "
            f"| {counted[0]:,}, {counted[1]:,.2f} €, {counted[2]} "
            f"| | {LARGE:,}, {LARGE * 350:,.2f} €, 0 "
            f"| {'yes' if counted == (LARGE, LARGE * 350.0, 0) else 'NO'} |"
        ),
        "",
        (f"Machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, Odoo {odoo.release.version}."),
        "",
    ]
    if not args.keep:
        drop(args.db)
    write_results("training", lines)


if __name__ == "__main__":
    main()
