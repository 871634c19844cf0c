# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The numbers people and programs send to the members' models: typed in a
portal form (``4,5`` as French users type it), or passed through RPC or an
import (where JSON also carries ``NaN`` and ``Infinity``). A number that is not
finite, or out of its field's bounds, is refused with a translated message
before anything is written: the ORM would otherwise store ``NaN`` (which passes
a SQL ``CHECK(x >= 0)``), or let PostgreSQL fail on an integer overflow."""

import math

from odoo.exceptions import ValidationError
from odoo.tools import formatLang

# PostgreSQL's integer column
INTEGER_MAX = 2**31 - 1
# no float of these models comes near it
FLOAT_MAX = 1e12
NUMERIC_TYPES = ("integer", "float", "monetary")


def parse_number(value):
    """A number as a person types it (``4,5``, ``1 200``, `` 3 ``) or as a
    program sends it, as a float; None when it is not a finite number."""
    if isinstance(value, bool) or value is None:
        return None
    try:
        if isinstance(value, int | float):
            number = float(value)
        else:
            # every space (a non-breaking one too) groups thousands
            text = "".join(str(value).split()).replace(",", ".")
            number = float(text)
    except (ValueError, OverflowError, TypeError):
        return None
    return number if math.isfinite(number) else None


def shown_number(env, number):
    """``number`` as the user's language writes it."""
    if number == int(number):
        return formatLang(env, number, digits=0)
    return formatLang(env, number, digits=2)


def number_error(model, name, value, low, high, whole=False):
    """The translated refusal of ``value`` for the field ``name``."""
    env = model.env
    values = {
        "field": model._fields[name]._description_string(env),
        "low": shown_number(env, low),
        "high": shown_number(env, high),
        "value": str(value)[:30],
    }
    if whole:
        return ValidationError(
            env._("%(field)s must be a whole number from %(low)s to %(high)s, not %(value)s.", **values)
        )
    return ValidationError(env._("%(field)s must be a number from %(low)s to %(high)s, not %(value)s.", **values))


def check_number(model, name, value, bounds=None):
    """``value`` for the numeric field ``name`` of ``model``, as the number
    the field stores (an int for an integer field); raises a translated
    ``ValidationError`` when it is not a finite number within ``bounds`` (the
    lowest and highest values, both included; by default PostgreSQL's
    integer, or ±``FLOAT_MAX``), or not a whole number for an integer
    field."""
    field = model._fields[name]
    integer = field.type == "integer"
    widest = INTEGER_MAX if integer else FLOAT_MAX
    low, high = bounds or (-widest, widest)
    number = parse_number(value)
    if number is None or not low <= number <= high:
        raise number_error(model, name, value, low, high, whole=integer)
    if integer:
        if not number.is_integer():
            raise number_error(model, name, value, low, high, whole=True)
        return int(number)
    return number


def check_numbers(model, vals, bounds=None, only=False, in_place=False):
    """The values of a ``create`` or a ``write`` on ``model``, their numbers
    checked by :func:`check_number` (``bounds`` maps a field name to its
    lowest and highest values; with ``only``, only the fields of ``bounds``
    are checked). Returns ``vals``, or a copy with numbers in place of the
    texts the ORM would not convert (``"4,5"``) — ``vals`` itself changed
    with ``in_place``. The one check of the four addons' numbers."""
    bounds = bounds or {}
    checked = vals
    for name, value in vals.items():
        field = model._fields.get(name)
        if (
            field is None
            or field.type not in NUMERIC_TYPES
            or (only and name not in bounds)
            or value is False
            or value is None
        ):
            continue
        number = check_number(model, name, value, bounds.get(name))
        if isinstance(value, str):
            if checked is vals and not in_place:
                checked = dict(vals)
            checked[name] = number
    return checked
