# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models


class PeriscopeTrainingBpfIssue(models.Model):
    """What a computed BPF lacks or gets wrong: a consistency check of the
    form that fails, or data missing to fill it; it opens the records at
    fault."""

    _name = "periscope.training.bpf.issue"
    _description = "Training BPF Check"
    _order = "bpf_id, severity desc, sequence, id"

    bpf_id = fields.Many2one(
        comodel_name="periscope.training.bpf", string="BPF", required=True, index=True, ondelete="cascade"
    )
    sequence = fields.Integer()
    severity = fields.Selection(
        selection=[("missing", "Missing data"), ("inconsistency", "Failed check")], required=True
    )
    name = fields.Text(string="Issue", required=True)
    res_model = fields.Char(string="Model")
    res_domain = fields.Json(string="Records")

    # ------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        self.env["periscope.training.bpf"].browse(
            {vals.get("bpf_id") for vals in vals_list} - {False, None}
        )._check_draft()
        return super().create(vals_list)

    def write(self, vals):
        # a declared BPF's checks no longer change, nor move to it
        bpfs = self.bpf_id
        if vals.get("bpf_id"):
            bpfs |= bpfs.browse(vals["bpf_id"])
        bpfs._check_draft()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_declared(self):
        self.bpf_id._check_draft()

    # ------------------------------------------------------------ actions
    def action_open_records(self):
        self.ensure_one()
        self.check_access("read")
        if not self.res_model:
            return False
        return {
            "type": "ir.actions.act_window",
            "name": _("To check for %(bpf)s", bpf=self.bpf_id.name),
            "res_model": self.res_model,
            "view_mode": "list,form",
            "views": [(False, "list"), (False, "form")],
            "domain": self.res_domain or [],
            "context": {"active_test": False, "create": False},
        }
