# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What the benchmarks share: a fresh database with one addon installed
without demo data, Odoo's configuration for it, and the measure of a
function (median time and SQL queries of runs rolled back)."""

import argparse
import importlib.util
import statistics
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytz

import odoo
from odoo.modules.module import get_module_path
from odoo.modules.registry import Registry
from odoo.tools import config

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
PARIS = pytz.timezone("Europe/Paris")
DATA_DIR = "/tmp/periscope-bench-data"


def odoo_root():
    return Path(odoo.__file__).resolve().parent.parent


def utc(day, hour, minute=0):
    """Naive UTC of ``day`` at ``hour``:``minute`` in Paris."""
    local = PARIS.localize(datetime.combine(day, datetime.min.time()))
    local = PARIS.normalize(local + timedelta(hours=hour, minutes=minute))
    return local.astimezone(pytz.utc).replace(tzinfo=None)


def arguments(addon, doc):
    """The command line of a benchmark of ``addon``."""
    parser = argparse.ArgumentParser(description=doc.split("\n")[0])
    parser.add_argument("--db", default=f"periscope_bench_{addon}")
    parser.add_argument("--keep", action="store_true", help="keep the database")
    parser.add_argument("--addons", default=str(REPO), help="the folder of the Périscope addons")
    return parser.parse_args()


def install(db, addons, module):
    """A new database ``db`` with ``module`` installed, without demo data."""
    subprocess.run(["dropdb", "--if-exists", db], check=True)
    subprocess.run(
        [
            sys.executable,
            str(odoo_root() / "odoo-bin"),
            f"--addons-path={addons},{odoo_root() / 'addons'}",
            f"--data-dir={DATA_DIR}",
            "-d",
            db,
            "-i",
            module,
            "--without-demo=all",
            "--stop-after-init",
            "--log-level=warn",
        ],
        check=True,
    )


def registry(db, addons):
    """Odoo configured for ``db``, and its registry."""
    config.parse_config(
        [f"--addons-path={addons},{odoo_root() / 'addons'}", f"--data-dir={DATA_DIR}", "-d", db, "--log-level=warn"]
    )
    return Registry(db)


def drop(db):
    Registry.delete(db)
    odoo.sql_db.close_db(db)
    subprocess.run(["dropdb", "--if-exists", db], check=True)


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


def addon_helper(addon, name):
    """The module ``tests/<name>.py`` of ``addon`` (a helper the addon's tests
    and the benchmarks share), loaded on its own: importing it from its
    package would import the addon's tests, and with them Odoo's test
    framework, which logs an error outside a test run."""
    path = Path(get_module_path(addon)) / "tests" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"periscope_bench_{addon}_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def write_results(name, lines):
    results = HERE / "results"
    results.mkdir(exist_ok=True)
    (results / f"{name}.md").write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
