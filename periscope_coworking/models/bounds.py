# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The numbers and dates people and programs send to the coworking models: a
portal form, an RPC call, an import, the calendar. A value that is not a
number or a date, or out of its bounds, is refused with a translated message
before anything is written or computed: the ORM would otherwise store ``NaN``
(which passes a SQL ``CHECK(x >= 0)``), let PostgreSQL fail on an integer
overflow, or fail itself on a date beyond the year 9999 (a booking's buffer
or its local time zone added to a start in 9999) -- errors a user reads as a
crash."""

from datetime import date, datetime

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tools import format_date

# one reading of the numbers for every addon: the members'
from odoo.addons.periscope_members.models.number_bounds import INTEGER_MAX, check_number, check_numbers  # noqa: F401

# the first and the last day of a booking, a lease or a recurrence
FIRST_DAY = date(2000, 1, 1)
LAST_DAY = date(2099, 12, 31)
# the most seats of a desk pool, and of a booking
MAX_SEATS = 10000
# the highest unit price of a booking, monthly rent or charges of an office
MAX_PRICE = 100000
# the longest booking: a longer stay is a resident office (an occupancy)
MAX_BOOKING_DAYS = 366
# the most occurrences of a weekly booking (two years)
MAX_OCCURRENCES = 104


def check_dates(model, vals, names):
    """The values of a ``create`` or a ``write`` on ``model``, the dates and
    datetimes of the fields ``names`` read and checked: each must be a date
    (a datetime) from ``FIRST_DAY`` to ``LAST_DAY``. Returns ``vals``, or a
    copy holding the dates read; raises a translated ``ValidationError`` for
    the first value refused."""
    env = model.env
    checked = vals
    for name in names:
        value = vals.get(name)
        if not value:
            continue
        field = model._fields[name]
        is_datetime = field.type == "datetime"
        try:
            if is_datetime:
                moment = fields.Datetime.to_datetime(value)
                day = moment.date()
            else:
                moment = day = fields.Date.to_date(value)
        except (TypeError, ValueError, OverflowError):
            raise ValidationError(
                env._(
                    "%(field)s must be a date, not %(value)s.",
                    field=field._description_string(env),
                    value=str(value)[:30],
                )
            ) from None
        if not FIRST_DAY <= day <= LAST_DAY:
            raise ValidationError(
                env._(
                    "%(field)s must fall between %(first)s and %(last)s, not %(value)s.",
                    field=field._description_string(env),
                    first=format_date(env, FIRST_DAY),
                    last=format_date(env, LAST_DAY),
                    value=format_date(env, day),
                )
            )
        if moment is not value:
            if checked is vals:
                checked = dict(vals)
            checked[name] = moment
    return checked


def in_bounds(moment):
    """Whether a naive datetime (or a date) falls from ``FIRST_DAY`` to
    ``LAST_DAY``."""
    day = moment.date() if isinstance(moment, datetime) else moment
    return FIRST_DAY <= day <= LAST_DAY
