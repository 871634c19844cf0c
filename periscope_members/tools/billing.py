# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What the hub bills is billed once: one home for the four addons.

The hub prepares draft invoices and bills (memberships, bookings and rents,
concierge orders and agreements, provider settlements, training funding)
that the accountant posts. Each line links to what it bills, and a unique
or exclusion constraint of the database refuses to bill a thing twice, even
by two runs at the same moment. ``billed_once`` turns that refusal into a
clear "run it again" for the user, with nothing of the run kept; the drafts
themselves are made by ``account.move._periscope_create_drafts``.
"""

from contextlib import contextmanager

from psycopg2 import errors

from odoo.exceptions import UserError

# what the database raises when something is billed twice at the same moment
BILLED_TWICE = (errors.UniqueViolation, errors.ExclusionViolation)


def analytic_distribution(account):
    """The analytic distribution of a line that goes wholly to ``account``
    (an ``account.analytic.account``, maybe empty)."""
    return {str(account.id): 100} if account else False


@contextmanager
def billed_once(env, message):
    """Run the block in a savepoint, flushed at its end; when the database
    refuses it because what it bills has just been billed by another
    transaction, roll it back and raise ``message`` (a UserError that says
    to run it again: only the rest will be billed)."""
    try:
        with env.cr.savepoint():
            yield
            env.flush_all()
    except BILLED_TWICE as exc:
        raise UserError(message) from exc
