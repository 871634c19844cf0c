# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from odoo import api, fields, models
from odoo.tools import SQL

# the partner fields that ``res.partner._compute_membership_state`` computes
MEMBERSHIP_STATE_FIELDS = (
    "membership_state",
    "membership_start",
    "membership_stop",
    "membership_cancel",
    "periscope_membership_in_grace",
)


class MembershipLine(models.Model):
    _inherit = "membership.membership_line"

    periscope_unpaid_reminded = fields.Boolean(
        string="Unpaid reminder sent", copy=False, help="The organisation was reminded that this renewal is unpaid."
    )
    periscope_renewal_year = fields.Integer(
        string="Renewal of",
        copy=False,
        readonly=True,
        aggregator=False,
        help="The year a membership renewal invoiced this line for: one a year per organisation, unless cancelled.",
    )

    _sql_constraints = [
        (
            "periscope_renewal_year_unique",
            (
                "EXCLUDE USING btree (partner WITH =, periscope_renewal_year WITH =) "
                "WHERE (periscope_renewal_year IS NOT NULL AND date_cancel IS NULL)"
            ),
            "This organisation's membership is already invoiced for this year.",
        )
    ]

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        if any(vals.get("periscope_renewal_year") for vals in vals_list):
            lines._periscope_write_membership_states()
        return lines

    def _periscope_write_membership_states(self):
        """The membership state of the organisations of these renewal lines,
        and of their people (who share it), computed and written at once.

        The ORM would read the partners and their membership lines 1,000 at a
        time (its prefetch), and write the states when flushing, in UPDATEs
        of 100 partners (``odoo.models.UPDATE_BATCH_SIZE``): one more query
        for every 100 organisations and people renewed. This reads them in
        one query each, and writes every partner whose state changed in one
        UPDATE, as the ORM's flush would (``write_uid`` and ``write_date``
        included), leaving their cache clean."""
        Partner = self.env["res.partner"]
        # read again from the database, newest first, as the state expects them
        self.partner.invalidate_recordset(["member_lines"])
        partners = self.env.records_to_compute(Partner._fields["membership_state"]).filtered("id")
        partners.fetch(["associate_member", "free_member", "member_lines"])
        partners.member_lines.fetch(["date_from", "date_to", "date_cancel", "state", "account_invoice_line"])
        Partner._recompute_model(MEMBERSHIP_STATE_FIELDS)
        cache = self.env.cache
        dirty_ids = set()
        fields_ = [Partner._fields[fname] for fname in MEMBERSHIP_STATE_FIELDS]
        for field in fields_:
            dirty_ids.update(cache.clear_dirty_field(field))
        # the values in cache that are not dirty are the database's: written
        # again with the dirty ones, they make one UPDATE of all the partners
        by_fields = defaultdict(list)
        for partner in Partner.browse(sorted(dirty_ids)):
            by_fields[tuple(field for field in fields_ if cache.contains(partner, field))].append(partner.id)
        for written, ids in by_fields.items():
            self._periscope_update_partners(Partner.browse(ids), written)

    @api.model
    def _periscope_update_partners(self, partners, fields_):
        """Write the values in cache of ``fields_`` (stored columns) of
        ``partners`` in one UPDATE, with ``write_uid`` and ``write_date`` as
        the ORM's flush does."""
        cache = self.env.cache
        self.env.execute_query(
            SQL(
                """UPDATE "res_partner" SET %(assignments)s, "write_uid" = %(uid)s, "write_date" = %(now)s
                FROM unnest(%(ids)s::int4[], %(values)s) AS "__tmp"("id", %(names)s)
                WHERE "res_partner"."id" = "__tmp"."id" """,
                assignments=SQL(", ").join(
                    SQL('%s = "__tmp".%s', SQL.identifier(field.name), SQL.identifier(field.name)) for field in fields_
                ),
                uid=self.env.uid,
                now=self.env.cr.now(),
                ids=list(partners.ids),
                values=SQL(", ").join(
                    SQL(
                        "%s::%s[]",
                        [field.convert_to_column_update(cache.get(partner, field), partner) for partner in partners],
                        SQL(field.column_type[1]),
                    )
                    for field in fields_
                ),
                names=SQL(", ").join(SQL.identifier(field.name) for field in fields_),
            )
        )
