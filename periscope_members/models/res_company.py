# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command, api, models


class ResCompany(models.Model):
    _inherit = "res.company"

    @api.model
    def _periscope_demo_company_books(self, company_xmlid="base.main_company"):
        """The books of the demo hub, before the demo invoices its members.

        Installing ``account`` on a company in France brings Odoo's French
        chart (``l10n_fr_account``), which Odoo loads only once every module
        of the run is installed; the demo's membership invoices come before
        that, so the company's chart (the country's, guessed by Odoo) is
        loaded here, with Odoo's own demo entries, when it has none yet. The
        company keeps its currency once it has journal items (Odoo refuses
        the change); otherwise it takes its country's (euros in France).
        Called by the demo data only."""
        company = self.env.ref(company_xmlid)
        if not company.chart_template:
            self.env["account.chart.template"].try_loading(False, company, install_demo=True)
        currency = company.country_id.currency_id
        if currency and company.currency_id != currency and not company._existing_accounting():
            currency.active = True
            company.currency_id = currency
        # the localisation's own demo company (« FR Company ») is not the
        # hub's: out of the users' company switcher, archived
        code = (company.country_id.code or "").lower()
        other = code and self.env.ref(f"base.demo_company_{code}", raise_if_not_found=False)
        if other and other != company:
            users = (
                self.env["res.users"]
                .with_context(active_test=False)
                .search([("company_ids", "in", other.ids), ("company_id", "!=", other.id)])
            )
            users.write({"company_ids": [Command.unlink(other.id)]})
            other.active = False
        if "siret" in company._fields and not company.siret:
            # l10n_fr's field, which Factur-X prefers to the company registry
            company.siret = company.company_registry
        return company.chart_template
