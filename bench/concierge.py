# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Timings of the concierge's provider settlement on a fresh database.

    python3 bench/concierge.py [--db periscope_bench_concierge] [--keep]
                               [--addons FOLDER]

Installs periscope_concierge without demo data on a new database, builds 30
ESS providers with two services each (a percentage and a fixed share), 300
customers and 5,000 orders of two services each, all collected last month:
10,000 order lines to settle. The orders and their lines are created through
the ORM (in batches of 500), which prices them and computes each provider's
share; their states and step dates are then set by SQL (deposited, at the
provider, ready, at the desk, collected), as the steps themselves (e-mails to
the customers, customer invoices at collection) are not what is measured and
the settlement reads only the state, the collection date and the lines'
stored amounts. The tables are then analyzed, as autovacuum does after such a
bulk load (without it the planner still believes the tables empty).

Then it measures, each as the median of 3 runs rolled back (after a first run
that warms the caches) with its SQL query count:

- the settlement run of last month (30 settlements, 30 draft vendor bills)
  against one ``account.move.create`` of the same vendor bills' values
  (target: ratio <= 1.5);
- the run's summary (what would be settled), and the activity report grouped
  by provider and month over the 10,000 lines.

The results are written to bench/results/concierge.md and printed.
"""

import copy
import os
import sys
import time
from datetime import date

from _bench import arguments, drop, install, measure, registry, utc, write_results
from dateutil.relativedelta import relativedelta

import odoo
from odoo import SUPERUSER_ID, api
from odoo.tools import SQL

PROVIDERS = 30
CUSTOMERS = 300
ORDERS = 5000
LINES_PER_ORDER = 2
BATCH = 500


def build_services(env, providers=PROVIDERS):
    """``providers`` ESS providers with two services each (a percentage and
    a fixed share); returns the services (product.product)."""
    providers = env["res.partner"].create(
        [{"name": f"Prestataire ESS {index + 1:02d}", "is_company": True} for index in range(providers)]
    )
    category = env.ref("periscope_concierge.product_category_concierge")
    services = []
    for index, provider in enumerate(providers):
        services += [
            {
                "name": f"Service {index + 1:02d} A",
                "type": "service",
                "categ_id": category.id,
                "list_price": 1.15 + index,  # shares that round
                "taxes_id": [(5, 0, 0)],
                "supplier_taxes_id": [(5, 0, 0)],
                "is_concierge_service": True,
                "concierge_provider_id": provider.id,
                "concierge_share_type": "percent",
                "concierge_share_percent": 70.0 + index % 4 * 5,
            },
            {
                "name": f"Service {index + 1:02d} B",
                "type": "service",
                "categ_id": category.id,
                "list_price": 18.5 + index,
                "taxes_id": [(5, 0, 0)],
                "supplier_taxes_id": [(5, 0, 0)],
                "is_concierge_service": True,
                "concierge_provider_id": provider.id,
                "concierge_share_type": "fixed",
                "concierge_share_fixed": 16.0 + index,
            },
        ]
    return env["product.product"].create(services)


def build_orders(env, products, customers, count, last_month):
    """``count`` orders of two ``products`` each, order ``i`` for
    ``customers[i % len(customers)]`` (which may repeat a customer), all
    collected in the month of ``last_month``; returns their ids."""
    order_ids = create_orders(env, products, customers, count)
    set_collected(env, order_ids, last_month)
    return order_ids


def create_orders(env, products, customers, count):
    """``count`` orders of two ``products`` each, created through the ORM in
    batches; returns their ids."""
    Order = env["periscope.concierge.order"].with_context(
        tracking_disable=True, mail_create_nolog=True, mail_create_nosubscribe=True
    )
    vals_list = [
        {
            "beneficiary_id": customers[index % len(customers)].id,
            "line_ids": [
                (0, 0, {"product_id": products[(index + 7 * n) % len(products)].id, "quantity": 1 + (index + n) % 3})
                for n in range(LINES_PER_ORDER)
            ],
        }
        for index in range(count)
    ]
    order_ids = []
    for chunk in range(0, count, BATCH):
        order_ids += Order.create(vals_list[chunk : chunk + BATCH]).ids
        env.flush_all()
        env.invalidate_all()
    return order_ids


def set_collected(env, order_ids, last_month):
    """The steps of the orders ``order_ids`` set by SQL, all collected in the
    month of ``last_month``; the tables analyzed."""
    # the steps by SQL (see the module's docstring): dropped off on a day of
    # last month, back at the desk two days later, collected the day after
    # (in the month: the drop-offs are in its first 25 days)
    days = 25
    env.cr.execute(
        SQL(
            """
UPDATE periscope_concierge_order o
   SET state = 'collected',
       date_deposited = s.deposited,
       date_at_provider = s.deposited + interval '2 hours',
       date_ready = s.deposited + interval '2 days',
       date_at_desk = s.deposited + interval '2 days 1 hour',
       date_collected = s.deposited + interval '3 days'
  FROM (SELECT id,
               %(start)s::timestamp
                   + mod(row_number() OVER (ORDER BY id), %(days)s) * interval '1 day'
                   + mod(row_number() OVER (ORDER BY id), 10) * interval '1 hour'
                   AS deposited
          FROM periscope_concierge_order WHERE id = ANY(%(ids)s)) s
 WHERE o.id = s.id
""",
            start=utc(last_month, 8),
            days=days,
            ids=order_ids,
        )
    )
    env.cr.execute(
        SQL(
            """
UPDATE periscope_concierge_order_line l
   SET state = 'ready', date_ready = o.date_ready
  FROM periscope_concierge_order o
 WHERE o.id = l.order_id AND o.id = ANY(%(ids)s)
""",
            ids=order_ids,
        )
    )
    # the planner's statistics after the bulk load, as autovacuum would
    env.cr.execute("ANALYZE periscope_concierge_order")
    env.cr.execute("ANALYZE periscope_concierge_order_line")
    env.invalidate_all()


def build(env, last_month):
    """The providers, their services, the customers and last month's
    collected orders; returns the seconds it took."""
    started = time.perf_counter()
    products = build_services(env)
    customers = env["res.partner"].create([{"name": f"Client {index + 1:03d}"} for index in range(CUSTOMERS)])
    build_orders(env, products, customers, ORDERS, last_month)
    return time.perf_counter() - started


def measure_settlement(env, last_month, providers=PROVIDERS, runs=3):
    """The settlement run of last month against one ``account.move.create``
    of the same vendor bills, the run's summary and the activity report:
    a dict of the figures (and whether each bill equals its settlement)."""
    cr = env.cr
    company = env.company
    Settlement = env["periscope.concierge.settlement"]
    lines = env["periscope.concierge.order.line"].search_count([("order_id.state", "=", "collected")])

    def settlement_run():
        settlements = Settlement._settle_month(last_month)
        assert len(settlements) == providers, len(settlements)
        assert sum(settlements.mapped("line_count")) == lines

    lines_by_provider = Settlement._lines_to_settle(last_month, company)
    vals_list = Settlement._bill_vals_list(lines_by_provider, last_month, company)
    bill_lines = sum(len(vals["invoice_line_ids"]) for vals in vals_list)

    def plain_create():
        # in the run's environment: the current company, no tracking
        env["account.move"].with_company(company).with_context(tracking_disable=True).create(copy.deepcopy(vals_list))

    def summary():
        Settlement._lines_to_settle(last_month, company)

    def activity():
        env["periscope.concierge.report"]._read_group(
            [("state", "=", "collected")],
            ["provider_id", "month:month"],
            ["revenue:sum", "provider_share:sum", "turnaround_hours:avg"],
        )

    run_time, run_queries = measure(env, settlement_run, runs)
    create_time, create_queries = measure(env, plain_create, runs)
    summary_time, summary_queries = measure(env, summary, runs)
    activity_time, activity_queries = measure(env, activity, runs)
    # check the figures once, on a run that is kept then dropped
    with cr.savepoint(flush=False) as savepoint:
        settlements = Settlement._settle_month(last_month)
        env.flush_all()
        exact = all(settlement.bill_id.amount_untaxed == settlement.amount for settlement in settlements)
        savepoint.rollback()
    env.invalidate_all()
    return {
        "lines": lines,
        "bill_lines": bill_lines,
        "run_time": run_time,
        "run_queries": run_queries,
        "create_time": create_time,
        "create_queries": create_queries,
        "ratio": run_time / create_time,
        "summary_time": summary_time,
        "summary_queries": summary_queries,
        "activity_time": activity_time,
        "activity_queries": activity_queries,
        "exact": exact,
    }


def main():
    args = arguments("concierge", __doc__)
    install(args.db, args.addons, "periscope_concierge")
    concierge = registry(args.db, args.addons)
    today = date.today()
    last_month = (today - relativedelta(months=1)).replace(day=1)
    with concierge.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tz": "Europe/Paris"})
        built = build(env, last_month)
        cr.commit()
        figures = measure_settlement(env, last_month)
    lines = figures["lines"]
    bill_lines = figures["bill_lines"]
    run_time, run_queries = figures["run_time"], figures["run_queries"]
    create_time, create_queries = figures["create_time"], figures["create_queries"]
    summary_time, summary_queries = (figures["summary_time"], figures["summary_queries"])
    activity_time, activity_queries = (figures["activity_time"], figures["activity_queries"])
    ratio, exact = figures["ratio"], figures["exact"]

    lines_out = [
        "# periscope_concierge — timings",
        "",
        (
            f"Run on {today.isoformat()} by `python3 bench/concierge.py` on a fresh "
            f"database without demo data: {PROVIDERS} providers with two services "
            f"each, {CUSTOMERS} customers, {ORDERS:,} orders of "
            f"{LINES_PER_ORDER} services collected in {last_month:%B %Y}: "
            f"{lines:,} order lines to settle (created through the ORM, steps "
            f"set by SQL, in {built:.0f} s). Median of 3 runs, each rolled back."
        ),
        "",
        "| measure | median | SQL queries | target | met |",
        "|---|---|---|---|---|",
        (
            f"| settlement run of last month: {PROVIDERS} settlements, "
            f"{PROVIDERS} draft vendor bills, {bill_lines} bill lines, "
            f"{lines:,} order lines settled | {run_time:.2f} s "
            f"| {run_queries:.0f} | | |"
        ),
        (f"| the same vendor bills by one `account.move.create` | {create_time:.2f} s | {create_queries:.0f} | | |"),
        (
            f"| ratio settlement run / `account.move.create` | {ratio:.2f} | "
            f"| ≤ 1.5 | {'yes' if ratio <= 1.5 else 'NO'} |"
        ),
        (f"| summary of the run (what would be settled) | {summary_time * 1000:.0f} ms | {summary_queries:.0f} | | |"),
        (
            f"| activity report by provider and month ({lines:,} lines) "
            f"| {activity_time * 1000:.0f} ms | {activity_queries:.0f} | | |"
        ),
        (
            f"| each bill's untaxed total equals its settlement's sum of shares "
            f"| | | exact | {'yes' if exact else 'NO'} |"
        ),
        "",
        (f"Machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, Odoo {odoo.release.version}."),
        "",
    ]
    if not args.keep:
        drop(args.db)
    write_results("concierge", lines_out)


if __name__ == "__main__":
    main()
