# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.periscope_members.models.number_format import format_number
from odoo.addons.periscope_members.tools.hub_time import first_of_month
from odoo.addons.periscope_members.tools.organisation import check_organisation

from .bounds import check_dates, check_numbers

# the methods of a key, and what each one's basis counts
METHODS = [
    ("area", "Office area (m²)"),
    ("fte", "Full-time equivalents"),
    ("usage", "Hours booked"),
    ("fixed", "Fixed shares"),
]
# what a key that split an invoiced month keeps: a new version changes them
SPLIT_FIELDS = {"method", "line_ids", "company_id"}
# the highest fixed share of an organisation
MAX_SHARE = 1_000_000


class PeriscopeChargeKey(models.Model):
    """How the shared costs of the building are split among the residents:
    by the area of their offices, by their full-time equivalents, by the
    hours they booked, or by fixed shares. A key is valid from a date, until
    another maybe: to change a key that split an invoiced month, make a new
    version from a later month (the past months keep the key as it was)."""

    _name = "periscope.charge.key"
    _description = "Charge Allocation Key"
    _inherit = ["mail.thread"]
    _order = "date_from desc, name, id"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    active = fields.Boolean(default=True, tracking=True)
    method = fields.Selection(selection=METHODS, required=True, default="area", tracking=True)
    date_from = fields.Date(
        string="Valid from",
        required=True,
        tracking=True,
        default=lambda self: first_of_month(fields.Date.context_today(self)),
    )
    date_until = fields.Date(string="Valid until", tracking=True, help="Empty: no end yet.")
    line_ids = fields.One2many(
        comodel_name="periscope.charge.key.line", inverse_name="key_id", string="Fixed shares", copy=True
    )
    company_id = fields.Many2one(comodel_name="res.company", required=True, default=lambda self: self.env.company)
    note = fields.Text()
    allocation_ids = fields.One2many(
        comodel_name="periscope.charge.allocation", inverse_name="key_id", string="Allocations", readonly=True
    )

    _sql_constraints = [
        (
            "valid_until_after_from",
            "CHECK(date_until IS NULL OR date_until >= date_from)",
            "A key is valid until a day after it is valid from.",
        )
    ]

    @api.constrains("method", "line_ids")
    def _check_fixed_shares(self):
        for key in self:
            if key.method == "fixed" and not key.line_ids:
                raise ValidationError(
                    _("The key %s splits by fixed shares: give the share of at least one organisation.", key.name)
                )

    @api.constrains("date_from", "date_until", "allocation_ids")
    def _check_allocations_covered(self):
        # sudo: the months a key split, whatever the user may read of them
        for key in self.sudo():
            for allocation in key.allocation_ids:
                if not key._covers(allocation.month):
                    raise ValidationError(
                        _(
                            "The key %(key)s splits %(allocation)s: it stays valid for that month.",
                            key=key.name,
                            allocation=allocation.name,
                        )
                    )

    @api.model_create_multi
    def create(self, vals_list):
        return super().create([check_dates(self, vals, ("date_from", "date_until")) for vals in vals_list])

    def write(self, vals):
        vals = check_dates(self, vals, ("date_from", "date_until"))
        if SPLIT_FIELDS.intersection(vals):
            self._check_not_invoiced()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used(self):
        # sudo: whether a key split a month, whatever the user may read
        if self.sudo().allocation_ids:
            raise UserError(_("A key that split a month cannot be deleted: archive it."))

    def copy_data(self, default=None):
        vals_list = super().copy_data(default=default)
        if default and "name" in default:
            return vals_list
        return [dict(vals, name=_("%s (copy)", key.name)) for key, vals in zip(self, vals_list, strict=True)]

    # ------------------------------------------------------------ rules
    def _covers(self, month):
        """Whether the key is valid for some day of the month of ``month``
        (its first day)."""
        self.ensure_one()
        last = month + relativedelta(day=31)
        return self.date_from <= last and (not self.date_until or self.date_until >= month)

    def _check_not_invoiced(self):
        """The method and the shares of a key that split an invoiced month are
        those of its invoices: a new version changes them from a later month."""
        # sudo: whether a key split an invoiced month, whatever the user reads
        for key in self.sudo():
            if "invoiced" in key.allocation_ids.mapped("state"):
                raise UserError(
                    _(
                        "The key %s split months already invoiced: make a new version of it from a later month "
                        "instead of changing it.",
                        key.name,
                    )
                )

    # ------------------------------------------------------------ actions
    def action_new_version(self):
        """A copy of the key valid from the first day of next month, this one
        ending the day before: the months already split keep their key."""
        self.ensure_one()
        start = first_of_month(fields.Date.context_today(self)) + relativedelta(months=1)
        if start <= self.date_from:
            start = first_of_month(self.date_from) + relativedelta(months=1)
        version = self.copy({"name": self.name, "date_from": start, "date_until": self.date_until})
        self.date_until = start - relativedelta(days=1)
        self.message_post(body=_("Replaced from %s by a new version.", fields.Date.to_string(start)))
        return {"type": "ir.actions.act_window", "res_model": self._name, "res_id": version.id, "view_mode": "form"}


class PeriscopeChargeKeyLine(models.Model):
    """The fixed share of one organisation in a key of fixed shares."""

    _name = "periscope.charge.key.line"
    _description = "Fixed Share of a Charge Key"
    _order = "key_id, partner_id, id"

    key_id = fields.Many2one(comodel_name="periscope.charge.key", required=True, index=True, ondelete="cascade")
    partner_id = fields.Many2one(
        comodel_name="res.partner", string="Resident", required=True, index=True, domain=[("is_company", "=", True)]
    )
    share = fields.Float(digits=(16, 4), required=True, default=1.0, help="Its part, against the others' parts.")
    company_id = fields.Many2one(related="key_id.company_id", store=True)

    _sql_constraints = [
        ("share_positive", "CHECK(share > 0)", "A fixed share is more than zero."),
        ("key_partner_unique", "UNIQUE(key_id, partner_id)", "An organisation has one share in a key."),
    ]

    @api.constrains("partner_id")
    def _check_partner(self):
        for line in self:
            check_organisation(line.partner_id)

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [self._check_share(vals) for vals in vals_list]
        keys = self.env["periscope.charge.key"].browse({vals.get("key_id") for vals in vals_list} - {None, False})
        keys._check_not_invoiced()
        lines = super().create(vals_list)
        lines._log_shares(_("Share added"))
        return lines

    def write(self, vals):
        vals = self._check_share(vals)
        self.key_id._check_not_invoiced()
        if "key_id" in vals:
            self.env["periscope.charge.key"].browse(vals["key_id"])._check_not_invoiced()
        result = super().write(vals)
        if {"share", "partner_id"}.intersection(vals):
            self._log_shares(_("Share changed"))
        return result

    def unlink(self):
        self.key_id._check_not_invoiced()
        self._log_shares(_("Share removed"))
        return super().unlink()

    def _check_share(self, vals):
        return check_numbers(self, vals, {"share": (0, MAX_SHARE)})

    def _log_shares(self, what):
        """The key's history says who got which share, and when."""
        for line in self:
            line.key_id._message_log(
                body=_(
                    "%(what)s: %(partner)s, %(share)s",
                    what=what,
                    partner=line.partner_id.display_name,
                    share=format_number(self.env, line.share),
                )
            )
