# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models, tools
from odoo.tools import SQL

from odoo.addons.periscope_members.tools.hub_time import HUB_TZ


class PeriscopeSpaceUsage(models.Model):
    """Occupancy of the spaces, month by month: the hours booked against the
    hours the space is open (its calendar's attendances, closing days left
    out), times its seats. A rented office counts as booked for the days of
    its lease. Read-only, always up to date (a view): from a year back to six
    months ahead."""

    _name = "periscope.space.usage"
    _description = "Space Occupancy"
    _auto = False
    _order = "month desc, space_id"
    _rec_name = "space_id"

    space_id = fields.Many2one(comodel_name="periscope.space", readonly=True)
    space_type = fields.Selection(
        selection=lambda self: self.env["periscope.space"]._fields["space_type"]._description_selection(self.env),
        string="Type",
        readonly=True,
    )
    company_id = fields.Many2one(comodel_name="res.company", readonly=True)
    month = fields.Date(readonly=True)
    open_hours = fields.Float(
        string="Opening hours", readonly=True, help="Hours the space is open in the month, times its seats."
    )
    booked_hours = fields.Float(
        readonly=True,
        help="Hours of confirmed and done bookings (times their seats), and the "
        "opening hours of the days an office is rented.",
    )
    booking_count = fields.Integer(string="Bookings", readonly=True)
    occupancy_rate = fields.Float(
        string="Occupancy (%)", readonly=True, aggregator="avg", help="Booked hours against opening hours."
    )

    def _query(self):
        """A row per space and month, from 12 months back to 6 ahead: its
        opening hours (``_opening_hours_query``), the hours booked and rented
        in it (``_booked_hours_query``), and their ratio."""
        return SQL(
            """
WITH days AS (%s), opening AS (%s), booked AS (%s)
SELECT row_number() OVER (ORDER BY o.space_id, o.month) AS id,
       o.space_id,
       s.space_type,
       s.company_id,
       o.month,
       o.open_hours * s.seats AS open_hours,
       LEAST(COALESCE(bk.hours, 0) + o.rented_hours * s.seats,
             o.open_hours * s.seats) AS booked_hours,
       COALESCE(bk.booking_count, 0) AS booking_count,
       CASE WHEN o.open_hours > 0
            THEN LEAST(100.0 * (COALESCE(bk.hours, 0) + o.rented_hours * s.seats)
                       / (o.open_hours * s.seats), 100.0)
            ELSE 0 END AS occupancy_rate
  FROM opening o
  JOIN periscope_space s ON s.id = o.space_id
  LEFT JOIN booked bk ON bk.space_id = o.space_id AND bk.month = o.month
""",
            SQL("""
    SELECT day::date AS day
      FROM generate_series(
               date_trunc('month', now() AT TIME ZONE 'UTC') - interval '12 months',
               date_trunc('month', now() AT TIME ZONE 'UTC') + interval '7 months'
                   - interval '1 day',
               interval '1 day'
           ) AS day
"""),
            self._opening_hours_query(),
            self._booked_hours_query(),
        )

    def _opening_hours_query(self):
        """The opening hours of each active space by month — its calendar's
        attendances on the days of the month, but the closing days — and
        those of them its lease rents out."""
        return SQL(
            """
    SELECT s.id AS space_id,
           date_trunc('month', d.day)::date AS month,
           SUM(a.hour_to - a.hour_from) AS open_hours,
           SUM(CASE WHEN EXISTS (
                    SELECT 1 FROM periscope_occupancy o
                     WHERE o.space_id = s.id AND o.date_start <= d.day
                       AND (o.date_end IS NULL OR o.date_end >= d.day)
                ) THEN a.hour_to - a.hour_from ELSE 0 END) AS rented_hours
      FROM periscope_space s
      JOIN resource_calendar rc ON rc.id = s.resource_calendar_id
      JOIN resource_calendar_attendance a
        ON a.calendar_id = rc.id
       AND a.display_type IS NULL
       AND a.day_period IS DISTINCT FROM 'lunch'
      JOIN days d ON a.dayofweek = (EXTRACT(ISODOW FROM d.day)::int - 1)::text
     WHERE s.active
       AND (a.date_from IS NULL OR a.date_from <= d.day)
       AND (a.date_to IS NULL OR a.date_to >= d.day)
       AND (rc.two_weeks_calendar IS NOT TRUE
            OR a.week_type = mod((d.day - date '0001-01-01') / 7, 2)::text)
       AND NOT EXISTS (
            SELECT 1 FROM resource_calendar_leaves l
             WHERE l.resource_id IS NULL
               AND (l.calendar_id IS NULL OR l.calendar_id = rc.id)
               AND l.date_from <= ((d.day + a.hour_from * interval '1 hour')
                    AT TIME ZONE COALESCE(rc.tz, %(hub_tz)s)) AT TIME ZONE 'UTC'
               AND l.date_to >= ((d.day + a.hour_to * interval '1 hour')
                    AT TIME ZONE COALESCE(rc.tz, %(hub_tz)s)) AT TIME ZONE 'UTC'
       )
     GROUP BY s.id, date_trunc('month', d.day)
""",
            hub_tz=HUB_TZ,
        )

    def _booked_hours_query(self):
        """The hours of the confirmed and done bookings of each space by local
        month, seats counted, and their number."""
        return SQL(
            """
    SELECT b.space_id,
           date_trunc('month', (b.start AT TIME ZONE 'UTC')
                AT TIME ZONE COALESCE(rc.tz, %(hub_tz)s))::date AS month,
           SUM(EXTRACT(EPOCH FROM b.stop - b.start) / 3600.0 * b.seats) AS hours,
           COUNT(*) AS booking_count
      FROM periscope_booking b
      JOIN periscope_space s ON s.id = b.space_id
      JOIN resource_calendar rc ON rc.id = s.resource_calendar_id
     WHERE b.state IN ('confirmed', 'done')
     GROUP BY b.space_id, 2
""",
            hub_tz=HUB_TZ,
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._query()))
