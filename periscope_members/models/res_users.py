# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging

from odoo import Command, api, models

_logger = logging.getLogger(__name__)


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.model
    def _periscope_drop_old_contact_creation(self, group_xmlid="periscope_members.group_periscope_members_user"):
        """Before 18.0.1.1.0 the members' User group implied Odoo's Contact
        Creation, which lets a user change any contact's e-mail (and so take
        over its login); so did the coworking's User group once the training
        addon was installed, before its 18.0.1.1.0. Upgraded databases kept it
        on every staff member: remove it from the users of the group
        ``group_xmlid`` to whom none of their other groups gives it,
        administrators apart. Returns the users who lost it, each logged so
        that an administrator can give it back on purpose."""
        partner_manager = self.env.ref("base.group_partner_manager")
        group = self.env.ref(group_xmlid)
        dropped = self.browse()
        for user in group.with_context(active_test=False).users:
            if partner_manager not in user.groups_id or user._is_system():
                continue
            if partner_manager in (user.groups_id - partner_manager).trans_implied_ids:
                continue
            dropped |= user
        if dropped:
            dropped.write({"groups_id": [Command.unlink(partner_manager.id)]})
            for user in dropped:
                _logger.info("Contact Creation removed from %s (it came with %s)", user.login, group.full_name)
        return dropped
