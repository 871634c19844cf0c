# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, timedelta
from urllib.parse import urlsplit

from markupsafe import Markup

from odoo import Command, _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..tools.billing import analytic_distribution, billed_once
from .periscope_staff_loan import COMMITTED_STATES, MAX_MONTH_HOURS

MANAGER_GROUP = "periscope_members.group_periscope_members_manager"
GRACE_PARAM = "periscope_members.membership_grace_days"
DEFAULT_GRACE_DAYS = 30
EXPIRY_REMINDER_DAYS = 30
UNPAID_REMINDER_DAYS = 15

LEGAL_FORMS = [
    ("association", "Association"),
    ("scop", "SCOP"),
    ("scic", "SCIC"),
    ("cae", "Cooperative of activity and employment (CAE)"),
    ("cooperative", "Other cooperative"),
    ("sarl", "SARL"),
    ("sas", "SAS"),
    ("sa", "SA"),
    ("insertion", "Insertion enterprise"),
    ("employers_group", "Employers' group"),
    ("local_authority", "Local authority"),
    ("other", "Other"),
]

# what a member may change of their own contact through the ORM (the portal's
# /my/account page changes the rest of it, as core does)
PORTAL_OWN_CONTACT_FIELDS = frozenset({"phone", "mobile", "email", "image_1920"})
# and of their organisation: its public profile and its consent to the
# directory; its e-mail only while no other user's account is tied to it
PORTAL_ORGANISATION_FIELDS = frozenset(
    {
        "phone",
        "mobile",
        "email",
        "website",
        "periscope_description",
        "image_1920",
        "directory_consent",
        "directory_consent_version",
    }
)
# the group whose users manage every contact, as in core (Contact Creation)
PARTNER_MANAGER_GROUP = "base.group_partner_manager"
WEB_SCHEMES = ("http", "https")
# what a person's contact says about them: given back on request, erased on
# request
PERSONAL_FIELDS = (
    "name",
    "function",
    "email",
    "phone",
    "mobile",
    "street",
    "street2",
    "zip",
    "city",
    "state_id",
    "country_id",
    "website",
    "lang",
    "vat",
)
# what an erased person's contact keeps of them: nothing but its invoices
ERASED_VALUES = {
    "function": False,
    "email": False,
    "phone": False,
    "mobile": False,
    "street": False,
    "street2": False,
    "zip": False,
    "city": False,
    "state_id": False,
    "country_id": False,
    "website": False,
    "vat": False,
    "ref": False,
    "comment": False,
    "periscope_description": False,
    "image_1920": False,
    "active": False,
}


def safe_web_url(url):
    """``url`` when it is an http(s) address with a host, else False: what a
    page may put in a link's ``href``."""
    if not url or not isinstance(url, str):
        return False
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    if parts.scheme.lower() not in WEB_SCHEMES or not parts.netloc:
        return False
    return url


# what makes a person of a mailing list's audience, and their contact's name and e-mail
MAILING_FIELDS = {
    "active",
    "email",
    "is_company",
    "is_network_head",
    "name",
    "parent_id",
    "periscope_axis_ids",
    "periscope_college_id",
    "periscope_member_type_id",
    "periscope_sector_ids",
}


class ResPartner(models.Model):
    _inherit = "res.partner"

    periscope_member_type_id = fields.Many2one(
        comodel_name="periscope.member.type", string="Membership type", index="btree_not_null", tracking=True
    )
    is_periscope_member = fields.Boolean(
        string="Hub member",
        compute="_compute_is_periscope_member",
        search="_search_is_periscope_member",
        help="An organisation with a membership type.",
    )
    is_network_head = fields.Boolean(
        string="Network head",
        tracking=True,
        help="A regional head of network of the social and solidarity economy (tête de réseau).",
    )
    periscope_network_head_id = fields.Many2one(
        comodel_name="res.partner",
        string="Network",
        domain=[("is_network_head", "=", True)],
        index="btree_not_null",
        help="The regional network this organisation belongs to.",
    )
    periscope_network_member_ids = fields.One2many(
        comodel_name="res.partner", inverse_name="periscope_network_head_id", string="Network members"
    )
    periscope_legal_form = fields.Selection(selection=LEGAL_FORMS, string="Legal form", tracking=True)
    periscope_sector_ids = fields.Many2many(
        comodel_name="periscope.sector", relation="periscope_sector_res_partner_rel", string="Sectors"
    )
    periscope_axis_ids = fields.Many2many(
        comodel_name="periscope.cooperation.axis",
        relation="periscope_cooperation_axis_res_partner_rel",
        string="Cooperation axes",
    )
    periscope_college_id = fields.Many2one(
        comodel_name="periscope.college",
        string="College",
        index="btree_not_null",
        tracking=True,
        help="The college of the hub's governance the organisation votes in.",
    )
    charter_signed_date = fields.Date(string="Charter signed on", tracking=True)
    charter_version = fields.Char(tracking=True)
    directory_consent = fields.Boolean(
        string="In the directory", tracking=True, help="The organisation agreed to appear in the members' directory."
    )
    directory_consent_date = fields.Datetime(string="Directory consent given on")
    directory_consent_version = fields.Char(string="Directory consent text version")
    periscope_description = fields.Text(
        string="Public description",
        help="What the organisation does, in its own words: shown in the members' "
        "directory when it consents to appear in it. The internal notes are for "
        "the hub's staff only.",
    )
    # the internal notes are the staff's: never read nor searched by members
    comment = fields.Html(groups="base.group_user")

    periscope_membership_in_grace = fields.Boolean(
        string="In grace period",
        compute="_compute_membership_state",
        store=True,
        help="The membership has expired and its renewal is not paid yet: the "
        "organisation stays a member until the grace period ends.",
    )
    periscope_expiry_reminded_for = fields.Date(
        string="Expiry reminder sent for",
        copy=False,
        help="The end date of the membership the last expiry reminder was about.",
    )

    periscope_monthly_hours = fields.Float(
        string="Working time (hours a month)",
        tracking=True,
        help="A person's working time under their contract: the hours their organisation lends to others, "
        "at once, stay within it. 151.67 for full time.",
    )
    periscope_staff_loan_ids = fields.One2many(
        comodel_name="periscope.staff.loan", inverse_name="employee_id", string="Staff loans"
    )

    @api.depends("periscope_member_type_id")
    def _compute_is_periscope_member(self):
        for partner in self:
            partner.is_periscope_member = bool(partner.periscope_member_type_id)

    def _search_is_periscope_member(self, operator, value):
        if operator not in ("=", "!="):
            raise NotImplementedError(_("Unsupported search on hub members."))
        positive = (operator == "=") == bool(value)
        return [("periscope_member_type_id", "!=" if positive else "=", False)]

    @api.constrains("charter_signed_date")
    def _check_charter_signed_date(self):
        today = fields.Date.context_today(self)
        for partner in self:
            if partner.charter_signed_date and partner.charter_signed_date > today:
                raise ValidationError(
                    _(
                        "%(partner)s cannot have signed the charter on %(date)s: the date is in the future.",
                        partner=partner.display_name,
                        date=partner.charter_signed_date,
                    )
                )

    @api.constrains("periscope_monthly_hours")
    def _check_periscope_monthly_hours(self):
        for person in self:
            if not 0 <= person.periscope_monthly_hours <= MAX_MONTH_HOURS:
                raise ValidationError(
                    _(
                        "%(person)s: a working time of 0 to %(max)s hours a month.",
                        person=person.name,
                        max=int(MAX_MONTH_HOURS),
                    )
                )
        # a shorter working time still holds the hours lent
        loans = self.periscope_staff_loan_ids.filtered(lambda loan: loan.state in COMMITTED_STATES)
        loans._check_working_time()

    @api.constrains("periscope_network_head_id", "is_network_head")
    def _check_network_head(self):
        for partner in self:
            head = partner.periscope_network_head_id
            if head and not head.is_network_head:
                raise ValidationError(
                    _(
                        "%(head)s is not a network head: %(partner)s cannot belong to its network.",
                        head=head.display_name,
                        partner=partner.display_name,
                    )
                )
            if head == partner:
                raise ValidationError(_("%s cannot belong to its own network.", partner.display_name))

    @api.constrains("website")
    def _check_periscope_website(self):
        for partner in self:
            if partner.website and not safe_web_url(partner.website):
                raise ValidationError(
                    _(
                        "The website of %(partner)s must be a web address starting "
                        "with http:// or https://, not %(url)s.",
                        partner=partner.display_name,
                        url=partner.website[:80],
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._periscope_consent_stamp(vals)
        partners = super().create(vals_list)
        partners._periscope_associate_people()
        return partners

    def write(self, vals):
        self._periscope_check_portal_write(vals)
        self._periscope_check_account_email(vals)
        self._periscope_consent_stamp(vals)
        res = super().write(vals)
        if "parent_id" in vals or "periscope_member_type_id" in vals:
            self._periscope_associate_people()
        if MAILING_FIELDS & set(vals):
            self._periscope_sync_mailing_lists()
        return res

    def _periscope_sync_mailing_lists(self):
        """The mailing lists kept in step with the members follow a change
        of a person or of their organisation at once (see ``mailing.list``)."""
        people = self | self.with_context(active_test=False).child_ids
        lists = self.env["mailing.list"].sudo().search([("periscope_audience", "!=", False)])
        lists._periscope_sync(people)

    def _periscope_check_portal_write(self, vals):
        """The record rule lets a member update their own contact and their
        organisation, nobody else; this lets them change only the safe fields
        of each: of their contact, its phones, e-mail and photo; of their
        organisation, its public profile and directory consent."""
        if self.env.su or not self.env.user._is_portal():
            return
        user = self.env.user
        for partner in self:
            allowed = set()
            if partner == user.partner_id:
                allowed |= PORTAL_OWN_CONTACT_FIELDS
            if partner == user.commercial_partner_id:
                allowed |= PORTAL_ORGANISATION_FIELDS
            refused = sorted(set(vals) - allowed)
            if not refused:
                continue
            if not allowed:
                raise AccessError(
                    _(
                        "On the portal, members change their own contact and their "
                        "organisation's profile, not %(partner)s.",
                        partner=partner.display_name,
                    )
                )
            names = ", ".join(
                self._fields[name]._description_string(self.env) if name in self._fields else name for name in refused
            )
            raise AccessError(
                _(
                    "On the portal, members change only the phones, email and photo "
                    "of their own contact, and the phones, email, website, "
                    "description, logo and directory consent of their organisation, "
                    "not: %s",
                    names,
                )
            )

    def _periscope_check_account_email(self, vals):
        """An account is taken over through its e-mail: the password reset
        link goes there. Only the user themselves, and the managers of every
        contact (Contact Creation), change the e-mail of a partner that is a
        user's."""
        if "email" not in vals or self.env.su or self.env.user.has_group(PARTNER_MANAGER_GROUP):
            return
        new_email = vals["email"] or False
        # sudo: whose account a partner is, whoever asks
        changed = self.sudo().filtered(lambda p: (p.email or False) != new_email)
        others = changed.with_context(active_test=False).user_ids - self.env.user
        if others:
            raise AccessError(
                _(
                    "The email of %(partner)s is the login of a user account: only "
                    "its user, or an administrator of the contacts, changes it.",
                    partner=others[0].partner_id.display_name,
                )
            )

    def _periscope_consent_stamp(self, vals):
        """Consent and its withdrawal are dated when they are given."""
        if "directory_consent" in vals and "directory_consent_date" not in vals:
            vals["directory_consent_date"] = fields.Datetime.now() if vals["directory_consent"] else False

    def _periscope_associate_people(self):
        """The people of a member organisation share its membership state, as
        core ``membership`` does for associate members."""
        organisations = self.filtered("periscope_member_type_id")
        people = (self - organisations).filtered(
            lambda p: p.parent_id.periscope_member_type_id and not p.associate_member
        )
        people |= organisations.child_ids.filtered(lambda p: not p.is_company and not p.associate_member)
        for partner in people:
            partner.associate_member = partner.parent_id

    # ------------------------------------------------------------ personal data
    def _periscope_personal_data(self):
        """What the hub holds about this person, as JSON-ready data: their
        contact, their organisation and its membership, and what they did in
        the members' addon (key figures declared, ballots cast). Other addons
        add their part."""
        self.ensure_one()
        # sudo: the person's own data, asked by the person (the route) or by
        # the members' administrator
        partner = self.sudo()
        contact = {}
        for fname in PERSONAL_FIELDS:
            value = partner[fname]
            if isinstance(value, models.BaseModel):
                value = value.display_name or None
            contact[fname] = value or None
        organisation = partner.commercial_partner_id
        users = partner.with_context(active_test=False).user_ids
        declarations = self.env["periscope.key.figure"].sudo().search([("declared_by_id", "in", users.ids)])
        ballots = self.env["periscope.assembly.ballot"].sudo().search([("user_id", "in", users.ids)])
        return {
            "contact": contact,
            "logins": users.mapped("login"),
            "organisation": organisation.name if organisation != partner else None,
            "membership": {
                "state": partner.membership_state,
                "start": fields.Date.to_string(partner.membership_start) or None,
                "stop": fields.Date.to_string(partner.membership_stop) or None,
            },
            "directory_consent": partner.directory_consent,
            "key_figures_declared": [
                {"organisation": declaration.partner_id.name, "year": declaration.year} for declaration in declarations
            ],
            # who voted is the person's data; the choice is their
            # organisation's and stays secret
            "ballots_cast": [
                {
                    "assembly": ballot.assembly_id.name,
                    "resolution": ballot.resolution_id.name,
                    "for_organisation": ballot.partner_id.name,
                    "cast_at": fields.Datetime.to_string(ballot.cast_at),
                }
                for ballot in ballots
            ],
        }

    def action_periscope_anonymise(self):
        """Erase these persons on their request: their name, e-mail, phones
        and address are replaced, their contacts and portal accounts archived;
        their invoices are kept (the law asks to), under the anonymous name.
        Other addons erase their part."""
        if not (self.env.su or self.env.user.has_group(MANAGER_GROUP)):
            raise AccessError(_("Only a members administrator erases a person's personal data."))
        for partner in self:
            if partner.is_company:
                raise UserError(
                    _("%(partner)s is an organisation: only persons are erased.", partner=partner.display_name)
                )
            users = partner.sudo().with_context(active_test=False).user_ids
            if users.filtered(lambda u: not u.share):
                raise UserError(
                    _(
                        "%(partner)s has an internal user account: an administrator of the users removes it first.",
                        partner=partner.display_name,
                    )
                )
        # sudo: the administrator's right is checked above; their portal
        # accounts are the persons' own, archived with them
        self.sudo()._periscope_erase_personal_data()
        for partner in self.sudo():
            for user in partner.with_context(active_test=False).user_ids:
                user.write({"active": False, "login": f"erased-{partner.id}-{user.id}"})
            # untracked: the history would keep what is erased
            partner.with_context(tracking_disable=True).write(
                {**ERASED_VALUES, "name": _("Erased person %s", partner.id)}
            )
            # the messages of their contact were posted under their name
            self.env["mail.message"].sudo().search([("model", "=", "res.partner"), ("res_id", "=", partner.id)]).write(
                {"record_name": partner.display_name}
            )
            partner.message_post(body=_("Personal data erased on the person's request."), message_type="notification")
        return True

    def _periscope_erase_personal_data(self):
        """Erase what the addons hold about these persons besides their
        contact, which :meth:`action_periscope_anonymise` erases afterwards.
        Called as superuser once the administrator's right is checked; each
        addon erases its part (a person's free texts, copies of their e-mail
        or phone) and keeps what the law asks to keep.

        Here, the chatter: the messages they wrote lose their text and their
        sender's address (the message stays, so that the thread reads in
        order), their contact's history of changes goes (it keeps their old
        e-mails and phones), and they follow nothing any more."""
        Message = self.env["mail.message"].sudo()
        authored = Message.search([("author_id", "in", self.ids)])
        authored.write({"email_from": False, "reply_to": False})
        authored.filtered(lambda m: m.message_type in ("comment", "email")).write(
            {"body": Markup("<p>%s</p>") % _("Message erased on the author's request.")}
        )
        history = Message.search([("model", "=", "res.partner"), ("res_id", "in", self.ids)])
        history.sudo().tracking_value_ids.unlink()
        # what was written on their contact is about them
        history.filtered(lambda m: m.message_type in ("comment", "email")).write(
            {"body": Markup("<p>%s</p>") % _("Message erased on the person's request.")}
        )
        self.env["mail.followers"].sudo().search([("partner_id", "in", self.ids)]).unlink()
        return True

    # ------------------------------------------------------------ rates

    def _periscope_rates_pricelist(self):
        """The pricelist of what the hub sells to this partner (bookings,
        concierge orders): the member rates of the membership type of its
        organisation; for anyone else their own pricelist, unless it is a
        member one (Odoo gives the first pricelist by default, which may be
        one): then the public price, an empty pricelist — as for no partner.
        Read as superuser: the rates apply whoever books or takes the order."""
        if self:
            self.ensure_one()
        organisation = self.commercial_partner_id.sudo()
        if organisation.periscope_member_type_id:
            return organisation.periscope_member_type_id.pricelist_id
        member_pricelists = (
            self.env["periscope.member.type"].sudo().with_context(active_test=False).search([]).pricelist_id
        )
        return organisation.property_product_pricelist - member_pricelists

    # ------------------------------------------------------------ membership

    @api.model
    def _periscope_grace_days(self):
        value = self.env["ir.config_parameter"].sudo().get_param(GRACE_PARAM, DEFAULT_GRACE_DAYS)
        try:
            return max(int(value), 0)
        except (TypeError, ValueError):
            return DEFAULT_GRACE_DAYS

    # Core searches the membership lines three times per partner; this reads
    # them through ``member_lines``, which the ORM fetches for the whole batch
    # at once (the field is recursive: it is computed record by record). It
    # adds the grace period before an expired, unpaid membership drops.
    @api.depends(
        "member_lines.account_invoice_line",
        "member_lines.account_invoice_line.move_id.state",
        "member_lines.account_invoice_line.move_id.payment_state",
        "member_lines.account_invoice_line.move_id.partner_id",
        "free_member",
        "member_lines.date_to",
        "member_lines.date_from",
        "associate_member",
        "associate_member.membership_state",
    )
    def _compute_membership_state(self):
        today = fields.Date.today()
        grace = timedelta(days=self._periscope_grace_days())
        for partner in self:
            source = partner.associate_member or partner
            active = source.member_lines.filtered(lambda line: not line.date_cancel)
            partner.membership_start = min((line.date_from for line in active if line.date_from), default=False)
            partner.membership_stop = max((line.date_to for line in active if line.date_to), default=False)
            partner.membership_cancel = min(
                (line.date_cancel for line in partner.member_lines if line.date_cancel), default=False
            )
            if partner.associate_member:
                partner.membership_state = source.membership_state
                partner.periscope_membership_in_grace = source.periscope_membership_in_grace
                continue
            state, in_grace = self._periscope_own_membership_state(partner, partner.member_lines, active, today, grace)
            partner.membership_state = state
            partner.periscope_membership_in_grace = in_grace

    @api.model
    def _periscope_own_membership_state(self, partner, lines, active, today, grace):
        """Core's rule for a partner's own lines (newest first), then the grace
        period: an expired paid membership whose renewal is unpaid stays paid
        for ``grace``."""
        if partner.free_member and partner.membership_state != "paid":
            return "free", False
        state = "none"
        for line in lines:
            date_from = line.date_from or date.min
            date_to = line.date_to or date.min
            if date_from <= today <= date_to:
                state = line.state
                break
            if date_from < today and date_to <= today and date_from < date_to:
                invoice = line.account_invoice_id
                if invoice and invoice.payment_state in ("in_payment", "paid"):
                    state = "old"
                elif invoice and invoice.state == "cancel":
                    state = "canceled"
                break
        if state not in ("paid", "free") and any(
            line.state == "paid" and line.date_to and line.date_to + grace >= today for line in active
        ):
            return "paid", True
        return state, False

    @api.model
    def _periscope_membership_domain(self):
        """The member organisations that pay a fee."""
        return [("periscope_member_type_id", "!=", False), ("is_company", "=", True), ("free_member", "=", False)]

    @api.model
    def _periscope_membership_due(self, year, partners=None):
        """The organisations of ``partners`` (all paying members by default)
        not invoiced yet for ``year``: no membership line overlapping the year
        that is not cancelled."""
        if partners is None:
            partners = self.search(self._periscope_membership_domain())
        invoiced = {
            partner.id
            for [partner] in self.env["membership.membership_line"]._read_group(
                [
                    ("partner", "in", partners.ids),
                    ("date_cancel", "=", False),
                    ("date_from", "<=", date(year, 12, 31)),
                    ("date_to", ">=", date(year, 1, 1)),
                ],
                ["partner"],
            )
        }
        return partners.filtered(lambda p: p.id not in invoiced and not p.free_member)

    @api.model
    def _periscope_renew_memberships(self, year, partners=None, invoice_date=None):
        """One draft invoice per member organisation due for ``year``, from its
        type's membership product: a second run for the same year creates
        nothing. Returns the new invoices."""
        date_from, date_to = date(year, 1, 1), date(year, 12, 31)
        if partners is None:
            partners = self.search(self._periscope_membership_domain())
        self._periscope_check_renewable(partners)
        due = self._periscope_membership_due(year, partners)
        if not due:
            return self.env["account.move"]
        company = self.env.company
        journal = self.env["account.journal"]._periscope_journal(
            company, "sale", _("Create a sales journal to invoice the memberships.")
        )
        analytic = self.env.ref("periscope_members.analytic_account_membership", raise_if_not_found=False)
        vals_list = [
            partner._periscope_membership_invoice_vals(year, journal, invoice_date, analytic) for partner in due
        ]
        # another renewal of the same year may invoice some of these
        # organisations at the same moment: the database keeps its lines
        with billed_once(
            self.env,
            _(
                "Another renewal of %(year)s invoiced some of these organisations "
                "at the same moment: nothing was invoiced twice, and nothing "
                "by this run. Run the renewal again for the organisations still "
                "due.",
                year=year,
            ),
        ):
            # the members' manager prepares drafts that the accountant posts
            moves = (
                self.env["account.move"]
                .with_context(periscope_membership_batch=True)
                ._periscope_create_drafts(vals_list)
            )
            self._periscope_membership_lines(moves, date_from, date_to, year)
            # the renewal years are checked by the database here, in the
            # savepoint
            self.env["membership.membership_line"].flush_model(["periscope_renewal_year"])
            # the organisations' lines are read again from the database,
            # newest first, as core's membership state expects them
            due.invalidate_recordset(["member_lines"])
        return moves.sudo(False)

    @api.model
    def _periscope_check_renewable(self, partners):
        """Every organisation of ``partners`` has a membership type, and every
        type a membership product: else nothing is renewed."""
        without_type = partners.filtered(lambda p: not p.periscope_member_type_id)
        if without_type:
            raise UserError(
                _(
                    "These organisations have no membership type, choose one before renewing: %s",
                    ", ".join(without_type.mapped("display_name")),
                )
            )
        types = partners.periscope_member_type_id
        without_product = types.filtered(lambda t: not t.membership_product_id)
        if without_product:
            raise UserError(
                _("These membership types have no membership product: %s", ", ".join(without_product.mapped("name")))
            )

    def _periscope_membership_invoice_vals(self, year, journal, invoice_date, analytic):
        """The draft invoice of this organisation's fee of ``year`` in
        ``journal``: its type's membership product, named in the
        organisation's language, its amount to ``analytic``."""
        self.ensure_one()
        product = self.periscope_member_type_id.membership_product_id
        taxes = product.taxes_id.filtered_domain(self.env["account.tax"]._check_company_domain(journal.company_id))
        return {
            "move_type": "out_invoice",
            "journal_id": journal.id,
            "name": "/",  # a draft: the number comes when it is posted
            "partner_id": self.id,
            "invoice_date": invoice_date,
            # due on its date, unless the partner's payment terms say
            # otherwise (Odoo would otherwise keep today's date)
            "invoice_date_due": invoice_date,
            "invoice_origin": _("Membership %s", year),
            "invoice_line_ids": [
                Command.create(
                    {
                        "product_id": product.id,
                        "name": _(
                            "%(product)s — %(year)s",
                            # in the organisation's language
                            product=product.with_context(lang=self.lang or self.env.lang).display_name,
                            year=year,
                        ),
                        "quantity": 1,
                        "price_unit": product.lst_price,
                        "tax_ids": [Command.set(taxes.ids)],
                        "analytic_distribution": analytic_distribution(analytic),
                    }
                )
            ],
        }

    @api.model
    def _periscope_membership_lines(self, moves, date_from, date_to, year):
        """The membership lines of the renewal invoices, dated for the year, in
        one batch (core would make them one by one with the product's dates).
        The database keeps one renewal line a year per organisation (an
        exclusion constraint): two runs at the same moment never invoice an
        organisation twice."""
        MembershipLine = self.env["membership.membership_line"].sudo()
        lines = moves.invoice_line_ids.filtered(lambda line: line.product_id.membership)
        existing = MembershipLine.search([("account_invoice_line", "in", lines.ids)])
        existing.write({"date_from": date_from, "date_to": date_to, "periscope_renewal_year": year})
        missing = lines - existing.account_invoice_line
        MembershipLine.create(
            [
                {
                    "partner": line.move_id.partner_id.id,
                    "membership_id": line.product_id.id,
                    "member_price": line.price_unit,
                    "date": fields.Date.context_today(self),
                    "date_from": date_from,
                    "date_to": date_to,
                    "account_invoice_line": line.id,
                    "periscope_renewal_year": year,
                }
                for line in missing
            ]
        )

    @api.model
    def _cron_periscope_membership_reminders(self):
        """Email the organisations whose membership ends in 30 days, and those
        whose posted renewal invoice is still unpaid 15 days after its date."""
        today = fields.Date.context_today(self)
        expiring = self.search(
            self._periscope_membership_domain()
            + [
                ("membership_state", "in", ("paid", "invoiced")),
                ("membership_stop", ">=", today),
                ("membership_stop", "<=", today + timedelta(days=EXPIRY_REMINDER_DAYS)),
            ]
        )
        renewed = {
            partner.id
            for [partner] in self.env["membership.membership_line"]._read_group(
                [
                    ("partner", "in", expiring.ids),
                    ("date_cancel", "=", False),
                    ("date_from", ">", today + timedelta(days=EXPIRY_REMINDER_DAYS)),
                ],
                ["partner"],
            )
        }
        to_remind = expiring.filtered(
            lambda p: p.id not in renewed and p.periscope_expiry_reminded_for != p.membership_stop
        )
        template = self.env.ref("periscope_members.mail_template_membership_expiry")
        for partner in to_remind:
            template.send_mail(partner.id)
            partner.periscope_expiry_reminded_for = partner.membership_stop
        lines = self.env["membership.membership_line"].search(
            [
                ("partner.periscope_member_type_id", "!=", False),
                ("date_cancel", "=", False),
                ("periscope_unpaid_reminded", "=", False),
                ("account_invoice_id.state", "=", "posted"),
                ("account_invoice_id.payment_state", "in", ("not_paid", "partial")),
                ("account_invoice_id.invoice_date", "<=", today - timedelta(days=UNPAID_REMINDER_DAYS)),
            ]
        )
        template = self.env.ref("periscope_members.mail_template_membership_unpaid")
        for line in lines:
            template.send_mail(line.id)
        lines.periscope_unpaid_reminded = True
        return to_remind, lines

    # ------------------------------------------------------------ demo
    @api.model
    def _periscope_demo_memberships(self, unpaid_xmlids=(), lapsed_xmlids=()):
        """The demo's memberships, relative to the install date: every paying
        member organisation invoiced and paid for last year; for this year,
        all of them invoiced (on 15 January, or today in early January) and
        paid, except the ``unpaid`` ones (their renewal waits: in the grace
        period early in the year, invoiced later on) and the ``lapsed`` ones
        (not renewed: former members). Called by the demo data only."""
        today = fields.Date.context_today(self)
        year = today.year
        partners = self.search(self._periscope_membership_domain())
        unpaid = self.browse(self.env.ref(x).id for x in unpaid_xmlids)
        lapsed = self.browse(self.env.ref(x).id for x in lapsed_xmlids)
        last_year = self._periscope_renew_memberships(year - 1, partners, invoice_date=date(year - 1, 1, 15))
        self._periscope_demo_pay(last_year, date(year - 1, 2, 1))
        invoice_date = min(date(year, 1, 15), today)
        this_year = self._periscope_renew_memberships(year, partners - lapsed, invoice_date=invoice_date)
        this_year.action_post()
        paid = this_year.filtered(lambda move: move.partner_id not in unpaid)
        self._periscope_demo_pay(paid, max(invoice_date, min(date(year, 2, 1), today)))
        return last_year | this_year

    @api.model
    def _periscope_demo_pay(self, moves, payment_date):
        if moves.filtered(lambda move: move.state == "draft"):
            moves.filtered(lambda move: move.state == "draft").action_post()
        if moves:
            self.env["account.payment.register"].with_context(active_model="account.move", active_ids=moves.ids).create(
                {"payment_date": payment_date, "group_payment": False}
            )._create_payments()
