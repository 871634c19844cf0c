# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class MailingMailing(models.Model):
    _inherit = "mailing.mailing"

    def _get_recipients(self):
        """A mailing to lists kept in step with the members goes to who is of
        their audience at the time it is sent, not at the night's sync."""
        if self.mailing_model_real == "mailing.contact":
            self.contact_list_ids.filtered("periscope_audience")._periscope_sync()
        return super()._get_recipients()
