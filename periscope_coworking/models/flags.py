# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Flags that only the addon's own methods raise, for the time of one call, on
the database cursor of the transaction.

A context key is no protection: whoever calls ``/web/dataset/call_kw`` passes
the context they like. A flag lives in ``env.cr.cache``, which no caller
reaches: a method that decides what to write raises the flag for the records
it is about to write, writes, and lowers it, whatever happens::

    with raised(self.env, SETTING, booking):
        booking.write({"quantity": 2.0})

and ``write`` lets the value through only when ``is_raised(self.env,
SETTING, self)``. Raised without records, a flag covers every record (a
``create``, whose records do not exist yet).
"""

from contextlib import contextmanager

CACHE_KEY = "periscope_coworking_flags"
# raised by the booking's own methods for the bookings whose computed values
# they write: price, quantity, included hours, rates, late cancellation,
# no-show, calendar event
SETTING = "booking_setting"
# raised while bookings create, write or delete their events in the Odoo
# Calendar (the event mirrors the booking: nothing flows back)
FROM_BOOKING = "from_booking"
# raised by a billing run's own actions for the runs whose state they move
BILLING = "billing_run_state"
# every record
ALL = None


def _stack(env, name):
    return env.cr.cache.setdefault(CACHE_KEY, {}).setdefault(name, [])


@contextmanager
def raised(env, name, records=ALL):
    """Raise the flag ``name`` during the block, for ``records`` (every
    record when none are given)."""
    stack = _stack(env, name)
    stack.append(ALL if records is ALL else frozenset(records.ids))
    try:
        yield
    finally:
        stack.pop()


def is_raised(env, name, records=ALL):
    """Whether the flag ``name`` is raised for every one of ``records``
    (for every record when none are given)."""
    stack = _stack(env, name)
    if not stack:
        return False
    if ALL in stack:
        return True
    if records is ALL:
        return False
    missing = set(records.ids)
    for raised_ids in stack:
        missing -= raised_ids
    return not missing
