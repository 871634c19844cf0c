# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Flags that only the addons' own methods raise, for the time of one call, on
the database cursor of the transaction: one home for the four addons.

A context key is no protection: whoever calls ``/web/dataset/call_kw`` passes
the context they like. A flag lives in ``env.cr.cache``, which no caller
reaches: a method that decides what to write raises the flag for the records
it is about to write, writes, and lowers it, whatever happens::

    with raised(self.env, SETTING, booking):
        booking.write({"quantity": 2.0})

and ``write`` lets the value through only when ``is_raised(self.env,
SETTING, self)``. Raised without records, a flag covers every record (a
``create``, whose records do not exist yet). Each addon names its flags in
its own ``models/flags.py``.
"""

from contextlib import contextmanager

CACHE_KEY = "periscope_flags"
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


@contextmanager
def collecting(env, name):
    """Collect ids under ``name`` during the block: the set is yielded; the
    ids that inner blocks collected come into the outermost one, which alone
    is told it is the outermost (``collector.outermost``)."""
    stack = _stack(env, name)
    collector = Collector(outermost=not stack)
    stack.append(collector)
    try:
        yield collector
    finally:
        stack.pop()
        if stack:
            stack[-1].update(collector)


def collector_of(env, name):
    """The innermost collector raised under ``name``, or None."""
    stack = _stack(env, name)
    return stack[-1] if stack else None


class Collector(set):
    """A set of ids, and whether it is the outermost collector."""

    def __init__(self, *args, outermost=True):
        super().__init__(*args)
        self.outermost = outermost
