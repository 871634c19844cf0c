# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The whole hub at ten times its size, on a fresh database.

    python3 bench/hub.py [--db periscope_bench_hub] [--keep] [--scale 1]
                         [--addons FOLDER]

Installs the four addons without demo data (periscope_training and
periscope_concierge, which pull in periscope_coworking and periscope_members)
on a new database and builds, through the ORM in batches, ten times the hub:

- 300 member organisations (associated partners: member rates, every booking
  billed) and 8,700 people in them (the first of each organisation through
  the ORM, the others copies of it by SQL under their own names), two years
  of key figures of each;
- 20 meeting rooms and 50,000 confirmed bookings: 10 per organisation last
  month (billed by the billing run), 5,000 next month (the free-slot search)
  and the rest in the months before last month; one organisation, the
  "large" one, has about 1,000 of them;
- 30 concierge providers with two services each and 10,000 orders of two
  services, for the people of the organisations (1,000 for the large
  organisation's people), all collected last month; their steps are set by
  SQL as bench/concierge.py does (the e-mails and customer invoices of each
  step are not what is measured: the settlement reads the state, the
  collection date and the lines' stored amounts);
- 2,000 training registrations in a year and 20 in another (last year and
  the year before: the trainees are marked present at sessions that took
  place), by the builder of the BPF's query-count test
  (periscope_training/tests/bpf_data.py);
- a "small" organisation with 10 bookings and 10 orders, and portal users:
  a person of the large organisation, one of the small one, and one of the
  employer of each training year (about 800 and 8 registrations).

Then it measures each as a median time and a SQL query count, every run
rolled back after one that warms the caches: the free-slot search, creating a
booking, the billing run and the concierge settlement (each with its ratio to
one ``account.move.create`` of the same moves), the membership renewal, the
BPF, the key-figure report, and the portal pages /my/bookings, /my/concierge
and /my/trainings. The pages are real HTTP GETs through Odoo's WSGI
application (werkzeug's test client, no server socket) with a portal user's
session opened by /web/session/authenticate; their queries are every query
of the request (Odoo's global counter).

It prints the table and writes bench/RESULTS.md. ``--scale 0.1`` builds a
tenth of all of it (not of the 20 rooms nor the 30 providers), to try the
script; its results say so in their title.

``--scale 10`` is the hub at a hundred times its size, what grows with it
when a hub does: 3,000 organisations and their 87,000 people, 200 rooms and
500,000 confirmed bookings. Last month's and next month's bookings are
created and confirmed through the ORM as above (30,000 and 50,000); the
420,000 of the months before are copies of last month's, five weeks apart
going back, written by SQL with their held seats (the database's exclusion
constraint checks them as it checks the ORM's), so that the build takes
minutes, not hours. The concierge orders and the training registrations stay
at ten times the hub (they do not read the bookings). It measures what
grows with the bookings — the free-slot search (of the same 20 rooms as at
ten times, and of the 200), creating a booking, ``/my/bookings`` of the
large organisation (10,000 bookings) and of the small one — each against
its figure at ten times in bench/RESULTS.md (target: within 2×), with the
plan PostgreSQL chooses for each of their queries (an index must serve
each), and the membership renewal and the key-figure report of the 3,000
organisations. The results go to bench/results/hub-100x.md and, as a section
beside the ten-times figures, to bench/RESULTS.md.
"""

import argparse
import os
import platform
import re
import statistics
import sys
import time
from datetime import date
from pathlib import Path

import concierge
import coworking
from _bench import HERE, REPO, addon_helper, drop, install, measure, registry, utc
from dateutil.relativedelta import relativedelta
from psycopg2 import sql
from werkzeug.test import Client

import odoo
from odoo import SUPERUSER_ID, api
from odoo.tools import SQL

ORGANISATIONS = 300
PEOPLE = 8700
SPACES = 20
BOOKINGS = 50000
NEXT_MONTH_BOOKINGS = 5000
ORDERS = 10000
REGISTRATIONS = 2000
SMALL_REGISTRATIONS = 20
# two past years: the trainees are marked present at sessions that took place
LARGE_YEAR = date.today().year - 1
SMALL_YEAR = LARGE_YEAR - 1
LARGE_SHARE = 1000  # bookings and orders of the large organisation
COPY_WEEKS = 5  # apart, the copies of last month's bookings (a month spans less)
PASSWORD = "periscope-bench"
ENVIRON = {"REMOTE_ADDR": "127.0.0.1"}  # as a server would set it


START = time.perf_counter()


def log(message):
    print(f"[{time.perf_counter() - START:5.0f} s] {message}", file=sys.stderr)


def arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", default="periscope_bench_hub")
    parser.add_argument("--keep", action="store_true", help="keep the database")
    parser.add_argument("--addons", default=str(REPO), help="the folder of the Périscope addons")
    parser.add_argument("--scale", type=float, default=1.0, help="a fraction of ten times the hub")
    return parser.parse_args()


def scaled(count, scale):
    return max(1, round(count * scale))


# --------------------------------------------------------------------- build
def build_people(env, organisations, count):
    """``count`` people spread over ``organisations``; returns them by
    organisation (a list of recordsets). Person ``i`` is of organisation
    ``i % len(organisations)``: the first of each through the ORM, the others
    copies of it by SQL under their own names (what a person's stored fields
    hold depends on the organisation, not on the name, but for the complete
    name)."""
    Partner = env["res.partner"].with_context(tracking_disable=True)
    first = min(count, len(organisations))
    template = []
    for chunk in range(0, first, 1000):
        template += Partner.create(
            [
                {"name": f"Personne {index + 1:05d}", "parent_id": organisations[index].id}
                for index in range(chunk, min(chunk + 1000, first))
            ]
        ).ids
        env.flush_all()
        env.invalidate_all()
    copy_people(env.cr, template, count)
    env.invalidate_all()
    env.cr.execute(
        SQL(
            "SELECT parent_id, array_agg(id ORDER BY id) FROM res_partner WHERE parent_id = ANY(%s) GROUP BY parent_id",
            organisations.ids,
        )
    )
    by_parent = dict(env.cr.fetchall())
    return [Partner.browse(by_parent.get(organisation.id, [])) for organisation in organisations]


def copying_insert(cr, table, alias, special, source):
    """The ``INSERT INTO table ... SELECT`` of copies of ``table``'s rows,
    read as ``alias`` by ``source`` (the ``FROM`` and what follows, with
    psycopg2's named parameters): every column but the id copied, except
    those of ``special`` (SQL expressions by column), created and written
    now."""
    cr.execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_name = %s AND column_name != 'id' ORDER BY ordinal_position",
        [table],
    )
    columns = [row[0] for row in cr.fetchall()]
    special = {"create_date": "now() AT TIME ZONE 'UTC'", "write_date": "now() AT TIME ZONE 'UTC'", **special}
    return sql.SQL("INSERT INTO {table} ({columns}) SELECT {expressions} {source}").format(
        table=sql.Identifier(table),
        columns=sql.SQL(", ").join(map(sql.Identifier, columns)),
        expressions=sql.SQL(", ").join(
            sql.SQL(special[column])
            if column in special
            else sql.SQL("{}.{}").format(sql.Identifier(alias), sql.Identifier(column))
            for column in columns
        ),
        source=sql.SQL(source),
    )


def copy_people(cr, template, count):
    """People ``len(template) + 1`` to ``count``, copies of ``template`` in
    turn, written by SQL: ``Personne NNNNN`` of the organisation of their
    model."""
    number = "t.rank + c.copy * %(first)s"
    name = f"'Personne ' || lpad(({number})::text, 5, '0')"
    insert = copying_insert(
        cr,
        "res_partner",
        "p",
        {"name": name, "complete_name": f"o.name || ', ' || {name}"},
        "FROM unnest(%(template)s::int[]) WITH ORDINALITY AS t(id, rank) "
        "JOIN res_partner p ON p.id = t.id JOIN res_partner o ON o.id = p.parent_id "
        "CROSS JOIN generate_series(1, %(copies)s) AS c(copy) "
        "WHERE t.rank + c.copy * %(first)s <= %(count)s ORDER BY c.copy, t.rank",
    )
    first = len(template)
    copies = -(-count // first) - 1
    if copies > 0:
        cr.execute(insert, {"template": template, "first": first, "copies": copies, "count": count})


def build_key_figures(env, organisations, year):
    """A declaration of each organisation for ``year`` and the year before."""
    env["periscope.key.figure"].create(
        [
            {
                "partner_id": organisation.id,
                "year": declared,
                "fte": 1 + index % 7,
                "volunteers": index % 13,
                "cooperators": index % 17,
                "users": 20 + index % 50,
                "entrepreneurs_supported": index % 3,
                "visitors": index % 40,
            }
            for index, organisation in enumerate(organisations)
            for declared in (year - 1, year)
        ]
    )


def previous_months(last_month, count, rooms):
    """The first days of the months before ``last_month``, as many as
    ``count`` bookings of ``rooms`` need, with how many go in each."""
    month = last_month
    while count > 0:
        month -= relativedelta(months=1)
        fits = len(list(coworking.weekdays(month))) * 12 * len(rooms)
        yield month, min(fits, count)
        count -= fits


def portal_user(env, person, login):
    return (
        env["res.users"]
        .with_context(no_reset_password=True)
        .create(
            {
                "name": f"Portail {login}",
                "login": login,
                "password": PASSWORD,
                "partner_id": person.id,
                "groups_id": [(6, 0, [env.ref("base.group_portal").id])],
            }
        )
    )


def room_count(scale):
    """The rooms of the hub at ``scale``: 20 up to ten times the hub, then as
    many more as the hub grows (the bookings of a month must fit)."""
    return SPACES * max(1, round(scale))


def build(env, scale, today):
    """The hub at ten times its size (times ``scale``); returns what the
    measures need."""
    hub = {}
    last_month = (today - relativedelta(months=1)).replace(day=1)
    next_month = (today + relativedelta(months=1)).replace(day=1)
    hub.update(last_month=last_month, next_month=next_month)
    people, small_person = build_members(env, hub, scale, today)
    build_bookings(env, hub, scale)
    # past ten times the hub, only what reads the bookings grows
    build_concierge(env, people, small_person, last_month, min(scale, 1))
    employers = build_training(env, min(scale, 1))
    hub["users"] = build_portal_users(env, people, small_person, employers)
    env.cr.execute("ANALYZE")
    env.cr.commit()
    return hub


def build_members(env, hub, scale, today):
    """The rooms, the organisations, their people and key figures, and the
    small organisation (in ``hub``); returns the people by organisation and
    the small organisation's person."""
    rooms = coworking.build_rooms(env, room_count(scale))
    organisations = coworking.build_organisations(env, scaled(ORGANISATIONS, scale))
    people = build_people(env, organisations, scaled(PEOPLE, scale))
    build_key_figures(env, organisations, today.year - 1)
    small = coworking.build_organisations(env, 1, prefix="Petite organisation")
    small_person = env["res.partner"].create({"name": "Personne de la petite organisation", "parent_id": small.id})
    hub.update(rooms=rooms, organisations=organisations, small=small)
    env.cr.commit()
    log(f"{len(organisations)} organisations, {sum(map(len, people))} people")
    return people, small_person


def build_bookings(env, hub, scale):
    """The bookings: last month (billed), next month (free slots), months
    before, and the small organisation's."""
    rooms, organisations, small = hub["rooms"], hub["organisations"], hub["small"]
    last_month, next_month = hub["last_month"], hub["next_month"]
    billed = scaled(ORGANISATIONS, scale) * coworking.BILLED_PER_ORGANISATION
    upcoming = scaled(NEXT_MONTH_BOOKINGS, scale)
    coworking.book(env, rooms, organisations, last_month, billed)
    coworking.book(env, rooms, organisations, next_month, upcoming)
    earlier = scaled(BOOKINGS, scale) - billed - upcoming
    # one in ``step`` of the earlier bookings for the large organisation
    step = max(1, earlier // max(1, scaled(LARGE_SHARE, scale) - 27))
    large = organisations[0]
    partner_ids = [
        large.id if index % step == 0 else organisations[index % len(organisations)].id for index in range(earlier)
    ]
    if scale > 1:
        copy_last_month(env, hub, earlier, large, step)
    else:
        done = 0
        for month, count in previous_months(last_month, earlier, rooms):
            partners = organisations.browse(partner_ids[done : done + count])
            coworking.book(env, rooms, partners, month, count)
            done += count
            env.cr.commit()
            log(f"bookings of {month:%B %Y}: {count}")
    # the small organisation's 10, three months ahead (two ahead is the free
    # slot search's quiet month)
    coworking.book(env, rooms, small, next_month + relativedelta(months=3), 10)
    env.cr.commit()
    log(f"{env['periscope.booking'].search_count([])} bookings")


def copy_last_month(env, hub, count, large, step):
    """``count`` confirmed bookings written by SQL: copies of last month's,
    ``COPY_WEEKS`` weeks apart going back (a month spans less, so that no
    two copies meet), one in ``step`` of them for ``large``; their seats are
    held as the ORM holds them (the booking's time and the space's buffer,
    checked by the exclusion constraint)."""
    cr = env.cr
    last_month = hub["last_month"]
    cr.execute(
        SQL(
            "SELECT id FROM periscope_booking WHERE state = 'confirmed' AND start >= %s AND start < %s ORDER BY id",
            utc(last_month, 0),
            utc(last_month + relativedelta(months=1), 0),
        )
    )
    template = [row[0] for row in cr.fetchall()]
    # psycopg2's composition: the named parameters are given at each copy
    remapped = "mod(b.id + %(copy)s, %(step)s) = 0"
    special = {
        "start": "b.start - %(weeks)s * interval '1 week'",
        "stop": "b.stop - %(weeks)s * interval '1 week'",
        "partner_id": f"CASE WHEN {remapped} THEN %(large)s ELSE b.partner_id END",
        "name": (
            "split_part(b.name, ' — ', 1) || ' — ' || "
            f"CASE WHEN {remapped} THEN %(large_name)s ELSE split_part(b.name, ' — ', 2) END"
        ),
        "invoice_line_id": "NULL",
        "is_invoiced": "FALSE",
        "calendar_event_id": "NULL",
        "notify_pending": "FALSE",
    }
    insert = copying_insert(
        cr,
        "periscope_booking",
        "b",
        special,
        "FROM periscope_booking b WHERE b.id = ANY(%(template)s) ORDER BY b.id LIMIT %(count)s",
    )
    done, copy = 0, 0
    while done < count:
        copy += 1
        batch = min(len(template), count - done)
        cr.execute("SELECT COALESCE(max(id), 0) FROM periscope_booking")
        before = cr.fetchone()[0]
        params = {
            "copy": copy,
            "step": step,
            "large": large.id,
            "large_name": large.name,
            "weeks": COPY_WEEKS * copy,
            "template": template,
            "count": batch,
        }
        cr.execute(insert, params)
        cr.execute(
            SQL(
                """
                INSERT INTO periscope_booking_seat (booking_id, space_id, seat, start, stop)
                SELECT b.id, b.space_id, seat, b.start, b.stop + s.buffer_minutes * interval '1 minute'
                  FROM periscope_booking b
                  JOIN periscope_space s ON s.id = b.space_id,
                       generate_series(1, b.seats) seat
                 WHERE b.id > %s
                """,
                before,
            )
        )
        cr.commit()
        done += batch
        log(f"bookings copied {COPY_WEEKS * copy} weeks before last month: {batch} ({done:,} of {count:,})")


def build_concierge(env, people, small_person, last_month, scale):
    """The concierge: a tenth of the orders for the large organisation's
    people, and the small organisation's person's 10."""
    products = concierge.build_services(env)
    everyone = sum(people, env["res.partner"])
    customer_ids = [
        people[0][(index // 10) % len(people[0])].id if index % 10 == 0 else everyone[index % len(everyone)].id
        for index in range(scaled(ORDERS, scale))
    ]
    concierge.build_orders(env, products, everyone.browse(customer_ids), len(customer_ids), last_month)
    concierge.build_orders(env, products, small_person, 10, last_month)
    env.cr.commit()
    log(f"{env['periscope.concierge.order'].search_count([])} concierge orders")


def build_training(env, scale):
    """The registrations of the two training years; returns the employer of
    each (the large year's first)."""
    build_training_year = addon_helper("periscope_training", "bpf_data").build_training_year
    build_training_year(env, SMALL_REGISTRATIONS, SMALL_YEAR, prefix="Petit")
    build_training_year(env, scaled(REGISTRATIONS, scale), LARGE_YEAR, prefix="Grand")
    Partner = env["res.partner"]
    employers = [Partner.search([("name", "=", f"{prefix} Employeur")], limit=1) for prefix in ("Grand", "Petit")]
    env.cr.commit()
    log(f"{env['event.registration'].search_count([])} registrations")
    return employers


def build_portal_users(env, people, small_person, employers):
    """The portal users, a person of each organisation measured."""
    employees = env["res.partner"].create(
        [{"name": f"Salariée {employer.name}", "parent_id": employer.id} for employer in employers]
    )
    return {
        "large": portal_user(env, people[0][0], "bench-large"),
        "small": portal_user(env, small_person, "bench-small"),
        "large-trainings": portal_user(env, employees[0], "bench-large-trainings"),
        "small-trainings": portal_user(env, employees[1], "bench-small-trainings"),
    }


# ------------------------------------------------------------------ measures
def portal_client(db, login):
    """A client of Odoo's WSGI application with ``login``'s session."""
    client = Client(odoo.http.root)
    response = client.post(
        "/web/session/authenticate",
        json={"jsonrpc": "2.0", "method": "call", "params": {"db": db, "login": login, "password": PASSWORD}},
        environ_base=ENVIRON,
    )
    assert response.json.get("result", {}).get("uid"), response.json
    return client


def measure_page(db, login, url, marker, runs=5):
    """Median seconds and queries of GET ``url`` as ``login`` (after one
    that warms the caches); checks the page shows ``marker``."""
    client = portal_client(db, login)
    times, queries = [], []
    for _run in range(runs + 1):
        before = odoo.sql_db.sql_counter
        start = time.perf_counter()
        response = client.get(url, environ_base=ENVIRON)
        times.append(time.perf_counter() - start)
        queries.append(odoo.sql_db.sql_counter - before)
        assert response.status_code == 200, (url, login, response.status_code)
        assert marker in response.text, (url, login, marker)
    return statistics.median(times[1:]), statistics.median(queries[1:])


def count_visible(env, user, model):
    return env[model].with_user(user).search_count([])


def machine(cr):
    cpu = "?"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    memory = "?"
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal"):
            memory = f"{int(line.split()[1]) / 1024 / 1024:.0f} GiB"
    cr.execute("SHOW server_version")
    postgres = cr.fetchone()[0]
    return (
        f"{os.cpu_count()} CPUs ({cpu}), {memory} of RAM, {platform.system()} "
        f"{platform.release()}, Python {sys.version.split()[0]}, Odoo "
        f"{odoo.release.version}, PostgreSQL {postgres}"
    )


def ms(seconds):
    return f"{seconds * 1000:.0f} ms"


def yes(met):
    return "yes" if met else "NO"


def hub_sizes(env, hub):
    """How many of each the hub holds."""
    return {
        "organisations": len(hub["organisations"]),
        "people": env["res.partner"].search_count([("parent_id", "in", hub["organisations"].ids)]),
        "spaces": len(hub["rooms"]),
        "bookings": env["periscope.booking"].search_count([]),
        "orders": env["periscope.concierge.order"].search_count([]),
        "registrations": env["event.registration"].search_count(
            [("event_id.date_begin", ">=", utc(date(LARGE_YEAR, 1, 1), 0))]
        ),
    }


def measure_rooms(env, hub):
    """The rows of the free-slot search and of creating a booking."""
    rooms, organisations, next_month = hub["rooms"], hub["organisations"], hub["next_month"]
    large_org = organisations[0]
    rows = []
    slots_time, slots_queries, quiet_queries = coworking.measure_free_slots(env, rooms, organisations, next_month)
    in_month = env["periscope.booking"].search_count(
        [("start", ">=", utc(next_month, 0)), ("start", "<", utc(next_month + relativedelta(months=1), 0))]
    )
    rows.append(
        (
            (f"free slots of {len(rooms)} rooms over next month ({in_month:,} bookings in it)"),
            ms(slots_time),
            f"{slots_queries:.0f} (50 bookings: {quiet_queries:.0f})",
            "≤ 300 ms, ≤ 10 queries, as many as with 50",
            yes(slots_time <= 0.3 and slots_queries <= 10 and slots_queries == quiet_queries),
        )
    )
    booking_time, booking_queries = coworking.measure_booking(env, rooms, large_org, next_month)
    rows.append(
        (
            "creating and confirming one booking",
            ms(booking_time),
            f"{booking_queries:.0f}",
            "≤ 40 queries",
            yes(booking_queries <= 40),
        )
    )
    return rows


def measure_billing_run(env, hub):
    """The rows of last month's billing run against ``account.move.create``."""
    billing = coworking.measure_billing(env, hub["last_month"], len(hub["organisations"]), rounds=1)
    return [
        (
            (f"billing run of last month: {billing['invoices']} draft invoices, {billing['invoice_lines']:,} lines"),
            f"{billing['run_time']:.2f} s",
            f"{billing['run_queries']:.0f}",
            "",
            "",
        ),
        (
            "the same invoices by one `account.move.create`",
            f"{billing['create_time']:.2f} s",
            f"{billing['create_queries']:.0f}",
            "",
            "",
        ),
        (
            "ratio billing run / `account.move.create`",
            f"{billing['ratio']:.2f}",
            "",
            "≤ 1.5",
            yes(billing["ratio"] <= 1.5),
        ),
    ]


def measure_concierge_settlement(env, last_month):
    """The rows of last month's concierge settlement against
    ``account.move.create``."""
    settlement = concierge.measure_settlement(env, last_month)
    return [
        (
            (
                f"concierge settlement of last month: {concierge.PROVIDERS} "
                f"providers, {settlement['bill_lines']} bill lines, "
                f"{settlement['lines']:,} order lines"
            ),
            f"{settlement['run_time']:.2f} s",
            f"{settlement['run_queries']:.0f}",
            "",
            "",
        ),
        (
            "the same vendor bills by one `account.move.create`",
            f"{settlement['create_time']:.2f} s",
            f"{settlement['create_queries']:.0f}",
            "",
            "",
        ),
        (
            "ratio settlement / `account.move.create`",
            f"{settlement['ratio']:.2f}",
            "",
            "≤ 1.5",
            yes(settlement["ratio"] <= 1.5),
        ),
        ("each vendor bill's untaxed total equals its settlement", "", "", "exact", yes(settlement["exact"])),
    ]


def measure_renewal(env, organisations, today):
    """The row of the membership renewal of next year: of all the
    organisations, and of 10 and 100 of them (the target: no more queries
    for 100 than for 10)."""
    Partner = env["res.partner"]
    renewal_year = today.year + 1
    _t, renew_small = measure(env, lambda: Partner._periscope_renew_memberships(renewal_year, organisations[:10]), 1)
    _t, renew_large = measure(env, lambda: Partner._periscope_renew_memberships(renewal_year, organisations[:100]), 1)
    renew_time, renew_queries = measure(
        env, lambda: Partner._periscope_renew_memberships(renewal_year, organisations), 1
    )
    return (
        (
            f"membership renewal of {len(organisations):,} organisations "
            f"(100 organisations: {renew_large:.0f} queries, 10: {renew_small:.0f})"
        ),
        f"{renew_time:.2f} s",
        f"{renew_queries:.0f}",
        "no more queries for 100 organisations than for 10",
        yes(renew_large <= renew_small),
    )


def measure_key_figures(env, today):
    """The row of the key-figure report of last year, the record cache
    cold at each run (it only reads: no savepoint, whose query would count)."""
    cr = env.cr
    KeyFigure = env["periscope.key.figure"]
    figures_year = today.year - 1
    times, counts = [], []
    for _run in range(6):
        env.invalidate_all()
        before = cr.sql_log_count
        start = time.perf_counter()
        KeyFigure._hub_totals(figures_year)
        times.append(time.perf_counter() - start)
        counts.append(cr.sql_log_count - before)
    queries = statistics.median(counts[1:])
    declarations = KeyFigure.search_count([])
    return (
        f"key-figure report of {figures_year} and {figures_year - 1} ({declarations:,} declarations)",
        ms(statistics.median(times[1:])),
        f"{queries:.0f} (record cache cold)",
        "2 queries, whatever the number of declarations",
        yes(queries <= 2),
    )


def measure_bpf(env, sizes):
    """The rows of the BPF of each training year."""
    Bpf = env["periscope.training.bpf"]
    small_bpf = Bpf.create({"year": SMALL_YEAR})
    large_bpf = Bpf.create({"year": LARGE_YEAR})
    env.cr.commit()
    small_time, small_queries = measure(env, small_bpf.action_compute, 5)
    large_time, large_queries = measure(env, large_bpf.action_compute, 5)
    return [
        (f"BPF of a year of {SMALL_REGISTRATIONS} registrations", ms(small_time), f"{small_queries:.0f}", "", ""),
        (
            f"BPF of a year of {sizes['registrations']:,} registrations",
            ms(large_time),
            f"{large_queries:.0f}",
            f"≤ 5 s, as many queries as for {SMALL_REGISTRATIONS}",
            yes(large_time <= 5 and large_queries == small_queries),
        ),
    ]


def portal_records(env, users):
    """What each portal user sees (bookings, concierge orders,
    registrations), and their logins."""
    visible = {
        key: (
            count_visible(env, user, "periscope.booking"),
            count_visible(env, user, "periscope.concierge.order"),
            count_visible(env, user, "event.registration"),
        )
        for key, user in users.items()
    }
    logins = {key: user.login for key, user in users.items()}
    return visible, logins


def measure_portal_pages(db, visible, logins):
    """The rows of the portal pages, as HTTP requests of the portal users."""
    pages = [
        ("/my/bookings", "large", "small", 0, "data-booking-id", "10 and 1,000"),
        ("/my/concierge", "large", "small", 1, "/my/concierge/", "10 and 1,000"),
        ("/my/trainings", "large-trainings", "small-trainings", 2, "/my/trainings/", "10 and 500"),
    ]
    rows = []
    for url, large, small, column, marker, target in pages:
        large_time, large_queries = measure_page(db, logins[large], url, marker)
        small_time, small_queries = measure_page(db, logins[small], url, marker)
        rows.append(
            (
                (
                    f"GET {url} ({visible[large][column]:,} records; "
                    f"{visible[small][column]:,}: {ms(small_time)}, "
                    f"{small_queries:.0f} queries)"
                ),
                ms(large_time),
                f"{large_queries:.0f}",
                f"as many queries as with few (tests: {target})",
                yes(large_queries == small_queries),
            )
        )
    return rows


# --------------------------------------------------------- a hundred times
# the tables whose size grows with the hub: a search of them must go
# through an index
GROWING_TABLES = ("periscope_booking", "periscope_booking_seat", "res_partner")


def ten_times_figures():
    """The medians of the free-slot search of 20 rooms and of /my/bookings
    at ten times the hub, in seconds, from bench/RESULTS.md."""
    figures = {}
    prefixes = {"free_slots": "| free slots of 20 rooms over next month", "my_bookings": "| GET /my/bookings"}
    for line in (HERE / "RESULTS.md").read_text(encoding="utf-8").splitlines():
        for key, prefix in prefixes.items():
            if key not in figures and line.startswith(prefix):
                figures[key] = float(re.search(r"\| ([\d.]+) ms \|", line).group(1)) / 1000
    return figures


def growing_plans(cr, sent):
    """The plans PostgreSQL chooses, run (``EXPLAIN ANALYZE``), of the
    SELECTs of ``sent`` (the addons' ``queries_sent``) that read a growing
    table: a list of ``(indexes used, sequential scans of a growing table,
    milliseconds)``."""
    plans = addon_helper("periscope_coworking", "plans")
    explain, plan_nodes, selects_of = plans.explain, plans.plan_nodes, plans.selects_of

    plans = []
    for _code, query, params in selects_of(sent, GROWING_TABLES):
        result = explain(cr, query, params, analyze=True)
        nodes = plan_nodes(result["Plan"])
        indexes = sorted({node["Index Name"] for node in nodes if "Index Name" in node})
        seq_scans = sorted(
            {
                node["Relation Name"]
                for node in nodes
                if node["Node Type"] == "Seq Scan" and node.get("Relation Name") in GROWING_TABLES
            }
        )
        plans.append((indexes, seq_scans, result["Execution Time"]))
    return plans


def plans_row(what, plans):
    """The row of the plans of ``what``'s queries."""
    indexes = sorted({index for used, _seq, _ms in plans for index in used})
    seq_scans = sorted({table for _used, seq, _ms in plans for table in seq})
    slowest = max((ms for _used, _seq, ms in plans), default=0)
    return (
        (
            f"plans of the {len(plans)} queries of {what} reading bookings or partners: "
            f"indexes {', '.join(f'`{index}`' for index in indexes)}"
            + (f"; sequential scans of {', '.join(seq_scans)}" if seq_scans else "; no sequential scan")
        ),
        f"{slowest:.1f} ms (the slowest, in PostgreSQL)",
        f"{len(plans)}",
        "an index serves each search",
        yes(plans and not seq_scans),
    )


def measure_grown_rooms(env, hub, ten):
    """The rows of the free-slot search (the 20 rooms of ten times the hub,
    and all of them), of creating a booking, and the plan of the search."""
    queries_sent = addon_helper("periscope_coworking", "plans").queries_sent

    rooms, organisations, next_month = hub["rooms"], hub["organisations"], hub["next_month"]
    twenty = rooms[:SPACES]
    month = (utc(next_month, 0), utc(next_month + relativedelta(months=1), 0))
    Booking = env["periscope.booking"]
    in_twenty = Booking.search_count(
        [("space_id", "in", twenty.ids), ("start", ">=", month[0]), ("start", "<", month[1])]
    )
    in_month = Booking.search_count([("start", ">=", month[0]), ("start", "<", month[1])])
    rows = []
    slots_time, slots_queries, quiet_queries = coworking.measure_free_slots(env, twenty, organisations, next_month)
    rows.append(
        (
            (
                f"free slots of the same {len(twenty)} rooms as at ten times over next month "
                f"({in_twenty:,} bookings in it; at ten times: {ms(ten['free_slots'])})"
            ),
            ms(slots_time),
            f"{slots_queries:.0f} (50 bookings: {quiet_queries:.0f})",
            f"≤ 2 × {ms(ten['free_slots'])}, as many queries as with 50",
            yes(slots_time <= 2 * ten["free_slots"] and slots_queries == quiet_queries),
        )
    )
    all_time, all_queries = measure(env, lambda: rooms._free_slots(*month), 15)
    rows.append(
        (
            f"free slots of the {len(rooms)} rooms over next month ({in_month:,} bookings in it)",
            ms(all_time),
            f"{all_queries:.0f}",
            "",
            "",
        )
    )
    rows.append(
        plans_row(
            f"the free-slot search of {len(twenty)} rooms",
            growing_plans(env.cr, queries_sent(lambda: twenty._free_slots(*month))),
        )
    )
    booking_time, booking_queries = coworking.measure_booking(env, rooms, organisations[0], next_month)
    rows.append(
        (
            "creating and confirming one booking",
            ms(booking_time),
            f"{booking_queries:.0f}",
            "≤ 40",
            yes(booking_queries <= 40),
        )
    )
    return rows


def measure_grown_pages(hub_registry, db, visible, logins, ten):
    """The rows of /my/bookings of the large and the small organisation, and
    the plans of the large one's queries."""
    queries_sent = addon_helper("periscope_coworking", "plans").queries_sent

    large_time, large_queries = measure_page(db, logins["large"], "/my/bookings", "data-booking-id")
    small_time, small_queries = measure_page(db, logins["small"], "/my/bookings", "data-booking-id")
    client = portal_client(db, logins["large"])
    sent = queries_sent(lambda: client.get("/my/bookings", environ_base=ENVIRON))
    with hub_registry.cursor() as cr:
        plans = growing_plans(cr, sent)
        cr.rollback()
    return [
        (
            (
                f"GET /my/bookings ({visible['large'][0]:,} records; {visible['small'][0]:,}: "
                f"{ms(small_time)}, {small_queries:.0f} queries; at ten times: {ms(ten['my_bookings'])})"
            ),
            ms(large_time),
            f"{large_queries:.0f}",
            f"≤ 2 × {ms(ten['my_bookings'])}, as many queries as with few",
            yes(large_time <= 2 * ten["my_bookings"] and large_queries == small_queries),
        ),
        plans_row("GET /my/bookings", plans),
    ]


def table_lines(rows, info):
    """The table of the measures' ``rows`` and the machine they ran on."""
    return [
        "| measure | median | SQL queries | target | met |",
        "|---|---|---|---|---|",
        *("| " + " | ".join(row) + " |" for row in rows),
        "",
        f"Machine: {info}.",
        "",
    ]


def hundred_lines(args, today, sizes, built, total, rows, info):
    """The lines of bench/results/hub-100x.md."""
    return [
        f"# Le Périscope at {args.scale * 10:g} times its size — what grows with the bookings",
        "",
        (
            f"Run on {today.isoformat()} by `python3 bench/hub.py --scale {args.scale:g}` on a fresh "
            f"database without demo data, the four addons installed: {sizes['organisations']:,} member "
            f"organisations, {sizes['people']:,} people (the first of each organisation through the "
            f"ORM, the others copied by SQL), {sizes['spaces']} rooms, "
            f"**{sizes['bookings']:,} confirmed bookings** — last month's and next month's created and "
            "confirmed through the ORM, the months before copied from last month's by SQL with their "
            f"held seats — {sizes['orders']:,} concierge orders and {sizes['registrations']:,} training "
            f"registrations (as at ten times), built in {built / 60:.0f} min; the whole run took "
            f"{total / 60:.0f} min after the install. Medians of runs rolled back after one that warms "
            "the caches, with their SQL query counts; the ten-times figures are those of "
            "bench/RESULTS.md. The plans are PostgreSQL's own choice (`EXPLAIN ANALYZE`, statistics "
            "fresh) for each query the search or the page sends that reads the bookings, their seats "
            "or the partners."
        ),
        "",
        *table_lines(rows, info),
    ]


def with_section(text, lines):
    """``text`` (bench/RESULTS.md) with the section of ``lines`` (a page
    whose first line is its ``# `` title) in it as a ``## `` section: in
    place of the one of the same title, or else before the shortfalls."""
    title = lines[0].removeprefix("# ")
    section = "\n".join(lines[1:]).strip("\n") + "\n"
    head, *sections = text.split("\n## ")
    titles = [part.split("\n", 1)[0] for part in sections]
    new = f"{title}\n\n{section}"
    if title in titles:
        sections[titles.index(title)] = new
    else:
        at = next((index for index, other in enumerate(titles) if other.startswith("Shortfalls")), len(sections))
        sections.insert(at, new)
    return "\n## ".join([head, *sections])


def results_lines(args, today, sizes, built, total, rows, info):
    """The lines of bench/RESULTS.md."""
    command = "python3 bench/hub.py" + (f" --scale {args.scale:g}" if args.scale != 1 else "")
    return [
        "# Le Périscope at ten times its size — timings"
        + ("" if args.scale == 1 else f" (here at {args.scale:g} of that size)"),
        "",
        (
            f"Run on {today.isoformat()} by `{command}` on a fresh database "
            f"without demo data, the four addons installed: "
            f"{sizes['organisations']:,} member organisations, "
            f"{sizes['people']:,} people, {sizes['spaces']} rooms, "
            f"{sizes['bookings']:,} confirmed bookings, {sizes['orders']:,} "
            f"concierge orders, {sizes['registrations']:,} training registrations "
            f"in a year (and {SMALL_REGISTRATIONS} in another), built through "
            f"the ORM in {built:.0f} s (the people past the first of each "
            "organisation copied by SQL, the concierge orders' steps set by SQL); "
            f"the whole run took {total / 60:.0f} min after the install. Every "
            "measure is a median of runs rolled back, after one that warms the "
            "caches (the billing run: one run of each, alternated with the "
            "plain `account.move.create`), with its SQL query count."
        ),
        "",
        (
            "The portal pages are HTTP GETs through Odoo's WSGI application "
            "(werkzeug's test client, in the process, without a server socket) "
            "with a portal user's session opened by `/web/session/authenticate`: "
            "the time and queries of the whole request (routing, session, "
            "controller, QWeb rendering), median of 5. Each is asked by a person "
            "of an organisation with many records and one with few; the addons' "
            "tests check the same for the sizes named in the target."
        ),
        "",
        *table_lines(rows, info),
    ]


def main():
    args = arguments()
    # past ten times the hub: what grows with the bookings, against ten times
    grown = args.scale > 1
    ten = ten_times_figures() if grown else {}
    log("installing periscope_training and periscope_concierge")
    install(args.db, args.addons, "periscope_training,periscope_concierge")
    hub_registry = registry(args.db, args.addons)
    today = date.today()
    rows = []
    with hub_registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tz": "Europe/Paris"})
        started = time.perf_counter()
        hub = build(env, args.scale, today)
        built = time.perf_counter() - started
        sizes = hub_sizes(env, hub)
        log(f"built in {built:.0f} s: {sizes}")

        if grown:
            rows += measure_grown_rooms(env, hub, ten)
            log("rooms measured; renewal, key figures")
        else:
            # coworking
            rows += measure_rooms(env, hub)
            log("coworking measured; billing run")
            rows += measure_billing_run(env, hub)
            log("billing measured; settlement")
            # concierge
            rows += measure_concierge_settlement(env, hub["last_month"])
            log("settlement measured; renewal, key figures, BPF")
        # members: the renewal of next year, and the key-figure report
        rows.append(measure_renewal(env, hub["organisations"], today))
        rows.append(measure_key_figures(env, today))
        if not grown:
            # training: the BPF of each year
            rows += measure_bpf(env, sizes)
        visible, logins = portal_records(env, hub["users"])
        cr.commit()
        info = machine(cr)
    log("portal pages")

    # the portal pages, as HTTP requests of the portal users
    if grown:
        rows += measure_grown_pages(hub_registry, args.db, visible, logins, ten)
    else:
        rows += measure_portal_pages(args.db, visible, logins)
    total = time.perf_counter() - started

    if grown:
        lines = hundred_lines(args, today, sizes, built, total, rows, info)
        output = HERE / "results" / f"hub-{args.scale * 10:g}x.md"
    else:
        lines = results_lines(args, today, sizes, built, total, rows, info)
        output = HERE / "RESULTS.md"
    if not args.keep:
        drop(args.db)
    if output.exists() and not grown:
        # the sections the other scripts' runs added (peers, load, ...) stay
        kept = output.read_text(encoding="utf-8").split("\n## ", 1)
        if len(kept) == 2:
            lines += ["## " + kept[1]]
    output.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    print(f"written to {output}", file=sys.stderr)
    if grown:
        # beside the ten-times figures it is measured against
        results = HERE / "RESULTS.md"
        results.write_text(with_section(results.read_text(encoding="utf-8"), lines), encoding="utf-8")
        print(f"and to {results}", file=sys.stderr)


if __name__ == "__main__":
    main()
