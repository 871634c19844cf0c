# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import PeriscopeMembersCase


@tagged("post_install", "-at_install")
class TestRenewal(PeriscopeMembersCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.accountant = new_test_user(cls.env, login="accountant", groups="account.group_account_invoice")
        cls.orgs = cls.network | cls.org | cls.other_org

    def _renew(self, year=2026, partners=None, user=None):
        Partner = self.env["res.partner"].with_user(user or self.manager)
        return Partner._periscope_renew_memberships(year, partners=self.orgs if partners is None else partners)

    def _pay(self, moves, date):
        moves.with_user(self.accountant).action_post()
        self.env["account.payment.register"].with_user(self.accountant).with_context(
            active_model="account.move", active_ids=moves.ids
        ).create({"payment_date": date, "group_payment": False})._create_payments()

    @freeze_time("2026-03-02 09:00:00")
    def test_one_draft_invoice_per_organisation_at_its_fee(self):
        moves = self._renew()
        self.assertEqual(moves.partner_id, self.orgs)
        self.assertEqual(set(moves.mapped("state")), {"draft"})
        self.assertEqual(set(moves.mapped("move_type")), {"out_invoice"})
        by_partner = {move.partner_id: move for move in moves}
        self.assertEqual(by_partner[self.org].amount_untaxed, 480.0)
        self.assertEqual(by_partner[self.other_org].amount_untaxed, 180.0)
        line = by_partner[self.org].invoice_line_ids
        self.assertEqual(line.product_id, self.type_permanent.membership_product_id)
        self.assertEqual(line.name, f"{line.product_id.display_name} — 2026")
        membership = self.org.member_lines
        self.assertEqual((str(membership.date_from), str(membership.date_to)), ("2026-01-01", "2026-12-31"))
        # the organisation and its people wait for the invoice
        self.assertEqual(self.org.membership_state, "waiting")
        self.assertEqual(self.person.membership_state, "waiting")

    @freeze_time("2026-03-02 09:00:00")
    def test_running_twice_creates_nothing_more(self):
        first = self._renew()
        self.assertEqual(len(first), 3)
        self.assertFalse(self._renew())
        wizard = (
            self.env["periscope.membership.renewal"]
            .with_user(self.manager)
            .create({"year": 2026, "partner_ids": [Command.set(self.orgs.ids)]})
        )
        self.assertEqual(wizard.due_count, 0)
        with self.assertRaises(UserError) as caught:
            wizard.action_renew()
        self.assertIn("already invoiced for 2026", str(caught.exception))
        # another year is due again
        self.assertEqual(len(self._renew(2027)), 3)

    @freeze_time("2026-03-02 09:00:00")
    def test_the_accountant_posts_and_the_state_follows_the_invoice(self):
        moves = self._renew()
        move = moves.filtered(lambda m: m.partner_id == self.org)
        move.with_user(self.accountant).action_post()
        self.assertEqual(self.org.membership_state, "invoiced")
        self.assertEqual(self.person.membership_state, "invoiced")
        self.env["account.payment.register"].with_user(self.accountant).with_context(
            active_model="account.move", active_ids=move.ids
        ).create({"payment_date": "2026-03-02"})._create_payments()
        self.assertIn(move.payment_state, ("paid", "in_payment"))
        self.assertEqual(self.org.membership_state, "paid")
        self.assertEqual(self.person.membership_state, "paid")
        self.assertEqual(str(self.org.membership_stop), "2026-12-31")
        # a person who is not in a member organisation is no member
        self.assertEqual(self.env["res.partner"].create({"name": "X"}).membership_state, "none")

    def test_renewing_an_organisation_without_type_is_refused(self):
        stray = self.env["res.partner"].create({"name": "Sans type", "is_company": True})
        with self.assertRaises(UserError) as caught:
            self._renew(partners=self.org | stray)
        self.assertIn("Sans type", str(caught.exception))
        self.assertFalse(self.org.member_lines)

    def test_free_members_are_not_invoiced(self):
        self.other_org.free_member = True
        moves = self._renew()
        self.assertEqual(moves.partner_id, self.network | self.org)
        self.assertEqual(self.other_org.membership_state, "free")

    def test_only_members_managers_renew(self):
        with self.assertRaises(AccessError):
            self.env["periscope.membership.renewal"].with_user(self.staff).create({"year": 2026})
        with self.assertRaises(AccessError):
            self.env["periscope.membership.renewal"].with_user(self.accountant).create({"year": 2026})

    def test_wizard_opens_the_new_invoices(self):
        wizard = (
            self.env["periscope.membership.renewal"]
            .with_user(self.manager)
            .create({"year": 2026, "partner_ids": [Command.set(self.orgs.ids)]})
        )
        self.assertEqual(wizard.due_count, 3)
        action = wizard.action_renew()
        moves = self.env["account.move"].search(action["domain"])
        self.assertEqual(moves.partner_id, self.orgs)
        with self.assertRaises(UserError):
            wizard.action_renew()

    def test_grace_period_before_the_state_drops(self):
        with freeze_time("2025-03-01"):
            last_year = self._renew(2025, partners=self.org)
            self._pay(last_year, "2025-03-01")
        with freeze_time("2025-12-20"):
            renewal = self._renew(2026, partners=self.org)
            renewal.with_user(self.accountant).action_post()
        with freeze_time("2026-01-20"):
            self.env["res.partner"]._cron_update_membership()
            self.assertEqual(self.org.membership_state, "paid")
            self.assertTrue(self.org.periscope_membership_in_grace)
            self.assertEqual(self.person.membership_state, "paid")
        with freeze_time("2026-02-15"):  # a month after the end: the state drops
            self.env["res.partner"]._cron_update_membership()
            self.assertEqual(self.org.membership_state, "invoiced")
            self.assertFalse(self.org.periscope_membership_in_grace)
            self.env["ir.config_parameter"].set_param("periscope_members.membership_grace_days", "60")
            self.env.add_to_compute(self.env["res.partner"]._fields["membership_state"], self.org)
            self.assertEqual(self.org.membership_state, "paid")

    def test_reminders_before_expiry_and_after_an_unpaid_renewal(self):
        with freeze_time("2026-01-02"):
            moves = self._renew(2026, partners=self.org | self.other_org)
            moves.with_user(self.accountant).write({"invoice_date": "2026-01-02"})
            moves.with_user(self.accountant).action_post()
            org_move = moves.filtered(lambda m: m.partner_id == self.org)
            self.env["account.payment.register"].with_user(self.accountant).with_context(
                active_model="account.move", active_ids=org_move.ids
            ).create({"payment_date": "2026-01-02"})._create_payments()
        with freeze_time("2026-01-20"):  # 18 days after: the unpaid one is reminded
            expiring, unpaid = self.env["res.partner"]._cron_periscope_membership_reminders()
            self.assertFalse(expiring & self.orgs)
            self.assertEqual(unpaid.partner, self.other_org)
            mail = self.env["mail.mail"].search(
                [("model", "=", "membership.membership_line"), ("res_id", "in", unpaid.ids)]
            )
            self.assertEqual(len(mail), 1)
            self.assertIn(moves.filtered(lambda m: m.partner_id == self.other_org).name, mail.subject)
            _expiring, again = self.env["res.partner"]._cron_periscope_membership_reminders()
            self.assertFalse(again)
        with freeze_time("2026-12-05"):  # 26 days before the end
            expiring, _unpaid = self.env["res.partner"]._cron_periscope_membership_reminders()
            self.assertIn(self.org, expiring)
            mail = self.env["mail.mail"].search([("model", "=", "res.partner"), ("res_id", "=", self.org.id)])
            self.assertEqual(len(mail), 1)
            self.assertIn("31", mail.subject)
            expiring, _unpaid = self.env["res.partner"]._cron_periscope_membership_reminders()
            self.assertNotIn(self.org, expiring)
            # renewed for next year: no reminder
            self._renew(2027, partners=self.other_org)
            expiring, _unpaid = self.env["res.partner"]._cron_periscope_membership_reminders()
            self.assertNotIn(self.other_org, expiring)

    def test_reminders_are_in_the_members_language(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(["periscope_members"], ["fr_FR"], overwrite=True)
        self.org.lang = "fr_FR"
        with freeze_time("2026-01-02"):
            moves = self._renew(2026, partners=self.org)
            self._pay(moves, "2026-01-02")
        with freeze_time("2026-12-05"):
            expiring, _unpaid = self.env["res.partner"]._cron_periscope_membership_reminders()
        self.assertIn(self.org, expiring)
        mail = self.env["mail.mail"].search([("model", "=", "res.partner"), ("res_id", "=", self.org.id)])
        self.assertIn("Votre adhésion", mail.subject)
        self.assertIn("Bonjour", str(mail.body_html))


@tagged("post_install", "-at_install")
class TestDemoMemberships(PeriscopeMembersCase):
    """The demo's fees, relative to the install date: last year paid, this
    year paid but for the renewals that wait (in grace early in the year) and
    the members who did not renew."""

    def _xmlid(self, partner):
        self.env["ir.model.data"].create(
            {
                "module": "__periscope_test__",
                "name": f"partner_{partner.id}",
                "model": "res.partner",
                "res_id": partner.id,
            }
        )
        return f"__periscope_test__.partner_{partner.id}"

    @freeze_time("2026-01-20 09:00:00")
    def test_the_demo_memberships(self):
        moves = self.env["res.partner"]._periscope_demo_memberships(
            [self._xmlid(self.other_org)], [self._xmlid(self.network)]
        )
        ours = moves.filtered(lambda m: m.partner_id in self.org | self.other_org)
        self.assertEqual(set(ours.mapped("state")), {"posted"})
        # each invoice due on its date, not on the day the demo was installed
        for move in ours:
            self.assertEqual(move.invoice_date_due, move.invoice_date)
        self.assertEqual(self.org.membership_state, "paid")
        self.assertFalse(self.org.periscope_membership_in_grace)
        # its renewal unpaid on 20 January: still a member, in grace
        self.assertEqual(self.other_org.membership_state, "paid")
        self.assertTrue(self.other_org.periscope_membership_in_grace)
        # not renewed: a former member once the grace period is over
        with freeze_time("2026-03-02 09:00:00"):
            self.env["res.partner"]._cron_update_membership()
            self.assertEqual(self.network.membership_state, "old")
            self.assertEqual(self.other_org.membership_state, "invoiced")
        # the demo database's assembly convenes the members up to date, each
        # with its college
        assembly = self.env.ref("periscope_members.assembly_2026", raise_if_not_found=False)
        if assembly:
            assembly.action_convene()
            self.assertGreater(len(assembly.member_ids), 20)
            self.assertEqual(len(assembly.college_line_ids.college_id), 4)
