# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools.misc import formatLang

from .test_intake import IntakeCase


@tagged("post_install", "-at_install")
@freeze_time("2026-03-02 10:00:00")
class TestIntakeWizard(IntakeCase):
    """The reception's screens: the project holder's form, the referral,
    decline and outcome wizards, as the reception user."""

    def _holder_action(self, holder, xmlid):
        return (
            self.env[xmlid]
            .with_user(self.reception)
            .with_context(active_model="periscope.project.holder", active_id=holder.id)
        )

    def test_reception_receives_in_one_screen(self):
        # the reception creates the person and edits their contact details,
        # without Odoo's Contact Creation
        self.assertFalse(self.reception.has_group("base.group_partner_manager"))
        Holder = self.env["periscope.project.holder"].with_user(self.reception)
        with Form(Holder) as form:
            form.partner_id = self.env["res.partner"].with_user(self.reception).create({"name": "Marc Roux (test)"})
            form.email = "marc.roux@example.org"
            form.project_name = "Une recyclerie (test)"
            form.stage = "creation"
            form.legal_form = "association"
            form.sector_ids.add(self.env.ref("periscope_members.sector_environment"))
            form.need_coaching = True
            form.need_premises = True
        holder = form.record
        self.assertEqual(holder.partner_id.email, "marc.roux@example.org")
        self.assertEqual(holder.state, "received")
        self.assertEqual(holder.received_by_id, self.reception)
        self.assertTrue(holder.needs_orientation)
        self.assertIn("consent", holder.next_step)
        # then the consent, from the same screen
        holder.action_record_consent()
        self.assertEqual(holder.consent_version, "2026-01")

    def test_reception_receives_an_existing_person(self):
        """The reception receives a person whose contact exists: its details
        come with it; the intake's views and menus are the reception's."""
        Holder = self.env["periscope.project.holder"].with_user(self.reception)
        with Form(Holder) as form:
            form.partner_id = self.lea
            form.project_name = "Une autre épicerie (test)"
        self.assertEqual(form.record.email, "lea@example.org")
        # the views and the menu of the intake are the reception's too
        views = Holder.get_views([(False, "list"), (False, "kanban"), (False, "form"), (False, "search")])
        self.assertIn("action_record_consent", views["views"]["form"]["arch"])
        Referral = self.env["periscope.referral"].with_user(self.reception)
        Referral.get_views([(False, "list"), (False, "form"), (False, "search")])
        menus = self.env["ir.ui.menu"].with_user(self.reception)._visible_menu_ids()
        for xmlid in ("periscope_project_holder_menu", "periscope_referral_menu"):
            self.assertIn(self.env.ref(f"periscope_training.{xmlid}").id, menus)

    def test_refer_through_the_wizard(self):
        wizard_model = self._holder_action(self.holder, "periscope.referral.wizard")
        # consent first: nothing is shared without it
        wizard = wizard_model.create({"structure_ids": [Command.set(self.bge.ids)], "reason": "Création"})
        with self.assertRaisesRegex(UserError, "has not agreed"):
            wizard.action_refer()
        self.assertFalse(self.holder.referral_ids)
        self.holder.with_user(self.reception).action_record_consent()
        # to a support structure only
        wizard = wizard_model.create({"structure_ids": [Command.set(self.grocery.ids)], "reason": "Pour voir"})
        with self.assertRaisesRegex(ValidationError, "is not a support structure"):
            wizard.action_refer()
        self.assertFalse(self.holder.referral_ids)
        with Form(wizard_model) as form:
            form.structure_ids.add(self.bge)
            form.structure_ids.add(self.etymon)
            form.reason = "Création d'une SCIC"
        form.record.action_refer()
        self.assertEqual(self.holder.referral_ids.structure_id, self.bge | self.etymon)
        self.assertEqual(self.holder.state, "oriented")
        self.assertEqual(set(self.holder.referral_ids.mapped("reason")), {"Création d'une SCIC"})

    def test_decline_wizard(self):
        holder = self.holder.with_user(self.reception)
        holder.action_record_consent()
        referral = holder.action_refer(self.etymon, "Couveuse")
        Decline = self.env["periscope.referral.decline"].with_user(self.reception)
        Decline = Decline.with_context(active_model="periscope.referral", active_id=referral.id)
        wizard = Decline.create({"answer": "   "})
        self.assertEqual(wizard.referral_id, referral)
        with self.assertRaisesRegex(UserError, "Say why"):
            wizard.action_decline()
        self.assertEqual(referral.state, "pending")
        with Form(Decline) as form:
            form.answer = "Le projet relève d'une SCIC : voir l'URSCOP."
        form.record.action_decline()
        self.assertEqual(referral.state, "declined")
        self.assertEqual(referral.answered_by_id, self.reception)
        self.assertTrue(holder.needs_orientation)
        self.assertIn("Orient again", holder.next_step)
        # answered once
        with self.assertRaisesRegex(UserError, "already answered"):
            Decline.create({"answer": "Encore"}).action_decline()

    def test_outcome_wizard(self):
        holder = self.holder.with_user(self.reception)
        holder.action_record_consent()
        holder.action_refer(self.bge, "Création").with_user(self.bge_user).action_accept()
        Outcome = self._holder_action(holder, "periscope.project.outcome")
        # dated before the intake: refused, nothing written
        with Form(Outcome) as form:
            form.kind = "created"
            form.date = "2026-02-01"
            form.jobs = 2
        self.assertEqual(form.record.legal_form, "scic")
        with self.assertRaisesRegex(ValidationError, "before they were received"):
            form.record.action_apply()
        self.assertFalse(holder.outcome)
        self.assertEqual(holder.pathway_id.state, "open")
        # stopped without a reason: refused
        wizard = Outcome.create({"kind": "stopped", "date": "2026-04-01"})
        with self.assertRaisesRegex(UserError, "Say why the project stopped"):
            wizard.action_apply()
        self.assertFalse(holder.outcome)
        with Form(Outcome) as form:
            form.kind = "created"
            form.date = "2026-09-01"
            form.jobs = 3
            form.business_name = "Le Vrac (test)"
        form.record.action_apply()
        self.assertEqual(holder.state, "created")
        self.assertEqual(holder.jobs_created, 3)
        self.assertEqual(holder.business_name, "Le Vrac (test)")
        self.assertEqual(holder.business_legal_form, "scic")
        self.assertEqual(holder.pathway_id.state, "completed")

    def test_project_stopped_through_the_wizard(self):
        Outcome = self._holder_action(self.holder, "periscope.project.outcome")
        with Form(Outcome) as form:
            form.kind = "stopped"
            form.date = "2026-04-01"
            form.reason = "Reprise d'un emploi salarié"
        form.record.action_apply()
        self.assertEqual(self.holder.state, "stopped")
        self.assertEqual(self.holder.stop_reason, "Reprise d'un emploi salarié")


@tagged("post_install", "-at_install")
@freeze_time("2026-03-02 10:00:00")
class TestIntakeKeyFigures(IntakeCase):
    """The year's figures of the intake in the hub's key figures report."""

    def test_the_hub_report_shows_the_intake(self):
        holder = self.holder.with_user(self.reception)
        holder.action_record_consent()
        holder.action_refer(self.bge, "Création").with_user(self.bge_user).action_accept()
        holder.action_business_created("2026-03-02", jobs=2)
        staff = new_test_user(
            self.env, login="intake_members_staff", groups="periscope_members.group_periscope_members_user"
        )
        report = self.env["periscope.key.figure.report"].with_user(staff).create({"year": 2026})
        values = (
            self.env["report.periscope_members.report_hub_key_figures"].with_user(staff)._get_report_values(report.ids)
        )
        figures = self.env["periscope.project.holder"]._year_figures(2026)
        # the demo data may add theirs: at least this business and its jobs
        self.assertGreaterEqual(figures["created"], 1)
        self.assertGreaterEqual(figures["jobs"], 2)
        lines = values["rows"][0]["intake_lines"]
        self.assertEqual(
            [line["current"] for line in lines],
            [
                formatLang(self.env, figures[key], digits=0)
                for key in ("received", "oriented", "accompanied", "created", "jobs")
            ],
        )
        html = str(
            self.env["ir.actions.report"]
            .with_user(staff)
            ._render_qweb_html("periscope_members.action_report_hub_key_figures", report.ids)[0]
        )
        self.assertIn("Entrepreneurs received and supported", html)
        self.assertIn("Businesses created", html)
