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

from odoo import fields
from odoo.exceptions import AccessError, UserError

# what the database raises when something is billed twice at the same moment
BILLED_TWICE = (errors.UniqueViolation, errors.ExclusionViolation)


def billing_link(comodel_name, string, **kwargs):
    """The field of an invoice, or of one of its lines, that says what the hub
    billed with it: never copied, never typed (``check_billing_links``), and
    what it links cannot be deleted while it is billed."""
    kwargs.setdefault("ondelete", "restrict")
    return fields.Many2one(
        comodel_name=comodel_name, string=string, copy=False, readonly=True, index="btree_not_null", **kwargs
    )


def check_billing_links(records, vals_list):
    """What an invoice bills is written by the hub's runs alone, with the
    superuser's rights (``account.move._periscope_create_drafts``): an
    accountant unlinking a booking, an order's service or a funding line from
    its invoice would have it billed twice; linking one would freeze a thing
    nobody invoiced. ``records`` is the model (on a create) or the records
    written; the fields are those of ``_periscope_billing_link_fields``."""
    if records.env.su:
        return
    names = records._periscope_billing_link_fields()
    for vals in vals_list:
        written = names.intersection(vals)
        # an empty value on a new line bills nothing: refused only on a write
        if written and (records or any(vals[name] for name in written)):
            raise AccessError(
                records.env._(
                    "Only the hub's billing says what an invoice bills (%(fields)s).",
                    fields=", ".join(
                        records._fields[name]._description_string(records.env) for name in sorted(written)
                    ),
                )
            )


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
