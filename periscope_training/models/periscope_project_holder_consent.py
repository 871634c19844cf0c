# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError


class PeriscopeProjectHolderConsent(models.Model):
    """The history of a project holder's consent to share their data with
    the support structures: each consent given or withdrawn, when, recorded
    by whom, and the version of the text read to them. Written only by the
    project holder's consent buttons; nobody changes or deletes it."""

    _name = "periscope.project.holder.consent"
    _description = "Consent of a Project Holder"
    _order = "date desc, id desc"

    project_holder_id = fields.Many2one(
        comodel_name="periscope.project.holder", required=True, readonly=True, index=True, ondelete="cascade"
    )
    kind = fields.Selection(
        selection=[("given", "Given"), ("withdrawn", "Withdrawn")], string="Consent", required=True, readonly=True
    )
    date = fields.Datetime(required=True, readonly=True)
    user_id = fields.Many2one(comodel_name="res.users", string="Recorded by", readonly=True)
    version = fields.Char(string="Text version", readonly=True)
    company_id = fields.Many2one(related="project_holder_id.company_id", store=True, index=True)

    def write(self, vals):
        if vals:
            # who may not write at all is told so first
            self.check_access("write")
            raise UserError(_("The history of a consent is never changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(_("The history of a consent is never deleted."))
