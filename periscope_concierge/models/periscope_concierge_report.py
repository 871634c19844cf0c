# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models, tools
from odoo.tools import SQL

from odoo.addons.periscope_members.tools.hub_time import HUB_TZ

from .periscope_concierge_order import STATES


class PeriscopeConciergeReport(models.Model):
    """The concierge's activity, one row per service of an order: what was
    sold, what goes to each ESS provider and what the hub keeps, and how long
    the services take from the drop-off to the return to the desk.
    Read-only, always up to date (a view)."""

    _name = "periscope.concierge.report"
    _description = "Concierge Activity"
    _auto = False
    _order = "date_deposited desc, id desc"
    _rec_name = "order_id"

    order_id = fields.Many2one(comodel_name="periscope.concierge.order", readonly=True)
    company_id = fields.Many2one(comodel_name="res.company", readonly=True)
    currency_id = fields.Many2one(comodel_name="res.currency", readonly=True)
    state = fields.Selection(selection=STATES, string="Status", readonly=True)
    beneficiary_id = fields.Many2one(comodel_name="res.partner", string="Customer", readonly=True)
    partner_id = fields.Many2one(comodel_name="res.partner", string="Invoiced to", readonly=True)
    product_id = fields.Many2one(comodel_name="product.product", string="Service", readonly=True)
    provider_id = fields.Many2one(comodel_name="res.partner", readonly=True)
    settlement_id = fields.Many2one(comodel_name="periscope.concierge.settlement", readonly=True)
    month = fields.Date(readonly=True, help="The month of the drop-off at the desk (Paris time).")
    date_deposited = fields.Datetime(string="Deposited on", readonly=True)
    date_at_desk = fields.Datetime(string="Back at the desk on", readonly=True)
    date_collected = fields.Datetime(string="Collected on", readonly=True)
    turnaround_hours = fields.Float(
        string="Turnaround (hours)",
        readonly=True,
        aggregator="avg",
        help="Hours from the drop-off to the return to the desk; empty until the order is back at the desk.",
    )
    turnaround_days = fields.Float(
        string="Turnaround (days)",
        readonly=True,
        aggregator="avg",
        help="Days (of 24 hours) from the drop-off to the return to the desk.",
    )
    quantity = fields.Float(readonly=True, digits="Product Unit of Measure")
    revenue = fields.Monetary(string="Sales", readonly=True, help="The price of the service, untaxed.")
    provider_share = fields.Monetary(string="Provider's share", readonly=True)
    commission = fields.Monetary(string="Hub's commission", readonly=True)
    order_count = fields.Integer(
        string="Orders",
        readonly=True,
        help="Each order counts once, on its first service: add it up by month or by customer to count the orders.",
    )

    def _query(self):
        return SQL(
            """
SELECT line.id AS id,
       line.order_id,
       o.company_id,
       company.currency_id,
       o.state,
       o.beneficiary_id,
       o.partner_id,
       line.product_id,
       line.provider_id,
       line.settlement_id,
       date_trunc('month', (o.date_deposited AT TIME ZONE 'UTC')
            AT TIME ZONE %(hub_tz)s)::date AS month,
       o.date_deposited,
       o.date_at_desk,
       o.date_collected,
       EXTRACT(EPOCH FROM o.date_at_desk - o.date_deposited) / 3600.0
           AS turnaround_hours,
       EXTRACT(EPOCH FROM o.date_at_desk - o.date_deposited) / 86400.0
           AS turnaround_days,
       line.quantity,
       line.price_subtotal AS revenue,
       line.provider_share,
       line.commission,
       CASE WHEN EXISTS (
            SELECT 1 FROM periscope_concierge_order_line earlier
             WHERE earlier.order_id = line.order_id AND earlier.id < line.id
       ) THEN 0 ELSE 1 END AS order_count
  FROM periscope_concierge_order_line line
  JOIN periscope_concierge_order o ON o.id = line.order_id
  JOIN res_company company ON company.id = o.company_id
""",
            hub_tz=HUB_TZ,
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._query()))
