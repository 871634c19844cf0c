# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import PeriscopeMembersCase


@tagged("post_install", "-at_install")
@freeze_time("2026-03-02 09:00:00")
class TestHubReport(PeriscopeMembersCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        KeyFigure = cls.env["periscope.key.figure"]
        # years no demo data uses
        KeyFigure.create(
            [
                {"partner_id": cls.org.id, "year": 2012, "fte": 30.5, "users": 8000},
                {"partner_id": cls.other_org.id, "year": 2012, "fte": 4, "users": 700},
                {"partner_id": cls.org.id, "year": 2011, "fte": 25, "users": 8100},
            ]
        )
        cls.report = cls.env["periscope.key.figure.report"].with_user(cls.staff).create({"year": 2012})

    def test_pdf_for_the_funders(self):
        html = str(
            self.env["ir.actions.report"]
            .with_user(self.staff)
            ._render_qweb_html("periscope_members.action_report_hub_key_figures", self.report.ids)[0]
        )
        self.assertIn("Key figures of the hub", html)
        self.assertIn("34.50", html)  # FTE 2012
        self.assertIn("25.00", html)  # FTE 2011
        self.assertIn("+9.50", html)
        self.assertIn("8,700", html)  # users
        self.assertIn("+600", html)  # users: 8,700 against 8,100
        self.assertIn("2 member organisations out of", html)
        action = self.report.action_print()
        self.assertEqual(action["report_name"], "periscope_members.report_hub_key_figures")

    def test_csv_export(self):
        action = self.report.action_download_csv()
        attachment = self.env["ir.attachment"].browse(int(action["url"].split("/")[3].split("?")[0]))
        text = base64.b64decode(attachment.datas).decode("utf-8-sig")
        lines = text.strip().splitlines()
        self.assertEqual(lines[0].split(";")[:2], ["Organisation", "Membership type"])
        self.assertIn("Coop'Action (test);Permanent resident;30.5", text)
        self.assertEqual(lines[3].split(";")[:3], ["Total", "", "34.5"])
        # then the year's mutualisation (the other addons add their figures): none in 2012
        self.assertEqual(lines[4], "")
        header = "Mutualisation;;Offers published;Needs published;Exchanges agreed;Exchanges done;Staff hours lent"
        self.assertTrue(lines[5].startswith(header), lines[5])
        self.assertTrue(lines[6].startswith("Total;;0;0;0;0;0;0"), lines[6])
        # then the hub as a showcase (the other addons add their figures)
        self.assertEqual(lines[7], "")
        self.assertEqual(lines[8], "The hub as a showcase;;2012;2011")
        self.assertEqual(lines[9], "Visits recorded at the reception;;0;0")
        self.assertEqual(lines[10], "Newsletters sent;;0;0")

    def test_the_newsletters_sent_are_key_figures(self):
        Mailing = self.env["mailing.mailing"]
        model = self.env.ref("mass_mailing.model_mailing_list").id
        values = {"mailing_model_id": model, "body_html": "<p>Lettre</p>", "state": "done"}
        sent = Mailing.create(
            [
                {**values, "subject": "Lettre de mars 2012", "sent_date": "2012-03-05 10:00:00"},
                {**values, "subject": "Lettre de mai 2012", "sent_date": "2012-05-05 10:00:00"},
                {**values, "subject": "Lettre de 2011", "sent_date": "2011-11-05 10:00:00"},
                {**values, "subject": "Brouillon", "state": "draft"},
            ]
        )
        self.env["mailing.trace"].create(
            [
                {
                    "mass_mailing_id": sent[0].id,
                    "model": "mailing.contact",
                    "res_id": n,
                    "email": f"m{n}@example.org",
                    "sent_datetime": "2012-03-05 10:00:00",
                }
                for n in range(1, 4)
            ]
        )
        queries, figures = self.queries_of(self.report._showcase_figures)
        figures = {figure["name"]: (figure["current"], figure["previous"]) for figure in figures}
        self.assertEqual(figures["mailings"], (2, 1))
        self.assertEqual(figures["mailing_emails"], (3, 0))
        html = str(
            self.env["ir.actions.report"]
            .with_user(self.staff)
            ._render_qweb_html("periscope_members.action_report_hub_key_figures", self.report.ids)[0]
        )
        self.assertIn("The hub as a showcase", html)
        self.assertIn("Newsletters sent", html)
        # one query a figure, however many mailings
        self.assertLessEqual(queries, 6)

    def test_no_report_for_a_future_year(self):
        with self.assertRaises(UserError):
            self.env["periscope.key.figure.report"].create({"year": 2027})

    def test_members_outside_the_staff_cannot_print(self):
        portal = new_test_user(self.env, login="portal_report", groups="base.group_portal")
        with self.assertRaises(AccessError):
            self.env["periscope.key.figure.report"].with_user(portal).create({"year": 2012})
