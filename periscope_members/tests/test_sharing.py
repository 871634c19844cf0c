# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import PeriscopeMembersCase


class SharingCase(PeriscopeMembersCase):
    """Coop'Action (``org``, with a portal member) and Caracole
    (``other_org``) share; a third organisation, BGE, asks too."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.axis_pooling = cls.env.ref("periscope_members.axis_pooling")
        cls.axis_training = cls.env.ref("periscope_members.axis_training")
        cls.third_org, cls.third_person, cls.third_user = cls._make_member_with_portal_person(
            "BGE Sud-Ouest (test)", "Julie Castex", "sharing_bge", email="julie@bge.example.org"
        )
        cls.other_user = cls._make_portal_login(cls.other_person, "sharing_caracole", email="ines@caracole.example.org")
        cls.tools = cls._offer(cls.other_org, "Outillage (test)", "equipment", contact=cls.other_person)

    @classmethod
    def _offer(cls, organisation, name, category, kind="offer", axes=None, contact=None, publish=True):
        offer = (
            cls.env["periscope.sharing.offer"]
            .with_user(cls.staff)
            .create(
                {
                    "name": name,
                    "kind": kind,
                    "category": category,
                    "partner_id": organisation.id,
                    "contact_id": contact.id if contact else False,
                    "axis_ids": [(6, 0, (axes or cls.axis_pooling).ids)],
                }
            )
        )
        if publish:
            offer.action_publish()
        return offer

    def _ask(self, offer, organisation, contact=None, message="Pourrions-nous l'emprunter ?"):
        # as the portal controller does, once it has checked the organisation
        return (
            self.env["periscope.sharing.request"]
            .sudo()
            .create(
                {
                    "offer_id": offer.id,
                    "partner_id": organisation.id,
                    "contact_id": contact.id if contact else False,
                    "message": message,
                }
            )
        )


@tagged("post_install", "-at_install")
class TestSharingOffer(SharingCase):
    def test_an_offer_is_published_closed_and_reopened_with_its_buttons(self):
        offer = self._offer(self.org, "Compétences comptables (test)", "skills", publish=False)
        self.assertEqual(offer.state, "draft")
        self.assertFalse(offer.date_published)
        offer.with_user(self.staff).action_publish()
        self.assertEqual(offer.state, "published")
        self.assertTrue(offer.date_published)
        with self.assertRaises(UserError):
            offer.with_user(self.staff).action_publish()
        offer.with_user(self.staff).action_close()
        self.assertEqual(offer.state, "closed")
        with self.assertRaises(UserError):
            offer.with_user(self.staff).action_close()
        offer.with_user(self.staff).action_draft()
        self.assertEqual(offer.state, "draft")

    def test_the_status_of_an_offer_is_never_typed(self):
        Offer = self.env["periscope.sharing.offer"].with_user(self.staff)
        with self.assertRaises(AccessError):
            Offer.create({"name": "x", "category": "skills", "partner_id": self.org.id, "state": "published"})
        with self.assertRaises(AccessError):
            self.tools.with_user(self.staff).write({"state": "closed"})
        with self.assertRaises(AccessError):
            self.tools.with_user(self.staff).write({"date_published": "2020-01-01 00:00:00"})
        # an import is a create: the same refusal
        result = Offer.load(
            ["name", "category", "partner_id/.id", "state"], [["y", "skills", str(self.org.id), "published"]]
        )
        self.assertFalse(result["ids"])
        self.assertEqual(self.tools.state, "published")

    def test_an_offer_is_an_organisations_and_its_contact_works_there(self):
        with self.assertRaises(ValidationError):
            self._offer(self.person, "Personne (test)", "skills", publish=False)
        with self.assertRaises(ValidationError):
            self._offer(self.org, "Contact d'ailleurs (test)", "skills", contact=self.other_person, publish=False)

    def test_titles_and_texts_are_bounded(self):
        with self.assertRaises(ValidationError):
            self._offer(self.org, "x" * 121, "skills", publish=False)
        offer = self._offer(self.org, "Texte (test)", "skills", publish=False)
        with self.assertRaises(ValidationError):
            offer.with_user(self.staff).description = "x" * 4001

    def test_an_offer_asked_for_is_closed_not_deleted(self):
        self._ask(self.tools, self.org)
        with self.assertRaises(UserError):
            self.tools.with_user(self.manager).unlink()
        draft = self._offer(self.org, "Brouillon (test)", "skills", publish=False)
        draft.with_user(self.manager).unlink()
        self.assertFalse(draft.exists())

    def test_offers_and_needs_that_answer_each_other_are_matched(self):
        need = self._offer(self.org, "Besoin d'outils (test)", "equipment", kind="need")
        more_tools = self._offer(self.third_org, "Autres outils (test)", "equipment")
        unmatched = (
            self._offer(self.third_org, "Salle (test)", "premises"),
            self._offer(self.third_org, "Outils formation (test)", "equipment", axes=self.axis_training),
            self._offer(self.third_org, "Autre besoin (test)", "equipment", kind="need"),
            self._offer(self.org, "Nos outils (test)", "equipment"),
            self._offer(self.other_org, "Outils en brouillon (test)", "equipment", publish=False),
        )
        self.env.invalidate_all()
        # (the demo's offers may match too: only the test's are looked at)
        self.assertTrue(self.tools | more_tools <= need.match_ids)
        self.assertIn(need, self.tools.match_ids)
        for offer in unmatched:
            self.assertNotIn(offer, need.match_ids)
        self.tools.with_user(self.staff).action_close()
        self.env.invalidate_all()
        self.assertNotIn(self.tools, need.match_ids)
        self.assertIn(more_tools, need.match_ids)


@tagged("post_install", "-at_install")
class TestSharingRequest(SharingCase):
    def test_a_request_goes_from_asked_to_done_and_both_organisations_are_told(self):
        request = self._ask(self.tools, self.org, self.person)
        self.assertEqual(request.state, "requested")
        self.assertEqual(request.offer_partner_id, self.other_org)
        # the organisation asked is told, and both follow the request
        first = request.message_ids.filtered(lambda m: m.message_type == "comment")
        self.assertIn(self.other_person, first.partner_ids)
        self.assertTrue({self.person, self.other_person} <= set(request.message_partner_ids))
        request.with_user(self.staff).action_agree("Le mardi qui vient.")
        self.assertEqual(request.state, "agreed")
        self.assertEqual(request.answer, "Le mardi qui vient.")
        self.assertTrue(request.date_answered)
        told = request.message_ids.filtered(lambda m: "Le mardi qui vient." in (m.body or ""))
        self.assertTrue({self.person, self.other_person} <= set(told.partner_ids))
        with self.assertRaises(UserError):
            request.with_user(self.staff).action_decline()
        request.with_user(self.staff).action_done()
        self.assertEqual(request.state, "done")
        self.assertTrue(request.date_done)
        with self.assertRaises(UserError):
            request.with_user(self.staff).action_cancel()

    def test_only_a_published_offer_of_another_organisation_is_asked_for(self):
        with self.assertRaises(ValidationError):
            self._ask(self.tools, self.other_org)
        draft = self._offer(self.other_org, "Brouillon (test)", "skills", publish=False)
        with self.assertRaises(UserError):
            self._ask(draft, self.org)
        with self.assertRaises(ValidationError):
            self._ask(self.tools, self.org, contact=self.other_person)

    def test_one_request_under_way_per_organisation_and_offer(self):
        first = self._ask(self.tools, self.org)
        with self.assertRaises(ValidationError):
            self._ask(self.tools, self.org)
        # another organisation may ask at the same time
        self._ask(self.tools, self.third_org)
        first.with_user(self.staff).action_decline()
        again = self._ask(self.tools, self.org)
        self.assertEqual(again.state, "requested")

    def test_the_database_keeps_one_request_under_way(self):
        self._ask(self.tools, self.org)
        self.env.flush_all()
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            self.cr.execute(
                """
                INSERT INTO periscope_sharing_request (offer_id, partner_id, message, state, company_id)
                VALUES (%s, %s, 'again', 'requested', %s)
                """,
                [self.tools.id, self.org.id, self.env.company.id],
            )

    def test_the_answer_and_the_status_are_never_typed(self):
        request = self._ask(self.tools, self.org)
        for vals in ({"state": "agreed"}, {"answer": "oui"}, {"date_done": "2026-01-01 00:00:00"}):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                request.with_user(self.staff).write(vals)
        with self.assertRaises(UserError):
            request.with_user(self.staff).write({"partner_id": self.third_org.id})
        self.assertEqual(request.state, "requested")


@tagged("post_install", "-at_install")
class TestSharingRights(SharingCase):
    def test_a_member_reads_the_published_offers_and_all_of_its_own(self):
        ours = self._offer(self.org, "Notre brouillon (test)", "skills", publish=False)
        theirs = self._offer(self.other_org, "Leur brouillon (test)", "skills", publish=False)
        visible = self.env["periscope.sharing.offer"].with_user(self.portal_user).search([])
        self.assertIn(self.tools, visible)
        self.assertIn(ours, visible)
        self.assertNotIn(theirs, visible)
        # the organisation's name, without reading the organisation
        self.assertEqual(self.tools.with_user(self.portal_user).partner_name, self.other_org.name)

    def test_a_member_reads_the_requests_of_its_organisation_never_a_third(self):
        sent = self._ask(self.tools, self.org)
        theirs = self._ask(self._offer(self.other_org, "Local (test)", "premises"), self.third_org)
        received = self._ask(self._offer(self.org, "Compétences (test)", "skills"), self.other_org)
        visible = self.env["periscope.sharing.request"].with_user(self.portal_user).search([])
        self.assertEqual(visible, sent | received)
        with self.assertRaises(AccessError):
            theirs.with_user(self.portal_user).read(["message"])

    def test_a_member_changes_nothing_through_the_orm(self):
        ours = self._offer(self.org, "Compétences (test)", "skills")
        request = self._ask(ours, self.other_org)
        Offer = self.env["periscope.sharing.offer"].with_user(self.portal_user)
        with self.assertRaises(AccessError):
            Offer.create({"name": "x", "category": "skills", "partner_id": self.org.id})
        for call in (
            lambda: ours.with_user(self.portal_user).write({"name": "changé"}),
            lambda: ours.with_user(self.portal_user).action_close(),
            lambda: ours.with_user(self.portal_user).unlink(),
            lambda: request.with_user(self.portal_user).action_agree("oui"),
            lambda: request.with_user(self.portal_user).write({"message": "changé"}),
        ):
            with self.assertRaises(AccessError):
                call()
        self.assertEqual((ours.name, ours.state, request.state), ("Compétences (test)", "published", "requested"))

    def test_the_list_reads_in_as_many_queries_for_many_offers(self):
        def listing():
            offers = self.env["periscope.sharing.offer"].with_user(self.portal_user).search([])
            return [(o.name, o.partner_name, o.request_count, o.axis_ids.mapped("name")) for o in offers]

        few, _result = self.queries_of(listing)
        for index in range(30):
            self._offer(self.third_org, f"Offre {index} (test)", "service", axes=self.axis_pooling | self.axis_training)
        many, result = self.queries_of(listing)
        self.assertGreaterEqual(len(result), 31)
        self.assertQueriesDoNotGrow(few, many, "offers")
