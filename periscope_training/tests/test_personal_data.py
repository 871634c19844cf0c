# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json
from datetime import timedelta

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged

from .common import SIGNATURE, PeriscopeTrainingCase

MEMBERS_MANAGER_GROUP = "periscope_members.group_periscope_members_manager"


class PersonalDataCase(PeriscopeTrainingCase):
    """A members administrator; a member organisation whose two people,
    Chloé (the person to erase, with a portal account) and her colleague
    Inès, train; a support structure; a satisfaction survey with a free-text
    question, a comment box and a mark."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.members_manager = cls._make_user("training_members_manager", MEMBERS_MANAGER_GROUP)
        cls._setup_people()
        cls._setup_survey()

    @classmethod
    def _setup_people(cls):
        cls.org = cls._make_organisation("Coop Canal (personal data test)", cls.PERMANENT_RESIDENT)
        Partner = cls.env["res.partner"]
        person = {"parent_id": cls.org.id}
        cls.chloe = Partner.create(
            {**person, "name": "Chloé Sicre", "email": "chloe.sicre@example.org", "phone": "05 61 00 00 01"}
        )
        cls.ines = Partner.create(
            {**person, "name": "Inès Moreau", "email": "ines.moreau@example.org", "phone": "05 61 00 00 02"}
        )
        cls.chloe_user = cls._portal_login(cls.chloe, "training_chloe")
        cls.ines_user = cls._portal_login(cls.ines, "training_ines")
        cls.structure = cls._make_organisation(
            "Couveuse Ozon (test)", email="ozon@example.org", periscope_support_structure=True
        )

    @classmethod
    def _portal_login(cls, person, login):
        """A portal user of ``person``, under their name and e-mail; its
        password is ``<login>_pw``."""
        return cls._make_user(
            login,
            "base.group_portal",
            password=f"{login}_pw",
            name=person.name,
            email=person.email,
            partner_id=person.id,
        )

    @classmethod
    def _setup_survey(cls):
        cls.survey = cls.env["survey.survey"].create(
            {
                "title": "Satisfaction (personal data test)",
                "question_and_page_ids": [
                    Command.create({"title": "Votre avis en quelques mots", "question_type": "text_box"}),
                    Command.create(
                        {
                            "title": "Votre note",
                            "question_type": "simple_choice",
                            "comments_allowed": True,
                            "suggested_answer_ids": [
                                Command.create({"value": "Très satisfait·e"}),
                                Command.create({"value": "Déçu·e"}),
                            ],
                        }
                    ),
                ],
            }
        )
        cls.text_question, cls.mark_question = cls.survey.question_ids
        cls.programme.satisfaction_survey_id = cls.survey

    @classmethod
    def _registration(cls, partner, session, funder, funder_type, **values):
        """A registration funded to the cent, hence confirmed."""
        return (
            cls.env["event.registration"]
            .with_user(cls.officer)
            .create(
                {
                    "event_id": session.id,
                    "partner_id": partner.id,
                    "trainee_type": "individual",
                    "funding_ids": [
                        Command.create(
                            {
                                "funder_id": funder.id,
                                "funder_type": funder_type,
                                "amount": 420.0,
                                "reference": f"{funder_type}-{partner.id}",
                            }
                        )
                    ],
                    **values,
                }
            )
        )

    @classmethod
    def _answer(cls, registration, text, comment):
        """The trainee's answers to the satisfaction survey sent to them: a
        free text, a mark and a comment on it."""
        user_input = cls.env["survey.user_input"].search([("registration_id", "=", registration.id)])
        cls.env["survey.user_input.line"].create(
            [
                {
                    "user_input_id": user_input.id,
                    "question_id": cls.text_question.id,
                    "answer_type": "text_box",
                    "value_text_box": text,
                },
                {
                    "user_input_id": user_input.id,
                    "question_id": cls.mark_question.id,
                    "answer_type": "suggestion",
                    "suggested_answer_id": cls.mark_question.suggested_answer_ids[0].id,
                },
                {
                    "user_input_id": user_input.id,
                    "question_id": cls.mark_question.id,
                    "answer_type": "char_box",
                    "value_char_box": comment,
                },
            ]
        )
        user_input._mark_done()
        return user_input

    @classmethod
    def _intake(cls, partner, project, description):
        """The project holder received, their consent recorded, referred to
        the support structure, which accepted: their pathway is open."""
        holder = (
            cls.env["periscope.project.holder"]
            .with_user(cls.reception)
            .create(
                {"partner_id": partner.id, "project_name": project, "description": description, "need_coaching": True}
            )
        )
        holder.action_record_consent()
        referral = holder.action_refer(cls.structure, f"Accompagnement du projet {project}")
        referral.sudo().action_accept()
        return holder


@tagged("post_install", "-at_install")
@freeze_time("2037-04-15 09:00:00")
class TestErasure(PersonalDataCase):
    """The session of Monday 16 and Tuesday 17 March 2037 (two mornings),
    closed; Chloé pays it herself, Inès with her personal training account
    (CPF); both signed the first morning and were marked present the
    second; both answered the satisfaction survey; their funders are
    invoiced, the invoices posted. Chloé and Inès were received at the
    reception with a project and referred to a support structure, which
    accepted: each has a pathway, Chloé a coaching appointment."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.session.write({"date_begin": "2037-03-16 07:00:00", "date_end": "2037-03-17 10:30:00"})
        with freeze_time("2037-03-02 09:00:00"):
            cls._setup_registrations()
            cls._setup_intakes()
        cls._setup_the_session_held()
        cls.bpf = cls.env["periscope.training.bpf"].with_user(cls.manager).create({"year": 2037})
        cls.bpf.action_compute()
        # as if committed: the records created above track their changes
        cls.env.flush_all()
        cls.env.cr.precommit.run()

    @classmethod
    def _setup_registrations(cls):
        """The two mornings, Chloé's and Inès's registrations and what they
        told of their needs of adaptation."""
        cls.monday, cls.tuesday = cls._make_slots(
            [("2037-03-16 07:00:00", "2037-03-16 10:30:00"), ("2037-03-17 07:00:00", "2037-03-17 10:30:00")],
            user=cls.officer,
            space_id=False,
        )
        cls.session.with_user(cls.officer).action_training_open()
        cls.chloe_reg = cls._registration(cls.chloe, cls.session, cls.chloe, "individual")
        cls.ines_reg = cls._registration(cls.ines, cls.session, cls.ines, "opco_cpf")
        question = cls.env["event.question"].create(
            {"title": "Un besoin d'adaptation ?", "question_type": "text_box", "event_id": cls.session.id}
        )
        cls.env["event.registration.answer"].create(
            [
                {
                    "registration_id": cls.chloe_reg.id,
                    "question_id": question.id,
                    "value_text_box": "Malvoyante : documents en gros caractères.",
                },
                {"registration_id": cls.ines_reg.id, "question_id": question.id, "value_text_box": "Aucun."},
            ]
        )

    @classmethod
    def _setup_intakes(cls):
        """Chloé's and Inès's projects, referred and accepted; Chloé's
        pathway, its note and her coaching appointment."""
        cls.chloe_holder = cls._intake(cls.chloe, "Vrac de Chloé", "Une épicerie vrac rue du Canal.")
        cls.ines_holder = cls._intake(cls.ines, "Atelier d'Inès", "Un atelier de réparation de vélos.")
        cls.chloe_holder.activity_schedule("mail.mail_activity_data_todo", summary="Rappeler Chloé Sicre")
        cls.chloe_pathway = cls.chloe_holder.pathway_id
        cls.chloe_pathway.with_user(cls.officer).note = "<p>Chloé hésite entre SCOP et SCIC.</p>"
        cls.coaching = cls.env["calendar.event"].create(
            {
                "name": "Coaching : Chloé Sicre",
                "description": "Relire le prévisionnel de Chloé.",
                "start": "2037-03-20 08:00:00",
                "stop": "2037-03-20 09:00:00",
                "partner_ids": [Command.set(cls.chloe.ids)],
                "pathway_id": cls.chloe_pathway.id,
            }
        )

    @classmethod
    def _setup_the_session_held(cls):
        """The convocations sent, the first morning signed, the second marked,
        the survey answered, the session closed and invoiced."""
        with freeze_time("2037-03-09 07:00:00"):
            cls.session.with_user(cls.officer).action_send_convocations()
        with freeze_time("2037-03-16 07:05:00"):
            cls._attendance(cls.chloe_reg, cls.monday).with_user(cls.chloe_user).action_sign(SIGNATURE, "Chloé S.")
            cls._attendance(cls.ines_reg, cls.monday).with_user(cls.ines_user).action_sign(SIGNATURE, "Inès M.")
        with freeze_time("2037-03-17 11:00:00"):
            (cls.chloe_reg | cls.ines_reg).attendance_ids.filtered(lambda a: a.slot_id == cls.tuesday).with_user(
                cls.officer
            ).action_mark_present()
            cls.session.with_user(cls.officer).action_send_satisfaction_survey()
            cls.chloe_input = cls._answer(cls.chloe_reg, "Formidable, merci de la part de Chloé Sicre.", "Chloé")
            cls.ines_input = cls._answer(cls.ines_reg, "Très utile pour mon atelier.", "Inès")
        with freeze_time("2037-03-20 09:00:00"):
            cls.session.with_user(cls.manager).action_training_close()
            cls.session.with_user(cls.manager).action_invoice_funders()
            cls.invoices = cls.env["account.move"].search([("periscope_training_event_id", "=", cls.session.id)])
            cls.invoices.with_user(cls.accountant).action_post()

    @classmethod
    def _attendance(cls, registration, slot):
        return registration.attendance_ids.filtered(lambda a: a.slot_id == slot)

    def _figures(self):
        return sorted((line.line, line.trainee_count, line.hours, line.amount) for line in self.bpf.line_ids)

    def _threads(self, records):
        """The messages and their history of changes on ``records``."""
        messages = self.env["mail.message"].search([("model", "=", records._name), ("res_id", "in", records.ids)])
        history = " ".join(
            str(value)
            for value in messages.tracking_value_ids.mapped("old_value_char")
            + messages.tracking_value_ids.mapped("new_value_char")
        )
        return messages, " ".join(
            str(m.body) + str(m.subject or "") + str(m.record_name or "") for m in messages
        ) + history

    def _erase(self, partner):
        partner.with_user(self.members_manager).action_periscope_anonymise()
        self.env.flush_all()
        self.env.cr.precommit.run()
        self.env.invalidate_all()

    def test_erasure_leaves_no_copy_of_her_on_her_registration(self):
        """The registration keeps no copy of her name, e-mail or phone, nor
        what she told of her needs."""
        chloe_reg = self.chloe_reg.sudo()
        self.assertIn("Malvoyante", json.dumps(self.chloe._periscope_personal_data(), ensure_ascii=False))
        self._erase(self.chloe)
        anonymous = f"Erased person {self.chloe.id}"
        self.assertEqual(self.chloe.name, anonymous)
        self.assertEqual(chloe_reg.name, anonymous)
        self.assertFalse(chloe_reg.email or chloe_reg.phone or chloe_reg.company_name)
        self.assertEqual(chloe_reg.state, "open")
        self.assertFalse(chloe_reg.registration_answer_ids.value_text_box)
        self.assertEqual(self.ines_reg.registration_answer_ids.value_text_box, "Aucun.")

    def test_erasure_keeps_her_signed_attendance_without_the_name_she_typed(self):
        chloe_reg = self.chloe_reg.sudo()
        signed = self._attendance(chloe_reg, self.monday)
        signature = (signed.signature, signed.signed_at, signed.signed_by_id)
        self.assertEqual(signed.signer_name, "Chloé S.")
        self._erase(self.chloe)
        self.assertEqual(signed.trainee_name, f"Erased person {self.chloe.id}")
        self.assertFalse(signed.signer_name)
        self.assertEqual((signed.signature, signed.signed_at, signed.signed_by_id), signature)
        self.assertEqual(signed.state, "present")
        self.assertEqual(chloe_reg.attended_hours, 7.0)

    def test_erasure_keeps_her_funding_its_posted_invoice_and_the_bpf_figures(self):
        chloe_reg = self.chloe_reg.sudo()
        invoice_lines = chloe_reg.funding_ids.invoice_line_ids
        invoice = (invoice_lines.move_id, invoice_lines.name, invoice_lines.price_unit)
        self.assertEqual(invoice[0].state, "posted")
        figures = self._figures()
        self.assertIn(("F-1 d", 2, 14.0, 0.0), figures)
        self._erase(self.chloe)
        self.assertEqual(chloe_reg.funding_ids.funder_type, "individual")
        self.assertEqual(chloe_reg.funding_ids.amount, 420.0)
        self.assertEqual((invoice_lines.move_id, invoice_lines.name, invoice_lines.price_unit), invoice)
        self.assertEqual(invoice[0].state, "posted")
        # the BPF counts her as before
        self.bpf.action_compute()
        self.assertEqual(self._figures(), figures)

    def test_erasure_drops_her_typed_answers_and_keeps_her_mark(self):
        self._erase(self.chloe)
        self.assertFalse(self.chloe_input.email or self.chloe_input.nickname)
        lines = self.chloe_input.user_input_line_ids
        self.assertEqual(lines.filtered(lambda line: not line.skipped).suggested_answer_id.value, "Très satisfait·e")
        self.assertFalse(any(lines.mapped("value_text_box") + lines.mapped("value_char_box")))
        self.assertEqual(self.chloe_input.state, "done")

    def test_erasure_drops_her_project_and_what_was_written_about_her(self):
        self._erase(self.chloe)
        holder = self.chloe_holder
        self.assertFalse(holder.project_name or holder.description)
        self.assertNotIn("Chloé", " ".join(holder.referral_ids.mapped("reason")))
        self.assertFalse(self.chloe_pathway.note)
        self.assertNotIn("Chloé", self.coaching.name + str(self.coaching.description))
        self.assertEqual(self.chloe_pathway.coaching_hours, 1.0)

    def test_erasure_withdraws_her_consent_and_keeps_its_history(self):
        """Her consent is withdrawn; its history stays: when, which text."""
        self._erase(self.chloe)
        holder = self.chloe_holder
        self.assertFalse(holder.consent_date)
        self.assertEqual(holder.consent_log_ids.sorted("id").mapped("kind"), ["given", "withdrawn"])
        given = holder.consent_log_ids.filtered(lambda log: log.kind == "given")
        self.assertEqual(str(given.date), "2037-03-02 09:00:00")
        self.assertEqual(given.version, "2026-01")
        self.assertEqual(given.user_id, self.reception)

    def test_erasure_leaves_nothing_of_her_in_the_chatter_of_her_records(self):
        """Nor in their attachments (her convocation's PDF) and activities."""
        chloe_reg = self.chloe_reg.sudo()
        convocations = self.env["ir.attachment"].search(
            [("res_model", "=", "event.registration"), ("res_id", "=", chloe_reg.id)]
        )
        self.assertTrue(convocations, "the convocation's PDF is in her history")
        self.assertTrue(self.chloe_holder.activity_ids)
        __, before = self._threads(chloe_reg)
        self.assertIn("Chloé Sicre", before)
        self._erase(self.chloe)
        holder = self.chloe_holder
        records = [chloe_reg, self.chloe_input, holder, holder.referral_ids, self.chloe_pathway, self.coaching]
        for records_ in records:
            messages, text = self._threads(records_)
            self.assertNotIn("Chloé", text, records_._name)
            self.assertNotIn("chloe.sicre", text, records_._name)
            self.assertFalse(messages.attachment_ids, records_._name)
        self.assertFalse(convocations.exists())
        self.assertFalse(holder.activity_ids)

    def _ines_training(self):
        """What the training holds of Inès, Chloé's colleague."""
        return (
            self.ines_reg.read(["name", "email", "phone"]),
            self.ines_input.read(["email", "nickname"]),
            self.ines_input.user_input_line_ids.mapped("display_name"),
            self._attendance(self.ines_reg, self.monday).signer_name,
            self.ines_holder.read(["project_name", "description", "consent_date"]),
            self.ines_holder.referral_ids.mapped("reason"),
        )

    def test_erasure_leaves_her_colleague_everything(self):
        ines_before = self._ines_training()
        self._erase(self.chloe)
        self.assertEqual(self._ines_training(), ines_before)
        self.assertEqual(self.ines_reg.name, "Inès Moreau")

    def test_a_session_to_come_refuses_the_erasure(self):
        may = self._new_session(
            "Gouvernance partagée — mai (test)", date_begin="2037-05-11 07:00:00", date_end="2037-05-11 10:30:00"
        )
        self._slot("2037-05-11 07:00:00", "2037-05-11 10:30:00", session=may, space=self.env["periscope.space"])
        may.with_user(self.officer).action_training_open()
        upcoming = self._registration(self.chloe, may, self.chloe, "individual")
        with self.assertRaises(UserError) as caught:
            self.chloe.with_user(self.members_manager).action_periscope_anonymise()
        self.assertIn("Chloé Sicre", str(caught.exception))
        self.assertIn("Gouvernance partagée — mai (test)", str(caught.exception))
        self.assertEqual(self.chloe.name, "Chloé Sicre")
        self.assertEqual(self.chloe_reg.name, "Chloé Sicre")
        self.assertEqual(upcoming.email, "chloe.sicre@example.org")
        self.assertEqual(self.chloe_holder.project_name, "Vrac de Chloé")
        self.assertTrue(self.chloe_holder.consent_date)
        # a session under way is not held yet either
        with freeze_time("2037-05-11 08:00:00"), self.assertRaises(UserError):
            self.chloe.with_user(self.members_manager).action_periscope_anonymise()
        # its registration cancelled, she is erased
        upcoming.with_user(self.officer).action_cancel()
        self._erase(self.chloe)
        self.assertEqual(upcoming.name, f"Erased person {self.chloe.id}")
        self.assertFalse(upcoming.email)


@tagged("post_install", "-at_install")
class TestPersonalDataExport(PersonalDataCase):
    """The export of a person's training data as the members administrator
    would give it: a fixed number of queries, however many registrations."""

    def _sessions(self, count, start):
        """``count`` open sessions of one slot each, a day apart."""
        sessions = self.env["event.event"]
        for index in range(count):
            begin = start + timedelta(days=index)
            session = self._new_session(
                f"Session {index} (export test)", date_begin=begin, date_end=begin + timedelta(hours=3)
            )
            self._make_slots([(begin, begin + timedelta(hours=3))], session=session, user=self.officer, space_id=False)
            session.with_user(self.officer).action_training_open()
            sessions |= session
        return sessions

    def _follow(self, partner, sessions):
        """``partner`` registered to ``sessions``, present at their slot,
        and their satisfaction survey answered."""
        for session in sessions:
            registration = self._registration(partner, session, partner, "individual")
            registration.attendance_ids.with_user(self.officer).action_mark_present()
            session.with_user(self.officer).action_send_satisfaction_survey()
            self._answer(registration, "Bien.", "RAS")

    def _export_queries(self, partner):
        return self.queries_of(partner._periscope_personal_data, warm=False)

    def test_the_export_does_not_grow_with_the_registrations(self):
        start = fields.Datetime.now() - timedelta(days=60)
        self._follow(self.chloe, self._sessions(2, start))
        self._follow(self.ines, self._sessions(12, start + timedelta(days=10)))
        few, data = self._export_queries(self.chloe)
        self.assertEqual(len(data["training"]["registrations"]), 2)
        self.assertEqual(len(data["training"]["evaluations"]), 2)
        many, data = self._export_queries(self.ines)
        self.assertEqual(len(data["training"]["registrations"]), 12)
        self.assertEqual({len(registration["attendance"]) for registration in data["training"]["registrations"]}, {1})
        self.assertEqual(few, many)


@tagged("post_install", "-at_install")
class TestPersonalDataDownload(PersonalDataCase, HttpCase):
    """Chloé downloads her data from the portal: her trainings, evaluations,
    intake and pathway; nothing of Inès, her colleague, whose employer-funded
    training Chloé follows on the portal and whose CPF training is hers
    alone. The sessions are relative to now: the server answering the
    request runs on the real clock."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        now = fields.Datetime.now()
        cls.running = cls.session
        # ``session`` is the HTTP session of the test client
        del cls.session
        cls._slot_at(cls.running, now - timedelta(hours=1))
        cls.running.with_user(cls.officer).action_training_open()
        cls.cpf_session = cls._new_session("Comptabilité associative (CPF test)")
        cls._slot_at(cls.cpf_session, now - timedelta(hours=2, minutes=30), hours=1)
        cls.cpf_session.with_user(cls.officer).action_training_open()
        cls.chloe_reg = cls._registration(cls.chloe, cls.running, cls.chloe, "individual")
        cls.ines_employee_reg = cls._registration(
            cls.ines, cls.running, cls.org, "company", trainee_type="employee", employer_id=cls.org.id
        )
        cls.ines_cpf_reg = cls._registration(cls.ines, cls.cpf_session, cls.ines, "opco_cpf")
        cls.chloe_reg.attendance_ids.with_user(cls.chloe_user).action_sign(SIGNATURE, "Chloé S.")
        cls.ines_employee_reg.attendance_ids.with_user(cls.ines_user).action_sign(SIGNATURE, "Inès M.")
        cls.running.with_user(cls.officer).action_send_satisfaction_survey()
        cls._answer(cls.chloe_reg, "Formidable, merci.", "Parfait")
        cls._answer(cls.ines_employee_reg, "Trop court pour moi.", "Bof")
        cls._intake(cls.chloe, "Vrac de Chloé", "Une épicerie vrac rue du Canal.")
        cls._intake(cls.ines, "Atelier d'Inès", "Un atelier de réparation de vélos.")
        cls.env.flush_all()

    @classmethod
    def _slot_at(cls, session, start, hours=3):
        session.write({"date_begin": start, "date_end": start + timedelta(hours=hours)})
        return cls._make_slots([(start, start + timedelta(hours=hours))], session=session, user=cls.officer)

    def test_the_person_downloads_their_training_data_and_no_colleagues(self):
        # on her portal, Chloé follows her colleague's employer-funded training
        self.assertEqual(
            self.env["event.registration"].with_user(self.chloe_user).search([]),
            self.chloe_reg | self.ines_employee_reg,
        )
        self.authenticate("training_chloe", "training_chloe_pw")
        self.env.flush_all()
        response = self.url_open("/my/personal-data")
        self.assertEqual(response.status_code, 200)
        data = json.loads(response.content)
        training = data["training"]
        [registration] = training["registrations"]
        self.assertEqual(registration["event"], self.running.name)
        self.assertEqual(registration["attendee"]["email"], "chloe.sicre@example.org")
        self.assertEqual(registration["funding"][0]["kind"], "The trainee, at their own expense (BPF C-9)")
        [attendance] = registration["attendance"]
        self.assertTrue(attendance["signed"])
        self.assertEqual(attendance["signer_name"], "Chloé S.")
        self.assertIn("Convocation", [document["document"] for document in registration["documents"]])
        [evaluation] = training["evaluations"]
        self.assertIn("Formidable, merci.", [answer["answer"] for answer in evaluation["answers"]])
        [intake] = training["project_intakes"]
        self.assertEqual(intake["project"], "Vrac de Chloé")
        self.assertEqual([(log["consent"], log["text_version"]) for log in intake["consent"]], [("Given", "2026-01")])
        self.assertEqual(intake["referrals"][0]["structure"], "Couveuse Ozon (test)")
        [pathway] = training["pathways"]
        self.assertEqual(pathway["coordinator"], "Couveuse Ozon (test)")
        # nothing of her colleague: neither her CPF training nor the one
        # her employer funds, nor her answers or her project
        text = response.content.decode()
        for secret in (
            "Inès",
            "ines.moreau",
            self.cpf_session.name,
            "CPF",
            "Trop court",
            "Atelier",
            f"opco_cpf-{self.ines.id}",
        ):
            self.assertNotIn(secret, text)
