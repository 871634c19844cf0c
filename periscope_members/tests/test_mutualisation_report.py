# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64

from odoo.tests import tagged

from .common import PeriscopeMembersCase

YEAR = 2013


@tagged("post_install", "-at_install")
class TestMutualisationReport(PeriscopeMembersCase):
    """The year's mutualisation in the hub's key-figure report: Coop'Action
    (``org``) and Caracole (``other_org``) share and lend staff in 2013, a
    year no demo data uses."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.third_org = cls._make_organisation("BGE Sud-Ouest (test)", cls.PERMANENT_RESIDENT)
        cls._share(YEAR)
        cls._lend(YEAR)
        cls.report = cls.env["periscope.key.figure.report"].with_user(cls.staff).create({"year": YEAR})

    @classmethod
    def _share(cls, year):
        """Coop'Action publishes an offer and a need, Caracole an offer;
        Caracole and BGE ask for Coop'Action's offer: both agreed, one done."""
        Offer = cls.env["periscope.sharing.offer"]
        offers = Offer.create(
            [
                {"name": "Comptabilité (test)", "kind": "offer", "category": "skills", "partner_id": cls.org.id},
                {"name": "Camion (test)", "kind": "need", "category": "equipment", "partner_id": cls.org.id},
                {"name": "Salle (test)", "kind": "offer", "category": "premises", "partner_id": cls.other_org.id},
            ]
        )
        offers.action_publish()
        offers.write({"date_published": f"{year}-03-01 10:00:00"})
        requests = cls.env["periscope.sharing.request"].create(
            [
                {"offer_id": offers[0].id, "partner_id": org.id, "message": "Oui"}
                for org in (cls.other_org, cls.third_org)
            ]
        )
        requests.action_agree("D'accord")
        requests[0].action_done()
        requests.write({"date_answered": f"{year}-04-01 10:00:00"})
        requests[0].write({"date_done": f"{year}-05-01 10:00:00"})

    @classmethod
    def _lend(cls, year):
        cls.person.periscope_monthly_hours = 151.67
        loan = cls.env["periscope.staff.loan"].create(
            {
                "name": "Coordination (test)",
                "lender_id": cls.org.id,
                "borrower_id": cls.other_org.id,
                "employee_id": cls.person.id,
                "date_start": f"{year}-01-01",
                "date_end": f"{year}-12-31",
                "hours_per_month": 35.0,
                "cost_price": 30.0,
                "hourly_rate": 30.0,
            }
        )
        loan.action_activate()
        months = loan.month_ids.sorted("month")
        months[:2].write({"state": "validated", "hours": 12.25})
        months[2].write({"state": "declared", "hours": 30.0})

    def test_the_figures_by_organisation_and_for_the_hub(self):
        figures = {figure["name"]: figure for figure in self.report._mutualisation_figures()}
        org, other, third = self.org.id, self.other_org.id, self.third_org.id
        self.assertEqual(figures["offers"]["by_partner"], {org: 1, other: 1})
        self.assertEqual(figures["needs"]["by_partner"], {org: 1})
        self.assertEqual(figures["agreed"]["by_partner"], {org: 2, other: 1, third: 1})
        self.assertEqual(figures["agreed"]["total"], 2, "an exchange counts once for the hub")
        self.assertEqual(figures["done"]["by_partner"], {org: 1, other: 1})
        self.assertEqual(figures["done"]["total"], 1)
        self.assertEqual(figures["staff_hours_lent"]["by_partner"], {org: 24.5}, "validated months only")
        self.assertEqual(figures["staff_hours_received"]["by_partner"], {other: 24.5})
        self.assertEqual(figures["staff_hours_lent"]["total"], 24.5)
        last_year = self.env["periscope.key.figure.report"].create({"year": YEAR - 1})
        self.assertEqual({figure["total"] for figure in last_year._mutualisation_figures()}, {0})

    def test_the_pdf_and_the_csv_show_them(self):
        html = (
            self.env["ir.actions.report"]
            .with_user(self.staff)
            .with_context(lang="en_US")
            ._render_qweb_html("periscope_members.action_report_hub_key_figures", self.report.ids)[0]
            .decode()
        )
        self.assertIn(f"Mutualisation — {YEAR}", html)
        self.assertIn("Staff hours lent", html)
        self.assertIn("24.50", html)
        action = self.report.action_download_csv()
        attachment = self.env["ir.attachment"].browse(int(action["url"].split("/")[3].split("?")[0]))
        lines = base64.b64decode(attachment.datas).decode("utf-8-sig").strip().splitlines()
        # the first columns: the other addons add theirs after
        for row in (
            "Coop'Action (test);Permanent resident;1;1;2;1;24.5;0",
            "Caracole (test);Occasional resident;1;0;1;1;0;24.5",
            "BGE Sud-Ouest (test);Permanent resident;0;0;1;0;0;0",
            "Total;;2;1;2;1;24.5;24.5",
        ):
            self.assertTrue(any(line.startswith(row) for line in lines), row)
        # the mutualisation's total, then the hub as a showcase
        showcase = next(index for index, line in enumerate(lines) if line.startswith("The hub as a showcase"))
        self.assertTrue(lines[showcase - 2].startswith("Total;;2;1;2;1;24.5;24.5"))

    def test_the_queries_do_not_grow_with_the_exchanges(self):
        few, _result = self.queries_of(self.report._mutualisation_table)
        self._share(YEAR)
        self._share(YEAR)
        many, _result = self.queries_of(self.report._mutualisation_table)
        self.assertQueriesDoNotGrow(few, many, "exchanges")
