# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from psycopg2 import errors

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..tools.flags import is_raised, raised
from ..tools.organisation import check_organisation, organisation_field
from .periscope_sharing_offer import MAX_TEXT

# raised by the requests' own buttons for the requests whose status they move
REQUEST_STATE = "sharing_request_state"
STATE_FIELDS = {"state", "answer", "date_answered", "date_done"}
# an organisation has one request under way for an offer at a time
OPEN_STATES = ("requested", "agreed")


class PeriscopeSharingRequest(models.Model):
    """A member organisation asks another for what it offers (or offers what
    it needs); the organisation asked agrees or declines; once the exchange
    has taken place, either marks it done. Both are told at each step."""

    _name = "periscope.sharing.request"
    _description = "Sharing Request"
    _inherit = ["mail.thread"]
    _order = "create_date desc, id desc"
    _check_company_auto = True

    offer_id = fields.Many2one(
        comodel_name="periscope.sharing.offer", string="Offer or need", required=True, index=True, ondelete="restrict"
    )
    kind = fields.Selection(related="offer_id.kind")
    category = fields.Selection(related="offer_id.category", store=True)
    offer_partner_id = fields.Many2one(
        related="offer_id.partner_id", string="Organisation asked", store=True, index=True
    )
    partner_id = organisation_field("Requesting organisation")
    # names for both organisations' members, who read no other organisation,
    # nor an offer once it is closed
    offer_name = fields.Char(related="offer_id.name", string="Offer title")
    partner_name = fields.Char(related="partner_id.name", string="Requesting organisation's name")
    offer_partner_name = fields.Char(related="offer_partner_id.name", string="Name of the organisation asked")
    contact_id = fields.Many2one(
        comodel_name="res.partner", string="Asked by", domain="[('parent_id', '=', partner_id)]"
    )
    message = fields.Text(required=True)
    answer = fields.Text(readonly=True, tracking=True)
    state = fields.Selection(
        selection=[
            ("requested", "Requested"),
            ("agreed", "Agreed"),
            ("declined", "Declined"),
            ("done", "Done"),
            ("cancelled", "Cancelled"),
        ],
        required=True,
        default="requested",
        readonly=True,
        tracking=True,
        group_expand=True,
    )
    date_answered = fields.Datetime(string="Answered on", readonly=True)
    date_done = fields.Datetime(string="Done on", readonly=True)
    company_id = fields.Many2one(related="offer_id.company_id", store=True, index=True)

    def init(self):
        # the database keeps one request under way per offer and organisation,
        # even when two people of it ask at the same moment
        self.env.cr.execute(
            """
            CREATE UNIQUE INDEX IF NOT EXISTS periscope_sharing_request_one_open
            ON periscope_sharing_request (offer_id, partner_id)
            WHERE state IN ('requested', 'agreed')
            """
        )

    @api.depends("offer_id", "partner_id")
    def _compute_display_name(self):
        for request in self:
            request.display_name = _(
                "%(organisation)s — %(offer)s",
                organisation=request.partner_id.name or "",
                offer=request.offer_id.name or "",
            )

    @api.constrains("message", "answer")
    def _check_lengths(self):
        for request in self:
            if len(request.message or "") > MAX_TEXT or len(request.answer or "") > MAX_TEXT:
                raise ValidationError(_("A request and its answer hold %s characters at most.", MAX_TEXT))

    @api.constrains("partner_id", "offer_id", "contact_id")
    def _check_parties(self):
        for request in self:
            if request.partner_id == request.offer_id.partner_id:
                raise ValidationError(_("An organisation does not ask itself for what it shares."))
            check_organisation(request.partner_id, request.contact_id)

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(STATE_FIELDS & set(vals) for vals in vals_list):
            raise AccessError(_("A request is answered with its buttons, never typed."))
        offers = self.env["periscope.sharing.offer"].browse(
            {vals.get("offer_id") for vals in vals_list} - {None, False}
        )
        if offers.filtered(lambda offer: offer.state != "published"):
            raise UserError(_("Only a published offer or need is asked for."))
        self._check_none_under_way(vals_list)
        try:
            with self.env.cr.savepoint():
                requests = super().create(vals_list)
        except errors.UniqueViolation as exc:
            # a colleague asked at the same moment: the database kept theirs
            raise ValidationError(_("Your organisation has just asked for it: its request is under way.")) from exc
        for request in requests:
            request._notify_parties(
                request.offer_id.contact_id or request.offer_id.partner_id,
                _(
                    "%(organisation)s asks for %(offer)s.",
                    organisation=request.partner_id.name,
                    offer=request.offer_id.name,
                ),
                following=request.contact_id or request.partner_id,
            )
        return requests

    def _check_none_under_way(self, vals_list):
        """Refuse a request of an organisation for an offer it has already
        asked for, its request under way (the database index keeps it so when
        two people of the organisation ask at the same moment)."""
        asked = [(vals.get("offer_id"), vals.get("partner_id")) for vals in vals_list]
        domain = [("state", "in", OPEN_STATES), ("offer_id", "in", [offer for offer, _partner in asked])]
        under_way = {(r.offer_id.id, r.partner_id.id) for r in self.sudo().search(domain)}
        for key in asked:
            if key in under_way or asked.count(key) > 1:
                offer = self.env["periscope.sharing.offer"].sudo().browse(key[0])
                partner = self.env["res.partner"].sudo().browse(key[1])
                raise ValidationError(
                    _(
                        "%(organisation)s has already asked for %(offer)s: its request is under way.",
                        organisation=partner.display_name,
                        offer=offer.name,
                    )
                )

    def write(self, vals):
        if STATE_FIELDS & set(vals) and not (self.env.su or is_raised(self.env, REQUEST_STATE, self)):
            raise AccessError(_("A request is answered with its buttons: agree, decline, done, cancel."))
        if {"offer_id", "partner_id"} & set(vals) and not self.env.su:
            raise UserError(_("A request stays the request of its organisation, for its offer."))
        return super().write(vals)

    # ------------------------------------------------------------ actions
    def _notify_parties(self, recipients, body, following=None):
        """Tell ``recipients`` (partners) of ``body`` by the request's
        chatter, by e-mail or in Odoo; they follow it, and ``following``
        too."""
        self.ensure_one()
        # sudo: the people of both organisations follow the request, whoever
        # asks or answers (a member cannot add followers)
        request = self.sudo()
        request.message_subscribe(partner_ids=(recipients | (following or recipients)).ids)
        request.message_post(
            body=body, partner_ids=recipients.ids, message_type="comment", subtype_xmlid="mail.mt_comment"
        )

    def _move(self, from_states, state, message, **values):
        wrong = self.filtered(lambda request: request.state not in from_states)
        if wrong:
            raise UserError(
                _(
                    "%(request)s is %(state)s: it cannot be so now.",
                    request=wrong[0].display_name,
                    state=wrong[0]._state_label(),
                )
            )
        with raised(self.env, REQUEST_STATE, self):
            self.write({"state": state, **values})
        for request in self:
            asked = request.offer_id.contact_id or request.offer_id.partner_id
            asking = request.contact_id or request.partner_id
            request._notify_parties(asked | asking, message(request))
        return True

    def _state_label(self):
        return dict(self._fields["state"]._description_selection(self.env))[self.state]

    def _answer(self, state, answer, message):
        """The organisation asked answers (``state``: agreed or declined),
        with ``answer``; ``message`` tells the organisation that asked."""
        return self._move(
            ("requested",),
            state,
            lambda r: message(r.offer_partner_id.name, answer or "—"),
            answer=answer or False,
            date_answered=fields.Datetime.now(),
        )

    def action_agree(self, answer=None):
        return self._answer(
            "agreed",
            answer,
            lambda who, what: self.env._("%(organisation)s agrees: %(answer)s", organisation=who, answer=what),
        )

    def action_decline(self, answer=None):
        return self._answer(
            "declined",
            answer,
            lambda who, what: self.env._("%(organisation)s declines: %(answer)s", organisation=who, answer=what),
        )

    def action_done(self):
        return self._move(
            ("agreed",), "done", lambda r: r.env._("The exchange has taken place."), date_done=fields.Datetime.now()
        )

    def action_cancel(self):
        return self._move(OPEN_STATES, "cancelled", lambda r: r.env._("%s withdraws the request.", r.partner_id.name))
