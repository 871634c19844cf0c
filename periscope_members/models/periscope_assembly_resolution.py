# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from fractions import Fraction

from markupsafe import Markup

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

# the majority each rule asks of the weighted votes for, out of the votes
# for and against (abstentions are not expressed votes)
MAJORITIES = {"simple": Fraction(1, 2), "two_thirds": Fraction(2, 3)}


class PeriscopeAssemblyResolution(models.Model):
    """A resolution put to the vote of an assembly: its options (for,
    against, abstain by default), the ballots of the organisations present
    or represented, and once closed its result by college and in total,
    weighted by the colleges' weights."""

    _name = "periscope.assembly.resolution"
    _description = "Resolution"
    _inherit = ["mail.thread"]
    _order = "assembly_id, sequence, id"

    assembly_id = fields.Many2one(
        comodel_name="periscope.assembly",
        required=True,
        index=True,
        ondelete="cascade",
    )
    assembly_state = fields.Selection(
        related="assembly_id.state", string="Status of the assembly"
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Resolution", required=True, tracking=True)
    description = fields.Html()
    majority = fields.Selection(
        selection=[
            ("simple", "Simple majority"),
            ("two_thirds", "Two-thirds majority"),
        ],
        required=True,
        default="simple",
        tracking=True,
        help="The share of the weighted votes for, out of the votes for and "
        "against, that adopts the resolution: more than half (simple), at least "
        "two thirds. Abstentions are not counted.",
    )
    state = fields.Selection(
        selection=[("draft", "Draft"), ("open", "Open"), ("closed", "Closed")],
        string="Status",
        default="draft",
        required=True,
        copy=False,
        tracking=True,
    )
    option_ids = fields.One2many(
        comodel_name="periscope.assembly.option",
        inverse_name="resolution_id",
        string="Options",
        copy=True,
        default=lambda self: self._default_options(),
    )
    ballot_ids = fields.One2many(
        comodel_name="periscope.assembly.ballot",
        inverse_name="resolution_id",
        string="Ballots",
        readonly=True,
        copy=False,
    )
    ballot_count = fields.Integer(string="Votes", compute="_compute_ballot_count")
    result_ids = fields.One2many(
        comodel_name="periscope.assembly.result",
        inverse_name="resolution_id",
        string="Results",
        readonly=True,
        copy=False,
    )
    adopted = fields.Boolean(readonly=True, copy=False, tracking=True)
    result_summary = fields.Char(
        string="Result", readonly=True, copy=False, tracking=True
    )
    company_id = fields.Many2one(related="assembly_id.company_id", store=True)

    @api.model
    def _default_options(self):
        return [
            Command.create({"name": _("For"), "kind": "for", "sequence": 1}),
            Command.create({"name": _("Against"), "kind": "against", "sequence": 2}),
            Command.create({"name": _("Abstain"), "kind": "abstain", "sequence": 3}),
        ]

    def _compute_ballot_count(self):
        counts = dict(
            self.env["periscope.assembly.ballot"]
            .sudo()
            ._read_group(
                [("resolution_id", "in", self.ids)], ["resolution_id"], ["__count"]
            )
        )
        for resolution in self:
            resolution.ballot_count = counts.get(resolution._origin, 0)

    # ------------------------------------------------------------ CRUD
    def write(self, vals):
        if set(vals) - {
            "state",
            "adopted",
            "result_summary",
            "result_ids",
            "message_main_attachment_id",
        }:
            closed = self.filtered(lambda r: r.state != "draft")
            if closed and set(vals) & {"name", "description", "majority", "option_ids"}:
                raise UserError(
                    _(
                        "The resolution %(resolution)s is put to the vote: its "
                        "text and options no longer change.",
                        resolution=closed[0].name,
                    )
                )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_voted(self):
        if any(resolution.state != "draft" for resolution in self):
            raise UserError(_("A resolution put to the vote is not deleted."))

    # ------------------------------------------------------------ actions
    def action_open(self):
        """Open the vote: the assembly is in session (or convened, for a vote
        from the portal before the meeting, when it allows remote voting)."""
        self.assembly_id._check_manager()
        for resolution in self:
            assembly = resolution.assembly_id
            if resolution.state != "draft":
                raise UserError(
                    _(
                        "The vote on %(resolution)s is already open or closed.",
                        resolution=resolution.name,
                    )
                )
            if not (
                assembly.state == "in_session"
                or (assembly.state == "convened" and assembly.remote_voting)
            ):
                raise UserError(
                    _(
                        "The vote opens once the assembly %(assembly)s is in session.",
                        assembly=assembly.name,
                    )
                )
            kinds = resolution.option_ids.mapped("kind")
            if "for" not in kinds or "against" not in kinds:
                raise UserError(
                    _(
                        "The resolution %(resolution)s needs an option for and an "
                        "option against.",
                        resolution=resolution.name,
                    )
                )
        self.write({"state": "open"})
        return True

    def action_close(self):
        """Close the vote and count it: no ballot changes afterwards."""
        if not self:
            return True
        self.assembly_id._check_manager()
        for resolution in self:
            if resolution.state != "open":
                raise UserError(
                    _(
                        "Only an open vote is closed: %(resolution)s.",
                        resolution=resolution.name,
                    )
                )
        # lock the ballots against a vote committed at the same moment
        self.env["periscope.assembly.ballot"].flush_model()
        self.env.cr.execute(
            SQL(
                "SELECT id FROM periscope_assembly_resolution"
                " WHERE id IN %s FOR UPDATE",
                tuple(self.ids),
            )
        )
        self.write({"state": "closed"})
        for resolution in self:
            resolution._count_votes()
        return True

    def action_vote(self, option, member=None):
        """Vote ``option`` for ``member`` (a convened organisation), by default
        the user's own organisation: as the organisation itself when present
        (or voting from the portal, when the assembly allows it), or as the
        holder of its proxy. Staff record the votes cast in the room."""
        self.ensure_one()
        return self.env["periscope.assembly.ballot"]._cast(self, option, member)

    # ------------------------------------------------------------ counting
    def _count_votes(self):
        """The results by college and in total: in each college, the share of
        each option among its ballots; in total, the colleges' shares weighted
        by their weights (of the colleges that voted). Adopted when the
        weighted votes for reach the majority of the votes for and against."""
        self.ensure_one()
        assembly = self.assembly_id
        # sudo: the administrator counts every ballot
        ballots = self.sudo().ballot_ids
        colleges = assembly.college_line_ids
        votes = {}
        for ballot in ballots:
            key = (ballot.college_id, ballot.option_id)
            votes[key] = votes.get(key, 0) + 1
        weights = {line.college_id: Fraction(str(line.weight)) for line in colleges}
        voting = [c for c in weights if any(k[0] == c for k in votes)]
        total_weight = sum((weights[c] for c in voting), Fraction(0))
        results = []
        weighted = {option: Fraction(0) for option in self.option_ids}
        for college, weight in weights.items():
            cast = sum(n for (c, __), n in votes.items() if c == college)
            for option in self.option_ids:
                count = votes.get((college, option), 0)
                share = Fraction(count, cast) if cast else Fraction(0)
                if cast and total_weight:
                    weighted[option] += share * weight / total_weight
                results.append(
                    {
                        "college_id": college.id,
                        "option_id": option.id,
                        "votes": count,
                        "share": float(share * 100),
                    }
                )
        for option in self.option_ids:
            results.append(
                {
                    "college_id": False,
                    "option_id": option.id,
                    "votes": sum(n for (__, o), n in votes.items() if o == option),
                    "share": float(weighted[option] * 100),
                }
            )
        votes_for = sum(w for o, w in weighted.items() if o.kind == "for")
        votes_against = sum(w for o, w in weighted.items() if o.kind == "against")
        expressed = votes_for + votes_against
        needed = MAJORITIES[self.majority]
        if self.majority == "simple":
            adopted = bool(expressed) and votes_for / expressed > needed
        else:
            adopted = bool(expressed) and votes_for / expressed >= needed
        summary = _(
            "%(result)s: %(for)s %% for, %(against)s %% against (weighted, of the "
            "votes expressed), %(count)s ballots",
            result=_("Adopted") if adopted else _("Rejected"),
            count=len(ballots),
            **{
                "for": round(float(votes_for / expressed * 100), 2) if expressed else 0,
                "against": round(float(votes_against / expressed * 100), 2)
                if expressed
                else 0,
            },
        )
        self.write(
            {
                "result_ids": [Command.clear()]
                + [Command.create(values) for values in results],
                "adopted": adopted,
                "result_summary": summary,
            }
        )
        self.message_post(body=Markup("<p>%s</p>") % summary)
