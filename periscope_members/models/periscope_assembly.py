# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from markupsafe import Markup

from odoo import Command, _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, float_compare, float_round

from .number_bounds import check_numbers

MANAGER_GROUP = "periscope_members.group_periscope_members_manager"
# the memberships that are up to date: convened, and voting
UP_TO_DATE_STATES = ("paid", "free")
DEFAULT_MAX_PROXIES = 2
# the assemblies that take attendance, proxies and votes
OPEN_STATES = ("convened", "in_session")
# the assemblies that are over: a record, of which only the documents change
FROZEN_STATES = ("closed", "cancelled")
# the statuses of a resolution from which the convened organisations and the
# colleges' weights no longer change: the vote is open, or counted
VOTING_STATES = ("open", "closed")
NUMBER_BOUNDS = {"quorum_percent": (0, 100), "max_proxies": (0, 1000)}


def always_writable(fname):
    """The fields that change on any record, even one that is over: its
    documents, its chatter and activities."""
    return fname == "document_ids" or fname.startswith(("message_", "activity_"))


def lock_rows(env, table, ids):
    """UPDATE the rows ``ids`` of ``table`` (to the same values) first: two
    transactions that do so for the same row are serialised. In REPEATABLE
    READ, the second waits for the first, then fails with a serialization
    error if the first committed, and Odoo retries it in a new transaction,
    which sees what the first did. A ``SELECT … FOR UPDATE`` would make it
    wait, then read its old snapshot."""
    if ids:
        env.cr.execute(SQL("UPDATE %s SET write_date = write_date WHERE id IN %s", SQL.identifier(table), tuple(ids)))


class PeriscopeAssembly(models.Model):
    """A general assembly or a board meeting of the hub: the member
    organisations up to date with their fee are convened (with the weight of
    their college at that moment), attend or give their proxy to another
    organisation; the quorum is computed live; the resolutions are voted,
    each organisation once, and their results weighted by college."""

    _name = "periscope.assembly"
    _description = "General Assembly"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"

    name = fields.Char(required=True, tracking=True)
    assembly_type = fields.Selection(
        selection=[
            ("ordinary", "Ordinary general assembly"),
            ("extraordinary", "Extraordinary general assembly"),
            ("board", "Board meeting"),
        ],
        string="Kind",
        required=True,
        default="ordinary",
        tracking=True,
    )
    date = fields.Datetime(required=True, tracking=True)
    date_past = fields.Boolean(
        string="Date past",
        compute="_compute_date_past",
        help="The assembly's date has passed: convening it for that date warns first.",
    )
    place = fields.Char(tracking=True, help="Where the assembly meets.")
    agenda = fields.Html(help="The order of the day, sent with the convocation and shown on the portal.")
    state = fields.Selection(
        selection=[
            ("draft", "Draft"),
            ("convened", "Convened"),
            ("in_session", "In session"),
            ("closed", "Closed"),
            ("cancelled", "Cancelled"),
        ],
        string="Status",
        default="draft",
        required=True,
        copy=False,
        tracking=True,
    )
    quorum_basis = fields.Selection(
        selection=[
            ("members", "Share of the convened organisations"),
            ("weights", "Share of the weights of the colleges"),
        ],
        required=True,
        default="members",
        help="What the statutes count for the quorum: the organisations present "
        "or represented among those convened, or their weight (each college's "
        "weight shared among its convened organisations).",
    )
    quorum_percent = fields.Float(
        string="Quorum (%)",
        digits=(5, 2),
        default=50.0,
        required=True,
        help="The share that must be present or represented for the assembly to deliberate; 0 for none.",
    )
    remote_voting = fields.Boolean(help="The convened organisations vote on the open resolutions from their portal.")
    max_proxies = fields.Integer(
        string="Proxies per organisation",
        default=lambda self: self._default_max_proxies(),
        required=True,
        help="How many proxies an organisation may carry at most.",
    )
    college_line_ids = fields.One2many(
        comodel_name="periscope.assembly.college",
        inverse_name="assembly_id",
        string="Colleges",
        readonly=True,
        copy=False,
    )
    member_ids = fields.One2many(
        comodel_name="periscope.assembly.member",
        inverse_name="assembly_id",
        string="Convened organisations",
        copy=False,
    )
    resolution_ids = fields.One2many(
        comodel_name="periscope.assembly.resolution", inverse_name="assembly_id", string="Resolutions", copy=True
    )
    convened_count = fields.Integer(string="Convened", compute="_compute_quorum", compute_sudo=True)
    present_count = fields.Integer(string="Present", compute="_compute_quorum", compute_sudo=True)
    represented_count = fields.Integer(string="Represented", compute="_compute_quorum", compute_sudo=True)
    quorum_share = fields.Float(
        string="Present or represented (%)", digits=(5, 2), compute="_compute_quorum", compute_sudo=True
    )
    quorum_reached = fields.Boolean(compute="_compute_quorum", compute_sudo=True)
    document_ids = fields.Many2many(
        comodel_name="ir.attachment",
        string="Documents",
        help="The documents of the assembly (report of activity, accounts…), "
        "shown to the convened organisations on the portal.",
    )
    company_id = fields.Many2one(
        comodel_name="res.company", required=True, default=lambda self: self.env.company, index=True
    )

    @api.model
    def _default_max_proxies(self):
        value = self.env["ir.config_parameter"].sudo().get_param("periscope_members.assembly_max_proxies")
        try:
            return int(value) if value not in (None, False, "") else DEFAULT_MAX_PROXIES
        except ValueError:
            return DEFAULT_MAX_PROXIES

    @api.depends(
        "quorum_basis",
        "quorum_percent",
        "member_ids.attendance",
        "member_ids.proxy_holder_id.attendance",
        "member_ids.weight",
    )
    def _compute_quorum(self):
        for assembly in self:
            members = assembly.member_ids
            present = members.filtered(lambda m: m.attendance == "present")
            # a proxy counts when its holder attends
            represented = members.filtered(
                lambda m: m.attendance == "represented" and m.proxy_holder_id.attendance == "present"
            )
            attending = present | represented
            assembly.convened_count = len(members)
            assembly.present_count = len(present)
            assembly.represented_count = len(represented)
            if assembly.quorum_basis == "weights":
                total = sum(members.mapped("weight"))
                share = sum(attending.mapped("weight")) / total * 100 if total else 0.0
            else:
                share = len(attending) / len(members) * 100 if members else 0.0
            assembly.quorum_share = float_round(share, precision_digits=2)
            assembly.quorum_reached = bool(members) and (
                float_compare(share, assembly.quorum_percent, precision_digits=2) >= 0
            )

    @api.constrains("quorum_percent", "max_proxies")
    def _check_settings(self):
        for assembly in self:
            if not 0 <= assembly.quorum_percent <= 100:
                raise ValidationError(_("The quorum is a share between 0 and 100 %%."))
            if assembly.max_proxies < 0:
                raise ValidationError(_("The number of proxies an organisation carries cannot be negative."))

    # ------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [check_numbers(self, vals, NUMBER_BOUNDS) for vals in vals_list]
        if not self.env.su and any(vals.get("state", "draft") != "draft" for vals in vals_list):
            raise AccessError(_("An assembly is created as a draft, then convened with its button."))
        return super().create(vals_list)

    def write(self, vals):
        # the rights first: the rules below tell nothing to whom may not write
        self.check_access("write")
        vals = check_numbers(self, vals, NUMBER_BOUNDS)
        if "state" in vals and not self.env.su:
            raise AccessError(
                _("The status of an assembly changes through its buttons: convene, open the session, close, cancel.")
            )
        over = self.filtered(lambda a: a.state in FROZEN_STATES)
        changed = [fname for fname in vals if not always_writable(fname)]
        if over and changed:
            raise UserError(
                _(
                    "%(assembly)s is over (closed or cancelled): its settings, "
                    "convened organisations, colleges and votes no longer change, "
                    "only its documents.",
                    assembly=over[0].name,
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_convened(self):
        if any(assembly.state != "draft" for assembly in self):
            raise UserError(_("A convened assembly is not deleted: cancel it instead."))

    def _check_composition_editable(self):
        """The convened organisations and the colleges' weights of an
        assembly are what its votes are counted with: they change until its
        first vote opens, never once it is over."""
        for assembly in self:
            if assembly.state in FROZEN_STATES or any(
                state in VOTING_STATES for state in assembly.sudo().resolution_ids.mapped("state")
            ):
                raise UserError(
                    _(
                        "%(assembly)s has opened its votes, or is over: its "
                        "convened organisations and the weights of its colleges "
                        "no longer change.",
                        assembly=assembly.name,
                    )
                )

    # ------------------------------------------------------------ actions
    @api.depends("date")
    def _compute_date_past(self):
        now = fields.Datetime.now()
        for assembly in self:
            assembly.date_past = bool(assembly.date) and assembly.date < now

    @api.onchange("date")
    def _onchange_date_warn_past(self):
        if self.state == "draft" and self.date and self.date < fields.Datetime.now():
            return {
                "warning": {
                    "title": _("A date in the past"),
                    "message": _(
                        "This date has passed: the members would be convened to an "
                        "assembly already held. Give the date of the coming "
                        "assembly."
                    ),
                }
            }

    def action_convene(self):
        """Convene the organisations up to date with their fee, each with the
        weight of its college now, and email them the convocation with the
        agenda."""
        self._check_manager()
        College = self.env["periscope.college"]
        for assembly in self:
            if assembly.state != "draft":
                raise UserError(_("%(assembly)s is already convened.", assembly=assembly.name))
            colleges = College.search(["|", ("company_id", "=", False), ("company_id", "=", assembly.company_id.id)])
            College._check_weights_total(colleges)
            organisations = self.env["res.partner"].search(assembly._convened_domain(colleges))
            if not organisations:
                raise UserError(
                    _("No member organisation is up to date with its fee and in a college: nobody can be convened.")
                )
            assembly._write_convened(colleges, organisations)
            assembly.member_ids._send_convocation()
        return True

    def _write_convened(self, colleges, organisations):
        """The assembly convened: the weight and the number of members of each
        of ``colleges`` now, and the convened ``organisations``."""
        self.ensure_one()
        counts = {
            college: len(organisations.filtered(lambda o, c=college: o.periscope_college_id == c))
            for college in colleges
        }
        # sudo: the administrator's right is checked; the status changes only
        # here
        self.sudo().write(
            {
                "state": "convened",
                "college_line_ids": [Command.clear()]
                + [
                    Command.create(
                        {"college_id": college.id, "weight": college.weight, "member_count": counts[college]}
                    )
                    for college in colleges
                ],
                "member_ids": [
                    Command.create({"partner_id": organisation.id, "college_id": organisation.periscope_college_id.id})
                    for organisation in organisations
                ],
            }
        )

    def _convened_domain(self, colleges):
        return [
            ("is_company", "=", True),
            ("periscope_member_type_id", "!=", False),
            ("periscope_college_id", "in", colleges.ids),
            ("membership_state", "in", UP_TO_DATE_STATES),
        ]

    def action_open_session(self):
        self._check_manager()
        for assembly in self:
            if assembly.state != "convened":
                raise UserError(_("Only a convened assembly opens its session: %(assembly)s.", assembly=assembly.name))
        # sudo: the administrator's right and the status are checked above
        self.sudo().write({"state": "in_session"})
        return True

    def action_close(self):
        """Close the assembly: its open resolutions are closed and counted."""
        self._check_manager()
        for assembly in self:
            if assembly.state != "in_session":
                raise UserError(_("Only an assembly in session is closed: %(assembly)s.", assembly=assembly.name))
        self.resolution_ids.filtered(lambda r: r.state == "open").action_close()
        # sudo: the administrator's right and the status are checked above
        self.sudo().write({"state": "closed"})
        return True

    def action_cancel(self):
        self._check_manager()
        if any(assembly.state == "closed" for assembly in self):
            raise UserError(_("A closed assembly is not cancelled."))
        # sudo: the administrator's right and the status are checked above;
        # the open votes take no ballot any more (periscope.assembly.ballot)
        self.sudo().write({"state": "cancelled"})
        return True

    def _check_manager(self):
        if not (self.env.su or self.env.user.has_group(MANAGER_GROUP)):
            raise AccessError(_("Only a members administrator convenes and runs an assembly."))

    def _quorum_label(self):
        self.ensure_one()
        if self.quorum_basis == "weights":
            return _(
                "%(share)s %% of the weights present or represented, for a quorum of %(quorum)s %%",
                share=self.quorum_share,
                quorum=self.quorum_percent,
            )
        return _(
            "%(count)s organisations present or represented out of %(convened)s "
            "(%(share)s %%), for a quorum of %(quorum)s %%",
            count=self.present_count + self.represented_count,
            convened=self.convened_count,
            share=self.quorum_share,
            quorum=self.quorum_percent,
        )

    def _post_markup(self, lines):
        return Markup("<ul>%s</ul>") % Markup().join(Markup("<li>%s</li>") % line for line in lines)
