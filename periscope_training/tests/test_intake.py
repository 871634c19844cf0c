# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from odoo.addons.periscope_members.tests.common import PeriscopeCase


class IntakeCase(PeriscopeCase):
    """The hub's reception, a training administrator, two support structures
    (BGE and a business incubator) with a portal user each, an organisation
    that supports nobody, and a project holder received on 2 March 2026."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.reception = new_test_user(
            env, login="intake_reception", groups="periscope_coworking.group_periscope_coworking_user"
        )
        cls.manager = new_test_user(
            env, login="intake_manager", groups="periscope_training.group_periscope_training_manager"
        )
        Partner = env["res.partner"]
        cls.bge = Partner.create(
            {
                "name": "BGE Sud-Ouest (test)",
                "is_company": True,
                "email": "bge@example.org",
                "periscope_support_structure": True,
            }
        )
        cls.etymon = Partner.create(
            {
                "name": "ETYMON (test)",
                "is_company": True,
                "email": "etymon@example.org",
                "periscope_support_structure": True,
            }
        )
        cls.grocery = Partner.create({"name": "Épicerie solidaire (test)", "is_company": True})

        def portal_user(login, company):
            user = new_test_user(env, login=login, groups="base.group_portal")
            user.partner_id.parent_id = company
            return user

        cls.bge_user = portal_user("intake_bge", cls.bge)
        cls.etymon_user = portal_user("intake_etymon", cls.etymon)
        cls.lea = Partner.create({"name": "Léa Martin (test)", "email": "lea@example.org"})
        with freeze_time("2026-03-02 09:00:00"):
            cls.holder = (
                env["periscope.project.holder"]
                .with_user(cls.reception)
                .create(
                    {
                        "partner_id": cls.lea.id,
                        "project_name": "Une épicerie vrac (test)",
                        "description": "Épicerie de produits locaux en vrac.",
                        "stage": "idea",
                        "legal_form": "scic",
                        "need_training": True,
                        "need_coaching": True,
                    }
                )
            )


@tagged("post_install", "-at_install")
@freeze_time("2026-03-02 10:00:00")
class TestIntake(IntakeCase):
    def test_received_in_one_screen_then_consent_first(self):
        holder = self.holder
        self.assertEqual(holder.state, "received")
        self.assertEqual(holder.received_by_id, self.reception)
        self.assertEqual(str(holder.intake_date), "2026-03-02")
        self.assertIn("consent", holder.next_step)
        with self.assertRaisesRegex(UserError, "has not agreed"):
            holder.with_user(self.reception).action_refer(self.bge, "Création")
        self.assertFalse(holder.referral_ids)
        holder.with_user(self.reception).action_record_consent()
        self.assertEqual(holder.consent_version, "2026-01")
        self.assertTrue(holder.consent_date)

    def test_referral_only_to_a_support_structure(self):
        self.holder.with_user(self.reception).action_record_consent()
        with self.assertRaisesRegex(ValidationError, "is not a support structure"):
            self.holder.with_user(self.reception).action_refer(self.grocery, "Pour voir")
        self.assertFalse(self.holder.referral_ids)

    def test_referred_to_two_structures_one_accepts(self):
        holder = self.holder.with_user(self.reception)
        holder.action_record_consent()
        referrals = holder.action_refer(self.bge | self.etymon, "Création d'une SCIC")
        self.assertEqual(holder.state, "oriented")
        self.assertEqual(set(referrals.mapped("state")), {"pending"})
        self.assertEqual(str(referrals[0].due_date), "2026-03-12")
        # each structure is told
        mails = self.env["mail.mail"].search([("model", "=", "periscope.referral"), ("res_id", "in", referrals.ids)])
        self.assertEqual(len(mails), 2)
        with self.assertRaisesRegex(UserError, "already referred"):
            holder.action_refer(self.bge, "Encore")
        bge = referrals.filtered(lambda r: r.structure_id == self.bge)
        # BGE answers from its portal; it cannot answer ETYMON's referral
        etymon = referrals - bge
        with self.assertRaises(AccessError):
            etymon.with_user(self.bge_user).action_accept()
        bge.with_user(self.bge_user).action_accept()
        self.assertEqual(bge.state, "accepted")
        self.assertEqual(bge.answered_by_id, self.bge_user)
        self.assertEqual(holder.state, "accompanied")
        # the pathway opens, coordinated by BGE
        pathway = holder.pathway_id
        self.assertEqual(pathway.partner_id, self.lea)
        self.assertEqual(pathway.coordinator_id, self.bge)
        self.assertEqual(pathway.state, "open")
        with self.assertRaisesRegex(UserError, "already answered"):
            bge.with_user(self.bge_user).action_decline("Trop tard")
        # ETYMON accepts too: the same pathway goes on
        etymon.with_user(self.etymon_user).action_accept()
        self.assertEqual(holder.pathway_id, pathway)

    def test_a_declined_referral_asks_for_a_new_orientation(self):
        holder = self.holder.with_user(self.reception)
        holder.action_record_consent()
        referral = holder.action_refer(self.etymon, "Couveuse")
        with self.assertRaisesRegex(UserError, "Say why"):
            referral.with_user(self.etymon_user).action_decline("  ")
        self.assertEqual(referral.state, "pending")
        referral.with_user(self.etymon_user).action_decline("Le projet relève d'une SCIC : voir l'URSCOP.")
        self.assertEqual(referral.state, "declined")
        self.assertTrue(holder.needs_orientation)
        self.assertIn("Orient again", holder.next_step)
        activity = holder.activity_ids
        self.assertEqual(activity.user_id, self.reception)
        self.assertIn("URSCOP", activity.note)
        # oriented again
        holder.action_refer(self.bge, "Création")
        self.assertFalse(holder.needs_orientation)

    def test_unanswered_referrals_are_reminded_and_late(self):
        holder = self.holder.with_user(self.reception)
        holder.action_record_consent()
        referral = holder.action_refer(self.bge, "Création")
        Referral = self.env["periscope.referral"]
        self.assertFalse(Referral._cron_remind_unanswered())
        with freeze_time("2026-03-13 08:00:00"):
            self.assertTrue(referral.is_late)
            self.assertEqual(Referral.with_user(self.reception).search([("is_late", "=", True)]), referral)
            reminded = Referral._cron_remind_unanswered()
            self.assertEqual(reminded, referral)
            self.assertTrue(referral.reminded_at)
            # once per period
            self.assertFalse(Referral._cron_remind_unanswered())
        with freeze_time("2026-03-24 08:00:00"):
            self.assertEqual(Referral._cron_remind_unanswered(), referral)
        referral.with_user(self.bge_user).action_accept()
        self.assertFalse(referral.is_late)

    def test_outcomes(self):
        holder = self.holder.with_user(self.reception)
        holder.action_record_consent()
        holder.action_refer(self.bge, "Création").with_user(self.bge_user).action_accept()
        with self.assertRaisesRegex(ValidationError, "before they were received"):
            holder.action_business_created("2026-02-01", jobs=2)
        self.assertFalse(holder.outcome)
        holder.action_business_created("2026-09-01", jobs=3, business_name="Le Vrac (test)", legal_form="scic")
        self.assertEqual(holder.state, "created")
        self.assertEqual(holder.pathway_id.state, "completed")
        with self.assertRaises(ValidationError):
            holder.jobs_created = -1

    def test_a_stopped_project_says_why(self):
        holder = self.holder.with_user(self.reception)
        with self.assertRaisesRegex(UserError, "Say why the project stopped"):
            holder.action_project_stopped("2026-04-01", "")
        holder.action_project_stopped("2026-04-01", "Reprise d'un emploi salarié")
        self.assertEqual(holder.state, "stopped")

    def test_the_year_figures(self):
        Holder = self.env["periscope.project.holder"].with_user(self.reception)
        # the demo data may have figures in the year: count from them
        before = Holder._year_figures(2026)
        holder = self.holder.with_user(self.reception)
        holder.action_record_consent()
        holder.action_refer(self.bge, "Création").with_user(self.bge_user).action_accept()
        holder.action_business_created("2026-09-01", jobs=3)
        other = Holder.create({"partner_id": self.env["res.partner"].create({"name": "Marc (test)"}).id})
        other.action_record_consent()
        other.action_refer(self.etymon, "Couveuse")
        figures = Holder._year_figures(2026)
        self.assertEqual(
            {k: figures[k] - before[k] for k in figures},
            {"received": 1, "oriented": 2, "accompanied": 1, "created": 1, "jobs": 3},
        )
        self.assertEqual(Holder._year_figures(2025)["created"], 0)

    def test_what_a_structure_sees(self):
        holder = self.holder.with_user(self.reception)
        holder.action_record_consent()
        referral = holder.action_refer(self.bge, "Création")
        other = (
            self.env["periscope.project.holder"]
            .with_user(self.reception)
            .create({"partner_id": self.env["res.partner"].create({"name": "Marc (test)"}).id})
        )
        other.action_record_consent()
        other_referral = other.action_refer(self.etymon, "Couveuse")
        Referral = self.env["periscope.referral"]
        self.assertEqual(Referral.with_user(self.bge_user).search([]), referral)
        self.assertEqual(self.env["periscope.project.holder"].with_user(self.bge_user).search([]), self.holder)
        with self.assertRaises(AccessError):
            other_referral.with_user(self.bge_user).read(["reason"])
        with self.assertRaises(AccessError):
            referral.with_user(self.bge_user).write({"state": "accepted"})
        # the pathway, once BGE accepted; never another's
        Pathway = self.env["periscope.training.pathway"]
        self.assertFalse(Pathway.with_user(self.bge_user).search([]))
        referral.with_user(self.bge_user).action_accept()
        self.assertEqual(Pathway.with_user(self.bge_user).search([]), holder.pathway_id)
        self.assertFalse(Pathway.with_user(self.etymon_user).search([]))
        # a portal user of no structure refers nobody
        with self.assertRaises(AccessError):
            self.env["periscope.project.holder"].with_user(self.bge_user).create({"partner_id": self.lea.id})
