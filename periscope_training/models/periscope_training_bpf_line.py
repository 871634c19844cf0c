# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from odoo.addons.periscope_members.models.number_bounds import check_numbers

from .periscope_training_bpf import TOTAL_LINES


class PeriscopeTrainingBpfLine(models.Model):
    """A line of the BPF form, with its figure: an amount (section C), a
    number of people and their hours (sections E and F)."""

    _name = "periscope.training.bpf.line"
    _description = "Training BPF Line"
    _order = "bpf_id, sequence, id"

    bpf_id = fields.Many2one(
        comodel_name="periscope.training.bpf", string="BPF", required=True, index=True, ondelete="cascade"
    )
    sequence = fields.Integer()
    section = fields.Selection(
        selection=[
            ("c", "C. Origin of the income from professional training"),
            ("e", "E. People who gave training"),
            ("f1", "F-1. Kinds of trainees"),
            ("f3", "F-3. General objective of the training"),
            ("f4", "F-4. Specialities of training"),
        ],
        required=True,
    )
    line = fields.Selection(
        selection=[
            ("C-1", "Companies, for the training of their employees"),
            ("C-2 a", "Apprenticeship contracts"),
            ("C-2 b", "Professionalisation contracts"),
            ("C-2 c", "Retraining or promotion by work-study (Pro-A)"),
            ("C-2 d", "Professional transition projects"),
            ("C-2 e", "Personal training account (CPF)"),
            ("C-2 f", "Specific schemes for job seekers"),
            ("C-2 g", "Specific schemes for self-employed workers"),
            ("C-2 h", "Skills development plan or other schemes"),
            ("C-2", ("Bodies managing the funds of professional training (OPCO, Caisse des dépôts…): total of a to h")),
            ("C-3", "Public authorities, for the training of their staff"),
            ("C-4", "European institutions or funds"),
            ("C-5", "The State"),
            ("C-6", "Regional councils"),
            ("C-7", "France Travail"),
            ("C-8", "Other public funds"),
            ("C-9", "Individuals at their own expense"),
            ("C-10", "Other training organisations"),
            ("C-11", "Other income from professional training"),
            ("C-total", "Total income from professional training"),
            ("E-internal", "People of the organisation"),
            ("E-external", "People outside the organisation (subcontracting)"),
            ("E-total", "Total of the people who gave training"),
            ("F-1 a", "Employees of private employers, apprentices excepted"),
            ("F-1 b", "Apprentices"),
            ("F-1 c", "Job seekers"),
            ("F-1 d", "Individuals at their own expense"),
            ("F-1 e", "Other trainees"),
            ("F-1 total", "Total of the trainees"),
            ("F-3 a", ("Training towards a diploma, a title or a certificate registered in the RNCP")),
            ("F-3 a 6-8", "of which level 6 to 8 (bachelor, master, doctorate)"),
            ("F-3 a 5", "of which level 5 (bac + 2)"),
            ("F-3 a 4", "of which level 4 (baccalauréat)"),
            ("F-3 a 3", "of which level 3 (CAP, BEP)"),
            ("F-3 a 2", "of which level 2"),
            ("F-3 a cqp", "of which CQP without a level of qualification"),
            (
                "F-3 b",
                ("Training towards a certification or an authorisation registered in the specific register (RS)"),
            ),
            ("F-3 c", "Training towards a CQP registered in neither the RNCP nor the RS"),
            ("F-3 d", "Other professional training"),
            ("F-3 e", "Skills assessments"),
            ("F-3 f", "Support to the validation of prior experience (VAE)"),
            ("F-3 total", "Total of the general objectives"),
            ("F-4", "Speciality"),
            ("F-4 others", "Other specialities"),
            ("F-4 total", "Total of the specialities"),
        ],
        required=True,
    )
    code = fields.Char(compute="_compute_label")
    name = fields.Char(string="Label", compute="_compute_label")
    nsf_code = fields.Char(string="NSF code")
    nsf_label = fields.Char(string="NSF speciality")
    is_total = fields.Boolean(compute="_compute_label")
    currency_id = fields.Many2one(related="bpf_id.currency_id")
    trainee_count = fields.Integer(string="Number")
    hours = fields.Float()
    amount = fields.Monetary()

    @api.depends("line", "nsf_code", "nsf_label")
    def _compute_label(self):
        labels = dict(self._fields["line"]._description_selection(self.env))
        for line in self:
            if line.line == "F-4":
                line.code = line.nsf_code
                line.name = line.nsf_label or labels["F-4"]
            else:
                key = line.line or ""
                line.code = "" if key.endswith("total") or key == "F-4 others" else key
                line.name = labels.get(line.line, "")
            line.is_total = line.line in TOTAL_LINES or line.line == "F-4 total"

    # ------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            check_numbers(self, vals, in_place=True)
        self.env["periscope.training.bpf"].browse(
            {vals.get("bpf_id") for vals in vals_list} - {False, None}
        )._check_draft()
        return super().create(vals_list)

    def write(self, vals):
        check_numbers(self, vals, in_place=True)
        # a declared BPF's figures no longer change, nor move to it
        bpfs = self.bpf_id
        if vals.get("bpf_id"):
            bpfs |= bpfs.browse(vals["bpf_id"])
        bpfs._check_draft()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_declared(self):
        self.bpf_id._check_draft()
