# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .periscope_assembly import MANAGER_GROUP, OPEN_STATES, lock_rows

# what the convening sets: the administrator's, until a vote opens
COMPOSITION_FIELDS = ("assembly_id", "partner_id", "college_id")
# what says who votes for whom
ATTENDANCE_FIELDS = ("attendance", "proxy_holder_id")


class PeriscopeAssemblyMember(models.Model):
    """An organisation convened to an assembly: its college and weight as
    convened, whether it attends, or the organisation that carries its
    proxy."""

    _name = "periscope.assembly.member"
    _description = "Convened Organisation"
    _order = "assembly_id, college_sequence, partner_name, id"
    _rec_name = "partner_id"

    assembly_id = fields.Many2one(comodel_name="periscope.assembly", required=True, index=True, ondelete="cascade")
    assembly_state = fields.Selection(related="assembly_id.state", string="Status of the assembly")
    partner_id = fields.Many2one(
        comodel_name="res.partner", string="Organisation", required=True, index=True, ondelete="restrict"
    )
    partner_name = fields.Char(related="partner_id.name", store=True)
    college_id = fields.Many2one(comodel_name="periscope.college", required=True, ondelete="restrict")
    college_sequence = fields.Integer(related="college_id.sequence", store=True)
    weight = fields.Float(
        digits=(6, 3),
        compute="_compute_weight",
        store=True,
        help="The organisation's share of the votes: its college's weight, "
        "shared among the college's convened organisations.",
    )
    attendance = fields.Selection(
        selection=[("absent", "Absent"), ("present", "Present"), ("represented", "Represented")],
        default="absent",
        required=True,
    )
    proxy_holder_id = fields.Many2one(
        comodel_name="periscope.assembly.member",
        string="Proxy given to",
        index="btree_not_null",
        ondelete="set null",
        domain="[('assembly_id', '=', assembly_id), ('id', '!=', id)]",
        help="The convened organisation that carries this organisation's proxy and votes for it.",
    )
    carried_proxy_ids = fields.One2many(
        comodel_name="periscope.assembly.member", inverse_name="proxy_holder_id", string="Proxies carried"
    )
    convocation_sent_at = fields.Datetime(readonly=True, copy=False)

    _sql_constraints = [
        (
            "assembly_partner_unique",
            "UNIQUE(assembly_id, partner_id)",
            "An organisation is convened once to an assembly.",
        )
    ]

    @api.depends("college_id", "assembly_id.college_line_ids.member_count")
    def _compute_weight(self):
        for member in self:
            line = member.assembly_id.college_line_ids.filtered(lambda c, m=member: c.college_id == m.college_id)[:1]
            member.weight = line.weight / line.member_count if line and line.member_count else 0.0

    @api.constrains("proxy_holder_id")
    def _check_proxy(self):
        for member in self.filtered("proxy_holder_id"):
            member._check_proxy_to(member.proxy_holder_id)

    def _check_proxy_to(self, holder):
        """``holder`` may carry this organisation's proxy: another convened
        organisation of the assembly, that gave no proxy itself, while this
        one carries none, and that carries fewer proxies than allowed."""
        self.ensure_one()
        if holder == self:
            raise ValidationError(
                _("%(organisation)s cannot give its proxy to itself.", organisation=self.partner_id.name)
            )
        if holder.assembly_id != self.assembly_id:
            raise ValidationError(
                _("%(holder)s is not convened to this assembly: it carries no proxy.", holder=holder.partner_id.name)
            )
        if holder.proxy_holder_id or (self.carried_proxy_ids - self):
            raise ValidationError(
                _(
                    "Proxies are not passed on: %(holder)s gave its own proxy, or "
                    "%(organisation)s carries proxies of others.",
                    holder=holder.partner_id.name,
                    organisation=self.partner_id.name,
                )
            )
        maximum = self.assembly_id.max_proxies
        carried = holder.carried_proxy_ids - self
        if len(carried) + 1 > maximum:
            raise ValidationError(
                _(
                    "%(holder)s already carries %(count)s proxies: the most an "
                    "organisation carries at this assembly is %(maximum)s.",
                    holder=holder.partner_id.name,
                    count=len(carried),
                    maximum=maximum,
                )
            )

    # ------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        members = super().create(vals_list)
        members.assembly_id._check_composition_editable()
        return members

    def write(self, vals):
        # the rights first: the rules below tell nothing to whom may not write
        self.check_access("write")
        if set(COMPOSITION_FIELDS) & set(vals):
            if not (self.env.su or self.env.user.has_group(MANAGER_GROUP)):
                raise AccessError(_("Only a members administrator changes who is convened, and in which college."))
            self.assembly_id._check_composition_editable()
        if set(ATTENDANCE_FIELDS) & set(vals):
            # proxies and attendance of an assembly change one transaction at
            # a time, and never while the organisation votes: the limit of
            # proxies and the rule of no chains hold under concurrent changes
            # (the ballots lock the same rows)
            lock_rows(self.env, "periscope_assembly", self.assembly_id.ids)
            lock_rows(self.env, self._table, self.ids)
            for member in self:
                if member.assembly_id.state not in OPEN_STATES:
                    raise UserError(
                        _(
                            "The attendance of %(assembly)s no longer changes: it is not convened or in session.",
                            assembly=member.assembly_id.name,
                        )
                    )
        if vals.get("proxy_holder_id"):
            holder = self.browse(vals["proxy_holder_id"])
            for member in self:
                member._check_proxy_to(holder)
        if "proxy_holder_id" in vals and "attendance" not in vals:
            vals = dict(vals, attendance="represented" if vals["proxy_holder_id"] else "absent")
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_voting(self):
        self.assembly_id._check_composition_editable()

    # ------------------------------------------------------------ actions
    def action_mark_present(self):
        self._check_staff()
        self.write({"attendance": "present", "proxy_holder_id": False})
        return True

    def action_mark_absent(self):
        self._check_staff()
        self.write({"attendance": "absent", "proxy_holder_id": False})
        return True

    def action_give_proxy(self, holder=None):
        """The organisation gives its proxy to ``holder`` (a convened
        organisation of the same assembly, a record or its id), or takes it
        back (no holder)."""
        self.ensure_one()
        if not isinstance(holder, models.BaseModel):
            is_id = isinstance(holder, int) and not isinstance(holder, bool)
            holder = self.browse(holder if is_id else [])
        if self._ballot_count():
            raise UserError(
                _("%(organisation)s has already voted: its proxy no longer changes.", organisation=self.partner_id.name)
            )
        self.write({"proxy_holder_id": holder.id if holder else False})
        return True

    def _ballot_count(self):
        """How many ballots were cast for these organisations (all of them:
        the caller checks who may know it)."""
        return self.env["periscope.assembly.ballot"].sudo().search_count([("member_id", "in", self.ids)])

    def _check_staff(self):
        if not (
            self.env.su
            or self.env.user.has_group("periscope_members.group_periscope_members_user")
            or self.env.user.has_group(MANAGER_GROUP)
        ):
            raise AccessError(_("Only the hub's staff record the attendance."))

    def _send_convocation(self):
        """Email the convocation with the agenda to each organisation that has
        an email address, once."""
        template = self.env.ref("periscope_members.mail_template_assembly_convocation", raise_if_not_found=False)
        if not template:
            return self.browse()
        to_send = self.filtered(lambda m: not m.convocation_sent_at and m.partner_id.email)
        for member in to_send:
            template.send_mail(member.id, email_layout_xmlid="mail.mail_notification_light")
        to_send.write({"convocation_sent_at": fields.Datetime.now()})
        return to_send

    def _represented_members(self):
        """The organisations this one votes for: itself and the proxies it
        carries."""
        self.ensure_one()
        return self | self.carried_proxy_ids
