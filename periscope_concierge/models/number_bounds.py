# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The numbers that people and programs send to the concierge: typed in a form
(``2,5`` as French users type it), posted to a portal route, or passed through
RPC (where JSON also carries ``NaN`` and ``Infinity``). A number that is not
finite, or out of its field's bounds, is refused with a translated message
before anything is written: the ORM would otherwise store ``nan`` (which passes
a SQL ``CHECK(x >= 0)``), or overflow while rounding ``1e307`` × a price."""

from odoo.exceptions import ValidationError

# one reading of a typed number and one way of showing it, the members'
from odoo.addons.periscope_members.models.number_bounds import (
    INTEGER_MAX,
    parse_number,
    shown_number,
)

# no amount of the concierge comes near it; rounding to the cent overflows
# from about 1e306
AMOUNT_MAX = 1e12
NUMERIC_TYPES = ("integer", "float", "monetary")
# the most of a service in one order, and the highest unit price or cost of a
# service (the SQL constraints of the order lines say the same)
MAX_QUANTITY = 10000
MAX_PRICE = 100000


def check_numbers(model, vals, bounds=None, only=False):
    """The values of a ``create`` or a ``write`` on ``model``, their numbers
    checked: each value of a numeric field must be a finite number within its
    bounds (``bounds`` maps a field name to its lowest and highest values,
    both included; the other fields within PostgreSQL's integer, or within
    ±``AMOUNT_MAX``). With ``only``, only the fields of ``bounds`` are checked.
    Returns ``vals``, a copy with numbers in place of the texts that the ORM
    would not convert (``"2,5"``); raises a ``ValidationError`` for the
    first number refused."""
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
        widest = INTEGER_MAX if field.type == "integer" else AMOUNT_MAX
        low, high = bounds.get(name, (-widest, widest))
        number = parse_number(value)
        if number is None or not low <= number <= high:
            env = model.env
            raise ValidationError(
                env._(
                    "%(field)s must be a number from %(low)s to %(high)s, not "
                    "%(value)s.",
                    field=field._description_string(env),
                    low=shown_number(env, low),
                    high=shown_number(env, high),
                    value=str(value)[:30],
                )
            )
        if isinstance(value, str):
            if checked is vals:
                checked = dict(vals)
            checked[name] = int(number) if field.type == "integer" else number
    return checked
