from . import controllers
from . import models
from . import wizards


def _periscope_post_init(env):
    """On a company whose chart of accounts is already there: the accounts,
    taxes and products' accounting of the addons (the chart template's
    additions)."""
    env["account.chart.template"]._periscope_load_accounting()
