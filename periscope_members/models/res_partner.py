# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

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


class ResPartner(models.Model):
    _inherit = "res.partner"

    periscope_member_type_id = fields.Many2one(
        comodel_name="periscope.member.type",
        string="Membership type",
        index="btree_not_null",
        tracking=True,
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
        help="A regional head of network of the social and solidarity economy "
        "(tête de réseau).",
    )
    periscope_network_head_id = fields.Many2one(
        comodel_name="res.partner",
        string="Network",
        domain=[("is_network_head", "=", True)],
        index="btree_not_null",
        help="The regional network this organisation belongs to.",
    )
    periscope_network_member_ids = fields.One2many(
        comodel_name="res.partner",
        inverse_name="periscope_network_head_id",
        string="Network members",
    )
    periscope_legal_form = fields.Selection(
        selection=LEGAL_FORMS, string="Legal form", tracking=True
    )
    periscope_sector_ids = fields.Many2many(
        comodel_name="periscope.sector",
        relation="periscope_sector_res_partner_rel",
        string="Sectors",
    )
    periscope_axis_ids = fields.Many2many(
        comodel_name="periscope.cooperation.axis",
        relation="periscope_cooperation_axis_res_partner_rel",
        string="Cooperation axes",
    )
    charter_signed_date = fields.Date(string="Charter signed on", tracking=True)
    charter_version = fields.Char(tracking=True)
    directory_consent = fields.Boolean(
        string="In the directory",
        tracking=True,
        help="The organisation agreed to appear in the members' directory.",
    )
    directory_consent_date = fields.Datetime(string="Directory consent given on")
    directory_consent_version = fields.Char(
        string="Directory consent text version",
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
                        "%(partner)s cannot have signed the charter on %(date)s: "
                        "the date is in the future.",
                        partner=partner.display_name,
                        date=partner.charter_signed_date,
                    )
                )

    @api.constrains("periscope_network_head_id", "is_network_head")
    def _check_network_head(self):
        for partner in self:
            head = partner.periscope_network_head_id
            if head and not head.is_network_head:
                raise ValidationError(
                    _(
                        "%(head)s is not a network head: %(partner)s cannot belong "
                        "to its network.",
                        head=head.display_name,
                        partner=partner.display_name,
                    )
                )
            if head == partner:
                raise ValidationError(
                    _("%s cannot belong to its own network.", partner.display_name)
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._periscope_consent_stamp(vals)
        partners = super().create(vals_list)
        partners._periscope_associate_people()
        return partners

    def write(self, vals):
        self._periscope_consent_stamp(vals)
        res = super().write(vals)
        if "parent_id" in vals or "periscope_member_type_id" in vals:
            self._periscope_associate_people()
        return res

    def _periscope_consent_stamp(self, vals):
        """Consent and its withdrawal are dated when they are given."""
        if "directory_consent" in vals and "directory_consent_date" not in vals:
            vals["directory_consent_date"] = (
                fields.Datetime.now() if vals["directory_consent"] else False
            )

    def _periscope_associate_people(self):
        """The people of a member organisation share its membership state, as
        core ``membership`` does for associate members."""
        organisations = self.filtered("periscope_member_type_id")
        people = (self - organisations).filtered(
            lambda p: p.parent_id.periscope_member_type_id and not p.associate_member
        )
        people |= organisations.child_ids.filtered(
            lambda p: not p.is_company and not p.associate_member
        )
        for partner in people:
            partner.associate_member = partner.parent_id
