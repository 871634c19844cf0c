# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models
from odoo.exceptions import UserError


class AccountJournal(models.Model):
    _inherit = "account.journal"

    @api.model
    def _periscope_journal(self, company, journal_type, missing_message):
        """The first journal of ``journal_type`` ("sale", "purchase", "general") of
        ``company``, for the drafts the hub's runs prepare; ``missing_message``
        (translated by the caller) is raised when there is none."""
        # sudo: the runs make their drafts with sudo, reading the journal is
        # part of them, whoever starts the run
        journal = self.sudo().search([*self._check_company_domain(company), ("type", "=", journal_type)], limit=1)
        if not journal:
            raise UserError(missing_message)
        return journal
