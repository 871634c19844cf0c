# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

_logger = logging.getLogger(__name__)

# the fields that say who the visitor is: erased after the retention period
PERSONAL_FIELDS = ("visitor_organisation", "email", "phone", "note")
RETENTION_PARAMETER = "periscope_members.visit_retention_months"
DEFAULT_RETENTION_MONTHS = 12
MAX_TEXT = 200


class PeriscopeVisit(models.Model):
    """A visitor of the building, recorded by the reception at arrival: who,
    from which organisation, visiting which member and why, arrival and
    departure. The host is told at arrival; the list of who is in the
    building is at hand for safety. Once the retention period set by the
    manager is over, a daily job erases who the visitor was and keeps the
    visit (its host, purpose and dates) for the counts. No chatter: a
    message would keep the name the erasure removes."""

    _name = "periscope.visit"
    _description = "Visit"
    _order = "arrival desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Visitor", required=True)
    visitor_organisation = fields.Char(string="Visitor's organisation")
    email = fields.Char()
    phone = fields.Char()
    host_id = fields.Many2one(
        comodel_name="res.partner",
        string="Visiting",
        required=True,
        index=True,
        domain=[("is_company", "=", True)],
        help="The member organisation (or the hub) the visitor comes to see.",
    )
    host_contact_id = fields.Many2one(
        comodel_name="res.partner",
        string="Person visited",
        domain="[('parent_id', '=', host_id)]",
        help="Told of the visitor's arrival; else the organisation is.",
    )
    purpose = fields.Selection(
        selection=[
            ("meeting", "Meeting"),
            ("event", "Event or training"),
            ("service", "Service or concierge"),
            ("discovery", "Discovering the hub"),
            ("delivery", "Delivery or works"),
            ("other", "Other"),
        ],
        required=True,
        default="meeting",
    )
    note = fields.Char(string="Details")
    arrival = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
    departure = fields.Datetime()
    is_in = fields.Boolean(
        string="In the building", compute="_compute_is_in", store=True, index=True, help="Arrived, not left yet."
    )
    is_erased = fields.Boolean(
        string="Personal data erased", readonly=True, copy=False, help="Who the visitor was has been erased."
    )
    host_notified = fields.Boolean(string="Host told", readonly=True, copy=False)
    company_id = fields.Many2one(
        comodel_name="res.company", required=True, index=True, default=lambda self: self.env.company
    )

    _sql_constraints = [
        (
            "periscope_visit_departure_after_arrival",
            "CHECK(departure IS NULL OR departure >= arrival)",
            "A visitor leaves after arriving.",
        )
    ]

    @api.depends("departure")
    def _compute_is_in(self):
        for visit in self:
            visit.is_in = not visit.departure

    @api.constrains("arrival", "departure", "name", "visitor_organisation", "email", "phone", "note")
    def _check_visit(self):
        now = fields.Datetime.now()
        for visit in self:
            if visit.departure and visit.departure < visit.arrival:
                raise ValidationError(_("%s leaves after arriving.", visit.name))
            if visit.arrival > now + relativedelta(minutes=5):
                raise ValidationError(_("A visitor is recorded when they arrive, not in advance."))
            texts = (visit.name, visit.visitor_organisation, visit.email, visit.phone, visit.note)
            if any(len(text or "") > MAX_TEXT for text in texts):
                raise ValidationError(_("The details of a visit hold %s characters at most.", MAX_TEXT))

    @api.constrains("host_id", "host_contact_id")
    def _check_host(self):
        for visit in self:
            contact = visit.host_contact_id
            if contact and contact.commercial_partner_id != visit.host_id:
                raise ValidationError(
                    _(
                        "%(person)s does not work for %(organisation)s.",
                        person=contact.display_name,
                        organisation=visit.host_id.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            # the database's check refuses a bad visit at its insert, before
            # the constraints: the reception reads the constraint's words
            self.new(self._add_missing_default_values(vals))._check_visit()
        visits = super().create(vals_list)
        visits.filtered(lambda visit: visit.is_in)._notify_host()
        return visits

    def write(self, vals):
        if self.filtered("is_erased") and set(PERSONAL_FIELDS + ("name",)) & set(vals):
            raise UserError(_("The personal data of this visit were erased: they are not written again."))
        return super().write(vals)

    # ------------------------------------------------------------ actions
    def _notify_host(self):
        """Tell each host of the arrival of its visitor by e-mail (the mail is
        deleted once sent: the visitor's name stays nowhere else)."""
        template = self.env.ref("periscope_members.mail_template_visit_arrival", raise_if_not_found=False)
        if not template:
            return
        notified = self.browse()
        for visit in self:
            recipient = visit.host_contact_id or visit.host_id
            if recipient.email:
                template.sudo().send_mail(visit.id, email_values={"recipient_ids": [(6, 0, recipient.ids)]})
                notified |= visit
        # sudo: whether the host was told is the job's, not the reception's
        notified.sudo().host_notified = True

    def action_depart(self):
        """The visitor leaves: their departure is now."""
        if self.filtered(lambda visit: not visit.is_in):
            raise UserError(_("This visitor has already left."))
        self.write({"departure": fields.Datetime.now()})
        return True

    @api.model
    def _retention_months(self):
        value = self.env["ir.config_parameter"].sudo().get_param(RETENTION_PARAMETER)
        try:
            months = int(value) if value else DEFAULT_RETENTION_MONTHS
        except ValueError:
            months = DEFAULT_RETENTION_MONTHS
        return max(months, 1)

    @api.model
    def _cron_erase_personal_data(self):
        """Daily: erase who the visitors were, for the visits older than the
        retention period; the visits stay, for the counts."""
        limit = fields.Datetime.now() - relativedelta(months=self._retention_months())
        visits = self.search([("arrival", "<", limit), ("is_erased", "=", False)])
        if visits:
            # never left: they leave the register when their data go
            visits.filtered("is_in").write({"departure": limit})
            visits.write({**dict.fromkeys(PERSONAL_FIELDS, False), "name": _("Erased"), "is_erased": True})
            # an arrival mail still queued names the visitor
            self.env["mail.mail"].sudo().search([("model", "=", self._name), ("res_id", "in", visits.ids)]).unlink()
            visits.flush_recordset()
            _logger.info("Périscope: personal data of %s visits erased", len(visits))
        return len(visits)
