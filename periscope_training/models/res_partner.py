# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, fields, models
from odoo.exceptions import AccessError, ValidationError


class ResPartner(models.Model):
    _inherit = "res.partner"

    periscope_support_structure = fields.Boolean(
        string="Support structure",
        help="The organisation supports creators of businesses (BGE, a business "
        "incubator, a cooperative of activity and employment…): the reception "
        "refers project holders to it.",
    )
    periscope_pathway_count = fields.Integer(
        string="Pathways",
        compute="_compute_periscope_pathway_count",
        groups="periscope_training.group_periscope_training_user",
    )

    def _check_periscope_support_structure(self):
        for partner in self:
            if not partner.periscope_support_structure:
                raise ValidationError(
                    _(
                        "%(structure)s is not a support structure of the hub: "
                        "project holders are referred to support structures only.",
                        structure=partner.name,
                    )
                )

    def _compute_periscope_pathway_count(self):
        counts = dict(
            self.env["periscope.training.pathway"]._read_group(
                [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.periscope_pathway_count = counts.get(partner._origin, 0)

    def action_view_periscope_pathway(self):
        """The entrepreneur's pathway, or a new one for them."""
        self.ensure_one()
        if not (
            self.env.su
            or self.env.user.has_group(
                "periscope_training.group_periscope_training_user"
            )
        ):
            raise AccessError(_("Only the training staff follow the pathways."))
        pathways = self.env["periscope.training.pathway"].search(
            [("partner_id", "=", self.id)]
        )
        action = {
            "type": "ir.actions.act_window",
            "name": _("Pathway"),
            "res_model": "periscope.training.pathway",
            "context": {"default_partner_id": self.id},
        }
        if len(pathways) == 1:
            action.update(view_mode="form", views=[(False, "form")], res_id=pathways.id)
        else:
            action.update(
                view_mode="list,form",
                views=[(False, "list"), (False, "form")],
                domain=[("partner_id", "=", self.id)],
            )
        return action
