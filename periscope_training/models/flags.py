# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Flags that only our own methods raise, for the time of one call, on the
database cursor of the transaction.

A context key is no protection: whoever calls ``/web/dataset/call_kw`` passes
the context they like. A flag lives in ``env.cr.cache``, which no caller
reaches: a method that has checked who calls it raises the flag for the
records it is about to write, writes, and lowers it, whatever happens::

    with raised(self.env, SIGNING, attendance):
        attendance.write({...})

and ``write`` lets the signature through only when ``is_raised(self.env,
SIGNING, self)``.
"""

from contextlib import contextmanager

CACHE_KEY = "periscope_training_flags"
# raised by res.partner._periscope_erase_personal_data for the records whose
# copies of a person's name and free texts it erases, which their own guards
# (a signed attendance, an answered referral) let through for that alone
ERASURE = "personal_data_erasure"


def _stack(env, name):
    return env.cr.cache.setdefault(CACHE_KEY, {}).setdefault(name, [])


@contextmanager
def raised(env, name, records):
    """Raise the flag ``name`` for ``records`` during the block."""
    stack = _stack(env, name)
    stack.append(frozenset(records.ids))
    try:
        yield
    finally:
        stack.pop()


def is_raised(env, name, records):
    """Whether the flag ``name`` is raised for every one of ``records``."""
    stack = _stack(env, name)
    if not stack:
        return False
    ids = set(records.ids)
    for raised_ids in stack:
        ids -= raised_ids
    return not ids


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
