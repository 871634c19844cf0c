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


def local_label(value, tz_name=None):
    """``dd/mm/yyyy hh:mm`` of ``value`` (naive UTC) in local time: the
    French notation of the hub's documents and messages, whatever the
    language of the user who makes them."""
    return to_local(value, tz_name).strftime("%d/%m/%Y %H:%M")
