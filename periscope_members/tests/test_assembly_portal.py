# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64

from lxml import html

from odoo import Command
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .assembly_common import AssemblyCase
from .http import PortalHttpMixin


@tagged("post_install", "-at_install")
class TestAssemblyPortal(PortalHttpMixin, AssemblyCase, HttpCase):
    """A member organisation on its portal: the assemblies it is convened
    to, their agenda and documents, its proxy and its votes, and no one
    else's ballots."""

    csrf_page = "/my/membership"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # an assembly ADEPES is not convened to
        cls.other_assembly = cls.env["periscope.assembly"].create(
            {
                "name": "Conseil d'administration restreint (test)",
                "assembly_type": "board",
                "date": "2026-05-04 17:00:00",
                "state": "convened",
                "member_ids": [Command.create({"partner_id": cls.caracole.id, "college_id": cls.residents.id})],
            }
        )

    # ------------------------------------------------------------ helpers
    def _login(self, user, password=None):
        # the users of the assembly tests have their login as password
        return super()._login(user, password or user.login)

    def _my_assemblies(self, user):
        """The page of the assemblies, opened by ``user``."""
        self._login(user)
        response = self.url_open("/my/assemblies")
        self.assertEqual(response.status_code, 200)
        return response

    def _page(self, assembly=None):
        return self.url_open(f"/my/assemblies/{(assembly or self.assembly).id}")

    def _give_proxy(self, holder, assembly=None):
        assembly = assembly or self.assembly
        return self._post(f"/my/assemblies/{assembly.id}/proxy", {"holder_id": holder.id if holder else ""})

    def _vote(self, resolution, kind, member=None):
        data = {"option_id": self._option(resolution, kind).id}
        if member:
            data["member_id"] = member.id
        return self._post(f"/my/assemblies/resolution/{resolution.id}/vote", data)

    def _option(self, resolution, kind):
        return resolution.option_ids.filtered(lambda o: o.kind == kind)

    def _voting(self, remote_voting=True):
        """The assembly convened and its resolution open: from the portal
        before the meeting (remote voting), else in session."""
        assembly = self._convened(remote_voting=remote_voting)
        if not remote_voting:
            assembly.action_open_session()
        resolution = (
            self.env["periscope.assembly.resolution"]
            .with_user(self.manager)
            .create({"assembly_id": assembly.id, "name": "Approbation des comptes"})
        )
        resolution.action_open()
        return assembly, resolution

    def _ballots(self, resolution):
        return self.env["periscope.assembly.ballot"].search([("resolution_id", "=", resolution.id)])

    def _counter(self):
        return self.make_jsonrpc_request("/my/counters", {"counters": ["periscope_assembly_count"]})[
            "periscope_assembly_count"
        ]

    @staticmethod
    def _texts(response, css_class):
        """The text of the elements of the page with the class."""
        tree = html.fromstring(response.text)
        nodes = tree.xpath("//*[contains(concat(' ', normalize-space(@class), ' '), $name)]", name=f" {css_class} ")
        return [" ".join(node.text_content().split()) for node in nodes]

    # ------------------------------------------------------------ seeing
    def test_the_organisation_sees_the_assemblies_it_is_convened_to(self):
        self._convened()
        response = self._my_assemblies(self.adepes_user)
        self.assertIn("Assemblée générale 2026 (test)", response.text)
        self.assertIn("Le Périscope, Ramonville", response.text)
        self.assertEqual(self._texts(response, "o_periscope_participation"), ["Votes itself"])
        self.assertNotIn("administration restreint (test)", response.text)
        self.assertEqual(self._counter(), 1)
        self.assertEqual(self._page(self.other_assembly).status_code, 404)
        self.assertEqual(self.url_open("/my/assemblies/999999999").status_code, 404)
        # Caracole is convened to both
        response = self._my_assemblies(self.caracole_user)
        self.assertIn("administration restreint (test)", response.text)
        self.assertEqual(self._counter(), 2)
        self.assertEqual(self._page(self.other_assembly).status_code, 200)

    def test_an_organisation_not_up_to_date_is_not_convened(self):
        self._convened()
        response = self._my_assemblies(self.unpaid_user)
        self.assertIn("not convened to any assembly", response.text)
        self.assertNotIn("Assemblée générale 2026 (test)", response.text)
        self.assertEqual(self._counter(), 0)
        self.assertEqual(self._page().status_code, 404)

    def test_the_assembly_page_agenda_college_and_documents(self):
        document = self.env["ir.attachment"].create(
            {
                "name": "Rapport d'activité 2025.txt",
                "datas": base64.b64encode(b"Rapport moral et financier"),
                "mimetype": "text/plain",
            }
        )
        stranger = self.env["ir.attachment"].create({"name": "Paie.txt", "datas": base64.b64encode(b"salaires")})
        self.assembly.sudo().document_ids = [Command.link(document.id)]
        self._convened()
        self._login(self.adepes_user)
        response = self._page()
        self.assertEqual(response.status_code, 200)
        self.assertIn("élection du CA", response.text)
        self.assertIn("Le Périscope, Ramonville", response.text)
        self.assertIn("Résidents (test)", response.text)
        self.assertIn("50.00", response.text)
        url = f"/my/assemblies/{self.assembly.id}/documents/{document.id}"
        self.assertIn(url, response.text)
        download = self.url_open(url)
        self.assertEqual(download.status_code, 200)
        self.assertEqual(download.content, b"Rapport moral et financier")
        self.assertIn("attachment", download.headers["Content-Disposition"])
        # an attachment that is not a document of the assembly
        stranger_url = f"/my/assemblies/{self.assembly.id}/documents/{stranger.id}"
        self.assertEqual(self.url_open(stranger_url).status_code, 404)
        # an organisation that is not convened
        self._login(self.unpaid_user)
        self.assertEqual(self.url_open(url).status_code, 404)

    # ------------------------------------------------------------ proxies
    def test_the_organisation_gives_and_takes_back_its_proxy(self):
        self._convened()
        adepes, urscop = self._member(self.adepes), self._member(self.urscop)
        self._login(self.adepes_user)
        form = html.fromstring(self._page().text).xpath(
            "//form[contains(@class, 'o_periscope_proxy_form')]//option/@value"
        )
        # the other convened organisations, not itself
        self.assertIn(str(urscop.id), form)
        self.assertNotIn(str(adepes.id), form)
        response = self._give_proxy(urscop)
        self.assertEqual(response.status_code, 200)
        self.assertIn("success=proxy_given", response.url)
        self.assertEqual(adepes.proxy_holder_id, urscop)
        self.assertEqual(adepes.attendance, "represented")
        self.assertIn("Represented by URSCOP (test)", response.text)
        response = self._give_proxy(False)
        self.assertIn("success=proxy_taken_back", response.url)
        self.assertFalse(adepes.proxy_holder_id)
        self.assertEqual(adepes.attendance, "absent")

    def test_refused_proxies_change_nothing(self):
        self._convened()
        adepes, caracole, urscop = (self._member(self.adepes), self._member(self.caracole), self._member(self.urscop))
        self._login(self.adepes_user)
        response = self._give_proxy(adepes)
        self.assertIn("cannot give its proxy to itself", response.text)
        self.assertIn("o_periscope_assembly_error", response.text)
        self.assertFalse(adepes.proxy_holder_id)
        # a convened organisation of another assembly
        response = self._give_proxy(self.other_assembly.member_ids)
        self.assertIn("Choose one of the organisations convened", response.text)
        self.assertFalse(adepes.proxy_holder_id)
        # Caracole gives its proxy to ADEPES: at most one per organisation
        self._login(self.caracole_user)
        self.assertIn("success=proxy_given", self._give_proxy(adepes).url)
        self.assertEqual(caracole.proxy_holder_id, adepes)
        self._login(self.urscop_user)
        response = self._give_proxy(adepes)
        self.assertIn("already carries 1 proxies", response.text)
        self.assertFalse(urscop.proxy_holder_id)
        self.assertEqual(urscop.attendance, "absent")
        # no chains: not to Caracole, which gave its own proxy...
        response = self._give_proxy(caracole)
        self.assertIn("Proxies are not passed on", response.text)
        self.assertFalse(urscop.proxy_holder_id)
        # ...and ADEPES, which carries Caracole's, does not give its own
        self._login(self.adepes_user)
        self.assertNotIn("o_periscope_proxy_form", self._page().text)
        response = self._give_proxy(urscop)
        self.assertIn("Proxies are not passed on", response.text)
        self.assertFalse(adepes.proxy_holder_id)
        self.assertEqual(adepes.carried_proxy_ids, caracole)
        # the assembly is over: the proxy no longer changes
        self.assembly.action_open_session()
        self.assembly.action_close()
        self._login(self.caracole_user)
        response = self._give_proxy(False)
        self.assertIn("no longer changes", response.text)
        self.assertEqual(caracole.proxy_holder_id, adepes)

    # ------------------------------------------------------------ votes
    def test_the_organisation_votes_once_on_an_open_resolution(self):
        __, resolution = self._voting()
        self._login(self.adepes_user)
        page = self._page()
        self.assertIn("Approbation des comptes", page.text)
        self.assertEqual(len(self._texts(page, "o_periscope_vote_form")), 1)
        response = self._vote(resolution, "for")
        self.assertEqual(response.status_code, 200)
        self.assertIn("success=voted", response.url)
        ballot = self._ballots(resolution)
        self.assertEqual(ballot.partner_id, self.adepes)
        self.assertEqual(ballot.option_id.kind, "for")
        self.assertEqual(ballot.user_id, self.adepes_user)
        self.assertEqual(self._texts(response, "o_periscope_ballot"), ["Your organisation voted: For"])
        self.assertNotIn("o_periscope_vote_form", response.text)
        # a second vote
        response = self._vote(resolution, "against")
        self.assertIn("has already voted on Approbation des comptes", response.text)
        self.assertEqual(self._ballots(resolution), ballot)
        self.assertEqual(ballot.option_id.kind, "for")

    def test_no_vote_once_the_resolution_is_closed(self):
        __, resolution = self._voting()
        resolution.with_user(self.manager).action_close()
        self._login(self.adepes_user)
        self.assertNotIn("o_periscope_vote_form", self._page().text)
        response = self._vote(resolution, "for")
        self.assertIn("is not open", response.text)
        self.assertFalse(self._ballots(resolution))

    def test_no_vote_from_the_portal_without_remote_voting(self):
        __, resolution = self._voting(remote_voting=False)
        self._login(self.adepes_user)
        page = self._page()
        self.assertIn("cast in the room", page.text)
        self.assertNotIn("o_periscope_vote_form", page.text)
        response = self._vote(resolution, "for")
        self.assertIn("does not take votes from the portal", response.text)
        self.assertFalse(self._ballots(resolution))
        self.assertEqual(self._member(self.adepes).attendance, "absent")

    def test_the_holder_of_a_proxy_votes_for_its_organisation_only(self):
        __, resolution = self._voting()
        adepes, caracole = self._member(self.adepes), self._member(self.caracole)
        caracole.with_user(self.staff).action_give_proxy(adepes)
        # Caracole gave its proxy: it does not vote itself
        self._login(self.caracole_user)
        self.assertNotIn("o_periscope_vote_form", self._page().text)
        response = self._vote(resolution, "for")
        self.assertIn("Only Caracole (test), or the holder of its proxy, votes for it", response.text)
        self.assertFalse(self._ballots(resolution))
        # ADEPES votes for itself and for Caracole
        self._login(self.adepes_user)
        self.assertEqual(len(self._texts(self._page(), "o_periscope_vote_form")), 2)
        response = self._vote(resolution, "against", caracole)
        self.assertIn("success=voted", response.url)
        ballot = self._ballots(resolution)
        self.assertEqual(ballot.partner_id, self.caracole)
        self.assertEqual(ballot.cast_by_id, adepes)
        self.assertTrue(ballot.by_proxy)
        self.assertEqual(
            self._texts(response, "o_periscope_ballot"),
            ["Voted for Caracole (test) (by proxy, cast by ADEPES (test)): Against"],
        )
        # not for an organisation whose proxy it does not carry
        response = self._vote(resolution, "for", self._member(self.urscop))
        self.assertIn("Only URSCOP (test), or the holder of its proxy, votes for it", response.text)
        # nor for a convened organisation of another assembly
        response = self._vote(resolution, "for", self.other_assembly.member_ids)
        self.assertIn("Vote for your organisation or for one", response.text)
        self.assertEqual(self._ballots(resolution), ballot)
        # Caracole sees the vote cast for it
        self._login(self.caracole_user)
        self.assertEqual(
            self._texts(self._page(), "o_periscope_ballot"),
            ["Your organisation voted (by proxy, cast by ADEPES (test)): Against"],
        )
        # a resolution of an assembly it is not convened to
        self._login(self.unpaid_user)
        response = self._vote(resolution, "for")
        self.assertEqual(response.status_code, 404)
        self.assertEqual(self._ballots(resolution), ballot)

    def test_only_its_own_ballots_then_the_totals(self):
        __, resolution = self._voting()
        self._login(self.urscop_user)
        self.assertIn("success=voted", self._vote(resolution, "against").url)
        self._login(self.adepes_user)
        self.assertIn("success=voted", self._vote(resolution, "for").url)
        page = self._page()
        # URSCOP's ballot is not shown to ADEPES, nor its choice
        self.assertEqual(self._texts(page, "o_periscope_ballot"), ["Your organisation voted: For"])
        self.assertNotIn("Against", page.text)
        self.assertNotIn("o_periscope_results", page.text)
        # closed: the totals, by college and weighted
        resolution.with_user(self.manager).action_close()
        page = self._page()
        self.assertIn(resolution.result_summary, page.text)
        self.assertIn("Adopted", resolution.result_summary)
        rows = self._texts(page, "o_periscope_result_total")
        # residents 50 % for, network heads 30 % against, of 80 % that voted
        self.assertEqual(rows, ["Total (weighted) 1 (62.50 %) 1 (37.50 %) 0 (0.00 %)"])
        self.assertIn("Têtes de réseau (test)", page.text)
        self.assertEqual(self._texts(page, "o_periscope_ballot"), ["Your organisation voted: For"])

    # ------------------------------------------------------------ HTTP
    def test_posts_need_a_csrf_token_and_gets_are_refused(self):
        assembly, resolution = self._voting()
        self._login(self.adepes_user)
        vote_url = f"/my/assemblies/resolution/{resolution.id}/vote"
        proxy_url = f"/my/assemblies/{assembly.id}/proxy"
        option = self._option(resolution, "for")
        with mute_logger("odoo.http"):
            response = self.url_open(vote_url, data={"option_id": option.id})
            self.assertEqual(response.status_code, 400)
            response = self.url_open(proxy_url, data={"holder_id": self._member(self.urscop).id})
            self.assertEqual(response.status_code, 400)
        self.assertEqual(self.url_open(f"{vote_url}?option_id={option.id}").status_code, 405)
        self.assertEqual(self.url_open(proxy_url).status_code, 405)
        self.assertFalse(self._ballots(resolution))
        self.assertFalse(self._member(self.adepes).proxy_holder_id)

    # ------------------------------------------------------------ browser
    def test_tour_the_organisation_votes_from_its_portal(self):
        __, resolution = self._voting()
        self.start_tour("/my/assemblies", "periscope_assembly_vote", login=self.adepes_user.login)
        ballot = self._ballots(resolution)
        self.assertEqual(ballot.partner_id, self.adepes)
        self.assertEqual(ballot.option_id.kind, "for")
