# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import HttpCase, tagged

from .common import PeriscopeFactoryMixin, QueryCountMixin


@tagged("post_install", "-at_install")
class TestShowcase(PeriscopeFactoryMixin, QueryCountMixin, HttpCase):
    """Anyone, without a login, opens the hub's page: the organisations that
    consented to the directory, nothing of the others nor of any person."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.axis = cls.env.ref("periscope_members.axis_pooling")
        cls.shown = cls._make_organisation(
            "Atelier Vélo Solidaire (test)",
            cls.PERMANENT_RESIDENT,
            directory_consent=True,
            website="https://velo.example.org",
            periscope_description="Réparation de vélos en chantier d'insertion.",
            periscope_axis_ids=[(6, 0, cls.axis.ids)],
            email="secret@velo.example.org",
        )
        cls.env["res.partner"].create({"name": "Personne Cachée", "parent_id": cls.shown.id, "email": "p@x.org"})
        cls.hidden = cls._make_organisation("Sans consentement (test)", cls.PERMANENT_RESIDENT)
        cls.other_axis = cls._make_organisation("Autre axe (test)", cls.PERMANENT_RESIDENT, directory_consent=True)
        # a link written before the website's check existed: never a link
        cls.env.cr.execute("UPDATE res_partner SET website = 'javascript:alert(1)' WHERE id = %s", [cls.other_axis.id])
        cls.other_axis.invalidate_recordset(["website"])

    def test_anyone_sees_the_consenting_organisations_only(self):
        response = self.url_open("/le-periscope")
        self.assertEqual(response.status_code, 200)
        page = response.text
        for text in (
            "Atelier Vélo Solidaire (test)",
            "Réparation de vélos",
            "https://velo.example.org",
            "Autre axe (test)",
        ):
            self.assertIn(text, page)
        for text in ("Sans consentement (test)", "Personne Cachée", "secret@velo.example.org", "javascript:alert"):
            self.assertNotIn(text, page)
        page = self.url_open(f"/le-periscope?axis={self.axis.id}").text
        self.assertIn("Atelier Vélo Solidaire (test)", page)
        self.assertNotIn("Autre axe (test)", page)
        for crafted in ("x", "-1", "99999999999999", "1 OR 1=1"):
            self.assertEqual(self.url_open(f"/le-periscope?axis={crafted}").status_code, 200)

    def test_the_queries_do_not_grow_with_the_organisations(self):
        few, _response = self.queries_of(lambda: self.url_open("/le-periscope"), invalidate=False)
        for number in range(40):
            self._make_organisation(
                f"Structure {number} (test)",
                self.PERMANENT_RESIDENT,
                directory_consent=True,
                periscope_axis_ids=[(6, 0, self.axis.ids)],
            )
        many, response = self.queries_of(lambda: self.url_open("/le-periscope"), invalidate=False)
        self.assertIn("Structure 39 (test)", response.text)
        self.assertQueriesDoNotGrow(few, many, "organisations")
