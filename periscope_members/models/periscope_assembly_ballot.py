# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from psycopg2 import errors

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from .periscope_assembly import MANAGER_GROUP, OPEN_STATES, UP_TO_DATE_STATES, lock_rows

STAFF_GROUP = "periscope_members.group_periscope_members_user"


class PeriscopeAssemblyBallot(models.Model):
    """The vote of one convened organisation on one resolution: cast once
    (the database refuses a second), by the organisation or the holder of its
    proxy, while the vote is open; it no longer changes once closed."""

    _name = "periscope.assembly.ballot"
    _description = "Ballot"
    _order = "resolution_id, id"

    resolution_id = fields.Many2one(
        comodel_name="periscope.assembly.resolution", required=True, index=True, ondelete="cascade"
    )
    assembly_id = fields.Many2one(related="resolution_id.assembly_id", store=True, index=True)
    member_id = fields.Many2one(
        comodel_name="periscope.assembly.member",
        string="Organisation convened",
        required=True,
        index=True,
        ondelete="restrict",
    )
    partner_id = fields.Many2one(related="member_id.partner_id", store=True, index=True, string="Organisation")
    college_id = fields.Many2one(related="member_id.college_id", store=True)
    option_id = fields.Many2one(comodel_name="periscope.assembly.option", required=True, ondelete="restrict")
    cast_by_id = fields.Many2one(
        comodel_name="periscope.assembly.member",
        string="Cast by",
        required=True,
        ondelete="restrict",
        help="The organisation that cast the vote: itself, or the holder of its proxy.",
    )
    by_proxy = fields.Boolean(compute="_compute_by_proxy", store=True)
    user_id = fields.Many2one(comodel_name="res.users", string="Recorded by", required=True)
    cast_at = fields.Datetime(required=True, default=fields.Datetime.now)

    _sql_constraints = [
        ("resolution_member_unique", "UNIQUE(resolution_id, member_id)", "An organisation votes once on a resolution.")
    ]

    @api.depends("member_id", "cast_by_id")
    def _compute_by_proxy(self):
        for ballot in self:
            ballot.by_proxy = ballot.cast_by_id != ballot.member_id

    # ------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        ballots = super().create(vals_list)
        # whoever creates them: a ballot is cast on an open vote of an
        # assembly convened or in session
        for ballot in ballots.sudo():
            if ballot.resolution_id.state != "open" or ballot.assembly_id.state not in OPEN_STATES:
                raise UserError(_("The vote on %(resolution)s is not open.", resolution=ballot.resolution_id.name))
        return ballots

    def write(self, vals):
        if vals:
            raise UserError(_("A vote does not change: it is cast once, and counted when closed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_closed(self):
        if any(ballot.resolution_id.state == "closed" for ballot in self):
            raise UserError(_("The vote is closed: its ballots no longer change."))

    # ------------------------------------------------------------ voting
    @api.model
    def _cast_vote(self, resolution, option, member=None):
        """Check who votes for whom, then record the ballot of ``member`` (by
        default the user's organisation) for ``option`` of ``resolution``."""
        is_staff = self.env.su or self.env.user.has_group(STAFF_GROUP) or self.env.user.has_group(MANAGER_GROUP)
        # sudo: a portal organisation reads neither the other convened
        # organisations nor the ballots; who may vote is checked here first
        resolution = resolution.sudo()
        member = self._convened_member(resolution.assembly_id, member)
        self._lock_for_vote(resolution, member)
        self._check_vote_open(resolution, option, member)
        caster = self._vote_caster(member, is_staff)
        if self.sudo().search_count([("resolution_id", "=", resolution.id), ("member_id", "=", member.id)], limit=1):
            self._raise_already_voted(member, resolution)
        return self._record_ballot(resolution, option, member, caster, is_staff)

    @api.model
    def _convened_member(self, assembly, member=None):
        """``member``, by default the line of the user's organisation, as
        superuser, once checked convened to ``assembly``."""
        organisation = self.env.user.partner_id.commercial_partner_id
        if member is None:
            member = assembly.member_ids.filtered(lambda m: m.partner_id == organisation)
        member = member.sudo()
        if not member or member.assembly_id != assembly:
            raise UserError(
                _(
                    "%(organisation)s is not convened to %(assembly)s: it does not vote.",
                    organisation=(member.partner_id or organisation).name,
                    assembly=assembly.name,
                )
            )
        return member

    @api.model
    def _lock_for_vote(self, resolution, member):
        """A vote and the close of the resolution, the cancellation of the
        assembly or a change of this organisation's proxy are serialised: the
        vote updates the resolution's row (as the close does) and this
        organisation's line (as a proxy does), and locks the assembly's row
        (that its cancellation updates). When one of them committed since
        this transaction began, this fails with a serialization error and
        Odoo votes again in a new transaction, which sees it."""
        resolution._lock_votes()
        lock_rows(self.env, member._table, member.ids)
        self.env.cr.execute(SQL("SELECT id FROM periscope_assembly WHERE id = %s FOR SHARE", resolution.assembly_id.id))

    @api.model
    def _check_vote_open(self, resolution, option, member):
        """The assembly sits, the vote is open, ``option`` is one of its, and
        ``member`` is up to date with its fee."""
        assembly = resolution.assembly_id
        if assembly.state not in OPEN_STATES:
            raise UserError(_("%(assembly)s is not convened or in session: it takes no vote.", assembly=assembly.name))
        if resolution.state != "open":
            raise UserError(_("The vote on %(resolution)s is not open.", resolution=resolution.name))
        if option.sudo().resolution_id != resolution:
            raise UserError(_("Choose one of the options of the resolution."))
        if member.partner_id.membership_state not in UP_TO_DATE_STATES:
            raise UserError(
                _(
                    "%(organisation)s is not up to date with its fee: it does not vote.",
                    organisation=member.partner_id.name,
                )
            )

    @api.model
    def _vote_caster(self, member, is_staff):
        """Who casts the vote of ``member``: itself, or the holder of its
        proxy. Staff record votes in the room, of those present or
        represented by someone present; a member organisation votes on the
        portal, for itself or for those whose proxy it carries, when the
        assembly takes remote votes."""
        caster = member.proxy_holder_id if member.attendance == "represented" else member
        if is_staff:
            if member.attendance == "represented" and caster.attendance != "present":
                raise UserError(
                    _(
                        "%(holder)s, which carries the proxy of %(organisation)s, is absent: mark it present first.",
                        holder=caster.partner_id.name,
                        organisation=member.partner_id.name,
                    )
                )
            if caster.attendance == "absent":
                raise UserError(
                    _(
                        "%(organisation)s is neither present nor represented: mark its attendance first.",
                        organisation=member.partner_id.name,
                    )
                )
            return caster
        if caster.partner_id != self.env.user.partner_id.commercial_partner_id:
            raise AccessError(
                _(
                    "Only %(organisation)s, or the holder of its proxy, votes for it.",
                    organisation=member.partner_id.name,
                )
            )
        if not member.assembly_id.remote_voting:
            raise UserError(
                _(
                    "%(assembly)s does not take votes from the portal: vote in the room.",
                    assembly=member.assembly_id.name,
                )
            )
        return caster

    @api.model
    def _record_ballot(self, resolution, option, member, caster, is_staff):
        """The ballot, once: the database keeps one per organisation and
        resolution (two votes at the same moment: the second is refused)."""
        try:
            with self.env.cr.savepoint():
                if not is_staff and caster.attendance == "absent":
                    # voting from the portal is taking part in the assembly
                    caster.write({"attendance": "present"})
                # sudo: the checks say who votes for whom
                ballot = self.sudo().create(
                    {
                        "resolution_id": resolution.id,
                        "member_id": member.id,
                        "option_id": option.id,
                        "cast_by_id": caster.id,
                        "user_id": self.env.user.id,
                    }
                )
                self.env.flush_all()
        except errors.UniqueViolation:
            # the same organisation voted at the same moment in another
            # transaction: the database kept one ballot
            self._raise_already_voted(member, resolution)
        return ballot.with_env(self.env)

    @api.model
    def _raise_already_voted(self, member, resolution):
        raise UserError(
            _(
                "%(organisation)s has already voted on %(resolution)s.",
                organisation=member.partner_id.name,
                resolution=resolution.name,
            )
        )
