# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command, api, models

RECEPTION_GROUP = "periscope_coworking.group_periscope_coworking_user"


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.model
    def _periscope_drop_reception_contact_creation(self):
        """Before 18.0.1.1.0 the training addon made the coworking's User
        group (the reception) imply Odoo's Contact Creation: its users could
        change any contact's e-mail, and so take over a member's login. The
        group gives it no more; its users to whom nothing else gives it lose
        it (administrators apart, each removal logged). Returns them."""
        partner_manager = self.env.ref("base.group_partner_manager")
        reception = self.env.ref(RECEPTION_GROUP)
        if partner_manager in reception.implied_ids:
            reception.implied_ids = [Command.unlink(partner_manager.id)]
        return self._periscope_drop_old_contact_creation(RECEPTION_GROUP)
