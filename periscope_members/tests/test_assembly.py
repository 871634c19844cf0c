# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .assembly_common import AssemblyCase


@tagged("post_install", "-at_install")
@freeze_time("2026-06-12 16:30:00")
class TestAssembly(AssemblyCase):
    """The general assembly of 2026: convened, attended, voted, counted."""

    def _in_session(self, **values):
        assembly = self._convened(**values)
        assembly.action_open_session()
        return assembly

    def _resolution(self, assembly, name="Approbation des comptes 2025", **values):
        resolution = (
            self.env["periscope.assembly.resolution"]
            .with_user(self.manager)
            .create({"assembly_id": assembly.id, "name": name, **values})
        )
        return resolution

    def _option(self, resolution, kind):
        return resolution.option_ids.filtered(lambda o: o.kind == kind)

    # ------------------------------------------------------------ colleges
    def test_college_weights_add_up_to_100_before_convening(self):
        self.partners.weight = 10.0
        with self.assertRaisesRegex(ValidationError, "add up to 90.0 %, not 100 %"):
            self.assembly.with_user(self.manager).action_convene()
        self.assertEqual(self.assembly.state, "draft")
        self.assertFalse(self.assembly.member_ids)
        with self.assertRaises(ValidationError):
            self.partners.weight = 120.0

    def test_only_the_manager_runs_an_assembly(self):
        with self.assertRaises(AccessError):
            self.assembly.with_user(self.staff).action_convene()
        with self.assertRaises(AccessError):
            self.env["periscope.assembly"].with_user(self.staff).create(
                {"name": "AG (staff)", "date": "2026-07-01 16:00:00"}
            )
        with self.assertRaises(AccessError):
            self.env["periscope.college"].with_user(self.staff).create({"name": "Collège (staff)", "weight": 0.0})
        with self.assertRaises(AccessError):
            self.assembly.with_user(self.adepes_user).action_convene()

    # ------------------------------------------------------------ convening
    def test_a_past_date_is_warned_before_convening(self):
        """The manager is warned when the assembly's date has passed: on the
        date itself, and by the Convene button, which asks first."""
        Assembly = self.env["periscope.assembly"].with_user(self.manager)
        with Form(Assembly) as form:
            form.name = "AG 2026 (test)"
            with self.assertLogs("odoo.tests.form.onchange", "WARNING") as logs:
                form.date = "2026-06-01 16:00:00"
            self.assertIn("This date has passed", logs.output[0])
            self.assertTrue(form.date_past)
            form.date = "2026-07-01 16:00:00"
            self.assertFalse(form.date_past)
        arch = Assembly.get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn("The date of this assembly has passed", arch)
        # 16:00 today, and it is 16:30: the assembly sits
        self.assertTrue(self.assembly.date_past)

    def test_convening_the_organisations_up_to_date(self):
        assembly = self._convened()
        self.assertEqual(assembly.state, "convened")
        self.assertEqual(assembly.member_ids.partner_id, self.organisations)
        # the weights as convened: the college's weight shared by its members
        weights = {m.partner_id: round(m.weight, 3) for m in assembly.member_ids}
        self.assertEqual(weights[self.adepes], 16.667)
        self.assertEqual(weights[self.urscop], 15.0)
        self.assertEqual(weights[self.sicoval], 20.0)
        self.assertEqual(
            {(c.college_id, c.weight, c.member_count) for c in assembly.college_line_ids},
            {(self.residents, 50.0, 3), (self.networks, 30.0, 2), (self.partners, 20.0, 1)},
        )
        # changing a college afterwards does not change the assembly's weights
        self.residents.weight = 40.0
        self.assertEqual(assembly.college_line_ids.filtered(lambda c: c.college_id == self.residents).weight, 50.0)
        # the convocation, with the agenda, to each organisation
        self.assertTrue(all(assembly.member_ids.mapped("convocation_sent_at")))
        mails = self.env["mail.mail"].search(
            [("model", "=", "periscope.assembly.member"), ("res_id", "in", assembly.member_ids.ids)]
        )
        self.assertEqual(len(mails), 6)
        self.assertIn("Rapport d'activité", mails[0].body_html)
        with self.assertRaisesRegex(UserError, "already convened"):
            assembly.action_convene()

    # ------------------------------------------------------------ quorum
    def test_quorum_of_organisations_live(self):
        assembly = self._convened()
        self.assertFalse(assembly.quorum_reached)
        self._member(self.adepes).with_user(self.staff).action_mark_present()
        self._member(self.urscop).with_user(self.staff).action_mark_present()
        self.assertEqual(assembly.quorum_share, 33.33)
        self.assertFalse(assembly.quorum_reached)
        self._member(self.caracole).with_user(self.staff).action_give_proxy(self._member(self.adepes))
        self.assertEqual(assembly.present_count, 2)
        self.assertEqual(assembly.represented_count, 1)
        self.assertEqual(assembly.quorum_share, 50.0)
        self.assertTrue(assembly.quorum_reached)
        # a proxy counts while its holder attends
        self._member(self.adepes).with_user(self.staff).action_mark_absent()
        self.assertEqual(assembly.represented_count, 0)
        self.assertEqual(assembly.quorum_share, 16.67)
        self.assertFalse(assembly.quorum_reached)

    def test_staff_record_the_votes_in_the_room(self):
        __, resolution = self._voting()
        Wizard = self.env["periscope.assembly.vote"].with_user(self.staff)
        wizard = Wizard.create(
            {
                "resolution_id": resolution.id,
                "member_id": self._member(self.francas).id,
                "option_id": self._option(resolution, "against").id,
            }
        )
        action = wizard.action_record_next()
        self.assertEqual(action["context"]["default_resolution_id"], resolution.id)
        self.assertEqual(resolution.ballot_ids.partner_id, self.francas)
        self.assertEqual(resolution.ballot_ids.user_id, self.staff)
        # the holder of a proxy who left: the represented vote is refused
        self._member(self.adepes).with_user(self.staff).action_mark_absent()
        with self.assertRaisesRegex(UserError, "is absent"):
            Wizard.create(
                {
                    "resolution_id": resolution.id,
                    "member_id": self._member(self.caracole).id,
                    "option_id": self._option(resolution, "for").id,
                }
            ).action_record()

    def test_quorum_of_weights(self):
        assembly = self._convened(quorum_basis="weights")
        for organisation in (self.adepes, self.urscop, self.ies):
            self._member(organisation).with_user(self.staff).action_mark_present()
        # 16.67 + 15 + 15
        self.assertEqual(assembly.quorum_share, 46.67)
        self.assertFalse(assembly.quorum_reached)
        self._member(self.sicoval).with_user(self.staff).action_give_proxy(self._member(self.urscop))
        self.assertEqual(assembly.quorum_share, 66.67)
        self.assertTrue(assembly.quorum_reached)

    # ------------------------------------------------------------ proxies
    def test_proxies_refused(self):
        assembly = self._convened()
        adepes, caracole, francas, urscop = (
            self._member(o) for o in (self.adepes, self.caracole, self.francas, self.urscop)
        )
        with self.assertRaisesRegex(ValidationError, "to itself"):
            adepes.with_user(self.staff).action_give_proxy(adepes)
        caracole.with_user(self.staff).action_give_proxy(adepes)
        self.assertEqual(caracole.attendance, "represented")
        # one proxy at most per organisation (the setting of the assembly)
        with self.assertRaisesRegex(ValidationError, "already carries 1 proxies"):
            francas.with_user(self.staff).action_give_proxy(adepes)
        self.assertFalse(francas.proxy_holder_id)
        self.assertEqual(francas.attendance, "absent")
        # no chains: a holder does not pass it on, nor give to one who gave
        with self.assertRaisesRegex(ValidationError, "not passed on"):
            adepes.with_user(self.staff).action_give_proxy(urscop)
        with self.assertRaisesRegex(ValidationError, "not passed on"):
            francas.with_user(self.staff).action_give_proxy(caracole)
        self.assertFalse(adepes.proxy_holder_id)
        # taken back
        caracole.with_user(self.staff).action_give_proxy(False)
        self.assertEqual(caracole.attendance, "absent")
        assembly.action_open_session()
        assembly.action_close()
        with self.assertRaisesRegex(UserError, "no longer changes"):
            caracole.with_user(self.staff).action_give_proxy(adepes)

    # ------------------------------------------------------------ votes
    def _voting(self, **values):
        """In session: ADEPES, Francas, URSCOP, IES and Sicoval present,
        Caracole represented by ADEPES; the resolution open."""
        assembly = self._in_session(**values)
        for organisation in (self.adepes, self.francas, self.urscop, self.ies, self.sicoval):
            self._member(organisation).with_user(self.staff).action_mark_present()
        self._member(self.caracole).with_user(self.staff).action_give_proxy(self._member(self.adepes))
        resolution = self._resolution(assembly)
        resolution.action_open()
        return assembly, resolution

    def _vote(self, resolution, organisation, kind, user=None):
        return resolution.with_user(user or self.staff).action_vote(
            self._option(resolution, kind), self._member(organisation)
        )

    def test_weighted_result_by_college(self):
        __, resolution = self._voting()
        self._vote(resolution, self.adepes, "for")
        ballot = self._vote(resolution, self.caracole, "for")
        self.assertTrue(ballot.by_proxy)
        self.assertEqual(ballot.cast_by_id.partner_id, self.adepes)
        self._vote(resolution, self.francas, "against")
        self._vote(resolution, self.urscop, "against")
        self._vote(resolution, self.ies, "abstain")
        self._vote(resolution, self.sicoval, "for")
        resolution.action_close()
        shares = {(r.college_id, r.option_id.kind): (r.votes, round(r.share, 2)) for r in resolution.result_ids}
        self.assertEqual(shares[(self.residents, "for")], (2, 66.67))
        self.assertEqual(shares[(self.residents, "against")], (1, 33.33))
        self.assertEqual(shares[(self.networks, "against")], (1, 50.0))
        self.assertEqual(shares[(self.networks, "abstain")], (1, 50.0))
        self.assertEqual(shares[(self.partners, "for")], (1, 100.0))
        # weighted: 50 % x 2/3 + 20 % x 1 for; 50 % x 1/3 + 30 % x 1/2 against
        empty = self.env["periscope.college"]
        self.assertEqual(shares[(empty, "for")], (3, 53.33))
        self.assertEqual(shares[(empty, "against")], (2, 31.67))
        self.assertEqual(shares[(empty, "abstain")], (1, 15.0))
        # 53.33 / 85 of the votes expressed: adopted by a simple majority
        self.assertTrue(resolution.adopted)
        self.assertIn("62.75 % for", resolution.result_summary)

    def test_two_thirds_majority(self):
        __, resolution = self._voting()
        # back to a draft: only the server does it
        resolution.sudo().write({"state": "draft"})
        resolution.majority = "two_thirds"
        resolution.action_open()
        for organisation, kind in (
            (self.adepes, "for"),
            (self.caracole, "for"),
            (self.francas, "against"),
            (self.urscop, "against"),
            (self.ies, "abstain"),
            (self.sicoval, "for"),
        ):
            self._vote(resolution, organisation, kind)
        resolution.action_close()
        self.assertFalse(resolution.adopted)
        self.assertIn("Rejected", resolution.result_summary)

    def test_votes_refused(self):
        assembly, resolution = self._voting()
        self._vote(resolution, self.adepes, "for")
        with self.assertRaisesRegex(UserError, "already voted"):
            self._vote(resolution, self.adepes, "against")
        self.assertEqual(len(resolution.ballot_ids), 1)
        self.assertEqual(resolution.ballot_ids.option_id.kind, "for")
        # not convened: its membership was not up to date (it does not even
        # read the resolution)
        with self.assertRaises(AccessError):
            resolution.with_user(self.unpaid_user).action_vote(self._option(resolution, "for"))
        # convened, but no longer up to date
        self.urscop.free_member = False
        with self.assertRaisesRegex(UserError, "not up to date"):
            self._vote(resolution, self.urscop, "for")
        # absent
        self._member(self.ies).with_user(self.staff).action_mark_absent()
        with self.assertRaisesRegex(UserError, "neither present nor represented"):
            self._vote(resolution, self.ies, "for")
        # an option of another resolution
        other = self._resolution(assembly, "Élection du CA")
        with self.assertRaisesRegex(UserError, "options of the resolution"):
            resolution.with_user(self.staff).action_vote(self._option(other, "for"), self._member(self.sicoval))
        # a vote does not change; once closed, none is cast nor deleted
        with self.assertRaisesRegex(UserError, "does not change"):
            resolution.ballot_ids.write({"option_id": self._option(resolution, "against").id})
        resolution.action_close()
        with self.assertRaisesRegex(UserError, "not open"):
            self._vote(resolution, self.sicoval, "for")
        with self.assertRaisesRegex(UserError, "closed"):
            resolution.ballot_ids.with_user(self.manager).unlink()
        self.assertEqual(len(resolution.ballot_ids), 1)

    def test_the_text_of_a_resolution_is_frozen_once_put_to_the_vote(self):
        __, resolution = self._voting()
        with self.assertRaisesRegex(UserError, "no longer change"):
            resolution.name = "Autre texte"
        with self.assertRaisesRegex(UserError, "not deleted"):
            resolution.unlink()
        with self.assertRaises(AccessError):
            resolution.with_user(self.staff).action_close()

    def test_closing_the_assembly_counts_its_open_votes(self):
        assembly, resolution = self._voting()
        self._vote(resolution, self.adepes, "for")
        assembly.action_close()
        self.assertEqual(resolution.state, "closed")
        self.assertTrue(resolution.adopted)
        self.assertEqual(assembly.state, "closed")
        with self.assertRaisesRegex(UserError, "no longer changes"):
            self._member(self.francas).with_user(self.staff).action_mark_present()

    # ------------------------------------------------------------ portal
    def test_portal_organisation_votes_remotely_for_itself_and_its_proxies(self):
        __, resolution = self._voting(remote_voting=True)
        for_option = self._option(resolution, "for")
        ballot = resolution.with_user(self.adepes_user).action_vote(for_option)
        self.assertEqual(ballot.partner_id, self.adepes)
        # for Caracole, whose proxy ADEPES carries
        resolution.with_user(self.adepes_user).action_vote(for_option, self._member(self.caracole))
        # Caracole gave its proxy: it does not vote itself, nor for others
        with self.assertRaises(AccessError):
            resolution.with_user(self.caracole_user).action_vote(for_option)
        with self.assertRaises(AccessError):
            resolution.with_user(self.adepes_user).action_vote(for_option, self._member(self.urscop))
        resolution.with_user(self.urscop_user).action_vote(self._option(resolution, "against"))
        # each organisation reads its own ballots only
        Ballot = self.env["periscope.assembly.ballot"]
        self.assertEqual(Ballot.with_user(self.adepes_user).search([]).partner_id, self.adepes | self.caracole)
        self.assertEqual(Ballot.with_user(self.urscop_user).search([]).partner_id, self.urscop)
        with self.assertRaises(AccessError):
            Ballot.with_user(self.urscop_user).browse(ballot.id).read(["option_id"])
        # then, closed, the totals
        resolution.action_close()
        totals = resolution.with_user(self.urscop_user).result_ids.filtered(lambda r: not r.college_id)
        self.assertEqual(sum(totals.mapped("votes")), 3)

    def test_portal_votes_refused_without_remote_voting(self):
        __, resolution = self._voting()
        with self.assertRaisesRegex(UserError, "does not take votes from the portal"):
            resolution.with_user(self.adepes_user).action_vote(self._option(resolution, "for"))
        self.assertFalse(resolution.ballot_ids)

    def test_portal_organisation_sees_only_its_assemblies(self):
        assembly = self._convened()
        Assembly = self.env["periscope.assembly"]
        self.assertEqual(Assembly.with_user(self.adepes_user).search([]), assembly)
        self.assertFalse(Assembly.with_user(self.unpaid_user).search([]))
        with self.assertRaises(AccessError):
            assembly.with_user(self.unpaid_user).read(["name"])
        with self.assertRaises(AccessError):
            assembly.with_user(self.adepes_user).write({"name": "AG piratée"})
        with self.assertRaises(AccessError):
            self._member(self.adepes).with_user(self.adepes_user).write({"attendance": "present"})
