# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re

from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .test_intake import IntakeCase

CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


@tagged("post_install", "-at_install")
class TestIntakePortal(IntakeCase, HttpCase):
    """A support structure on its portal, over real HTTP: BGE's user sees the
    referrals addressed to BGE and the pathways of the entrepreneurs BGE
    accepted, answers its referrals, and nothing of ETYMON's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Holder = cls.env["periscope.project.holder"].with_user(cls.reception)
        Partner = cls.env["res.partner"]
        cls.holder.with_user(cls.reception).action_record_consent()
        cls.referral = cls.holder.with_user(cls.reception).action_refer(
            cls.bge, "Création d'une SCIC : statuts et plan de financement"
        )
        cls.marc_holder = Holder.create(
            {
                "partner_id": Partner.create({"name": "Marc Roux (test)"}).id,
                "project_name": "Une recyclerie (test)",
                "need_premises": True,
            }
        )
        cls.marc_holder.action_record_consent()
        cls.etymon_referral = cls.marc_holder.action_refer(cls.etymon, "Couveuse")
        cls.nina_holder = Holder.create(
            {
                "partner_id": Partner.create({"name": "Nina Petit (test)"}).id,
                "project_name": "Une coopérative de nettoyage (test)",
            }
        )
        cls.nina_holder.action_record_consent()
        cls.nina_referral = cls.nina_holder.action_refer(cls.bge, "Création")

    def _csrf(self, url):
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        return CSRF_RE.search(response.text).group(1)

    def _bge_answers(self, referral, verdict, **data):
        """BGE's user answers ``referral`` on its page (``verdict``: accept or
        decline) with the page's CSRF token: ``(url, token, response)``, the
        URL of the referral's page and the token."""
        self.authenticate("intake_bge", "intake_bge")
        url = f"/my/referrals/{referral.id}"
        token = self._csrf(url)
        response = self._post(f"{url}/{verdict}", {"csrf_token": token, **data})
        self.assertEqual(response.status_code, 200)
        return url, token, response

    def _post(self, url, data):
        return self.url_open(url, data=data)

    def _referrals_page(self, login):
        """The text of the list of the referrals, as the portal user
        ``login`` (whose password is the login) sees it."""
        self.authenticate(login, login)
        response = self.url_open("/my/referrals")
        self.assertEqual(response.status_code, 200)
        return response.text

    def test_sees_its_referrals_only(self):
        text = self._referrals_page("intake_bge")
        self.assertIn("Léa Martin (test)", text)
        self.assertIn("Nina Petit (test)", text)
        self.assertNotIn("Marc Roux (test)", text)
        response = self.url_open(f"/my/referrals/{self.referral.id}")
        self.assertEqual(response.status_code, 200)
        for shown in (
            "Une épicerie vrac (test)",
            "Épicerie de produits locaux en vrac.",
            "statuts et plan de financement",
            "Training, Coaching",
            "lea@example.org",
        ):
            self.assertIn(shown, response.text)
        # ETYMON's referral does not exist for BGE
        response = self.url_open(f"/my/referrals/{self.etymon_referral.id}")
        self.assertEqual(response.status_code, 404)
        self.assertNotIn("Marc Roux (test)", response.text)
        # the home counter: the referrals waiting for BGE's answer
        response = self.make_jsonrpc_request("/my/counters", {"counters": ["periscope_referral_count"]})
        self.assertEqual(response["periscope_referral_count"], 2)

    def test_accepts_with_csrf_and_sees_the_pathway(self):
        url, token, response = self._bge_answers(self.referral, "accept")
        self.assertIn("You accepted the referral", response.text)
        self.env.invalidate_all()
        self.assertEqual(self.referral.state, "accepted")
        self.assertEqual(self.referral.answered_by_id, self.bge_user)
        self.assertEqual(self.holder.state, "accompanied")
        pathway = self.holder.pathway_id
        self.assertTrue(pathway)
        self.assertEqual(pathway.coordinator_id, self.bge)
        self.assertIn(f"/my/referrals/pathway/{pathway.id}", response.text)
        response = self.url_open(f"/my/referrals/pathway/{pathway.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Pathway of Léa Martin (test)", response.text)
        self.assertIn("BGE Sud-Ouest (test)", response.text)
        # answered once
        response = self._post(f"{url}/decline", {"csrf_token": token, "answer": "Non"})
        self.assertIn("already answered", response.text)
        self.env.invalidate_all()
        self.assertEqual(self.referral.state, "accepted")

    def test_never_the_pathway_of_another(self):
        # ETYMON accepts Marc: his pathway is ETYMON's, not BGE's
        self.etymon_referral.with_user(self.etymon_user).action_accept()
        marc_pathway = self.marc_holder.pathway_id
        self.assertTrue(marc_pathway)
        self.authenticate("intake_bge", "intake_bge")
        response = self.url_open(f"/my/referrals/pathway/{marc_pathway.id}")
        self.assertEqual(response.status_code, 404)
        self.assertNotIn("Marc Roux (test)", response.text)
        self.authenticate("intake_etymon", "intake_etymon")
        response = self.url_open(f"/my/referrals/pathway/{marc_pathway.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Pathway of Marc Roux (test)", response.text)

    def test_declines_with_a_reason(self):
        __, __, response = self._bge_answers(self.nina_referral, "decline", answer="Projet coopératif : voir l'URSCOP.")
        self.assertIn("You declined the referral", response.text)
        self.env.invalidate_all()
        self.assertEqual(self.nina_referral.state, "declined")
        self.assertEqual(self.nina_referral.answer, "Projet coopératif : voir l'URSCOP.")
        self.assertTrue(self.nina_holder.needs_orientation)
        self.assertIn("URSCOP", self.nina_holder.activity_ids.note)

    def test_refused_answers_change_nothing(self):
        # declining without a reason: the message, nothing changed
        url, token, response = self._bge_answers(self.nina_referral, "decline", answer="  ")
        self.assertIn("Say why the structure declines", response.text)
        # ETYMON's referral: not found, nothing changed
        for verdict in ("accept", "decline"):
            response = self._post(
                f"/my/referrals/{self.etymon_referral.id}/{verdict}", {"csrf_token": token, "answer": "Pas pour nous"}
            )
            self.assertEqual(response.status_code, 404)
        # without the CSRF token: refused
        with mute_logger("odoo.http"):
            response = self._post(f"{url}/accept", {"answer": ""})
            self.assertEqual(response.status_code, 400)
            response = self._post(f"{url}/decline", {"answer": "Sans jeton"})
            self.assertEqual(response.status_code, 400)
        # a GET does not answer
        response = self.url_open(f"{url}/accept")
        self.assertEqual(response.status_code, 405)
        self.env.invalidate_all()
        self.assertEqual(self.nina_referral.state, "pending")
        self.assertFalse(self.nina_referral.answer)
        self.assertEqual(self.etymon_referral.state, "pending")
        self.assertFalse(self.etymon_referral.answered_at)
        self.assertFalse(self.marc_holder.pathway_id)

    def test_a_person_of_no_structure_sees_nothing(self):
        text = self._referrals_page("intake_etymon")
        self.assertIn("Marc Roux (test)", text)
        self.assertNotIn("Léa Martin (test)", text)
        response = self.url_open(f"/my/referrals/{self.referral.id}")
        self.assertEqual(response.status_code, 404)

    def test_list_queries_do_not_grow_with_the_referrals(self):
        """/my/referrals takes the same queries for 10 referrals and for 100
        (a page of them)."""
        Holder = self.env["periscope.project.holder"].with_user(self.reception)
        Partner = self.env["res.partner"]

        def add_referrals(count):
            holders = Holder.create(
                [
                    {
                        "partner_id": Partner.create({"name": f"Porteur {i} (test)"}).id,
                        "project_name": f"Projet {i} (test)",
                    }
                    for i in range(count)
                ]
            )
            holders.action_record_consent()
            self.env["periscope.referral"].with_user(self.reception).create(
                [
                    {"project_holder_id": holder.id, "structure_id": self.bge.id, "reason": "Création"}
                    for holder in holders
                ]
            )

        def queries():
            count, response = self.queries_of(lambda: self.url_open("/my/referrals"), invalidate=False)
            self.assertEqual(response.status_code, 200)
            return count

        add_referrals(8)  # and the two of the setup: 10
        self.authenticate("intake_bge", "intake_bge")
        ten = queries()
        add_referrals(90)
        hundred = queries()
        self.assertEqual(ten, hundred)
