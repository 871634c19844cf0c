# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install", "-standard", "periscope_fr_chart")
class TestFrenchChart(TransactionCase):
    """A company that takes Odoo's French chart gets what the addons add to
    it; run where ``l10n_fr_account`` is installed (the demo database of
    scripts/test)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env["res.company"].create(
            {"name": "Association test", "country_id": cls.env.ref("base.fr").id}
        )
        cls.env.user.company_ids |= cls.company
        cls.chart = cls.env["account.chart.template"].with_company(cls.company)
        cls.chart.try_loading("fr", cls.company, install_demo=False)
        # the company's accounts, as its accountant sees them
        cls.Account = cls.env["account.account"].with_context(allowed_company_ids=cls.company.ids)

    def _taxes(self, xmlid):
        product = self.env.ref(xmlid).with_company(self.company)
        return product.taxes_id.filtered(lambda tax: tax.company_id == self.company)

    def test_the_association_accounts_and_the_training_exemption(self):
        accounts = self.Account.search([("code", "in", ["756000", "861000", "864000", "871000", "875000"])])
        self.assertEqual(
            sorted((a.code, a.account_type) for a in accounts),
            [
                ("756000", "income"),
                ("861000", "off_balance"),
                ("864000", "off_balance"),
                ("871000", "off_balance"),
                ("875000", "off_balance"),
            ],
        )
        exempt = self.chart.ref("periscope_tva_formation_0")
        self.assertEqual((exempt.amount, exempt.type_tax_use), (0.0, "sale"))
        self.assertIn("261-4-4° a", exempt.invoice_legal_notes)

    def test_each_product_gets_its_tax_and_income_account(self):
        expected = {
            "periscope_members.product_membership_permanent_resident": ([], "756000"),
            "periscope_coworking.product_meeting_room_hour": (["20% S"], "708300"),
            "periscope_coworking.product_office_charges": (["20% S"], "708800"),
            "periscope_training.product_training": (["0% EXEMPT Training"], "706000"),
        }
        for xmlid, (taxes, account) in expected.items():
            product = self.env.ref(xmlid).with_company(self.company)
            self.assertEqual(self._taxes(xmlid).mapped("name"), taxes, xmlid)
            self.assertEqual(product.property_account_income_id.code, account, xmlid)

    def test_the_accountants_choice_is_kept_and_nothing_is_doubled(self):
        training = self.env.ref("periscope_training.product_training")
        standard = self.chart.ref("tva_normale_encaissement")
        training.with_company(self.company).taxes_id = [
            Command.unlink(tax.id) for tax in self._taxes(training.get_external_id()[training.id])
        ] + [Command.link(standard.id)]
        count = self.Account.search_count([])
        # as when an addon is installed on an existing French Odoo
        self.env["account.chart.template"]._periscope_load_accounting()
        self.assertEqual(self._taxes("periscope_training.product_training"), standard)
        self.assertEqual(self.Account.search_count([]), count)

    def test_an_existing_french_chart_gets_what_it_lacks(self):
        """The addons installed on a French Odoo whose chart was loaded
        before them: the missing account is created, the product takes it."""
        fee = self.env.ref("periscope_members.product_membership_permanent_resident").with_company(self.company)
        fees = self.chart.ref("periscope_pcg_756")
        self.env["product.template"].with_company(self.company).search(
            [("property_account_income_id", "=", fees.id)]
        ).property_account_income_id = False
        fees.unlink()
        self.assertFalse(self.chart.ref("periscope_pcg_756", raise_if_not_found=False))
        self.env["account.chart.template"]._periscope_load_accounting()
        again = self.chart.ref("periscope_pcg_756")
        self.assertEqual((again.code, again.name), ("756000", "Membership fees"))
        self.assertEqual(fee.property_account_income_id, again)
