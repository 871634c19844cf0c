# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..tools.flags import is_raised, raised
from ..tools.organisation import check_organisation, organisation_field

SHARING_KINDS = [("offer", "Offer"), ("need", "Need")]
SHARING_CATEGORIES = [
    ("skills", "Skills"),
    ("staff_time", "Staff time"),
    ("equipment", "Equipment"),
    ("service", "Service"),
    ("premises", "Premises"),
]
# raised by the offers' own buttons for the offers whose status they move
OFFER_STATE = "sharing_offer_state"
STATE_FIELDS = {"state", "date_published"}
# the longest title and text a member types
MAX_TITLE = 120
MAX_TEXT = 4000


class PeriscopeSharingOffer(models.Model):
    """What a member organisation can share with the others — skills, staff
    time, equipment, a service, premises — or what it needs: published, the
    other members find it on the portal and ask for it."""

    _name = "periscope.sharing.offer"
    _description = "Sharing Offer or Need"
    _inherit = ["mail.thread"]
    _order = "date_published desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Title", required=True, tracking=True)
    kind = fields.Selection(selection=SHARING_KINDS, required=True, default="offer", tracking=True)
    category = fields.Selection(selection=SHARING_CATEGORIES, required=True, tracking=True)
    description = fields.Text()
    availability = fields.Char(help="When, how often or for how long: two half-days a month, on request…")
    partner_id = organisation_field()
    # the organisation's name for every member who reads the offer: members
    # read no other organisation
    partner_name = fields.Char(related="partner_id.name", string="Organisation name")
    contact_id = fields.Many2one(
        comodel_name="res.partner",
        domain="[('parent_id', '=', partner_id)]",
        help="The person of the organisation who answers the requests.",
    )
    axis_ids = fields.Many2many(
        comodel_name="periscope.cooperation.axis",
        relation="periscope_sharing_offer_axis_rel",
        string="Cooperation axes",
    )
    state = fields.Selection(
        selection=[("draft", "Draft"), ("published", "Published"), ("closed", "Closed")],
        required=True,
        default="draft",
        readonly=True,
        tracking=True,
        copy=False,
    )
    date_published = fields.Datetime(string="Published on", readonly=True, copy=False)
    request_ids = fields.One2many(comodel_name="periscope.sharing.request", inverse_name="offer_id", string="Requests")
    request_count = fields.Integer(string="Number of requests", compute="_compute_request_count")
    match_ids = fields.Many2many(
        comodel_name="periscope.sharing.offer",
        string="Matches",
        compute="_compute_match_ids",
        help="The published needs an offer answers, or the published offers that answer a need: same category, "
        "another organisation, a cooperation axis in common when both name some.",
    )
    company_id = fields.Many2one(
        comodel_name="res.company", required=True, index=True, default=lambda self: self.env.company
    )

    def _compute_request_count(self):
        counts = dict(
            self.env["periscope.sharing.request"]._read_group([("offer_id", "in", self.ids)], ["offer_id"], ["__count"])
        )
        for offer in self:
            offer.request_count = counts.get(offer, 0)

    def _compute_match_ids(self):
        published = self.search([("state", "=", "published"), ("category", "in", self.mapped("category"))])
        for offer in self:
            offer.match_ids = published.filtered(
                lambda other, offer=offer: (
                    other.kind != offer.kind
                    and other.category == offer.category
                    and other.partner_id != offer.partner_id
                    and (not other.axis_ids or not offer.axis_ids or other.axis_ids & offer.axis_ids)
                )
            )

    @api.constrains("name", "description", "availability")
    def _check_lengths(self):
        for offer in self:
            if len(offer.name or "") > MAX_TITLE or len(offer.availability or "") > MAX_TITLE:
                raise ValidationError(
                    _("The title and the availability of an offer hold %s characters at most.", MAX_TITLE)
                )
            if len(offer.description or "") > MAX_TEXT:
                raise ValidationError(_("The description of an offer holds %s characters at most.", MAX_TEXT))

    @api.constrains("partner_id", "contact_id")
    def _check_organisation(self):
        for offer in self:
            check_organisation(offer.partner_id, offer.contact_id)

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(STATE_FIELDS & set(vals) for vals in vals_list):
            raise AccessError(_("An offer is created as a draft, then published with its button."))
        return super().create(vals_list)

    def write(self, vals):
        if STATE_FIELDS & set(vals) and not (self.env.su or is_raised(self.env, OFFER_STATE, self)):
            raise AccessError(_("The status of an offer changes through its buttons: publish, close, back to draft."))
        if "partner_id" in vals and self.request_ids:
            raise UserError(_("An offer that has been asked for stays its organisation's."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_requested(self):
        if self.request_ids:
            raise UserError(_("An offer that has been asked for cannot be deleted: close it."))

    # ------------------------------------------------------------ actions
    def _set_state(self, state, **values):
        with raised(self.env, OFFER_STATE, self):
            self.write({"state": state, **values})

    def action_publish(self):
        for offer in self:
            if offer.state == "published":
                raise UserError(_("%s is already published.", offer.name))
        self._set_state("published", date_published=fields.Datetime.now())
        return True

    def action_close(self):
        if self.filtered(lambda offer: offer.state != "published"):
            raise UserError(_("Only a published offer is closed."))
        self._set_state("closed")
        return True

    def action_draft(self):
        if self.filtered(lambda offer: offer.state == "draft"):
            raise UserError(_("This offer is already a draft."))
        self._set_state("draft")
        return True

    def action_view_requests(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("periscope_members.periscope_sharing_request_action")
        action["domain"] = [("offer_id", "=", self.id)]
        action["context"] = {"default_offer_id": self.id}
        return action
