# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import AccessError, ValidationError

RESIDENT_TYPES = ("permanent_resident", "occasional_resident")
AUDIENCES = [
    ("members", "The people of every member organisation"),
    ("residents", "The people of the resident organisations"),
    ("member_type", "The people of the organisations of a membership type"),
    ("college", "The people of the organisations of a college"),
    ("axis", "The people of the organisations of a cooperation axis"),
    ("sector", "The people of the organisations of a sector"),
    ("network_heads", "The people of the network heads"),
]
# the criterion each audience needs
AUDIENCE_FIELDS = {
    "member_type": "periscope_member_type_id",
    "college": "periscope_college_id",
    "axis": "periscope_axis_id",
    "sector": "periscope_sector_id",
}
STAFF_GROUP = "periscope_members.group_periscope_members_user"


class MailingList(models.Model):
    """A mailing list kept in step with the members: its audience says which
    people may be on it (the people, with an e-mail, of the organisations the
    audience names); each of them is on it only once they consented — on their
    portal, or recorded by the staff — and leaves it when they unsubscribe
    (the links of the mailings) or stop being of the audience."""

    _inherit = "mailing.list"

    periscope_audience = fields.Selection(
        selection=AUDIENCES,
        string="Kept in step with",
        help="The people this list is for: only they can subscribe to it, and a person who leaves "
        "the audience leaves the list. Empty: a list of its own, filled by hand.",
    )
    periscope_member_type_id = fields.Many2one(
        comodel_name="periscope.member.type", string="Membership type", ondelete="restrict"
    )
    periscope_college_id = fields.Many2one(comodel_name="periscope.college", string="College", ondelete="restrict")
    periscope_axis_id = fields.Many2one(
        comodel_name="periscope.cooperation.axis", string="Cooperation axis", ondelete="restrict"
    )
    periscope_sector_id = fields.Many2one(comodel_name="periscope.sector", string="Sector", ondelete="restrict")
    periscope_description = fields.Text(
        string="What members receive",
        translate=True,
        help="Shown to the members on their portal, beside the box they tick to subscribe.",
    )

    @api.constrains("periscope_audience", *AUDIENCE_FIELDS.values())
    def _check_periscope_audience(self):
        for mailing_list in self:
            name = AUDIENCE_FIELDS.get(mailing_list.periscope_audience)
            if name and not mailing_list[name]:
                raise ValidationError(
                    _(
                        "The list %(list)s is kept in step with %(audience)s: choose which one.",
                        list=mailing_list.name,
                        audience=self._fields[name]._description_string(self.env),
                    )
                )

    # ------------------------------------------------------------ audience
    def _periscope_organisation_domain(self):
        """The organisations whose people the list is for."""
        self.ensure_one()
        audience = self.periscope_audience
        if audience == "network_heads":
            return [("is_network_head", "=", True)]
        domain = [("periscope_member_type_id", "!=", False)]
        if audience == "residents":
            domain.append(("periscope_member_type_id.code", "in", RESIDENT_TYPES))
        elif audience == "member_type":
            domain = [("periscope_member_type_id", "=", self.periscope_member_type_id.id)]
        elif audience == "college":
            domain.append(("periscope_college_id", "=", self.periscope_college_id.id))
        elif audience == "axis":
            domain.append(("periscope_axis_ids", "in", self.periscope_axis_id.ids))
        elif audience == "sector":
            domain.append(("periscope_sector_ids", "in", self.periscope_sector_id.ids))
        return domain

    def _periscope_people_domain(self):
        """The people the list is for: a person (not an organisation), with
        an e-mail, of one of the organisations of the audience."""
        self.ensure_one()
        return [
            ("is_company", "=", False),
            ("email", "!=", False),
            ("parent_id", "any", [("is_company", "=", True), *self._periscope_organisation_domain()]),
        ]

    def _periscope_eligible(self, partners):
        """The partners of ``partners`` the list is for (all of them for a
        list of its own)."""
        self.ensure_one()
        if not self.periscope_audience:
            return partners
        if not partners:
            return partners.browse()
        return (
            partners.sudo()
            .with_context(active_test=True)
            .search([("id", "in", partners.ids), *self._periscope_people_domain()])
        )

    @api.model
    def _periscope_lists_for(self, partner):
        """The lists a person may subscribe to on their portal: the lists kept
        in step with an audience they are of, and the lists shown in the
        mailing preferences (``is_public``) of their own."""
        lists = self.sudo().search([("periscope_audience", "!=", False)])
        lists = lists.filtered(lambda mailing_list: mailing_list._periscope_eligible(partner))
        return (lists | self.sudo().search([("periscope_audience", "=", False), ("is_public", "=", True)])).sorted(
            lambda mailing_list: (mailing_list.name or "", mailing_list.id)
        )

    # ------------------------------------------------------------ keeping in step
    def _periscope_check_subscribed(self, contacts=None):
        """Nobody is subscribed to a list kept in step with an audience they
        are not of (whatever wrote the subscription: the form, an import, the
        contacts' "add to list", a merge of lists)."""
        lists = self.filtered("periscope_audience")
        if not lists:
            return
        domain = [("list_id", "in", lists.ids), ("opt_out", "=", False)]
        if contacts is not None:
            domain.append(("contact_id", "in", contacts.ids))
        subscriptions = self.env["mailing.subscription"].sudo().search(domain)
        for mailing_list in lists:
            mine = subscriptions.filtered(lambda sub, mailing_list=mailing_list: sub.list_id == mailing_list)
            eligible = mailing_list._periscope_eligible(mine.contact_id.periscope_partner_id)
            wrong = mine.filtered(lambda sub, eligible=eligible: sub.contact_id.periscope_partner_id not in eligible)
            if wrong:
                raise ValidationError(
                    _(
                        "%(contact)s cannot be subscribed to %(list)s: the list is kept in step with the members, "
                        "and only its audience (%(audience)s), with their consent, is on it.",
                        contact=wrong[0].contact_id.display_name,
                        list=mailing_list.name,
                        audience=dict(mailing_list._fields["periscope_audience"]._description_selection(self.env))[
                            mailing_list.periscope_audience
                        ],
                    )
                )

    def _periscope_sync(self, partners=None):
        """Keep the lists in step with the members: the subscriptions of the
        people no longer of a list's audience (or of ``partners`` only, when
        given) are removed, the contacts' names and e-mails follow their
        partner's. A few queries a list, however many people."""
        lists = self.sudo().filtered("periscope_audience")
        Subscription = self.env["mailing.subscription"].sudo()
        domain = [("list_id", "in", lists.ids)]
        if partners is not None:
            domain.append(("contact_id.periscope_partner_id", "in", partners.ids))
        subscriptions = Subscription.search(domain)
        stale = Subscription.browse()
        for mailing_list in lists:
            mine = subscriptions.filtered(lambda sub, mailing_list=mailing_list: sub.list_id == mailing_list)
            people = mine.contact_id.periscope_partner_id.with_context(active_test=False)
            eligible = mailing_list._periscope_eligible(people)
            stale |= mine.filtered(lambda sub, eligible=eligible: sub.contact_id.periscope_partner_id not in eligible)
        stale.unlink()
        contacts = self.env["mailing.contact"].sudo().with_context(active_test=False)
        if partners is not None:
            contacts.search([("periscope_partner_id", "in", partners.ids)])._periscope_follow_partner()
        return len(stale)

    @api.model
    def _cron_periscope_sync(self):
        """Every night: all the lists kept in step, and the contacts of the
        people whose name or e-mail changed."""
        lists = self.sudo().search([("periscope_audience", "!=", False)])
        lists._periscope_sync()
        self.env["mailing.contact"].sudo().search([("periscope_partner_id", "!=", False)])._periscope_follow_partner()

    def action_periscope_sync(self):
        """The list's button: remove at once who left the audience."""
        if not self.env.user.has_group(STAFF_GROUP):
            raise AccessError(_("Only the hub's staff keep the mailing lists in step with the members."))
        removed = self._periscope_sync()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": _(
                    "The lists are in step with the members: %(count)s subscription(s) removed.", count=removed
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    # ------------------------------------------------------------ ORM
    def _periscope_check_contacts(self):
        """The subscriptions the lists' contacts (a many-to-many field on the
        subscriptions' table) wrote: dated, and within the lists' audience."""
        self.flush_recordset(["contact_ids"])
        self.env.invalidate_all()
        self.env["mailing.subscription"].sudo().search([("list_id", "in", self.ids)])._periscope_stamp_consent()
        self._periscope_check_subscribed()

    @api.model_create_multi
    def create(self, vals_list):
        lists = super().create(vals_list)
        if any({"contact_ids", "subscription_ids"} & set(vals) for vals in vals_list):
            lists._periscope_check_contacts()
        return lists

    def write(self, vals):
        res = super().write(vals)
        if {"periscope_audience", *AUDIENCE_FIELDS.values()} & set(vals):
            # a new audience: who is not of it leaves the list
            self._periscope_sync()
        if {"contact_ids", "subscription_ids"} & set(vals):
            self._periscope_check_contacts()
        return res

    def action_merge(self, src_lists, archive):
        res = super().action_merge(src_lists, archive)
        self._periscope_check_contacts()
        return res
