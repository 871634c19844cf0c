# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command, api, models

from odoo.addons.account.models.chart_template import template

# The training mention an invoice exempt from VAT must carry (CGI, art. 242
# nonies A): the training organisation's exemption.
TRAINING_EXEMPTION_NOTE = (
    "<p>Exonération de TVA : formation professionnelle continue, article 261-4-4° a du Code général des impôts.</p>"
)


class AccountChartTemplate(models.AbstractModel):
    """What an association adds to Odoo's French chart (``l10n_fr_account``).

    The Plan comptable général lacks the accounts of the associations'
    regulation (ANC 2018-06): membership fees (756) and the voluntary
    contributions in kind (classes 86 and 87, off balance). Its taxes lack
    the exemption of continuing vocational training with its legal mention.
    They are added to the ``fr`` template, so that they are created with the
    chart, and by :meth:`_periscope_load_accounting` on a company whose
    chart was loaded before the addons. Each addon then gives its products
    their tax and income account (:meth:`_periscope_product_accounting`)."""

    _inherit = "account.chart.template"

    @template("fr", "account.account")
    def _get_periscope_fr_account_account(self):
        return {
            "periscope_pcg_756": {
                "name": "Membership fees",
                "name@fr": "Cotisations",
                "code": "756000",
                "account_type": "income",
            },
            "periscope_pcg_864": {
                "name": "Volunteer staff",
                "name@fr": "Personnel bénévole",
                "code": "864000",
                "account_type": "off_balance",
            },
            "periscope_pcg_875": {
                "name": "Volunteering",
                "name@fr": "Bénévolat",
                "code": "875000",
                "account_type": "off_balance",
            },
            "periscope_pcg_861": {
                "name": "Goods made available free of charge",
                "name@fr": "Mise à disposition gratuite de biens",
                "code": "861000",
                "account_type": "off_balance",
            },
            "periscope_pcg_871": {
                "name": "Services in kind",
                "name@fr": "Prestations en nature",
                "code": "871000",
                "account_type": "off_balance",
            },
        }

    @template("fr", "account.tax")
    def _get_periscope_fr_account_tax(self):
        base_tags = {"invoice": "+E2", "refund": "-E2"}
        taxes = {
            "periscope_tva_formation_0": {
                "name": "0% EXEMPT Training",
                "name@fr": "0% EXO Formation",
                "description": "0% exempt, vocational training",
                "description@fr": "0% exonérée, formation professionnelle",
                "invoice_label": "Exempt VAT (training)",
                "invoice_label@fr": "TVA exonérée (formation)",
                "amount": 0.0,
                "amount_type": "percent",
                "sequence": 11,
                "type_tax_use": "sale",
                "tax_scope": "service",
                "tax_group_id": "tax_group_tva_0",
                "tax_exigibility": "on_invoice",
                "invoice_legal_notes": TRAINING_EXEMPTION_NOTE,
                "repartition_line_ids": [
                    Command.create(
                        {
                            "document_type": document_type,
                            "repartition_type": repartition_type,
                            "tag_ids": tag if repartition_type == "base" else False,
                        }
                    )
                    for document_type, tag in base_tags.items()
                    for repartition_type in ("base", "tax")
                ],
            }
        }
        # the French tax report's line E2 (other non-taxable operations), as
        # Odoo's own exempt services tax
        self._deref_account_tags("fr", taxes)
        return taxes

    @api.model
    def _periscope_product_accounting(self, template_code):
        """``{product xmlid: (sale tax xmlid or False, income account xmlid)}``
        for the products of the addons on the chart ``template_code`` (the
        template's xmlids). Membership fees are outside the scope of VAT."""
        if template_code != "fr":
            return {}
        membership = (False, "periscope_pcg_756")
        return {
            "periscope_members.product_membership_permanent_resident": membership,
            "periscope_members.product_membership_occasional_resident": membership,
            "periscope_members.product_membership_associated_partner": membership,
            # staff lent at cost: no VAT (a loan without profit), 708400
            "periscope_members.product_staff_loan": (False, "pcg_7084"),
        }

    def _post_load_data(self, template_code, company, template_data):
        result = super()._post_load_data(template_code, company, template_data)
        self.with_company(company or self.env.company)._periscope_set_product_accounting(template_code)
        return result

    def _periscope_set_product_accounting(self, template_code):
        """Give the addons' products of the current company their tax and
        income account from the chart ``template_code``, once: a tax the
        accountant chose for the company is kept."""
        company = self.env.company
        for xmlid, (tax_ref, account_ref) in self._periscope_product_accounting(template_code).items():
            product = self.env.ref(xmlid, raise_if_not_found=False)
            if not product:
                continue
            product = product.with_company(company)
            company_taxes = product.taxes_id.filtered(lambda tax: tax.company_id == company)
            tax = self.ref(tax_ref, raise_if_not_found=False) if tax_ref else False
            if not company_taxes or company_taxes == self._periscope_default_sale_tax():
                product.taxes_id = (product.taxes_id - company_taxes) | (tax or company_taxes[:0])
            account = self.ref(account_ref, raise_if_not_found=False)
            if account and not product.property_account_income_id:
                product.property_account_income_id = account

    def _periscope_default_sale_tax(self):
        """The company's default sale tax, which Odoo puts on every product
        created while the chart is there: not a choice of the accountant."""
        return self.env.company.account_sale_tax_id

    @api.model
    def _periscope_load_accounting(self):
        """On the companies whose chart was loaded before the addons (an
        existing French Odoo): the accounts and taxes above, and the
        products' accounting. Called by the addons' install hooks."""
        companies = self.env["res.company"].search([("chart_template", "!=", False)], order="parent_path")
        for company in companies:
            chart = self.with_company(company)
            template_code = company.chart_template
            data = {
                model: chart._periscope_template_data(template_code, model)
                for model in ("account.account", "account.tax")
            }
            data = {model: values for model, values in data.items() if values}
            if data:
                chart._load_data(data)
                chart._load_translations(companies=company, template_data=data)
            chart._periscope_set_product_accounting(template_code)

    def _periscope_template_data(self, template_code, model):
        if template_code != "fr":
            return {}
        if model == "account.account":
            values = self._get_periscope_fr_account_account()
        else:
            values = self._get_periscope_fr_account_tax()
        # what the company has already (a second addon installed later)
        return {xmlid: vals for xmlid, vals in values.items() if not self.ref(xmlid, raise_if_not_found=False)}
