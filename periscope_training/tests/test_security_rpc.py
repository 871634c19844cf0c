# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The training attacked as its real users attack it: JSON-RPC calls to
``/web/dataset/call_kw``, logged in as a portal trainee, a colleague of the
same organisation, a member of another organisation, a support structure, a
trainer, and each internal group that reaches the training's models.
Whenever a call is refused, the database has not changed (read again as
superuser)."""

from datetime import timedelta

from odoo import Command, fields
from odoo.tests import tagged

from odoo.addons.periscope_members.tests.rpc import RpcCase

from .common import SIGNATURE, PeriscopeTrainingCase

REGISTRATION = "event.registration"
EVENT = "event.event"
PROGRAMME = "periscope.training.programme"
SLOT = "periscope.training.slot"
ATTENDANCE = "periscope.training.attendance"
FUNDING = "periscope.training.funding"
PATHWAY = "periscope.training.pathway"
BPF = "periscope.training.bpf"
BPF_LINE = "periscope.training.bpf.line"
BPF_ISSUE = "periscope.training.bpf.issue"
HOLDER = "periscope.project.holder"
CONSENT = "periscope.project.holder.consent"
REFERRAL = "periscope.referral"
USER_INPUT = "survey.user_input"
WIZARDS = (
    "periscope.training.slot.generate",
    "periscope.training.attendance.correct",
    "periscope.referral.wizard",
    "periscope.referral.decline",
    "periscope.project.outcome",
)
# what must not change, model by model
WATCHED = {
    REGISTRATION: ["partner_id", "event_id", "state", "trainee_type", "employer_id", "agreed_price", "company_id"],
    EVENT: ["name", "is_training", "programme_id", "training_state", "company_id"],
    PROGRAMME: ["name", "price_per_trainee", "duration_hours", "active"],
    SLOT: [
        "event_id",
        "start",
        "stop",
        "state",
        "trainer_id",
        "trainer_signed_at",
        "trainer_signed_uid",
        "trainer_signed_by",
    ],
    ATTENDANCE: ["registration_id", "slot_id", "state", "signed_at", "signed_by_id", "signer_name"],
    FUNDING: ["registration_id", "funder_id", "funder_type", "amount"],
    PATHWAY: ["partner_id", "coordinator_id", "state", "registration_ids"],
    BPF: ["state", "year", "revenue", "trainee_count", "declaration_number"],
    BPF_LINE: ["bpf_id", "line", "amount", "trainee_count", "hours"],
    BPF_ISSUE: ["bpf_id", "name", "severity"],
    HOLDER: ["partner_id", "consent_date", "consent_version", "outcome", "company_id"],
    CONSENT: ["project_holder_id", "kind", "date", "user_id", "version"],
    REFERRAL: ["project_holder_id", "structure_id", "state", "answer"],
    USER_INPUT: ["registration_id", "evaluation_kind", "partner_id", "state"],
}
CONVOCATION = "periscope_training.report_training_convocation"
# the context keys that once opened the guards
CONTEXT_KEYS = {
    "periscope_attendance_signing": True,
    "periscope_trainer_signing": True,
    "periscope_funding_check_deferred": True,
    "periscope_attendance_correction": True,
    "periscope_from_slot": True,
    "attendance_signing": True,
    "funding_check_deferred": True,
}
# what an RPC caller may send for a number
BAD_NUMBERS = (float("nan"), float("inf"), -float("inf"), 1e307, 10**30, "abc")


@tagged("post_install", "-at_install")
class TestSecurityRpc(PeriscopeTrainingCase, RpcCase):
    """Inès trains for her organisation (Coop Canal), which pays, and at her
    own expense; her colleague Julie trains for the organisation and with her
    personal training account (CPF); Paul trains for another organisation.
    The session has a half-day begun an hour ago (the server answering runs
    on the real clock) and one in two days, given by a trainer who is a
    portal user. BGE and ETYMON are support structures; the reception refers
    Nina to BGE and Sara to ETYMON, which accepted. A BPF is declared, another
    is a draft."""

    watched = WATCHED
    counted = tuple(WATCHED)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # ``session`` is the HTTP session of the test client
        cls.running = cls.session
        del cls.session
        cls._setup_organisations()
        cls._setup_users()
        cls._setup_sessions()
        cls._setup_registrations()
        cls._setup_evaluation_and_pathway()
        cls._setup_intake()
        cls._setup_bpf()
        cls.watched_ids = {
            REGISTRATION: cls.registrations.ids,
            EVENT: (cls.running | cls.upcoming).ids,
            PROGRAMME: cls.programme.ids,
            SLOT: (cls.running | cls.upcoming).slot_ids.ids,
            ATTENDANCE: cls.registrations.attendance_ids.ids,
            FUNDING: cls.registrations.funding_ids.ids,
            PATHWAY: (cls.pathway | cls.sara_pathway).ids,
            BPF: (cls.declared | cls.draft_bpf).ids,
            BPF_LINE: (cls.declared | cls.draft_bpf).line_ids.ids,
            BPF_ISSUE: (cls.declared | cls.draft_bpf).issue_ids.ids,
            HOLDER: (cls.nina_holder | cls.sara_holder).ids,
            CONSENT: (cls.nina_holder | cls.sara_holder).consent_log_ids.ids,
            REFERRAL: (cls.nina_referral | cls.sara_referral).ids,
            USER_INPUT: cls.evaluation.ids,
        }

    @classmethod
    def _setup_organisations(cls):
        """Coop Canal and Secret Coop, members; ETYMON and BGE, support
        structures."""
        cls.org = cls._make_organisation("Coop Canal (rpc test)", cls.PERMANENT_RESIDENT)
        cls.other_org = cls._make_organisation("Secret Coop (rpc test)", cls.PERMANENT_RESIDENT)
        cls.etymon = cls._make_organisation("ETYMON (rpc test)", periscope_support_structure=True)
        cls.bge.periscope_support_structure = True

    @classmethod
    def _setup_users(cls):
        portal = "base.group_portal"
        cls.ines_user = cls._person_user("trpc_ines", portal, "Inès Moreau (rpc)", cls.org)
        cls.julie_user = cls._person_user("trpc_julie", portal, "Julie Castex (rpc)", cls.org)
        cls.paul_user = cls._person_user("trpc_paul", portal, "Paul Sabatier (rpc)", cls.other_org)
        cls.bge_user = cls._person_user("trpc_bge", portal, "Agnès BGE (rpc)", cls.bge)
        cls.etymon_user = cls._person_user("trpc_etymon", portal, "Éric ETYMON (rpc)", cls.etymon)
        cls.trainer_user = cls._make_user("trpc_trainer", portal, partner_id=cls.trainer.id)
        cls.event_manager = cls._person_user("trpc_event_manager", "event.group_event_manager")
        cls.event_desk = cls._person_user("trpc_event_desk", "event.group_event_registration_desk")
        cls.employee = cls._person_user("trpc_employee", "base.group_user")
        cls.ines = cls.ines_user.partner_id
        cls.julie = cls.julie_user.partner_id
        cls.paul = cls.paul_user.partner_id

    @classmethod
    def _person_user(cls, login, groups, name=None, parent=None):
        """A user of ``groups`` made on a contact of their own (of
        ``parent`` when given)."""
        partner = cls.env["res.partner"].create(
            {"name": name or login, "email": f"{login}@example.org", "parent_id": parent.id if parent else False}
        )
        return cls._make_user(login, groups, partner_id=partner.id)

    @classmethod
    def _setup_sessions(cls):
        """The running session: a half-day begun an hour ago, one in two
        days; a private session in nine days."""
        now = fields.Datetime.now()
        cls.started, cls.later = cls._make_slots(cls._around_now(), session=cls.running)
        cls.running.action_training_open()
        cls.upcoming = cls._new_session("Session privée (rpc test)")
        cls._make_slots([(now + timedelta(days=9), now + timedelta(days=9, hours=3))], session=cls.upcoming)
        cls.upcoming.action_training_open()

    @classmethod
    def _setup_registrations(cls):
        """The registrations, each funded to the cent."""
        cls.ines_reg = cls._confirmed(cls.ines, cls.running, cls.org, "company")
        cls.julie_reg = cls._confirmed(cls.julie, cls.running, cls.org, "company")
        cls.paul_reg = cls._confirmed(cls.paul, cls.running, cls.other_org, "company")
        cls.ines_own = cls._confirmed(cls.ines, cls.upcoming, cls.ines, "individual")
        cls.julie_cpf = cls._confirmed(cls.julie, cls.upcoming, cls.julie, "opco_cpf")
        cls.registrations = cls.ines_reg | cls.julie_reg | cls.paul_reg | cls.ines_own | cls.julie_cpf
        cls.ines_started = cls._attendance(cls.ines_reg, cls.started)
        cls.julie_started = cls._attendance(cls.julie_reg, cls.started)

    @classmethod
    def _setup_evaluation_and_pathway(cls):
        """An evaluation sent to Inès; her pathway of entrepreneur."""
        survey = cls.env["survey.survey"].create({"title": "Satisfaction (rpc test)"})
        cls.evaluation = cls.env[USER_INPUT].create(
            {
                "survey_id": survey.id,
                "partner_id": cls.ines.id,
                "registration_id": cls.ines_reg.id,
                "evaluation_kind": "satisfaction",
            }
        )
        cls.pathway = cls.env[PATHWAY].create(
            {
                "partner_id": cls.ines.id,
                "coordinator_id": cls.bge.id,
                "registration_ids": [Command.link(cls.ines_reg.id)],
            }
        )

    @classmethod
    def _setup_intake(cls):
        """Nina referred to BGE (pending), Sara to ETYMON (accepted)."""
        Partner = cls.env["res.partner"]
        Holder = cls.env[HOLDER].with_user(cls.reception)
        cls.nina = Partner.create(
            {"name": "Nina Petit (rpc test)", "email": "nina@example.org", "phone": "+33 6 12 34 56 78"}
        )
        cls.nina_holder = Holder.create({"partner_id": cls.nina.id, "project_name": "Nettoyage (rpc test)"})
        cls.nina_holder.action_record_consent()
        cls.nina_referral = cls.nina_holder.action_refer(cls.bge, "Création")
        cls.sara_holder = Holder.create(
            {
                "partner_id": Partner.create({"name": "Sara Lopez (rpc test)", "email": "sara@example.org"}).id,
                "project_name": "Recyclerie (rpc test)",
            }
        )
        cls.sara_holder.action_record_consent()
        cls.sara_referral = cls.sara_holder.action_refer(cls.etymon, "Couveuse")
        cls.sara_referral.with_user(cls.etymon_user).action_accept()
        cls.sara_pathway = cls.sara_holder.pathway_id

    @classmethod
    def _setup_bpf(cls):
        """The BPF: 2040 declared, 2041 a draft."""
        cls.env.company.periscope_training_declaration_number = "76 31 09999 31"
        Bpf = cls.env[BPF]
        cls.declared = Bpf.create({"year": 2040})
        cls.draft_bpf = Bpf.create({"year": 2041})
        for bpf in cls.declared | cls.draft_bpf:
            bpf.action_compute()
            # a check of what is missing, whatever the year has
            bpf.write({"issue_ids": [Command.create({"severity": "missing", "name": "À voir"})]})
        cls.declared.action_declare()

    @classmethod
    def _confirmed(cls, partner, session, funder, funder_type):
        employed = funder_type in ("company", "opco_cpf")
        return cls.env[REGISTRATION].create(
            {
                "event_id": session.id,
                "partner_id": partner.id,
                "trainee_type": "employee" if employed else "individual",
                "employer_id": partner.parent_id.id if employed else False,
                "funding_ids": [Command.create({"funder_id": funder.id, "funder_type": funder_type, "amount": 420.0})],
            }
        )

    @classmethod
    def _attendance(cls, registration, slot):
        return registration.attendance_ids.filtered(lambda a: a.slot_id == slot)

    def login(self, user):
        self.logged_in = user
        return super().login(user)

    # ------------------------------------------------------------ helpers
    def assertAllRefused(self, calls, *error_names):
        """Each call of ``calls`` (model, method, args, kwargs) refused."""
        for model, method, args, kwargs in calls:
            with self.subTest(model=model, method=method, args=repr(args)[:80]):
                answer = self.call(model, method, *args, **kwargs)
                self.assertRefused(answer, *(error_names or ("AccessError",)))

    def _found(self, model, records):
        """The ids of ``records`` that the logged-in user finds."""
        answer = self.call(model, "search_read", [("id", "in", records.ids)], ["id"])
        return {row["id"] for row in self.assertAllowed(answer)}

    def assertFinds(self, model, records, expected):
        """Of ``records``, the logged-in user finds ``expected`` only."""
        self.assertEqual(self._found(model, records), set(expected.ids))

    def _actions(self):
        """Every public method of the training's models, on its records:
        (model, method, args, kwargs)."""
        running, slot = self.running.ids, self.started.ids
        mine = self.ines_started.ids
        # another's attendance than the logged-in user's
        others = self.ines_started if getattr(self, "logged_in", None) == self.julie_user else self.julie_started
        return [
            (EVENT, "action_training_open", [self.upcoming.ids], {}),
            (EVENT, "action_training_draft", [running], {}),
            (EVENT, "action_training_close", [running], {}),
            (EVENT, "action_training_reopen", [running], {}),
            (EVENT, "action_generate_slots", [running], {}),
            (EVENT, "action_view_attendance", [running], {}),
            (EVENT, "action_send_convocations", [running], {}),
            (EVENT, "action_send_satisfaction_survey", [running], {}),
            (EVENT, "action_print_attendance_sheets", [running], {}),
            (EVENT, "action_print_certificates", [running], {}),
            (EVENT, "action_view_training_invoices", [running], {}),
            (EVENT, "action_invoice_funders", [running], {}),
            (SLOT, "action_cancel", [slot], {}),
            (SLOT, "action_plan", [slot], {}),
            (SLOT, "action_view_attendance", [slot], {}),
            (SLOT, "action_trainer_sign", [self.later.ids, SIGNATURE], {}),
            (ATTENDANCE, "action_mark_present", [mine], {}),
            (ATTENDANCE, "action_mark_absent", [mine], {}),
            (ATTENDANCE, "action_mark_excused", [mine], {}),
            (ATTENDANCE, "action_correct_attendance", [mine, "absent", "Non"], {}),
            (ATTENDANCE, "action_sign", [others.ids, SIGNATURE], {}),
            (PROGRAMME, "action_view_sessions", [self.programme.ids], {}),
            (PATHWAY, "action_complete", [self.pathway.ids], {}),
            (PATHWAY, "action_stop", [self.pathway.ids], {}),
            (PATHWAY, "action_reopen", [self.pathway.ids], {}),
            (PATHWAY, "action_link_registrations", [self.pathway.ids], {}),
            (PATHWAY, "action_new_coaching", [self.pathway.ids], {}),
            (PATHWAY, "action_view_coaching", [self.pathway.ids], {}),
            (HOLDER, "action_record_consent", [self.nina_holder.ids], {}),
            (HOLDER, "action_withdraw_consent", [self.nina_holder.ids], {}),
            (HOLDER, "action_refer", [self.nina_holder.ids, self.etymon.ids, "Pour voir"], {}),
            (HOLDER, "action_business_created", [self.nina_holder.ids, "2030-01-01", 2], {}),
            (HOLDER, "action_project_stopped", [self.nina_holder.ids, "2030-01-01", "Fin"], {}),
            (REFERRAL, "action_accept", [self.nina_referral.ids], {}),
            (REFERRAL, "action_decline", [self.nina_referral.ids, "Non"], {}),
            (BPF, "action_compute", [self.draft_bpf.ids], {}),
            (BPF, "action_declare", [self.draft_bpf.ids], {}),
            (BPF, "action_draft", [self.declared.ids], {}),
            (BPF, "action_export_csv", [self.declared.ids], {}),
            (BPF_ISSUE, "action_open_records", [self.declared.issue_ids[:1].ids], {}),
            ("res.partner", "action_view_periscope_pathway", [self.ines.ids], {}),
        ]

    def _writes(self):
        """Writes of the ownership fields, the states and the figures, and
        deletions: (model, method, args, kwargs)."""
        attendance = self.ines_started.ids
        return [
            (REGISTRATION, "write", [self.ines_reg.ids, {"partner_id": self.paul.id}], {}),
            (REGISTRATION, "write", [self.julie_reg.ids, {"employer_id": self.other_org.id}], {}),
            (REGISTRATION, "write", [self.ines_own.ids, {"agreed_price": 1.0}], {}),
            (REGISTRATION, "write", [self.paul_reg.ids, {"state": "cancel"}], {}),
            (REGISTRATION, "unlink", [self.ines_reg.ids], {}),
            (ATTENDANCE, "write", [attendance, {"registration_id": self.julie_reg.id}], {}),
            (ATTENDANCE, "write", [attendance, {"state": "present"}], {}),
            (ATTENDANCE, "write", [attendance, {"signed_at": "2020-01-01 08:00:00"}], {}),
            (ATTENDANCE, "write", [attendance, {"signed_by_id": self.ines_user.id}], {}),
            (ATTENDANCE, "unlink", [attendance], {}),
            (FUNDING, "write", [self.ines_own.funding_ids.ids, {"funder_id": self.org.id}], {}),
            (FUNDING, "unlink", [self.ines_own.funding_ids.ids], {}),
            (SLOT, "write", [self.started.ids, {"trainer_id": self.ines.id}], {}),
            (EVENT, "write", [self.running.ids, {"training_state": "closed"}], {}),
            (PROGRAMME, "write", [self.programme.ids, {"price_per_trainee": 0.0}], {}),
            (PATHWAY, "write", [self.pathway.ids, {"partner_id": self.paul.id}], {}),
            (HOLDER, "write", [self.nina_holder.ids, {"partner_id": self.ines.id}], {}),
            (HOLDER, "write", [self.nina_holder.ids, {"consent_date": False}], {}),
            (REFERRAL, "write", [self.nina_referral.ids, {"structure_id": self.etymon.id}], {}),
            (REFERRAL, "write", [self.nina_referral.ids, {"state": "accepted"}], {}),
            (REFERRAL, "unlink", [self.nina_referral.ids], {}),
            (BPF, "write", [self.declared.ids, {"state": "draft"}], {}),
            (BPF_LINE, "write", [self.declared.line_ids[:1].ids, {"amount": 1.0}], {}),
            (CONSENT, "unlink", [self.nina_holder.consent_log_ids.ids], {}),
            (USER_INPUT, "write", [self.evaluation.ids, {"registration_id": self.paul_reg.id}], {}),
        ]

    def _creates(self):
        values = {
            REGISTRATION: {"event_id": self.running.id, "partner_id": self.paul.id, "state": "open"},
            ATTENDANCE: {"registration_id": self.paul_reg.id, "slot_id": self.later.id},
            FUNDING: {
                "registration_id": self.ines_own.id,
                "funder_id": self.org.id,
                "funder_type": "company",
                "amount": 10.0,
            },
            SLOT: {"event_id": self.running.id, "start": "2030-01-07 08:00:00", "stop": "2030-01-07 11:00:00"},
            EVENT: {"name": "Pirate (rpc test)", "is_training": True},
            PROGRAMME: {"name": "Pirate (rpc test)", "duration_hours": 1.0},
            PATHWAY: {"partner_id": self.paul.id},
            HOLDER: {"partner_id": self.paul.id},
            CONSENT: {"project_holder_id": self.nina_holder.id, "kind": "given", "date": "2020-01-01 00:00:00"},
            REFERRAL: {"project_holder_id": self.nina_holder.id, "structure_id": self.etymon.id, "reason": "Pirate"},
            BPF: {"year": 2042},
            BPF_LINE: {"bpf_id": self.declared.id, "section": "c", "line": "C-1"},
            BPF_ISSUE: {"bpf_id": self.declared.id, "severity": "missing", "name": "Pirate"},
            **{wizard: {} for wizard in WIZARDS},
        }
        return [(model, "create", [vals], {}) for model, vals in values.items()]

    # ------------------------------------------------------------ portal
    def test_a_portal_trainee_reads_their_own_and_changes_nothing(self):
        """Findings 3 and 6: Inès reads her registrations, their attendance
        and her pathway; nothing of her colleague's own trainings, nor of
        another organisation; every write, creation, deletion and action is
        refused but signing her own half-day begun."""
        before = self._snapshot()
        self.login(self.ines_user)
        self.assertFinds(REGISTRATION, self.registrations, self.ines_reg | self.ines_own | self.julie_reg)
        self.assertFinds(ATTENDANCE, self.registrations.attendance_ids, (self.ines_reg | self.ines_own).attendance_ids)
        self.assertFinds(PATHWAY, self.pathway | self.sara_pathway, self.pathway)
        for model, records in (
            (REGISTRATION, self.julie_cpf),
            (REGISTRATION, self.paul_reg),
            (ATTENDANCE, self.julie_started),
            (FUNDING, self.ines_reg.funding_ids),
            (SLOT, self.started),
            (EVENT, self.running),
            (PROGRAMME, self.programme),
            (BPF, self.declared),
            (BPF_LINE, self.declared.line_ids[:1]),
            (HOLDER, self.nina_holder),
            (REFERRAL, self.nina_referral),
            (CONSENT, self.nina_holder.consent_log_ids),
            (USER_INPUT, self.evaluation),
        ):
            with self.subTest(model=model, ids=records.ids):
                answer = self.call(model, "read", records.ids, ["display_name"])
                self.assertRefused(answer, "AccessError")
        self.assertAllRefused(self._actions() + self._writes() + self._creates())
        self.assertUnchanged(before)

    def test_a_colleague_never_reads_a_persons_own_training(self):
        """Finding 3: Julie reads what Coop Canal pays for its employees,
        never what Inès pays herself; Paul, of another organisation, reads
        none of theirs; their documents neither."""
        before = self._snapshot()
        self.login(self.julie_user)
        self.assertFinds(REGISTRATION, self.registrations, self.julie_reg | self.julie_cpf | self.ines_reg)
        self.assertFinds(
            ATTENDANCE, self.registrations.attendance_ids, (self.julie_reg | self.julie_cpf).attendance_ids
        )
        self.assertRefused(self.call(REGISTRATION, "read", self.ines_own.ids, ["agreed_price"]), "AccessError")
        for registration in (self.ines_own, self.paul_reg):
            for url in (
                f"/my/trainings/{registration.id}",
                f"/my/trainings/{registration.id}/convocation",
                f"/report/pdf/{CONVOCATION}/{registration.id}",
            ):
                with self.subTest(url=url):
                    response = self.url_open(url)
                    self.assertNotEqual(response.status_code, 200)
                    self.assertNotIn(b"%PDF", response.content[:10])
        self.login(self.paul_user)
        self.assertEqual(self._found(REGISTRATION, self.registrations), set(self.paul_reg.ids))
        self.assertAllRefused(self._actions() + self._writes() + self._creates())
        self.login(self.julie_user)
        self.assertAllRefused(self._actions() + self._writes() + self._creates())
        self.assertUnchanged(before)

    def test_a_trainee_signs_as_themselves_at_the_servers_time(self):
        """Finding 1: signing is the trainee's own method; the time is the
        server's, the signer the user; nobody signs twice, nor for another."""
        self.login(self.ines_user)
        answer = self.call(ATTENDANCE, "action_sign", self.ines_started.ids, SIGNATURE, "Inès M.")
        self.assertAllowed(answer)
        attendance = self.ines_started.sudo()
        self.assertEqual(attendance.signed_by_id, self.ines_user)
        self.assertEqual(attendance.state, "present")
        self.assertLess(abs((attendance.signed_at - fields.Datetime.now()).total_seconds()), 300)
        signed = self._snapshot()
        backdated = {"signed_at": "2020-01-01 08:00:00"}
        signing = {"context": {"periscope_attendance_signing": True}}
        calls = [
            (ATTENDANCE, "action_sign", [self.ines_started.ids, SIGNATURE], {}),
            (ATTENDANCE, "action_sign", [self.julie_started.ids, SIGNATURE], {}),
            (ATTENDANCE, "write", [self.ines_started.ids, backdated], signing),
        ]
        self.assertAllRefused(calls, "AccessError", "UserError")
        # a picture, not any text
        self.login(self.julie_user)
        answer = self.call(ATTENDANCE, "action_sign", self.julie_started.ids, "not a picture")
        self.assertRefused(answer, "UserError", message="signature box")
        self.assertUnchanged(signed)

    def test_the_trainer_signs_their_slot_only(self):
        """Finding 1: the trainer signs the slot they give, as themselves at
        the server's time, and reads nothing of the training."""
        self.login(self.trainer_user)
        before = self._snapshot()
        self.assertRefused(self.call(SLOT, "read", self.started.ids, ["trainer_signed_at"]), "AccessError")
        backdated = {"trainer_signed_at": "2020-01-01 08:00:00"}
        signing = {"context": {"periscope_trainer_signing": True}}
        calls = [
            (SLOT, "action_trainer_sign", [self.later.ids, SIGNATURE], {}),
            (SLOT, "write", [self.started.ids, backdated], signing),
        ]
        self.assertAllRefused(calls, "AccessError", "UserError")
        self.assertAllRefused(self._writes() + self._creates())
        self.assertUnchanged(before)
        answer = self.call(SLOT, "action_trainer_sign", self.started.ids, SIGNATURE)
        self.assertAllowed(answer)
        slot = self.started.sudo()
        self.assertEqual(slot.trainer_signed_uid, self.trainer_user)
        self.assertLess(abs((slot.trainer_signed_at - fields.Datetime.now()).total_seconds()), 300)
        # someone else is not the trainer
        self.login(self.ines_user)
        self.assertRefused(self.call(SLOT, "action_trainer_sign", self.later.ids, SIGNATURE), "AccessError")

    # ------------------------------------------------------------ structures
    def test_a_structure_reads_its_referrals_while_consent_stands(self):
        """Finding 3: BGE reads Nina's contact while her referral waits for its
        answer and her consent stands; nothing of the referrals made to
        another structure, nor Nina's contact card, nor her consent."""
        self.login(self.bge_user)
        self.assertEqual(self._found(REFERRAL, self.nina_referral | self.sara_referral), set(self.nina_referral.ids))
        rows = self.assertAllowed(self.call(HOLDER, "read", self.nina_holder.ids, ["email", "phone"]))
        self.assertEqual(rows[0]["email"], "nina@example.org")
        for model, records in (
            (HOLDER, self.sara_holder),
            (REFERRAL, self.sara_referral),
            (PATHWAY, self.sara_pathway),
            ("res.partner", self.nina),
            (CONSENT, self.nina_holder.consent_log_ids),
        ):
            with self.subTest(model=model):
                answer = self.call(model, "read", records.ids, ["display_name"])
                self.assertRefused(answer, "AccessError")

    def test_a_structure_changes_nothing_but_its_answer(self):
        """Finding 3: BGE writes, creates and deletes nothing of the training,
        records or withdraws no consent, and accepts no referral made to
        another structure."""
        self.login(self.bge_user)
        before = self._snapshot()
        self.assertAllRefused(self._writes() + self._creates())
        self.assertAllRefused(
            [
                (HOLDER, "action_withdraw_consent", [self.nina_holder.ids], {}),
                (HOLDER, "action_record_consent", [self.nina_holder.ids], {}),
                (REFERRAL, "action_accept", [self.sara_referral.ids], {}),
            ],
            "AccessError",
            "UserError",
        )
        self.assertUnchanged(before)

    def _withdraw_ninas_consent(self):
        """Nina withdraws her consent at the reception; the consent she had
        given."""
        given = self.nina_holder.consent_log_ids
        self.login(self.reception)
        self.assertAllowed(self.call(HOLDER, "action_withdraw_consent", self.nina_holder.ids))
        return given

    def test_a_withdrawn_consent_hides_the_project_holder_at_once(self):
        """Finding 3: once Nina withdraws her consent, BGE reads neither her
        nor her referral, and answers it no more."""
        self._withdraw_ninas_consent()
        self.login(self.bge_user)
        for model, records in ((HOLDER, self.nina_holder), (REFERRAL, self.nina_referral)):
            with self.subTest(model=model, after="withdrawal"):
                answer = self.call(model, "read", records.ids, ["display_name"])
                self.assertRefused(answer, "AccessError")
        self.assertFalse(self._found(HOLDER, self.nina_holder | self.sara_holder))
        self.assertRefused(self.call(REFERRAL, "action_accept", self.nina_referral.ids), "AccessError")
        response = self.url_open(f"/my/referrals/{self.nina_referral.id}")
        self.assertEqual(response.status_code, 404)
        self.assertNotIn("nina@example.org", response.text)

    def test_the_consent_history_is_kept_and_rewritten_by_nobody(self):
        """Finding 3: the withdrawn consent keeps its history (who, when,
        which text), which nobody rewrites, even the reception; given again,
        Nina is back to BGE."""
        given = self._withdraw_ninas_consent()
        history = self.nina_holder.consent_log_ids.sorted("id")
        self.assertEqual(history.mapped("kind"), ["given", "withdrawn"])
        self.assertEqual(history[:1], given)
        self.assertEqual(set(history.mapped("version")), {"2026-01"})
        self.assertEqual(history.user_id, self.reception)
        self.assertTrue(all(history.mapped("date")))
        self.login(self.reception)
        self.assertAllRefused(
            [
                (CONSENT, "write", [history.ids, {"kind": "given"}], {}),
                (CONSENT, "unlink", [history.ids], {}),
                (CONSENT, "create", [{"project_holder_id": self.nina_holder.id}], {}),
                (HOLDER, "write", [self.nina_holder.ids, {"consent_date": "2020-01-01 00:00:00"}], {}),
            ],
            "AccessError",
            "UserError",
        )
        self.assertAllowed(self.call(HOLDER, "action_record_consent", self.nina_holder.ids))
        self.assertEqual(len(self.nina_holder.consent_log_ids), 3)
        self.login(self.bge_user)
        self.assertEqual(self._found(HOLDER, self.nina_holder), set(self.nina_holder.ids))

    def test_a_declined_referral_closes_the_structures_access(self):
        """Finding 3: once BGE declines, it no longer reads Nina, her contact
        nor the referral; the reception still does."""
        self.login(self.bge_user)
        self.assertAllowed(self.call(REFERRAL, "action_decline", self.nina_referral.ids, "Non"))
        for model, records in ((HOLDER, self.nina_holder), (REFERRAL, self.nina_referral)):
            with self.subTest(model=model):
                answer = self.call(model, "read", records.ids, ["display_name"])
                self.assertRefused(answer, "AccessError")
        self.assertFalse(self._found(REFERRAL, self.nina_referral))
        response = self.url_open(f"/my/referrals/{self.nina_referral.id}")
        self.assertEqual(response.status_code, 404)
        self.assertNotIn("nina@example.org", response.text)
        self.login(self.reception)
        self.assertEqual(self._found(REFERRAL, self.nina_referral), set(self.nina_referral.ids))

    # ------------------------------------------------------------ internal users
    def test_event_staff_do_event_work_without_the_training(self):
        """Finding 2: the event staff who run no training work on events and
        registrations, and never reach the training's models nor its
        actions."""
        before = self._snapshot()
        for user in (self.event_manager, self.event_desk, self.employee):
            self.login(user)
            with self.subTest(user=user.login):
                self.assertAllRefused(
                    [
                        (model, "read", [self.watched_ids[model], ["display_name"]], {})
                        for model in (
                            SLOT,
                            ATTENDANCE,
                            FUNDING,
                            PROGRAMME,
                            PATHWAY,
                            BPF,
                            BPF_LINE,
                            HOLDER,
                            CONSENT,
                            REFERRAL,
                        )
                    ]
                )
                self.assertAllRefused(self._actions() + self._writes() + self._creates())
        self.assertUnchanged(before)
        # ordinary event work: an event, its registrations, the check-in
        self.login(self.event_manager)
        event_id = self.assertAllowed(
            self.call(
                EVENT,
                "create",
                {
                    "name": "Portes ouvertes (rpc test)",
                    "date_begin": "2030-05-04 08:00:00",
                    "date_end": "2030-05-04 12:00:00",
                },
            )
        )
        self.assertAllowed(self.call(EVENT, "web_read", [event_id], {"name": {}, "is_training": {}, "seats_taken": {}}))
        self.assertAllowed(self.call(EVENT, "write", [event_id], {"name": "JPO"}))
        self.assertAllowed(self.call(EVENT, "get_views", [[False, "form"]]))
        self.assertAllowed(self.call(REGISTRATION, "get_views", [[False, "form"]]))
        self.login(self.event_desk)
        registration_id = self.assertAllowed(
            self.call(REGISTRATION, "create", {"event_id": event_id, "name": "Visiteur"})
        )
        self.assertAllowed(self.call(REGISTRATION, "action_set_done", [registration_id]))
        # the training's registrations: no price, kind nor funding
        self.assertRefused(self.call(REGISTRATION, "write", self.ines_reg.ids, {"agreed_price": 0.0}), "AccessError")

    def test_the_reception_and_the_accountant_stay_in_their_lane(self):
        """Finding 6: the reception receives project holders but runs no
        training and answers no structure's referral through the BPF; the
        accountant reads the BPF and invoices the funders, and changes
        nothing else."""
        before = self._snapshot()
        self.login(self.reception)
        self.assertAllRefused(
            [call for call in self._actions() if call[0] not in (HOLDER, REFERRAL)]
            + [call for call in self._writes() if call[0] not in (HOLDER, REFERRAL)],
            "AccessError",
            "UserError",
        )
        self.login(self.accountant)
        self.assertAllowed(self.call(BPF, "read", self.declared.ids, ["revenue"]))
        # what the accountant does: invoice the funders, read the invoices and
        # the BPF (and export it); not called here
        allowed = (
            "action_invoice_funders",
            "action_view_training_invoices",
            "action_export_csv",
            "action_open_records",
        )
        self.assertAllRefused(
            [call for call in self._actions() if call[1] not in allowed] + self._writes() + self._creates(),
            "AccessError",
            "UserError",
        )
        self.assertUnchanged(before)

    def test_context_keys_open_no_signature_nor_funding(self):
        """Finding 1: the context keys that once opened the guards open
        nothing, passed by the training staff through RPC: no signature, no
        signing time, no funding changed."""
        before = self._snapshot()
        self.login(self.officer)
        self.assertAllRefused(self._signature_writes() + self._funding_writes(), "UserError", "ValidationError")
        self.assertUnchanged(before)

    def _signature_writes(self):
        """The signatures and their times written, with the context keys."""
        signed = {"signature": SIGNATURE, "signer_name": "Julie", "signed_at": "2020-01-01 08:00:00"}
        attendance = {"registration_id": self.paul_reg.id, "slot_id": self.started.id}
        trainer_signed = {"trainer_signature": SIGNATURE, "trainer_signed_at": "2020-01-01 08:00:00"}
        keys = {"context": CONTEXT_KEYS}
        return [
            (ATTENDANCE, "write", [self.julie_started.ids, {**signed, "signed_by_id": self.julie_user.id}], keys),
            (SLOT, "write", [self.later.ids, trainer_signed], keys),
            (ATTENDANCE, "create", [{**attendance, "signed_at": "2020-01-01 08:00:00"}], keys),
        ]

    def _funding_writes(self):
        """The fundings changed, with the context keys, so that a
        registration is no longer funded to the cent."""
        funding = {"registration_id": self.ines_own.id, "funder_id": self.org.id, "funder_type": "company"}
        other = Command.update(self.julie_cpf.funding_ids.id, {"amount": 5.0})
        keys = {"context": CONTEXT_KEYS}
        return [
            (FUNDING, "write", [self.ines_own.funding_ids.ids, {"amount": 1.0}], keys),
            (FUNDING, "create", [{**funding, "amount": 1.0}], keys),
            (REGISTRATION, "write", [self.ines_own.ids, {"funding_ids": [other]}], keys),
        ]

    def assertRefusedWithTheKeys(self, error_name, model, method, *args):
        """``model.method(*args)``, called with the context keys, is refused
        with ``error_name``."""
        self.assertAllRefused([(model, method, list(args), {"context": CONTEXT_KEYS})], error_name)

    def test_a_signed_attendance_is_the_trainees_whatever_the_context(self):
        """Finding 1: a signed attendance is the trainee's: the grid no
        longer changes it, even with the context keys."""
        self.login(self.officer)
        self.ines_started.with_user(self.ines_user).action_sign(SIGNATURE)
        signed = self._snapshot()
        self.assertRefusedWithTheKeys("UserError", ATTENDANCE, "write", self.ines_started.ids, {"state": "absent"})
        self.assertUnchanged(signed)

    def test_the_administrator_unbalances_no_registration_whatever_the_context(self):
        """Finding 1: the administrator deletes no funding line to unbalance
        a registration, even with the context keys."""
        before = self._snapshot()
        self.login(self.manager)
        self.assertRefusedWithTheKeys("ValidationError", FUNDING, "unlink", self.ines_own.funding_ids.ids)
        self.assertUnchanged(before)

    def test_a_closed_session_is_corrected_only_with_a_reason_whatever_the_context(self):
        """Finding 1: the administrator changes the attendance of a closed
        session only through a correction and its reason, even with the
        context keys."""
        self.login(self.manager)
        self.running.with_user(self.manager).action_training_close()
        closed = self._snapshot()
        self.assertRefusedWithTheKeys("UserError", ATTENDANCE, "write", self.julie_started.ids, {"state": "present"})
        self.assertUnchanged(closed)

    def test_a_slots_booking_moves_only_with_its_slot(self):
        """Finding 1: the reception does not move the room booked by a
        training slot, even with the slot's context key."""
        # a Monday morning in a fortnight or so, within the opening hours
        day = fields.Date.today() + timedelta(days=14)
        day += timedelta(days=(7 - day.weekday()) % 7)
        start = fields.Datetime.to_datetime(day) + timedelta(hours=8)
        slot = self.env[SLOT].create(
            {"event_id": self.upcoming.id, "start": start, "stop": start + timedelta(hours=3), "space_id": self.room.id}
        )
        booking = slot.booking_id
        self.assertEqual(booking.state, "confirmed")
        self.login(self.reception)
        for vals in ({"start": fields.Datetime.to_string(booking.start + timedelta(hours=1))}, {"state": "cancelled"}):
            with self.subTest(vals=vals):
                answer = self.call(
                    "periscope.booking", "write", booking.ids, vals, context={"periscope_from_slot": True}
                )
                self.assertRefused(answer, "UserError", "AccessError")
        booking.invalidate_recordset()
        self.assertEqual(booking.state, "confirmed")
        self.assertEqual(booking.start, slot.start)

    # ------------------------------------------------------------ the BPF
    def test_a_declared_bpf_is_frozen_on_every_path(self):
        """Finding 4: once declared, neither its lines, its checks, its
        figures nor its declaration number change; a draft is declared only
        through its checks."""
        before = self._snapshot()
        self.login(self.manager)
        line = self.declared.line_ids[:1]
        issue = self.declared.issue_ids[:1]
        draft_line = self.draft_bpf.line_ids[:1]
        self.assertAllRefused(
            [
                (BPF_LINE, "write", [line.ids, {"amount": 999.0}], {}),
                (BPF_LINE, "write", [line.ids, {"trainee_count": 9}], {}),
                (BPF_LINE, "write", [draft_line.ids, {"bpf_id": self.declared.id}], {}),
                (BPF_LINE, "unlink", [line.ids], {}),
                (BPF_LINE, "create", [{"bpf_id": self.declared.id, "section": "c", "line": "C-1"}], {}),
                (BPF_ISSUE, "write", [issue.ids, {"name": "Rien"}], {}),
                (BPF_ISSUE, "unlink", [issue.ids], {}),
                (BPF_ISSUE, "create", [{"bpf_id": self.declared.id, "severity": "missing", "name": "x"}], {}),
                (BPF, "write", [self.declared.ids, {"revenue": 1.0}], {}),
                (BPF, "write", [self.declared.ids, {"declaration_number": "1"}], {}),
                (BPF, "write", [self.declared.ids, {"line_ids": [Command.clear()]}], {}),
                (BPF, "action_compute", [self.declared.ids], {}),
                (BPF, "unlink", [self.declared.ids], {}),
                (BPF, "create", [{"year": 2043, "state": "done"}], {}),
            ],
            "UserError",
            "ValidationError",
        )
        self.assertUnchanged(before)
        # the company's new number is not the one it was declared with
        self.assertAllRefused([(BPF, "write", [self.draft_bpf.ids, {"declared_number": "1"}], {})], "UserError")
        self.env.company.periscope_training_declaration_number = "11 22 33333 44"
        self.assertEqual(self.declared.declared_number, "76 31 09999 31")
        self.assertEqual(self.draft_bpf.declaration_number, "11 22 33333 44")
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("periscope_training.action_report_training_bpf", self.declared.ids)[0]
            .decode()
        )
        self.assertIn("76 31 09999 31", html)
        self.assertNotIn("11 22 33333 44", html)
        # a draft with failed checks is not declared by writing its state
        self.draft_bpf.issue_ids[:1].sudo().severity = "inconsistency"
        self.assertRefused(
            self.call(BPF, "write", self.draft_bpf.ids, {"state": "done"}), "UserError", message="consistency checks"
        )
        # its lines still change while it is a draft
        self.assertAllowed(self.call(BPF_LINE, "write", draft_line.ids, {"amount": "12,50"}))
        self.assertEqual(draft_line.amount, 12.5)

    # ------------------------------------------------------------ portal routes
    def test_the_home_counters_for_an_internal_user(self):
        """Finding 5: ``/my/counters`` answers an internal user who reads no
        referral nor registration: their own counts, no error."""
        for user in (self.employee, self.reception, self.accountant, self.officer):
            with self.subTest(user=user.login):
                self.login(user)
                counters = self.make_jsonrpc_request(
                    "/my/counters", {"counters": ["periscope_referral_count", "periscope_training_count"]}
                )
                self.assertEqual(counters, {"periscope_referral_count": 0, "periscope_training_count": 0})
        for url in ("/my", "/my/trainings", "/my/referrals"):
            with self.subTest(url=url):
                self.assertIn(self.url_open(url).status_code, (200, 404))

    # ------------------------------------------------------------ bad numbers
    def test_bad_numbers_get_a_clear_message(self):
        """Finding 6: nan, inf, huge and negative numbers, and words, get a
        translated message, never a server error; a French decimal comma is
        read."""
        self.login(self.officer)
        funding = self.ines_own.funding_ids
        for value in (*BAD_NUMBERS, -5.0, "-5"):
            with self.subTest(value=repr(value)):
                answer = self.call(FUNDING, "write", funding.ids, {"amount": value})
                self.assertRefused(answer, "ValidationError", "UserError")
                answer = self.call(REGISTRATION, "write", self.ines_own.ids, {"agreed_price": value})
                self.assertRefused(answer, "ValidationError", "UserError")
        self.login(self.manager)
        for value in BAD_NUMBERS:
            with self.subTest(value=repr(value)):
                answer = self.call(PROGRAMME, "write", self.programme.ids, {"duration_hours": value})
                self.assertRefused(answer, "ValidationError")
        self.login(self.reception)
        for value in (*BAD_NUMBERS, -1, 10**12, 2.5):
            with self.subTest(jobs=repr(value)):
                answer = self.call(HOLDER, "action_business_created", self.sara_holder.ids, "2030-01-01", value)
                self.assertRefused(answer, "ValidationError", "UserError")
        answer = self.call(HOLDER, "action_business_created", self.sara_holder.ids, "le 3 mars")
        self.assertRefused(answer, "ValidationError", message="date")
        answer = self.call(HOLDER, "action_project_stopped", self.sara_holder.ids, 3, 4)
        self.assertRefused(answer, "ValidationError", "UserError")
        self.assertFalse(self.sara_holder.outcome)
        # the same numbers in French
        self.login(self.officer)
        self.assertAllowed(
            self.call(
                REGISTRATION,
                "write",
                self.ines_own.ids,
                {"agreed_price": "400,50", "funding_ids": [Command.update(funding.id, {"amount": "400,50"})]},
            )
        )
        self.assertEqual(funding.amount, 400.5)
        self.assertEqual(self.ines_own.agreed_price, 400.5)
        # and on the portal's routes
        self.login(self.ines_user)
        response = self.url_open("/trainings/catalogue")
        token = response.text.split('name="csrf_token" value="')[1].split('"')[0]
        for value in ("nan", "inf", "1e400", "99999999999999999999", "-1", "1,5", ""):
            with self.subTest(session_id=value):
                response = self.url_open("/my/trainings/register", data={"session_id": value, "csrf_token": token})
                self.assertEqual(response.status_code, 200)
                self.assertIn("not in the catalogue", response.text)
        for url in (
            "/my/trainings/99999999999999999999",
            "/my/trainings/99999999999999999999/convocation",
            "/my/referrals/99999999999999999999",
        ):
            with self.subTest(url=url):
                self.assertEqual(self.url_open(url).status_code, 404)
