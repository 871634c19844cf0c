# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The numbers a form, a route or an RPC call writes, checked before the ORM
sees them: a French decimal comma is read, and what is not a finite number of
a sensible size (``nan``, ``inf``, ``1e400``, an integer past the database's,
a word) is refused with a clear, translated message instead of a traceback."""

import math
import re

from odoo.exceptions import ValidationError

# the largest amount, hours or figure a training organisation writes
MAX_FLOAT = 1e12
# the largest value of an integer column of PostgreSQL
MAX_INTEGER = 2**31 - 1
NUMBER_TYPES = ("float", "monetary", "integer")
# spaces that group the thousands: "1 234,50"
SPACES_RE = re.compile(r"[\s\u00a0\u202f]")


def parse_number(env, value, integer=False, label=None):
    """``value`` as a float (or an int), or a ValidationError: accepts a
    number or a string, with a decimal point or a French decimal comma."""
    label = label or env._("This value")
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, str):
        text = SPACES_RE.sub("", value)
        if text.count(",") == 1 and "." not in text:
            text = text.replace(",", ".")
        try:
            value = float(text)
        except ValueError:
            raise ValidationError(
                env._(
                    "%(label)s must be a number: %(value)s is not one.",
                    label=label,
                    value=value[:40],
                )
            ) from None
    if not isinstance(value, int | float):
        raise ValidationError(
            env._("%(label)s must be a number.", label=label),
        )
    if isinstance(value, float) and not math.isfinite(value):
        raise ValidationError(
            env._("%(label)s must be a finite number.", label=label),
        )
    if integer:
        if value != int(value):
            raise ValidationError(
                env._("%(label)s must be a whole number.", label=label),
            )
        value = int(value)
        if abs(value) > MAX_INTEGER:
            raise ValidationError(
                env._("%(label)s is far too large.", label=label),
            )
        return value
    if abs(value) > MAX_FLOAT:
        raise ValidationError(env._("%(label)s is far too large.", label=label))
    return value


def check_numbers(model, vals):
    """Check, and read, the numbers of ``vals`` written on ``model``, in
    place."""
    for name, value in vals.items():
        field = model._fields.get(name)
        if field is None or field.type not in NUMBER_TYPES:
            continue
        vals[name] = parse_number(
            model.env,
            value,
            integer=field.type == "integer",
            label=field._description_string(model.env),
        )
    return vals
