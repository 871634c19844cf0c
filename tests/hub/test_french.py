# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""French everywhere: every e-mail template and every report of the four
addons, rendered in French on the demo's records, carries no English
sentence of ours.

An "English sentence of ours" is a sentence of the addons' own texts (the
msgids of their ``i18n/fr.po``) of four words or more whose French differs:
if it shows in a French rendering, a text escaped its translation (a
template, a report, a label written from Python without the user's
language). Run by scripts/test on the demo database (marked ``demo``).
"""

import hashlib
from pathlib import Path

import polib
import pytest

from odoo.exceptions import UserError
from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase, tagged

from odoo.addons.periscope_members.tests.french import ADDONS, english_in, english_sentences, text_of


@pytest.mark.demo
@tagged("standard", "post_install")
class TestFrenchRenderings(TransactionCase):
    test_module = "periscope_hub"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.env["ir.module.module"]._load_module_terms(
            ["mail", "account", "event", "portal", "web", *ADDONS], ["fr_FR"], overwrite=True
        )
        # every partner reads French: the documents follow their reader's
        # language
        cls.env["res.partner"].with_context(active_test=False).search([]).write({"lang": "fr_FR"})
        cls.fr = cls.env(context={"lang": "fr_FR"})
        # a session over: its certificates print
        cls.env.ref("periscope_training.session_creer_entreprise_ess").write({"training_state": "closed"})
        cls.sentences = english_sentences()
        assert len(cls.sentences) > 200, "the addons' English sentences are found"

    def _ours(self, model):
        """The records of ``model`` created by the addons' data: their xmlids'
        modules are ours."""
        data = self.env["ir.model.data"].search([("model", "=", model), ("module", "in", ADDONS)])
        return self.fr[model].browse(data.mapped("res_id")).exists()

    def _english_in(self, text):
        return english_in(self.sentences, text)

    def _a_record(self, model):
        Model = self.fr[model]
        if Model._transient:
            # a wizard: the one the user opens
            return Model.create({})
        if model == "periscope.assembly.member" and not Model.search_count([]):
            # the demo's coming assembly, convened
            self.env.ref("periscope_members.assembly_2026").action_convene()
        record = Model.search([], limit=1, order="id desc")
        self.assertTrue(record, f"the demo has a {model} to render")
        if model == "periscope.training.bpf":
            # its checks are written when computed: by a French user here
            record.action_compute()
        return record

    def test_the_detector_finds_an_english_sentence(self):
        """The check itself: an English sentence of ours is found in a text,
        its French is not."""
        entry = next(
            entry
            for entry in polib.pofile(get_module_path("periscope_members") + "/i18n/fr.po")
            if entry.msgid == "Only a members' administrator values the volunteering."
        )
        self.assertEqual(self._english_in(f"Bonjour. {entry.msgid}"), [entry.msgid.rstrip(".")])
        self.assertEqual(self._english_in(f"Bonjour. {entry.msgstr}"), [])

    def test_every_mail_template_of_ours_is_in_french(self):
        templates = self._ours("mail.template")
        self.assertGreaterEqual(len(templates), 10)
        for template in templates:
            record = self._a_record(template.model)
            for field in ("subject", "body_html"):
                rendered = template._render_field(field, record.ids)[record.id]
                english = self._english_in(text_of(rendered))
                self.assertFalse(english, f"{template.display_name} ({field}) on {record.display_name}")

    def test_every_report_of_ours_is_in_french(self):
        reports = self._ours("ir.actions.report").filtered(lambda report: report.report_type == "qweb-pdf")
        self.assertGreaterEqual(len(reports), 7)
        for report in reports:
            record = self._a_record(report.model)
            candidates = record | record.search([], order="id desc", limit=50)
            for candidate in candidates:
                try:
                    rendered, _kind = self.fr["ir.actions.report"]._render_qweb_html(report.report_name, candidate.ids)
                except UserError:
                    # not printable yet (a certificate before the session is
                    # closed): another record of the demo
                    continue
                break
            else:
                self.fail(f"no record of the demo prints {report.name}")
            english = self._english_in(text_of(rendered))
            self.assertFalse(english, f"{report.name} on {candidate.display_name}")


@pytest.mark.demo
@tagged("standard", "post_install")
class TestTheDemoIsTheHub(TransactionCase):
    """A newcomer opening the demo sees Le Périscope, in euros."""

    test_module = "periscope_hub"

    def test_the_company_is_le_periscope(self):
        company = self.env.ref("base.main_company")
        self.assertEqual(
            (company.name, company.zip, company.city, company.country_id.code),
            ("Le Périscope", "31520", "Ramonville-Saint-Agne", "FR"),
        )
        # not Odoo's placeholder, in California, in dollars, on Letter paper
        self.assertFalse(company.state_id)
        self.assertEqual(company.currency_id.name, "EUR")
        self.assertEqual(company.paperformat_id, self.env.ref("base.paperformat_euro"))
        # its logo (the attachment's checksum: the filestore may be elsewhere)
        logo = Path(get_module_path("periscope_members"), "static/img/le_periscope_logo.png")
        self.assertEqual(
            self.env["ir.attachment"]
            .sudo()
            .search(
                [
                    ("res_model", "=", "res.partner"),
                    ("res_id", "=", company.partner_id.id),
                    ("res_field", "=", "image_1920"),
                ]
            )
            .checksum,
            hashlib.sha1(logo.read_bytes()).hexdigest(),
        )
        self.assertEqual(company.chart_template, "fr")
        self.assertEqual(company.vat, "FR19812345676")
        self.assertEqual(company.siret, company.company_registry)
        # Odoo's own French demo company is out of the way
        self.assertFalse(self.env["res.company"].search([("id", "!=", company.id)]))
        self.assertEqual(self.env.ref("base.user_admin").company_ids, company)

    def test_the_members_rates_and_sessions_are_the_hubs(self):
        for pricelist in self.env["periscope.member.type"].search([]).pricelist_id:
            self.assertEqual(pricelist.currency_id.name, "EUR", pricelist.name)
            self.assertNotIn("USD", pricelist.display_name)
        sessions = self.env["event.event"].search([("is_training", "=", True)])
        self.assertEqual(sessions.user_id, self.env.ref("periscope_training.user_demo_training_officer"))
        # one of them held already, the others to come
        self.assertIn("closed", sessions.mapped("training_state"))
        self.assertTrue(sessions.filtered(lambda s: s.training_state == "open").slot_ids)
