# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The hub's local time, one home for the four addons.

Odoo stores datetimes as naive UTC; the hub lives in the time zone of its
opening hours (a room's ``resource_calendar_id.tz``) or of its company,
Paris when neither says. Every conversion between the two, every local
month and every local label goes through here.
"""

from datetime import datetime, time, timedelta

import pytz
from dateutil.relativedelta import relativedelta

from odoo import fields

HUB_TZ = "Europe/Paris"


def hub_tz(tz_name=None):
    """The ``pytz`` time zone ``tz_name``, the hub's when empty."""
    return pytz.timezone(tz_name or HUB_TZ)


def to_local(value, tz_name=None):
    """``value`` (naive UTC) as an aware local datetime."""
    return pytz.utc.localize(value).astimezone(hub_tz(tz_name))


def to_utc(local, tz_name=None):
    """``local`` (a naive local datetime) as naive UTC."""
    return hub_tz(tz_name).localize(local).astimezone(pytz.utc).replace(tzinfo=None)


def day_start_utc(day, tz_name=None):
    """The local midnight that begins ``day`` (a date), in naive UTC."""
    return to_utc(datetime.combine(day, time.min), tz_name)


def local_month_bounds(day, tz_name=None):
    """The first instants of the local month of ``day`` (a date) and of the
    next month, in naive UTC."""
    first = day.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return day_start_utc(first, tz_name), day_start_utc(following, tz_name)


def month_bounds(moment, tz_name=None):
    """The bounds of the local month of ``moment`` (naive UTC), in naive UTC
    (see ``local_month_bounds``)."""
    return local_month_bounds(to_local(moment, tz_name).date(), tz_name)


def first_of_month(day):
    """The first day of the month of ``day`` (a date or its ISO string)."""
    return fields.Date.to_date(day).replace(day=1)


def first_of_previous_month(record):
    """The first day of last month, by the user's calendar: the month a
    monthly run (billing, settlement, agreements' fees) prepares by
    default."""
    return first_of_month(fields.Date.context_today(record)) - relativedelta(months=1)


def set_first_of_month(vals, name):
    """``vals`` of a create or a write, with the date ``name`` (when given)
    moved to the first day of its month, in place: a monthly run's month."""
    if vals.get(name):
        vals[name] = first_of_month(vals[name])
    return vals


def local_label(value, tz_name=None):
    """``dd/mm/yyyy hh:mm`` of ``value`` (naive UTC) in local time: the
    French notation of the hub's documents and messages, whatever the
    language of the user who makes them."""
    return to_local(value, tz_name).strftime("%d/%m/%Y %H:%M")
