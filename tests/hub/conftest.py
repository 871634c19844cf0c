# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "fr_chart: needs the database's company on Odoo's French chart of accounts "
        "(the demo database of scripts/test); deselected on the others",
    )
    config.addinivalue_line(
        "markers", "demo: renders the demo's records (the demo database of scripts/test); deselected on the others"
    )
