# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.tools import SQL


class PeriscopeBookingLock(models.Model):
    """One row per thing that concurrent bookings must not decide on at the
    same time (the included hours of an organisation's month). Each
    transaction about to decide upserts the row first: the second of two
    concurrent transactions waits for the first, then fails with a
    serialization error (40001), which Odoo's request layer retries with a
    fresh snapshot — where a lock taken with ``SELECT … FOR UPDATE`` would let
    it go on reading its old snapshot."""

    _name = "periscope.booking.lock"
    _description = "Booking Serialization Key"
    _log_access = False

    key = fields.Char(required=True, readonly=True)
    version = fields.Integer(readonly=True)

    _sql_constraints = [("key_unique", "UNIQUE(key)", "A serialization key is unique.")]

    @api.model
    def _serialise(self, keys):
        """Make this transaction the only one deciding on ``keys`` until it
        ends; a concurrent one that decided first makes it fail with a
        serialization error, to be retried."""
        keys = sorted(set(keys))
        if not keys:
            return
        self.env.cr.execute(
            SQL(
                "INSERT INTO %(table)s (key, version) VALUES %(rows)s "
                "ON CONFLICT (key) DO UPDATE SET version = %(table)s.version + 1",
                table=SQL.identifier(self._table),
                rows=SQL(", ").join(SQL("(%s, 0)", key) for key in keys),
            )
        )
