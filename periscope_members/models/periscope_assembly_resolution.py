# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from fractions import Fraction

from markupsafe import Markup

from odoo import Command, _, api, fields, models
from odoo.exceptions import AccessError, UserError

from .number_bounds import check_numbers
from .periscope_assembly import FROZEN_STATES, always_writable, lock_rows

# the majority each rule asks of the weighted votes for, out of the votes
# for and against (abstentions are not expressed votes)
MAJORITIES = {"simple": Fraction(1, 2), "two_thirds": Fraction(2, 3)}
# what the server sets, through the buttons and the count of the ballots
RESULT_FIELDS = ("state", "ballot_ids", "result_ids", "adopted", "result_summary")
# what is put to the vote
TEXT_FIELDS = ("assembly_id", "name", "description", "majority", "option_ids")


class PeriscopeAssemblyResolution(models.Model):
    """A resolution put to the vote of an assembly: its options (for,
    against, abstain by default), the ballots of the organisations present
    or represented, and once closed its result by college and in total,
    weighted by the colleges' weights."""

    _name = "periscope.assembly.resolution"
    _description = "Resolution"
    _inherit = ["mail.thread"]
    _order = "assembly_id, sequence, id"

    assembly_id = fields.Many2one(comodel_name="periscope.assembly", required=True, index=True, ondelete="cascade")
    assembly_state = fields.Selection(related="assembly_id.state", string="Status of the assembly")
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Resolution", required=True, tracking=True)
    description = fields.Html()
    majority = fields.Selection(
        selection=[("simple", "Simple majority"), ("two_thirds", "Two-thirds majority")],
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
    result_summary = fields.Char(string="Result", readonly=True, copy=False, tracking=True)
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
            ._read_group([("resolution_id", "in", self.ids)], ["resolution_id"], ["__count"])
        )
        for resolution in self:
            resolution.ballot_count = counts.get(resolution._origin, 0)

    # ------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [check_numbers(self, vals) for vals in vals_list]
        if not self.env.su:
            for vals in vals_list:
                server = {f for f in RESULT_FIELDS if f in vals} - {"state"}
                if server or vals.get("state", "draft") != "draft":
                    raise AccessError(
                        _(
                            "A resolution is created as a draft: its vote is "
                            "opened, closed and counted with its buttons."
                        )
                    )
        resolutions = super().create(vals_list)
        over = resolutions.assembly_id.filtered(lambda a: a.state in FROZEN_STATES)
        if over:
            raise UserError(_("%(assembly)s is over: no resolution is added to it.", assembly=over[0].name))
        return resolutions

    def write(self, vals):
        # the rights first: the rules below tell nothing to whom may not write
        self.check_access("write")
        vals = check_numbers(self, vals)
        changed = {fname for fname in vals if not always_writable(fname)}
        if not changed:
            return super().write(vals)
        self._check_result_open()
        if not self.env.su and changed & set(RESULT_FIELDS):
            raise AccessError(
                _(
                    "The status and the result of a resolution change through its "
                    "buttons: the result is counted from the ballots when the vote "
                    "closes."
                )
            )
        if changed & set(TEXT_FIELDS):
            self._check_options_editable()
        return super().write(vals)

    def _check_options_editable(self):
        """The text and the options of a resolution, whatever changes them,
        are frozen once it is put to the vote: the kinds of the options say
        what adopts it."""
        voted = self.filtered(lambda r: r.state != "draft")
        if voted:
            raise UserError(
                _(
                    "The resolution %(resolution)s is put to the vote: its text and options no longer change.",
                    resolution=voted[0].name,
                )
            )

    def _check_result_open(self):
        """A closed vote is a record: nothing of it changes, whoever asks."""
        closed = self.filtered(lambda r: r.state == "closed")
        if closed:
            raise UserError(
                _(
                    "The vote on %(resolution)s is closed: its text, options, ballots and result no longer change.",
                    resolution=closed[0].name,
                )
            )

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
                raise UserError(_("The vote on %(resolution)s is already open or closed.", resolution=resolution.name))
            if not (assembly.state == "in_session" or (assembly.state == "convened" and assembly.remote_voting)):
                raise UserError(
                    _("The vote opens once the assembly %(assembly)s is in session.", assembly=assembly.name)
                )
            kinds = resolution.option_ids.mapped("kind")
            if "for" not in kinds or "against" not in kinds:
                raise UserError(
                    _(
                        "The resolution %(resolution)s needs an option for and an option against.",
                        resolution=resolution.name,
                    )
                )
        # sudo: the administrator's right and the status are checked above
        self.sudo().write({"state": "open"})
        return True

    def action_close(self):
        """Close the vote and count it: no ballot changes afterwards."""
        if not self:
            return True
        self.assembly_id._check_manager()
        for resolution in self:
            if resolution.state != "open":
                raise UserError(_("Only an open vote is closed: %(resolution)s.", resolution=resolution.name))
        # the votes cast at this moment, in other transactions, are counted or
        # refused: each ballot updates the resolution's row first
        # (periscope.assembly.ballot), and so does the close, before reading
        # the ballots. When a vote committed since this transaction began,
        # this fails with a serialization error and Odoo closes again in a
        # new transaction, which counts it; a vote that comes after waits,
        # then is refused.
        self.env["periscope.assembly.ballot"].flush_model()
        self._lock_votes()
        self.invalidate_recordset(["state", "ballot_ids", "ballot_count"])
        for resolution in self:
            resolution._count_votes()
        # sudo: the administrator's right and the status are checked above;
        # the result is written first, while the vote is still open
        self.sudo().write({"state": "closed"})
        return True

    def _lock_votes(self):
        """Serialise the votes and the close of these resolutions (see
        ``lock_rows``)."""
        lock_rows(self.env, self._table, self.ids)

    def action_vote(self, option, member=None):
        """Vote ``option`` for ``member`` (a convened organisation), by default
        the user's own organisation: as the organisation itself when present
        (or voting from the portal, when the assembly allows it), or as the
        holder of its proxy. Staff record the votes cast in the room. Over
        RPC, ``option`` and ``member`` are ids."""
        self.ensure_one()
        # the caller reads the resolution: an assembly they are convened to
        self.check_access("read")
        option = self._as_record("periscope.assembly.option", option)
        member = None if member is None or member is False else self._as_record("periscope.assembly.member", member)
        return self.env["periscope.assembly.ballot"]._cast_vote(self, option, member)

    def _as_record(self, model, value):
        """``value`` (a record of ``model`` or its id) as a record."""
        if isinstance(value, models.BaseModel):
            if value._name != model:
                raise UserError(_("Choose one of the options of the resolution."))
            return value
        is_id = isinstance(value, int) and not isinstance(value, bool)
        return self.env[model].browse(value if is_id else [])

    # ------------------------------------------------------------ counting
    def _weighted_results(self, votes, colleges):
        """``(results, weighted)``: the rows of the results — each option's
        votes and share in each college, then in total — and each option's
        weighted share. ``votes`` counts the ballots by (college, option);
        the colleges that voted weigh by their weights."""
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
                    {"college_id": college.id, "option_id": option.id, "votes": count, "share": float(share * 100)}
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
        return results, weighted

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
        results, weighted = self._weighted_results(votes, colleges)
        votes_for = sum(w for o, w in weighted.items() if o.kind == "for")
        votes_against = sum(w for o, w in weighted.items() if o.kind == "against")
        expressed = votes_for + votes_against
        needed = MAJORITIES[self.majority]
        if self.majority == "simple":
            adopted = bool(expressed) and votes_for / expressed > needed
        else:
            adopted = bool(expressed) and votes_for / expressed >= needed
        summary = _(
            "%(result)s: %(for)s %% for, %(against)s %% against (weighted, of the votes expressed), %(count)s ballots",
            result=_("Adopted") if adopted else _("Rejected"),
            count=len(ballots),
            **{
                "for": round(float(votes_for / expressed * 100), 2) if expressed else 0,
                "against": round(float(votes_against / expressed * 100), 2) if expressed else 0,
            },
        )
        # sudo: the count is the only writer of the result
        self.sudo().write(
            {
                "result_ids": [Command.clear()] + [Command.create(values) for values in results],
                "adopted": adopted,
                "result_summary": summary,
            }
        )
        self.message_post(body=Markup("<p>%s</p>") % summary)
