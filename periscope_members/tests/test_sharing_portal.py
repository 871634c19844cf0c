# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import HttpCase, tagged

from .common import PeriscopeFactoryMixin, QueryCountMixin
from .http import PortalHttpMixin
from .rpc import RpcAnswer, RpcCase


@tagged("post_install", "-at_install")
class TestSharingPortal(PortalHttpMixin, PeriscopeFactoryMixin, HttpCase):
    """Members share on their portal: Coop'Action's and Caracole's people,
    and BGE's, a third; a portal user whose organisation is no member."""

    csrf_page = "/my/sharing"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.axis = cls.env.ref("periscope_members.axis_pooling")
        cls.org, cls.marc, cls.marc_user = cls._member("Coop'Action (test)", "Marc Vidal", "share_marc")
        cls.caracole, cls.ines, cls.ines_user = cls._member("Caracole (test)", "Inès Moreau", "share_ines")
        cls.bge, cls.julie, cls.julie_user = cls._member("BGE Sud-Ouest (test)", "Julie Castex", "share_julie")
        outsider_org = cls._make_organisation("Pas membre (test)")
        paul = cls.env["res.partner"].create({"name": "Paul", "parent_id": outsider_org.id})
        cls.outsider = cls._make_portal_login(paul, "share_outsider", password="share_outsider_pw")
        Offer = cls.env["periscope.sharing.offer"]
        cls.tools = Offer.create(
            {
                "name": "Échafaudage (test)",
                "kind": "offer",
                "category": "equipment",
                "partner_id": cls.caracole.id,
                "contact_id": cls.ines.id,
                "axis_ids": [(6, 0, cls.axis.ids)],
            }
        )
        cls.tools.action_publish()
        cls.hidden = Offer.create(
            {"name": "Brouillon de Caracole (test)", "category": "skills", "partner_id": cls.caracole.id}
        )

    @classmethod
    def _member(cls, name, person_name, login):
        organisation = cls._make_organisation(name, cls.PERMANENT_RESIDENT)
        person = cls.env["res.partner"].create(
            {"name": person_name, "parent_id": organisation.id, "email": f"{login}@example.org"}
        )
        return organisation, person, cls._make_portal_login(person, login, password=f"{login}_pw")

    def _ask_for_the_tools(self):
        self._login(self.marc_user)
        response = self._post(f"/my/sharing/{self.tools.id}/request", {"message": "Pour repeindre notre local."})
        self.assertEqual(response.status_code, 200)
        return self.env["periscope.sharing.request"].search([("offer_id", "=", self.tools.id)])

    def test_a_member_browses_and_filters_what_the_others_share(self):
        self._login(self.marc_user)
        page = self.url_open("/my/sharing").text
        self.assertIn("Échafaudage (test)", page)
        self.assertIn("Caracole (test)", page)
        self.assertNotIn("Brouillon de Caracole", page)
        self.assertNotIn("Échafaudage", self.url_open("/my/sharing?category=premises").text)
        self.assertNotIn("Échafaudage", self.url_open("/my/sharing?kind=need").text)
        self.assertIn("Échafaudage", self.url_open(f"/my/sharing?axis={self.axis.id}&category=equipment").text)
        # what is not a filter is ignored, never an error
        self.assertEqual(self.url_open("/my/sharing?axis=99999999999&category=<b>&page=x").status_code, 200)
        self.assertEqual(self.url_open(f"/my/sharing/{self.hidden.id}").status_code, 404)
        self.assertEqual(self.url_open("/my/sharing/99999999999").status_code, 404)

    def test_a_member_publishes_an_offer_of_its_organisation(self):
        self._login(self.marc_user)
        response = self._post(
            "/my/sharing/new",
            {
                "kind": "need",
                "category": "skills",
                "name": "Appui comptable (test)",
                "description": "Pour la clôture.",
                "axis_ids": str(self.axis.id),
                "partner_id": str(self.caracole.id),
                "state": "closed",
                "publish": "1",
            },
        )
        self.assertEqual(response.status_code, 200)
        offer = self.env["periscope.sharing.offer"].search([("name", "=", "Appui comptable (test)")])
        self.assertEqual((offer.partner_id, offer.contact_id, offer.state), (self.org, self.marc, "published"))
        self.assertEqual(offer.axis_ids, self.axis)
        self.assertIn("Published", response.text)
        # then closes it; Caracole's people may not
        self._login(self.ines_user)
        self.assertEqual(self._post(f"/my/sharing/{offer.id}/close").status_code, 404)
        self._login(self.marc_user)
        self._post(f"/my/sharing/{offer.id}/close")
        self.assertEqual(offer.state, "closed")
        incomplete = self._post("/my/sharing/new", {"kind": "gift", "category": "skills", "name": "x"})
        self.assertIn("Give a title", incomplete.text)
        too_long = self._post("/my/sharing/new", {"kind": "offer", "category": "skills", "name": "x" * 500})
        self.assertIn("characters at most", too_long.text)

    def test_a_request_is_answered_by_the_organisation_asked_alone(self):
        request = self._ask_for_the_tools()
        self.assertEqual((request.partner_id, request.contact_id, request.state), (self.org, self.marc, "requested"))
        # a second one is refused while the first is under way
        again = self._post(f"/my/sharing/{self.tools.id}/request", {"message": "Encore."})
        self.assertIn("already asked", again.text)
        # neither the asking organisation nor a third answers it
        for user in (self.marc_user, self.julie_user):
            self._login(user)
            self.assertEqual(self._post(f"/my/sharing/requests/{request.id}/agree").status_code, 404)
        self._login(self.julie_user)
        self.assertNotIn("Pour repeindre", self.url_open("/my/sharing/requests").text)
        self.assertEqual(self._post(f"/my/sharing/requests/{request.id}/done").status_code, 404)
        self.assertEqual(request.state, "requested")
        # Caracole agrees, with its answer
        self._login(self.ines_user)
        page = self.url_open("/my/sharing/requests").text
        self.assertIn("Pour repeindre notre local.", page)
        self._post(f"/my/sharing/requests/{request.id}/agree", {"answer": "Mardi, <b>à 9 h</b>."})
        self.assertEqual((request.state, request.answer), ("agreed", "Mardi, <b>à 9 h</b>."))
        # Coop'Action reads the answer, escaped, and says it is done
        self._login(self.marc_user)
        self.assertNotIn("Mardi", self.url_open("/my/sharing/requests").text)
        page = self.url_open("/my/sharing/requests?box=sent").text
        self.assertIn("Mardi, &lt;b&gt;à 9 h&lt;/b&gt;.", page)
        self._post(f"/my/sharing/requests/{request.id}/done")
        self.assertEqual(request.state, "done")

    def test_the_asking_organisation_withdraws_its_request(self):
        request = self._ask_for_the_tools()
        self._login(self.ines_user)
        self.assertEqual(self._post(f"/my/sharing/requests/{request.id}/cancel").status_code, 404)
        self._login(self.marc_user)
        self._post(f"/my/sharing/requests/{request.id}/cancel")
        self.assertEqual(request.state, "cancelled")
        self.assertEqual(self._post(f"/my/sharing/requests/{request.id}/cancel").status_code, 200)
        self.assertEqual(request.state, "cancelled")

    def test_an_organisation_does_not_ask_itself_nor_for_a_closed_offer(self):
        self._login(self.ines_user)
        self.assertEqual(self._post(f"/my/sharing/{self.tools.id}/request", {"message": "x"}).status_code, 404)
        self.tools.action_close()
        self._login(self.marc_user)
        self.assertEqual(self._post(f"/my/sharing/{self.tools.id}/request", {"message": "x"}).status_code, 404)
        self.assertFalse(self.env["periscope.sharing.request"].search([("offer_id", "=", self.tools.id)]))

    def test_a_portal_user_of_no_member_organisation_is_sent_home(self):
        self._login(self.outsider)
        response = self.url_open("/my/sharing", allow_redirects=False)
        self.assertEqual(response.status_code, 303)


@tagged("post_install", "-at_install")
class TestSharingRpc(PeriscopeFactoryMixin, RpcCase):
    """What a member could try through ``/web/dataset/call_kw``: nothing of
    the sharing is written but by the portal's pages."""

    watched = {
        "periscope.sharing.offer": ["name", "state", "partner_id", "date_published"],
        "periscope.sharing.request": ["state", "answer", "message", "partner_id"],
    }
    counted = ("periscope.sharing.offer", "periscope.sharing.request")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.org, _person, cls.member = cls._make_member_with_portal_person("Coop'Action (test)", "Marc", "rpc_marc")
        cls.other, cls.other_person, _user = cls._make_member_with_portal_person("Caracole (test)", "Inès", "rpc_ines")
        cls.third = cls._make_member_with_portal_person("BGE (test)", "Julie", "rpc_julie")[0]
        Offer = cls.env["periscope.sharing.offer"]
        cls.ours = Offer.create({"name": "Nôtre (test)", "category": "skills", "partner_id": cls.org.id})
        cls.theirs = Offer.create({"name": "Leur (test)", "category": "equipment", "partner_id": cls.other.id})
        (cls.ours | cls.theirs).action_publish()
        Request = cls.env["periscope.sharing.request"]
        cls.received = Request.create({"offer_id": cls.ours.id, "partner_id": cls.other.id, "message": "reçue"})
        cls.sent = Request.create({"offer_id": cls.theirs.id, "partner_id": cls.org.id, "message": "envoyée"})
        cls.third_party = Request.create({"offer_id": cls.theirs.id, "partner_id": cls.third.id, "message": "tiers"})

    @property
    def watched_ids(self):
        return {
            "periscope.sharing.offer": (self.ours | self.theirs).ids,
            "periscope.sharing.request": (self.received | self.sent | self.third_party).ids,
        }

    def test_a_member_writes_nothing_of_the_sharing_by_rpc(self):
        self.login(self.member)
        before = self._snapshot()
        offer, request = "periscope.sharing.offer", "periscope.sharing.request"
        attempts = [
            (offer, "write", [self.ours.id], {"name": "changé"}),
            (offer, "write", [self.theirs.id], {"state": "closed"}),
            (offer, "create", {"name": "x", "category": "skills", "partner_id": self.org.id}),
            (offer, "action_close", [self.ours.id]),
            (offer, "action_close", [self.theirs.id]),
            (offer, "action_draft", [self.ours.id]),
            (offer, "unlink", [self.ours.id]),
            (request, "create", {"offer_id": self.theirs.id, "partner_id": self.org.id, "message": "x"}),
            (request, "action_agree", [self.received.id], "oui"),
            (request, "action_decline", [self.received.id]),
            (request, "action_cancel", [self.sent.id]),
            (request, "action_done", [self.sent.id]),
            (request, "write", [self.received.id], {"answer": "oui"}),
            (request, "write", [self.third_party.id], {"message": "x"}),
            (request, "unlink", [self.sent.id]),
        ]
        for model, method, *args in attempts:
            with self.subTest(model=model, method=method, args=args):
                self.assertRefused(self.call(model, method, *args), "AccessError", "UserError", "ValidationError")
        self.assertUnchanged(before)

    def test_a_member_reads_no_third_party_request(self):
        self.login(self.member)
        answer = self.call("periscope.sharing.request", "read", [self.third_party.id], ["message"])
        self.assertRefused(answer, "AccessError")
        found = self.assertAllowed(self.call("periscope.sharing.request", "search_read", [], ["message"]))
        self.assertEqual(sorted(row["message"] for row in found), ["envoyée", "reçue"])
        self.assertIsInstance(answer, RpcAnswer)


@tagged("post_install", "-at_install")
class TestSharingRequestsPages(PortalHttpMixin, PeriscopeFactoryMixin, QueryCountMixin, HttpCase):
    """The requests Caracole received come a page at a time, in as many
    queries for 3 as for 300."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.caracole = cls._make_organisation("Caracole (test)", cls.PERMANENT_RESIDENT)
        ines = cls.env["res.partner"].create({"name": "Inès", "parent_id": cls.caracole.id})
        cls.ines_user = cls._make_portal_login(ines, "pages_ines", password="pages_ines_pw")
        cls.asking = [cls._make_organisation(f"Demandeur {n} (test)", cls.PERMANENT_RESIDENT) for n in range(300)]
        cls.offers = cls.env["periscope.sharing.offer"].create(
            [{"name": f"Offre {n} (test)", "category": "skills", "partner_id": cls.caracole.id} for n in range(300)]
        )
        cls.offers.action_publish()

    def _ask(self, numbers):
        self.env["periscope.sharing.request"].create(
            [
                {"offer_id": self.offers[n].id, "partner_id": self.asking[n].id, "message": f"Demande {n}"}
                for n in numbers
            ]
        )

    def _page(self, url):
        queries, response = self.queries_of(lambda: self.url_open(url), invalidate=False)
        self.assertEqual(response.status_code, 200)
        return queries, response.text

    def test_the_requests_received_are_paged_in_as_many_queries(self):
        self._ask(range(3))
        self._login(self.ines_user)
        few, text = self._page("/my/sharing/requests")
        self.assertEqual(text.count('class="o_periscope_sharing_request"'), 3)
        self._ask(range(3, 300))
        many, text = self._page("/my/sharing/requests")
        self.assertEqual(text.count('class="o_periscope_sharing_request"'), 20)
        self.assertIn("/my/sharing/requests/page/2?box=received", text)
        self.assertQueriesDoNotGrow(few, many, "requests")
        last, text = self._page("/my/sharing/requests/page/15?box=received")
        self.assertEqual(text.count('class="o_periscope_sharing_request"'), 20)
        self.assertEqual(last, many)
        _queries, text = self._page("/my/sharing/requests?box=sent")
        self.assertIn("Your organisation has asked for nothing yet.", text)
