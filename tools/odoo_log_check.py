#!/usr/bin/env python3
# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Read the log of an Odoo test run and say whether it is green.

    python3 tools/odoo_log_check.py LOG [LABEL]

Odoo's exit code only tells about failed tests. This also fails the run on:
an ERROR or CRITICAL line, a traceback, a WARNING logged by or about our addons
(``periscope_``), a skipped test (Odoo skips a browser tour and counts it as
passed when Chromium or websocket-client is missing), and a run of no test.
Prints the problems, then ``N passed, N failed`` for the run.
"""

import re
import sys

LINE_RE = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (?P<level>[A-Z]+) (?P<db>\S+) "
    r"(?P<logger>\S+): (?P<message>.*)$"
)
RESULT_RE = re.compile(
    r"(?P<failed>\d+) failed, (?P<errors>\d+) error\(s\) of (?P<run>\d+) tests "
    r"when loading database"
)
SKIPPED_RE = re.compile(r"^skipped ")
OUR_CODE = "periscope_"


def check(lines):
    problems = []
    result = None
    skipped = 0
    for number, raw in enumerate(lines, 1):
        line = raw.rstrip("\n")
        match = LINE_RE.match(line)
        if not match:
            if line.startswith("Traceback (most recent call last)"):
                problems.append(f"line {number}: traceback")
            continue
        level, logger, message = match["level"], match["logger"], match["message"]
        found = RESULT_RE.search(message)
        if found:
            result = found
            continue
        if SKIPPED_RE.match(message):
            skipped += 1
            problems.append(f"line {number}: skipped test: {message[:200]}")
        elif level in ("ERROR", "CRITICAL"):
            problems.append(f"line {number}: {level} {logger}: {message[:200]}")
        elif level == "WARNING" and (OUR_CODE in logger or OUR_CODE in message):
            problems.append(f"line {number}: WARNING {logger}: {message[:200]}")
    if result is None:
        problems.append("no test result in the log: the run did not finish")
        return problems, 0, 0, skipped
    run = int(result["run"])
    failed = int(result["failed"]) + int(result["errors"])
    if run == 0:
        problems.append("no test ran")
    return problems, run, failed, skipped


def main(argv):
    path = argv[1]
    label = argv[2] if len(argv) > 2 else path
    with open(path, encoding="utf-8", errors="replace") as handle:
        problems, run, failed, skipped = check(handle)
    for problem in problems:
        sys.stdout.write(f"{label}: {problem}\n")
    passed = run - failed - skipped
    sys.stdout.write(f"{label}: {passed} passed, {failed} failed, {skipped} skipped\n")
    return 1 if problems or failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
