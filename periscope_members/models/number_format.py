# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Numbers written for people, in their language: « 4 h », « 1,5 h », « 12,25 % »
in French, "1.5 h" in English -- never "4.0 h"."""

from odoo.tools import float_round
from odoo.tools.misc import formatLang


def format_number(env, value, digits=2):
    """``value`` rounded to ``digits`` and written with the decimal point and
    the thousands separator of the environment's language, without trailing
    zeros."""
    text = formatLang(env, float_round(value or 0.0, precision_digits=digits), digits=digits)
    point = env["res.lang"]._get_data(code=env.lang or "en_US").decimal_point or "."
    if point in text:
        text = text.rstrip("0").rstrip(point)
    return text
