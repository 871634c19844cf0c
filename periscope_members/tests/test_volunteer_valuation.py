# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import PeriscopeMembersCase

RATE = "periscope_members.volunteer_hour_rate"


class VolunteerValuationCase(PeriscopeMembersCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].set_param(RATE, "15.50")
        cls.hub_figures = cls.env["periscope.key.figure"].create(
            {
                "partner_id": cls.env.company.partner_id.id,
                # not a year of the demo's figures
                "year": 2019,
                "volunteers": 14,
                "volunteer_hours": 1240.0,
            }
        )


@tagged("post_install", "-at_install")
class TestVolunteerValuationRefused(VolunteerValuationCase):
    """What is refused, on any chart of accounts."""

    def test_only_the_members_administrator_values_the_volunteering(self):
        with self.assertRaisesRegex(AccessError, "members' administrator"):
            self.hub_figures.with_user(self.staff).action_value_volunteering()
        self.assertFalse(self.hub_figures.volunteer_valuation_move_id)

    def test_a_member_organisation_keeps_its_own_books(self):
        figures = self.env["periscope.key.figure"].create(
            {"partner_id": self.org.id, "year": 2025, "volunteer_hours": 300.0}
        )
        self.assertFalse(figures.is_hub)
        self.assertTrue(self.hub_figures.is_hub)
        with self.assertRaisesRegex(UserError, "keeps its own books"):
            figures.with_user(self.manager).action_value_volunteering()

    def test_hours_and_a_rate_are_needed(self):
        self.env["ir.config_parameter"].set_param(RATE, "0")
        with self.assertRaisesRegex(UserError, "hourly value of volunteering"):
            self.hub_figures.with_user(self.manager).action_value_volunteering()
        self.env["ir.config_parameter"].set_param(RATE, "15.50")
        self.hub_figures.volunteer_hours = 0
        with self.assertRaisesRegex(UserError, "volunteer hours"):
            self.hub_figures.with_user(self.manager).action_value_volunteering()

    def test_a_company_without_the_french_chart_is_told_why(self):
        company = self.env["res.company"].create({"name": "Sans plan comptable"})
        self.manager.company_ids |= company
        figures = (
            self.env["periscope.key.figure"]
            .with_company(company)
            .create(
                {"partner_id": company.partner_id.id, "year": 2025, "volunteer_hours": 10.0, "company_id": company.id}
            )
        )
        with self.assertRaisesRegex(UserError, "French chart of accounts"):
            figures.with_user(self.manager).action_value_volunteering()
        self.assertFalse(figures.volunteer_valuation_move_id)

    def test_hours_are_not_negative(self):
        with self.assertRaises(ValidationError):
            self.hub_figures.write({"volunteer_hours": -5})
        self.assertEqual(self.hub_figures.volunteer_hours, 1240.0)


@tagged("post_install", "-at_install", "-standard", "periscope_fr_chart")
class TestVolunteerValuationFrenchChart(VolunteerValuationCase):
    """On Odoo's French chart (the demo database of scripts/test): the
    entry in classes 86 and 87, posted by the accountant, once a year."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        assert cls.env.company.chart_template == "fr"
        cls.accountant = new_test_user(cls.env, login="valuation_accountant", groups="account.group_account_invoice")

    def test_the_hubs_volunteering_is_valued_in_classes_86_and_87(self):
        action = self.hub_figures.with_user(self.manager).action_value_volunteering()
        move = self.hub_figures.volunteer_valuation_move_id
        self.assertEqual((action["res_model"], action["res_id"]), ("account.move", move.id))
        self.assertEqual(move.state, "draft")
        self.assertEqual(move.journal_id.type, "general")
        self.assertEqual(move.date, date(2019, 12, 31))
        self.assertEqual(
            sorted((line.account_id.code, line.debit, line.credit) for line in move.line_ids),
            # 1,240 h at 15.50
            [("864000", 19220.0, 0.0), ("875000", 0.0, 19220.0)],
        )
        self.assertEqual(set(move.line_ids.account_id.mapped("account_type")), {"off_balance"})
        move.with_user(self.accountant).action_post()
        self.assertEqual(move.state, "posted")
        # once a year
        with self.assertRaisesRegex(UserError, "already valued"):
            self.hub_figures.with_user(self.manager).action_value_volunteering()
        # an entry cancelled by the accountant: valued again
        move.with_user(self.accountant).button_draft()
        move.with_user(self.accountant).button_cancel()
        self.hub_figures.with_user(self.manager).action_value_volunteering()
        self.assertNotEqual(self.hub_figures.volunteer_valuation_move_id, move)
        self.assertEqual(self.hub_figures.volunteer_valuation_move_id.amount_total, 19220.0)
