# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import AccessError


class PeriscopeAssemblyResult(models.Model):
    """The result of a closed vote for one option: in a college (its votes
    and their share of the college's ballots) or in total (the votes, and the
    share weighted by the colleges' weights)."""

    _name = "periscope.assembly.result"
    _description = "Vote Result"
    _order = "resolution_id, college_sequence, option_sequence, id"

    resolution_id = fields.Many2one(
        comodel_name="periscope.assembly.resolution", required=True, index=True, ondelete="cascade"
    )
    assembly_id = fields.Many2one(related="resolution_id.assembly_id", store=True, index=True)
    college_id = fields.Many2one(
        comodel_name="periscope.college", ondelete="restrict", help="Empty for the weighted total."
    )
    college_sequence = fields.Integer(compute="_compute_sequences", store=True)
    option_id = fields.Many2one(comodel_name="periscope.assembly.option", required=True, ondelete="cascade")
    option_sequence = fields.Integer(related="option_id.sequence", store=True)
    votes = fields.Integer()
    share = fields.Float(
        string="Share (%)",
        digits=(5, 2),
        help="In a college, the share of its ballots; in total, the share weighted by the colleges' weights.",
    )

    @api.depends("college_id.sequence")
    def _compute_sequences(self):
        for result in self:
            # the total comes after the colleges
            result.college_sequence = result.college_id.sequence if result.college_id else 10**6

    # ------------------------------------------------------------ CRUD
    # the result is written by the count of the ballots only (as superuser,
    # when the vote closes), and never once it is closed
    @api.model_create_multi
    def create(self, vals_list):
        self._check_counting()
        results = super().create(vals_list)
        results.resolution_id._check_result_open()
        return results

    def write(self, vals):
        # the rights first: the rules below tell nothing to whom may not write
        self.check_access("write")
        self._check_counting()
        self.resolution_id._check_result_open()
        res = super().write(vals)
        self.resolution_id._check_result_open()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_closed(self):
        self._check_counting()
        self.resolution_id._check_result_open()

    def _check_counting(self):
        if not self.env.su:
            raise AccessError(_("The result of a vote is counted from its ballots, not written."))
