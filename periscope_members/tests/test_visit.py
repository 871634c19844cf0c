# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import PeriscopeFactoryMixin, PeriscopeMembersCase
from .rpc import RpcCase

NOW = datetime(2026, 3, 2, 9, 0, 0)


@tagged("post_install", "-at_install")
@freeze_time(NOW)
class TestVisitRegister(PeriscopeMembersCase):
    """The reception (``staff``) records the visitors of Coop'Action
    (``org``, Marc its person) and Caracole."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.person.email = "marc@coop-action.example.org"
        cls.Visit = cls.env["periscope.visit"].with_user(cls.staff)

    def _visit(self, name="Léa Dupuis", host=None, arrival=NOW, **values):
        return self.Visit.create({"name": name, "host_id": (host or self.org).id, "arrival": arrival, **values})

    def _arrival_mails(self, visit):
        return self.env["mail.mail"].search([("model", "=", "periscope.visit"), ("res_id", "=", visit.id)])

    def test_the_reception_records_a_visitor_and_the_host_is_told(self):
        visit = self._visit(visitor_organisation="Région Occitanie", host_contact_id=self.person.id, purpose="meeting")
        self.assertTrue(visit.is_in)
        self.assertTrue(visit.host_notified)
        mail = self._arrival_mails(visit)
        self.assertEqual(mail.recipient_ids, self.person)
        self.assertIn("Léa Dupuis", mail.subject)
        self.assertTrue(mail.auto_delete, "sent, the mail goes: the name stays nowhere else")
        # an organisation without e-mail is not told
        self.assertFalse(self._visit(host=self.other_org).host_notified)
        self.assertIn(visit, self.Visit.search([("is_in", "=", True)]), "in the list of who is in the building")
        visit.action_depart()
        self.assertFalse(visit.is_in)
        self.assertEqual(visit.departure, NOW)
        with self.assertRaises(UserError):
            visit.action_depart()

    def test_a_visit_is_checked_on_every_path(self):
        with self.assertRaises(ValidationError):
            self._visit(departure=NOW - timedelta(hours=1))
        with self.assertRaises(ValidationError):
            self._visit(arrival=NOW + timedelta(hours=2))
        with self.assertRaises(ValidationError):
            self._visit(host_contact_id=self.other_person.id)
        with self.assertRaises(ValidationError):
            self._visit(note="x" * 201)
        result = self.Visit.load(
            ["name", "host_id/.id", "arrival", "departure"],
            [["Import", str(self.org.id), "2026-03-02 09:00:00", "2026-03-02 08:00:00"]],
        )
        self.assertFalse(result["ids"])

    def test_members_never_read_the_register(self):
        visit = self._visit()
        portal = self._make_user("visit_portal", "base.group_portal", partner_id=self.other_person.id)
        for user in (self.portal_user, portal):
            with self.assertRaises(AccessError):
                visit.with_user(user).read(["name"])
            with self.assertRaises(AccessError):
                self.env["periscope.visit"].with_user(user).create({"name": "x", "host_id": self.org.id})
        with self.assertRaises(AccessError):
            visit.unlink()  # the reception keeps the register; the manager alone deletes
        visit.with_user(self.manager).unlink()


@tagged("post_install", "-at_install")
class TestVisitErasure(PeriscopeMembersCase):
    def _visit(self, arrival, **values):
        return self.env["periscope.visit"].create(
            {"name": "Léa Dupuis", "email": "lea@example.org", "host_id": self.org.id, "arrival": arrival, **values}
        )

    def test_personal_data_are_erased_after_the_period_and_the_visits_counted(self):
        with freeze_time("2025-01-10 10:00:00"):
            old = self._visit("2025-01-10 09:00:00", phone="06 00 00 00 00", visitor_organisation="Région")
            self.env["periscope.visit"].create(
                {"name": "Sans départ", "host_id": self.org.id, "arrival": "2025-01-10 09:30:00"}
            )
        recent = self._visit("2025-06-10 09:00:00", departure="2025-06-10 10:00:00")
        with freeze_time("2026-03-02 04:00:00"):
            erased = self.env["periscope.visit"]._cron_erase_personal_data()
        self.assertEqual(erased, 2)
        self.assertEqual((old.name, old.email, old.phone, old.visitor_organisation), ("Erased", False, False, False))
        self.assertTrue(old.is_erased)
        self.assertEqual((old.host_id, old.arrival.year), (self.org, 2025), "the visit stays, counted")
        self.assertFalse(self.env["periscope.visit"].search([("name", "=", "Sans départ")]))
        self.assertFalse(self.env["mail.mail"].search([("model", "=", "periscope.visit"), ("res_id", "=", old.id)]))
        self.assertEqual(recent.name, "Léa Dupuis")
        self.assertEqual(self.env["periscope.visit"].search_count([("host_id", "=", self.org.id)]), 3)
        with self.assertRaises(UserError):
            old.write({"name": "Léa Dupuis"})
        # a shorter period, set by the manager
        self.env["ir.config_parameter"].set_param("periscope_members.visit_retention_months", "6")
        with freeze_time("2026-03-02 04:00:00"):
            self.assertEqual(self.env["periscope.visit"]._cron_erase_personal_data(), 1)
        self.assertTrue(recent.is_erased)

    def test_the_retention_period_is_set_within_bounds(self):
        settings = self.env["res.config.settings"].create({"periscope_visit_retention_months": 24})
        settings.execute()
        self.assertEqual(self.env["periscope.visit"]._retention_months(), 24)
        with self.assertRaises(ValidationError):
            self.env["res.config.settings"].create({"periscope_visit_retention_months": 0})


@tagged("post_install", "-at_install")
class TestVisitRpc(PeriscopeFactoryMixin, RpcCase):
    """A member tries the register through ``/web/dataset/call_kw``."""

    watched = {"periscope.visit": ["name", "departure", "host_id"]}
    counted = ("periscope.visit",)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.org, _person, cls.member = cls._make_member_with_portal_person("Coop'Action (test)", "Marc", "visit_rpc")
        cls.member.password = cls.member.login
        cls.visit = cls.env["periscope.visit"].create({"name": "Léa Dupuis", "host_id": cls.org.id})
        cls.watched_ids = {"periscope.visit": cls.visit.ids}

    def test_a_member_reads_and_writes_nothing_of_the_register(self):
        before = self._snapshot()
        self.login(self.member)
        for method, args in (
            ("search_read", [[], ["name"]]),
            ("read", [[self.visit.id], ["name"]]),
            ("create", [{"name": "x", "host_id": self.org.id}]),
            ("write", [[self.visit.id], {"name": "x"}]),
            ("action_depart", [[self.visit.id]]),
            ("unlink", [[self.visit.id]]),
        ):
            with self.subTest(method=method):
                self.assertRefused(self.call("periscope.visit", method, *args), "AccessError")
        self.assertUnchanged(before)


@tagged("post_install", "-at_install")
class TestVisitFigures(PeriscopeMembersCase):
    """The register counts the visitors of 2014 — a year no demo data uses —
    instead of the numbers declared; 2013 had no register."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["periscope.key.figure"].create(
            [
                {"partner_id": cls.org.id, "year": 2014, "visitors": 500},
                {"partner_id": cls.other_org.id, "year": 2014, "visitors": 40},
                {"partner_id": cls.org.id, "year": 2013, "visitors": 450},
            ]
        )
        arrivals = ["2014-01-15 09:00:00", "2014-01-20 09:00:00", "2014-03-03 09:00:00"]
        with freeze_time("2015-01-01"):
            cls.env["periscope.visit"].create(
                [{"name": f"Visiteur {n}", "host_id": cls.org.id, "arrival": day} for n, day in enumerate(arrivals)]
                + [{"name": "Visiteuse", "host_id": cls.other_org.id, "arrival": "2014-12-31 22:00:00"}]
            )
        cls.report = cls.env["periscope.key.figure.report"].with_user(cls.staff).create({"year": 2014})

    def test_the_register_replaces_the_visitors_declared(self):
        totals = self.report._hub_figures()
        self.assertEqual(totals["current"]["visitors"], 4)
        self.assertEqual(totals["previous"]["visitors"], 450, "no register in 2013: the number declared")
        register = totals["register"][2014]
        self.assertEqual(register["by_month"][:3], [2, 0, 1])
        self.assertEqual(sum(register["by_month"]), 4)
        self.assertEqual(dict(register["by_host"]), {self.org.id: 3, self.other_org.id: 1})

    def test_the_pdf_and_the_csv_count_the_register(self):
        html = (
            self.env["ir.actions.report"]
            .with_user(self.staff)
            .with_context(lang="en_US")
            ._render_qweb_html("periscope_members.action_report_hub_key_figures", self.report.ids)[0]
            .decode()
        )
        self.assertIn("Visitors' register — 2014", html)
        self.assertIn("4 visits recorded at the reception", html)
        action = self.report.action_download_csv()
        attachment = self.env["ir.attachment"].browse(int(action["url"].split("/")[3].split("?")[0]))
        lines = base64.b64decode(attachment.datas).decode("utf-8-sig").strip().splitlines()
        # the organisations' rows: the visitors (the last figure) of the register
        self.assertTrue(lines[1].startswith("Caracole (test);") and lines[1].endswith(";1"), lines[1])
        self.assertTrue(lines[2].startswith("Coop'Action (test);") and lines[2].endswith(";3"), lines[2])
        self.assertTrue(lines[3].startswith("Total;") and lines[3].endswith(";4"), lines[3])
