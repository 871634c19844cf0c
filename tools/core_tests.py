#!/usr/bin/env python3
# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Odoo's own tests of what the Périscope addons extend, run with the addons
installed and without them: a test that fails only with the addons fails the
run.

    python3 tools/core_tests.py --db periscope_test_nodemo --data-dir DIR \\
        --addons-path /path/periscope,/path/odoo/addons [--http-port 8169]

The database ``--db`` has the addons installed. A baseline database gets the
same Odoo modules (those installed in ``--db``, ours left out), without demo
data; both run the same test files with pytest-odoo (browser tours included,
``--odoo-http``). The last line is pytest's kind of summary, the regressions
counted as failures: ``core tests: N passed, N failed in Ss``.

Some of Odoo's browser tours are flaky on a loaded machine (the survey's
live session, for one): a test that fails with the addons and passed
without them is run again alone, twice on each database; it is a
regression only when it fails every time with the addons and passes every
time without them, else it is reported as flaky.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# the test files of the modules the addons extend (issue 15): whole modules,
# and account's invoice tests
CORE_TESTS = [
    "calendar/tests",
    "event/tests",
    "membership/tests",
    "mass_mailing/tests",
    "survey/tests",
    "portal/tests",
    "resource/tests",
    "account/tests/test_account_move_out_invoice.py",
    "account/tests/test_account_move_in_invoice.py",
    "account/tests/test_account_move_out_refund.py",
    "account/tests/test_account_payment_register.py",
]
OUTCOME = re.compile(r"^(SUB)?(FAILED|ERROR|SKIPPED)(\([^)]*\))? (\S+)")
SKIPPED = re.compile(r"^SKIPPED \[\d+\] [^:]+:\d+: Test (\S+) skipped")
# the runs again, alone, on each database, of a test that seems to regress
RETRIES = 2


def run(command, log):
    with open(log, "w", encoding="utf-8") as out:
        return subprocess.run(command, check=False, stdout=out, stderr=subprocess.STDOUT).returncode


def odoo_bin(addons_path):
    for path in addons_path.split(","):
        candidate = Path(path).parent / "odoo-bin"
        if candidate.exists():
            return candidate
    sys.exit("core tests: no odoo-bin beside the addons path")


def core_addons_path(addons_path):
    """The addons path without ours (the folders that hold periscope_*)."""
    return ",".join(path for path in addons_path.split(",") if not any(Path(path).glob("periscope_*/__manifest__.py")))


def installed_core_modules(db):
    out = subprocess.run(
        [
            "psql",
            "-Atq",
            "-d",
            db,
            "-c",
            (
                "SELECT name FROM ir_module_module WHERE state = 'installed' "
                "AND name NOT LIKE 'periscope%' ORDER BY name"
            ),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    return out.stdout.split()


def pytest(db, addons_path, data_dir, port, log, targets=None):
    """Run the core tests (or the tests ``targets``, as ``outcomes`` names
    them) on ``db``: (seconds, summary line, outcomes) where outcomes maps a
    test to FAILED, ERROR or SKIPPED."""
    core = Path(core_addons_path(addons_path).split(",")[-1])
    if targets:
        files = [str(core / target) for target in targets]
    else:
        files = [str(core / path) for path in CORE_TESTS if (core / path).exists()]
    started = time.monotonic()
    run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:cacheprovider",
            "-q",
            "-rfEs",
            *files,
            f"--odoo-database={db}",
            f"--odoo-addons-path={addons_path}",
            "--odoo-log-level=warn",
            "--odoo-http",
            "--odoo-extra=test-file=core",
            f"--odoo-extra=data-dir={data_dir}",
            f"--odoo-extra=http-port={port}",
            "-W",
            "ignore::DeprecationWarning",
            "-W",
            "ignore::PendingDeprecationWarning",
        ],
        log,
    )
    seconds = time.monotonic() - started
    outcomes, summary = {}, ""
    for line in Path(log).read_text(encoding="utf-8", errors="replace").splitlines():
        skipped = SKIPPED.match(line)
        if skipped:
            outcomes[skipped.group(1)] = "SKIPPED"
            continue
        match = OUTCOME.match(line)
        if match:
            test = match.group(4).split("/addons/", 1)[-1]
            outcomes[test] = match.group(2)
        if re.search(r"\d+ (passed|failed)", line) and " in " in line:
            summary = line.strip("= ")
    return seconds, summary, outcomes


def run_again(tests, without, with_, args, logs):
    """``{test: {"without": outcomes, "with": outcomes}}`` of the ``tests``
    that are flaky: each run again alone ``RETRIES`` times on the database
    without the addons (``without``: db, addons path, data dir) and on the
    one with them (``with_``); flaky when it fails once without them or
    passes once with them."""
    flaky = {}
    for test in tests:
        again = {}
        for name, (db, path, data_dir) in (("without", without), ("with", with_)):
            log = logs / f"core-retry-{name}.log"
            again[name] = [pytest(db, path, data_dir, args.http_port, log, [test])[2].get(test) for _ in range(RETRIES)]
        if any(again["without"]) or not all(again["with"]):
            flaky[test] = again
    return flaky


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--addons-path", required=True)
    parser.add_argument("--http-port", default="8169")
    parser.add_argument("--logs", default=".odoo")
    args = parser.parse_args()
    logs = Path(args.logs)
    logs.mkdir(exist_ok=True)

    base_db = f"{args.db}_core_base"
    base_path = core_addons_path(args.addons_path)
    base_dir = tempfile.mkdtemp()
    modules = installed_core_modules(args.db)
    print(f"baseline: {len(modules)} Odoo modules on {base_db}, without the addons")
    subprocess.run(["dropdb", "--if-exists", base_db], check=False)
    try:
        code = run(
            [
                sys.executable,
                str(odoo_bin(args.addons_path)),
                f"--addons-path={base_path}",
                f"--data-dir={base_dir}",
                "-d",
                base_db,
                "-i",
                ",".join(modules),
                "--without-demo=all",
                "--stop-after-init",
                "--log-level=warn",
                f"--http-port={args.http_port}",
                "--workers=0",
                "--max-cron-threads=0",
            ],
            logs / "core-base-install.log",
        )
        if code:
            sys.exit(f"core tests: the baseline install failed ({code})")
        base_seconds, base_summary, base = pytest(base_db, base_path, base_dir, args.http_port, logs / "core-base.log")
        print(f"without the addons ({base_seconds:.0f} s): {base_summary}")
        ours_seconds, ours_summary, ours = pytest(
            args.db, args.addons_path, args.data_dir, args.http_port, logs / "core-ours.log"
        )
        print(f"with the addons ({ours_seconds:.0f} s): {ours_summary}")
        regressions = sorted(test for test, outcome in ours.items() if base.get(test) != outcome)
        flaky = run_again(
            regressions, (base_db, base_path, base_dir), (args.db, args.addons_path, args.data_dir), args, logs
        )
    finally:
        subprocess.run(["dropdb", "--if-exists", base_db], check=False)
        shutil.rmtree(base_dir, ignore_errors=True)

    return report(base, ours, [test for test in regressions if test not in flaky], flaky, ours_summary, ours_seconds)


def report(base, ours, regressions, flaky, ours_summary, ours_seconds):
    """Print what failed without the addons, what is flaky and what
    regressed, then the summary line; the exit code."""
    for test in sorted(test for test, outcome in base.items() if outcome != "SKIPPED"):
        print(f"fails without the addons too (upstream): {test} ({base[test]})")
    for test, again in flaky.items():
        print(
            f"flaky, not a regression: {test} ({ours[test]} with the addons; run again alone, "
            f"without them: {again['without']}, with them: {again['with']})"
        )
    for test in regressions:
        print(f"REGRESSION with the addons: {test} ({ours[test]})")
    ran = sum(int(n) for n in re.findall(r"(\d+) (?:passed|failed)", ours_summary))
    print(f"core tests: {ran - len(regressions)} passed, {len(regressions)} failed in {ours_seconds:.1f}s")
    return 1 if regressions or not ours_summary else 0


if __name__ == "__main__":
    os.environ.setdefault("PGAPPNAME", "periscope-core-tests")
    sys.exit(main())
