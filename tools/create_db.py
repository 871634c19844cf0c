# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Create an Odoo database the way Odoo's database manager does.

    python3 tools/create_db.py DATABASE --addons-path PATH [--data-dir DIR]
        [--demo] [--lang fr_FR] [--country FR] [--password admin]

``odoo-bin -d DB -i ...`` leaves the company without a country: Odoo then
loads its generic chart of accounts in US dollars. The database manager
(``odoo.service.db.exp_create_database``) sets the company's country, its
currency and the administrator's language and time zone before any other
module is installed, so that installing ``account`` brings the country's
localisation (for France ``l10n_fr_account``: the PCG chart, French taxes,
euros). This script calls it, for ``scripts/serve`` and ``scripts/test``.
"""

import argparse
import sys


def load_odoo_config(config=None, data_dir=None, addons_path=None):
    """Odoo's configuration from a configuration file and these options, with
    the database manager's functions usable (as `odoo-bin db` does) even where
    a production configuration hides the manager (``list_db = False``).
    Returns the ``odoo`` package. Also used by tools/backup.py."""
    import odoo

    options = []
    for flag, value in (("--config", config), ("--data-dir", data_dir), ("--addons-path", addons_path)):
        if value:
            options += [flag, value]
    odoo.tools.config.parse_config(options)
    odoo.tools.config["list_db"] = True
    return odoo


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database")
    parser.add_argument("--addons-path", required=True)
    parser.add_argument(
        "-c",
        "--config",
        help="an Odoo configuration file (its database and data_dir settings); "
        "the PostgreSQL connection may also come from PGHOST, PGUSER, PGPASSWORD",
    )
    parser.add_argument("--data-dir")
    parser.add_argument("--demo", action="store_true")
    parser.add_argument("--lang", default="en_US")
    parser.add_argument("--country", default="FR")
    parser.add_argument("--password", default="admin")
    args = parser.parse_args(argv)

    # Odoo is imported once the arguments are read (--help needs none)
    load_odoo_config(args.config, args.data_dir, args.addons_path)
    from odoo.service import db

    if db.exp_db_exist(args.database):
        print(f"create_db: the database {args.database} exists already", file=sys.stderr)
        return 1
    db.exp_create_database(
        args.database, args.demo, args.lang, user_password=args.password, login="admin", country_code=args.country
    )
    demo = "with" if args.demo else "without"
    print(f"create_db: {args.database} created ({demo} demo data, {args.lang}, company in {args.country})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
