# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The portal under load: Odoo in prefork mode, 50 members at once.

    python3 bench/load.py [--db periscope_bench_load] [--keep] [--users 50] [--seconds 120]
                          [--pause 0]

Installs the four addons without demo data on a new database, builds 20
meeting rooms bookable on the portal and 50 member organisations with a
person each who logs in to the portal, then starts Odoo in prefork mode (4
HTTP workers, 1 cron worker) on 127.0.0.1 only. 50 simulated members (a
thread each, with its own HTTP session) log in, then go round, until the
time is up or they made their share of requests: ``/my``, ``/my/bookings``,
the booking form of a random room and day of the next four weeks, booking
one of the free times it shows (another member may take it first: the
portal then says so), cancelling one of their organisation's bookings every
other round, ``/my/concierge``, ``/my/trainings``. The run is bounded in
requests and in time and stops by itself. By default the members never pause
(the portal's capacity: every worker always busy); ``--pause 2`` has each
read a page for 1 to 3 s before the next, as a person does (Locust's
``between(1, 3)``).

It reports the requests per second, the median, 95th and 99th percentile of
each page, the errors (any 5xx, a failed request, an unexpected answer),
and checks afterwards in the database that no two confirmed bookings of a
room overlap and that every booking the portal accepted is there (confirmed,
or cancelled when the member cancelled it). Target: zero 5xx, zero overlap,
the 95th percentile of every page under 1 s. Written to
bench/results/load.md (load-pause2.md with ``--pause 2``) and printed.
"""

import argparse
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from datetime import date, timedelta

import requests
from _bench import DATA_DIR, REPO, drop, install, odoo_root, registry, write_results
from coworking import build_organisations, build_rooms

import odoo
from odoo import SUPERUSER_ID, Command, api

CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')
START_RE = re.compile(r'name="start"[^>]*value="([^"]+)"')
CANCEL_RE = re.compile(r'action="/my/bookings/(\d+)/cancel"')
ROOMS = 20
# what the portal tells a member whose time was just taken: the form's own
# check, or the model's when the other booking committed after this
# transaction's snapshot (the database's exclusion constraint refused it)
TAKEN = ("no longer free at that time", "was booked by someone else at that time")
PAGES = ("/my", "/my/bookings", "booking form", "book", "cancel", "/my/concierge", "/my/trainings")


def arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", default="periscope_bench_load")
    parser.add_argument("--keep", action="store_true", help="keep the database")
    parser.add_argument("--addons", default=str(REPO), help="the folder of the Périscope addons")
    parser.add_argument("--users", type=int, default=50, help="members at once")
    parser.add_argument("--seconds", type=int, default=120, help="how long they go round")
    parser.add_argument("--requests", type=int, default=400, help="the most requests of one member")
    parser.add_argument("--port", type=int, default=8399)
    parser.add_argument(
        "--pause", type=float, default=0.0, help="seconds a member reads a page, on average (half to 1.5 times)"
    )
    return parser.parse_args()


def build(env, users):
    """The rooms, and ``users`` organisations with a portal person each:
    their logins."""
    rooms = build_rooms(env, ROOMS)
    rooms.write({"booking_horizon_days": 0})
    organisations = build_organisations(env, users, prefix="Membre (charge)")
    portal = env.ref("base.group_portal")
    logins = []
    for index, organisation in enumerate(organisations, start=1):
        login = f"charge{index:02d}@example.org"
        person = env["res.partner"].create(
            {"name": f"Personne {index:02d}", "parent_id": organisation.id, "email": login}
        )
        env["res.users"].with_context(no_reset_password=True).create(
            {"login": login, "password": login, "partner_id": person.id, "groups_id": [Command.set(portal.ids)]}
        )
        logins.append(login)
    return rooms.ids, logins


def start_server(args, addons):
    """Odoo in prefork mode on 127.0.0.1, once it answers."""
    log = open(f"/tmp/{args.db}-server.log", "w", encoding="utf-8")  # noqa: SIM115 - open while it runs
    server = subprocess.Popen(
        [
            sys.executable,
            str(odoo_root() / "odoo-bin"),
            f"--addons-path={addons},{odoo_root() / 'addons'}",
            f"--data-dir={DATA_DIR}",
            "-d",
            args.db,
            f"--db-filter=^{args.db}$",
            "--http-interface=127.0.0.1",
            f"--http-port={args.port}",
            "--workers=4",
            "--max-cron-threads=1",
            "--limit-time-real=300",
            "--log-level=warn",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{args.port}"
    for _second in range(120):
        try:
            if requests.get(f"{base}/web/login", timeout=5).status_code == 200:
                return server, base
        except requests.ConnectionError:
            pass
        time.sleep(1)
    server.kill()
    sys.exit("load: Odoo did not answer in 2 minutes")


class Member(threading.Thread):
    """One member going round the portal; what each request took, in
    ``stats`` (shared, by page), and the bookings the portal accepted."""

    def __init__(self, base, login, rooms, deadline, budget, stats, lock, pause=0.0):
        super().__init__()
        self.base, self.login, self.rooms = base, login, rooms
        self.deadline, self.budget, self.pause = deadline, budget, pause
        self.stats, self.lock = stats, lock
        self.session = requests.Session()
        self.accepted, self.cancelled = [], set()
        self.rng = random.Random(login)

    def request(self, page, method, path, **kwargs):
        """One request, timed: its response, or None when it failed."""
        self.budget -= 1
        started = time.perf_counter()
        try:
            response = self.session.request(method, self.base + path, timeout=60, **kwargs)
        except requests.RequestException as error:
            self.record(page, time.perf_counter() - started, f"failed: {type(error).__name__}")
            return None
        error = f"HTTP {response.status_code}" if response.status_code >= 400 else None
        self.record(page, time.perf_counter() - started, error)
        self.read_page()
        return None if error else response

    def read_page(self):
        """The member reads the page before the next (``--pause``), not past
        the end of the run."""
        if self.pause:
            left = self.deadline - time.monotonic()
            time.sleep(max(0.0, min(left, self.rng.uniform(0.5, 1.5) * self.pause)))

    def record(self, page, seconds, error):
        with self.lock:
            self.stats["times"][page].append(seconds)
            if error:
                self.stats["errors"][f"{page}: {error}"] += 1

    def log_in(self):
        page = self.request("login", "GET", "/web/login")
        token = CSRF_RE.search(page.text).group(1)
        response = self.request(
            "login", "POST", "/web/login", data={"login": self.login, "password": self.login, "csrf_token": token}
        )
        return response is not None and "/web/login" not in response.url

    def run(self):
        if not self.log_in():
            return
        round_ = 0
        while time.monotonic() < self.deadline and self.budget > 0:
            round_ += 1
            self.request("/my", "GET", "/my")
            self.request("/my/bookings", "GET", "/my/bookings")
            self.book()
            if round_ % 2 == 0:
                self.cancel()
            self.request("/my/concierge", "GET", "/my/concierge")
            self.request("/my/trainings", "GET", "/my/trainings")

    def book(self):
        """The form of a random room and day, and one of its free times."""
        # a few rooms and days, so that members often want the same time
        room = self.rng.choice(self.rooms[:5])
        day = date.today() + timedelta(days=self.rng.randint(1, 7))
        form = self.request("booking form", "GET", f"/my/bookings/new?space_id={room}&day={day}&duration=60")
        if form is None:
            return
        starts = START_RE.findall(form.text)
        if not starts:
            return
        start = self.rng.choice(starts)
        token = CSRF_RE.search(form.text).group(1)
        data = {"space_id": room, "start": start, "duration": 60, "csrf_token": token}
        response = self.request("book", "POST", "/my/bookings/book", data=data)
        if response is not None and "success=booked" in response.url:
            self.accepted.append((room, start))
        elif response is not None and any(told in response.text for told in TAKEN):
            with self.lock:
                self.stats["taken"] += 1
        elif response is not None:
            self.record("book", 0.0, "neither booked nor told the time is taken")

    def cancel(self):
        """Cancel one of the organisation's bookings shown on its list."""
        listing = self.request("/my/bookings", "GET", "/my/bookings")
        if listing is None:
            return
        ids = CANCEL_RE.findall(listing.text)
        if not ids:
            return
        booking = self.rng.choice(ids)
        token = CSRF_RE.search(listing.text).group(1)
        response = self.request("cancel", "POST", f"/my/bookings/{booking}/cancel", data={"csrf_token": token})
        if response is not None:
            self.cancelled.add(int(booking))


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def check_database(env, members):
    """``(overlaps, missing, accepted)``: the pairs of confirmed bookings of a
    room that overlap, and the bookings the portal accepted that are not
    there (confirmed, or cancelled)."""
    env.cr.execute(
        """SELECT count(*) FROM periscope_booking a JOIN periscope_booking b
           ON a.space_id = b.space_id AND a.id < b.id AND a.start < b.stop AND b.start < a.stop
           WHERE a.state = 'confirmed' AND b.state = 'confirmed'"""
    )
    overlaps = env.cr.fetchone()[0]
    missing = accepted = 0
    for member in members:
        user = env["res.users"].search([("login", "=", member.login)])
        for room, start in member.accepted:
            accepted += 1
            found = env["periscope.booking"].search_count(
                [
                    ("space_id", "=", room),
                    ("start", "=", start),
                    ("partner_id", "=", user.partner_id.commercial_partner_id.id),
                    ("state", "in", ("confirmed", "cancelled")),
                ]
            )
            missing += not found
    return overlaps, missing, accepted


def run_members(args, base, rooms, logins):
    """The members going round at once: ``(members, stats, seconds)``."""
    stats = {"times": defaultdict(list), "errors": defaultdict(int), "taken": 0}
    lock = threading.Lock()
    deadline = time.monotonic() + args.seconds
    members = [Member(base, login, rooms, deadline, args.requests, stats, lock, args.pause) for login in logins]
    started = time.perf_counter()
    for member in members:
        member.start()
    for member in members:
        member.join(timeout=args.seconds + 300)
    return members, stats, time.perf_counter() - started


def table(args, stats, seconds, check):
    overlaps, missing, accepted = check
    total = sum(len(times) for times in stats["times"].values())
    server_errors = sum(count for error, count in stats["errors"].items() if "HTTP 5" in error)
    slowest = max(percentile(stats["times"][page], 0.95) for page in PAGES if stats["times"][page])
    met = server_errors == 0 and overlaps == 0 and missing == 0 and slowest < 1.0
    command = f" --pause {args.pause:g}" if args.pause else ""
    lines = [
        "# The portal under load",
        "",
        (
            f"Run on {date.today().isoformat()} by `python3 bench/load.py{command}`: Odoo in prefork mode (4 HTTP "
            f"workers, 1 cron worker) on 127.0.0.1, {args.users} members logged in to the portal at once for "
            f"{args.seconds} s at most ({args.requests} requests each at most), "
            + (
                f"each reading a page {args.pause * 0.5:g} to {args.pause * 1.5:g} s before the next, "
                if args.pause
                else "never pausing between pages (every worker always busy), "
            )
            + f"on the same machine as the client (a thread and an HTTP session each). {total:,} requests "
            f"in {seconds:.0f} s: "
            f"**{total / seconds:.1f} requests per second**; {accepted:,} bookings accepted, "
            f"{stats['taken']:,} times a member was told the time they chose had just been taken (the form "
            "showed it free). Each member books in the first 5 rooms over the next 7 days, so that they "
            "often want the same time. The login is not a page of the target (its password hash is made "
            "slow on purpose)."
        ),
        "",
        "| page | requests | p50 | p95 | p99 |",
        "|---|---|---|---|---|",
    ]
    for page in ("login", *PAGES):
        times = stats["times"][page]
        if times:
            lines.append(
                f"| {page} | {len(times):,} | {statistics.median(times) * 1000:.0f} ms "
                f"| {percentile(times, 0.95) * 1000:.0f} ms | {percentile(times, 0.99) * 1000:.0f} ms |"
            )
    errors = ", ".join(f"{error} ×{count}" for error, count in sorted(stats["errors"].items())) or "none"
    lines += [
        "",
        f"- errors: {errors}",
        f"- 5xx answers: {server_errors}",
        f"- confirmed bookings of a room that overlap, in the database afterwards: {overlaps}",
        f"- bookings the portal accepted that are not in the database: {missing} of {accepted:,}",
        (
            f"- target (zero 5xx, zero overlap, every accepted booking kept, p95 of every page under 1 s): "
            f"{'met' if met else 'NOT met'}"
        ),
        "",
        f"Machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, Odoo {odoo.release.version}.",
    ]
    return lines


def main():
    args = arguments()
    install(args.db, args.addons, "periscope_members,periscope_coworking,periscope_concierge,periscope_training")
    db_registry = registry(args.db, args.addons)
    with db_registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tz": "Europe/Paris"})
        rooms, logins = build(env, args.users)
        cr.commit()
    server, base = start_server(args, args.addons)
    try:
        members, stats, seconds = run_members(args, base, rooms, logins)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    with db_registry.cursor() as cr:
        check = check_database(api.Environment(cr, SUPERUSER_ID, {}), members)
    write_results("load" + (f"-pause{args.pause:g}" if args.pause else ""), table(args, stats, seconds, check))
    if not args.keep:
        drop(args.db)


if __name__ == "__main__":
    main()
