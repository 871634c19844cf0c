# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Back up a hub's database with its filestore, and restore it, checked.

    python3 tools/backup.py [OPTIONS] dump DATABASE FILE.zip
    python3 tools/backup.py [OPTIONS] restore FILE.zip DATABASE [--neutralize]
    python3 tools/backup.py [OPTIONS] facts DATABASE

OPTIONS: -c CONF (an Odoo configuration file), --data-dir DIR (where the
filestore is), --addons-path PATH; scripts/backup and scripts/restore give
the ones of scripts/serve.

``dump`` writes the archive of Odoo's database manager (``dump.sql``, the
``filestore/`` and ``manifest.json``: restorable by the manager too) and adds
``periscope.json``: how many records the hub's main tables hold and how many
files its attachments have. ``restore`` loads the archive into a new database
(its filestore copied under the data directory), then checks it against
``periscope.json``: the same modules at the same versions, the same counts,
every stored attachment's file present; it says what differs and exits with 1
(the restored database is kept, to look at), 0 when the copy is whole.

``--neutralize`` makes a copy that sends no e-mail and runs no scheduled job
(Odoo's neutralization), for a test or a training copy of production."""

import argparse
import json
import os
import sys
import zipfile

# the hub's records whose count must survive a backup: the organisations and
# people, the memberships, the bookings, the orders, the sessions, the books
COUNTED = (
    "res_partner",
    "res_users",
    "membership_membership_line",
    "periscope_booking",
    "periscope_concierge_order",
    "event_event",
    "event_registration",
    "periscope_training_attendance",
    "account_move",
    "account_move_line",
    "ir_attachment",
    "mail_message",
)
CHECK_FILE = "periscope.json"


def _setup(args):
    # a sibling module when this file runs as a script (tools/ on sys.path)
    from create_db import load_odoo_config

    return load_odoo_config(args.config, args.data_dir, args.addons_path)


def _facts(odoo, database):
    """What the restored copy must have of the database: its modules and
    versions, its counts, its stored attachments."""
    from psycopg2 import sql

    import odoo.sql_db

    with odoo.sql_db.db_connect(database).cursor() as cr:
        cr.execute("SELECT name, latest_version FROM ir_module_module WHERE state = 'installed' ORDER BY name")
        modules = dict(cr.fetchall())
        counts = {}
        for table in COUNTED:
            cr.execute("SELECT to_regclass(%s)", [table])
            if cr.fetchone()[0]:
                cr.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table)))
                counts[table] = cr.fetchone()[0]
        cr.execute("SELECT DISTINCT store_fname FROM ir_attachment WHERE store_fname IS NOT NULL ORDER BY store_fname")
        stored = [row[0] for row in cr.fetchall()]
    return {"modules": modules, "counts": counts, "stored": stored}


def dump(args):
    odoo = _setup(args)
    from odoo.service import db

    if not db.exp_db_exist(args.database):
        print(f"backup: no database {args.database}", file=sys.stderr)
        return 1
    facts = _facts(odoo, args.database)
    with open(args.file, "wb") as stream:
        db.dump_db(args.database, stream, "zip")
    with zipfile.ZipFile(args.file, "a") as archive:
        archive.writestr(CHECK_FILE, json.dumps(facts, indent=1, sort_keys=True))
        names = archive.namelist()
    files = sum(1 for name in names if name.startswith("filestore/"))
    print(
        f"backup: {args.database} saved to {args.file} "
        f"({os.path.getsize(args.file) // 1024} KiB, {files} files of the "
        f"filestore, {facts['counts'].get('res_partner', 0)} partners)"
    )
    return 0


def check(odoo, database, expected):
    """The differences between the restored ``database`` and what the backup
    recorded, as sentences (none: the copy is whole)."""
    from odoo.tools import config

    facts = _facts(odoo, database)
    problems = []
    if facts["modules"] != expected["modules"]:
        differ = sorted(set(facts["modules"].items()) ^ set(expected["modules"].items()))
        problems.append(f"modules differ: {differ}")
    for table, count in expected["counts"].items():
        if facts["counts"].get(table) != count:
            problems.append(f"{table}: {facts['counts'].get(table)} rows restored, {count} saved")
    filestore = config.filestore(database)
    missing = [name for name in expected["stored"] if not os.path.isfile(os.path.join(filestore, name))]
    if missing:
        problems.append(f"{len(missing)} attachment files missing from {filestore}, e.g. {missing[0]}")
    return problems


def restore(args):
    odoo = _setup(args)
    from odoo.service import db

    if db.exp_db_exist(args.database):
        print(
            f"restore: the database {args.database} exists already: restore into a new name, or drop it first",
            file=sys.stderr,
        )
        return 1
    with zipfile.ZipFile(args.file) as archive:
        if CHECK_FILE not in archive.namelist():
            print(
                f"restore: {args.file} was not made by tools/backup.py (no {CHECK_FILE}): it cannot be checked",
                file=sys.stderr,
            )
            return 1
        expected = json.loads(archive.read(CHECK_FILE))
    # a copy gets its own database uuid, as the manager's "this is a copy"
    db.restore_db(args.database, args.file, copy=True, neutralize_database=args.neutralize)
    problems = check(odoo, args.database, expected)
    if problems:
        print(f"restore: {args.database} is NOT a whole copy:", file=sys.stderr)
        for problem in problems:
            print(f"  - {problem}", file=sys.stderr)
        return 1
    counts = expected["counts"]
    print(
        f"restore: {args.file} restored as {args.database} and checked: "
        f"{len(expected['modules'])} modules, {len(expected['stored'])} files, "
        f"{counts.get('periscope_booking', 0)} bookings, "
        f"{counts.get('account_move', 0)} journal entries, as saved"
    )
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", help="an Odoo configuration file")
    parser.add_argument("--data-dir", help="Odoo's data directory (the filestore)")
    parser.add_argument("--addons-path", help="Odoo's addons path")
    subs = parser.add_subparsers(dest="command", required=True)
    dump_parser = subs.add_parser("dump", help="save a database and its filestore")
    dump_parser.add_argument("database")
    dump_parser.add_argument("file")
    restore_parser = subs.add_parser("restore", help="restore and check a backup")
    restore_parser.add_argument("file")
    restore_parser.add_argument("database")
    restore_parser.add_argument(
        "--neutralize", action="store_true", help="no e-mail, no scheduled job: a copy for tests or training"
    )
    facts_parser = subs.add_parser("facts", help="print what a backup records of a database (JSON)")
    facts_parser.add_argument("database")
    args = parser.parse_args(argv)
    if args.command == "dump":
        return dump(args)
    if args.command == "facts":
        facts = _facts(_setup(args), args.database)
        print(json.dumps(facts["counts"] | {"stored files": len(facts["stored"])}))
        return 0
    if not os.path.isfile(args.file):
        print(f"restore: no file {args.file}", file=sys.stderr)
        return 1
    return restore(args)


if __name__ == "__main__":
    sys.exit(main())
