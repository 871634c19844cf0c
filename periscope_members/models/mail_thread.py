# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    def _creation_message(self):
        """« Réservation de salle créée », not « Room Booking créé ».

        Without a language in the context (data files at install, crons), Odoo
        writes the « … created » of a new record's chatter in the user's
        language but names the model in English: name it in the user's
        language too."""
        if self.env.lang or not self.env.user.lang:
            return super()._creation_message()
        return super(MailThread, self.with_context(lang=self.env.user.lang))._creation_message()
