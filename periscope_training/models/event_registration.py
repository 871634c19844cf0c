# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command, _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.http import request
from odoo.tools import float_is_zero, format_amount, format_date, formatLang

from odoo.addons.periscope_members.models.number_bounds import check_numbers
from odoo.addons.periscope_members.tools.hub_time import HUB_TZ

from .flags import ERASURE, collecting, collector_of, raised
from .periscope_training_funding import DEFERRED_CHECK
from .personal_data import moment, selection_labels

# the states in which a registration takes a seat (core event)
SEAT_STATES = ("open", "done")
# the line of section F-1 of the BPF (kinds of trainees) that each kind of
# trainee counts in
TRAINEE_TYPE_BPF_LINES = {
    "employee": "F-1 a",
    "apprentice": "F-1 b",
    "job_seeker": "F-1 c",
    "individual": "F-1 d",
    "other": "F-1 e",
}
# the trainees who are trained for an employer
EMPLOYED_TYPES = ("employee", "apprentice")
USER_GROUP = "periscope_training.group_periscope_training_user"
# what only the training staff write on a registration: who is trained for
# whom, at what price, funded by whom
TRAINING_FIELDS = {"trainee_type", "employer_id", "agreed_price", "funding_ids"}
# what the event staff write on a trainee's registration: the check-in
CHECK_IN_FIELDS = {"state", "message_main_attachment_id"}


class EventRegistration(models.Model):
    _inherit = "event.registration"

    is_training = fields.Boolean(related="event_id.is_training")
    session_hours = fields.Float(related="event_id.hours", string="Hours of the session")
    trainee_type = fields.Selection(
        selection=[
            ("employee", "Employee of a private employer (BPF F-1 a)"),
            ("apprentice", "Apprentice (BPF F-1 b)"),
            ("job_seeker", "Job seeker (BPF F-1 c)"),
            ("individual", "Individual at their own expense (BPF F-1 d)"),
            ("other", "Other trainee (BPF F-1 e)"),
        ],
        string="Kind of trainee",
        tracking=True,
        help="The line of section F-1 of the Bilan Pédagogique et Financier that counts this trainee.",
    )
    employer_id = fields.Many2one(
        comodel_name="res.partner",
        compute="_compute_employer_id",
        store=True,
        readonly=False,
        precompute=True,
        index="btree_not_null",
        domain=[("is_company", "=", True)],
        tracking=True,
        help="The company of an employee or an apprentice: by default, the organisation of the trainee's contact.",
    )
    currency_id = fields.Many2one(comodel_name="res.currency", compute="_compute_currency_id")
    agreed_price = fields.Monetary(
        compute="_compute_agreed_price",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        help="The price of the training for this trainee, taxes excluded: the "
        "programme's price per trainee by default. Its funding lines add up "
        "to it exactly before the registration is confirmed.",
    )
    funding_ids = fields.One2many(comodel_name="periscope.training.funding", inverse_name="registration_id", copy=False)
    funded_amount = fields.Monetary(string="Funded", compute="_compute_funded_amount", compute_sudo=True)
    funding_difference = fields.Monetary(
        string="Left to fund",
        compute="_compute_funded_amount",
        compute_sudo=True,
        help="The agreed price minus the funding lines: zero once funded.",
    )
    attendance_ids = fields.One2many(
        comodel_name="periscope.training.attendance", inverse_name="registration_id", readonly=True
    )
    attended_hours = fields.Float(
        compute="_compute_attended_hours", store=True, help="The hours of the slots where the trainee was present."
    )
    convocation_sent_at = fields.Datetime(
        string="Convocation sent",
        copy=False,
        readonly=True,
        help="When the convocation, its PDF attached, was sent to the trainee: "
        "seven days before the first slot, or at once with Send the convocations; "
        "never twice.",
    )
    certificate_available = fields.Boolean(
        compute="_compute_certificate_available",
        help="The certificate of completion of a confirmed trainee is issued once the training session is closed.",
    )

    @api.depends("trainee_type", "partner_id")
    def _compute_employer_id(self):
        for registration in self:
            if registration.trainee_type not in EMPLOYED_TYPES:
                registration.employer_id = False
            elif not registration.employer_id:
                company = registration.partner_id.commercial_partner_id
                registration.employer_id = company if company.is_company and company.id else False

    @api.depends("company_id")
    def _compute_currency_id(self):
        for registration in self:
            registration.currency_id = (registration.company_id or self.env.company).currency_id

    @api.depends("event_id")
    def _compute_agreed_price(self):
        for registration in self:
            registration.agreed_price = registration.event_id.programme_id.price_per_trainee

    @api.depends("agreed_price", "funding_ids.amount")
    def _compute_funded_amount(self):
        for registration in self:
            funded = sum(registration.funding_ids.mapped("amount"))
            registration.funded_amount = funded
            registration.funding_difference = registration.agreed_price - funded

    @api.depends("attendance_ids.attended_hours")
    def _compute_attended_hours(self):
        for registration in self:
            registration.attended_hours = sum(registration.attendance_ids.mapped("attended_hours"))

    @api.depends("state", "event_id.is_training", "event_id.training_state")
    def _compute_certificate_available(self):
        for registration in self:
            registration.certificate_available = (
                registration.event_id.is_training
                and registration.event_id.training_state == "closed"
                and registration.state in SEAT_STATES
            )

    @api.constrains("trainee_type", "employer_id")
    def _check_employer(self):
        for registration in self:
            if registration.trainee_type in EMPLOYED_TYPES and not (registration.employer_id):
                raise ValidationError(
                    _(
                        "%(trainee)s is trained as an employee or an apprentice: give their employer.",
                        trainee=registration.display_name,
                    )
                )

    @api.constrains("agreed_price")
    def _check_agreed_price(self):
        for registration in self:
            if registration.agreed_price < 0:
                raise ValidationError(
                    _("The agreed price of %(trainee)s cannot be negative.", trainee=registration.display_name)
                )

    # ------------------------------------------------------------ CRUD
    def _update_mail_schedulers(self):
        """In a web request, the on-subscription mails go through the mail
        scheduler's cron, triggered now, as Odoo does when
        ``event.event_mail_async`` is set: run at once, Odoo 18's scheduler
        commits the transaction in the middle of the request (its
        ``auto_commit`` outside tests), which would release the lock that
        guarantees the seats before the request ends and break the savepoint
        of the portal's registration. The backend's buttons are requests
        too: their mails leave by the cron as well, a moment later. Outside
        a request (the crons, the shell, the tests of the ORM), Odoo's way."""
        if request and not self.env.context.get("install_mode") and self.filtered(lambda r: r.state == "open"):
            self.env.ref("event.event_mail_scheduler")._trigger()
            return None
        return super()._update_mail_schedulers()

    @api.model_create_multi
    def create(self, vals_list):
        default_event = self.env.context.get("default_event_id")
        for vals in vals_list:
            check_numbers(self, vals, in_place=True)
            self.browse()._check_training_fields({**vals, "event_id": vals.get("event_id") or default_event})
        Event = self.env["event.event"]
        events = Event.browse({vals.get("event_id") or default_event for vals in vals_list} - {False})
        events._check_training_registrations_open()
        for vals in vals_list:
            event = Event.browse(vals.get("event_id") or default_event)
            state = vals.get("state", self.env.context.get("default_state"))
            if event.is_training and state in (None, False, "open"):
                # confirmed at once when its funding adds up (a free
                # programme, or funding lines given), saved unconfirmed
                # otherwise -- also when the form sends Odoo's default
                # state, "Registered": the user completes the funding, then
                # confirms
                vals["state"] = "open" if self._vals_funded(vals, event) else "draft"
        # before core checks the seat limit
        events._lock_training_seats()
        # the funding lines given with the registrations add up once all
        # are written
        with collecting(self.env, DEFERRED_CHECK) as touched:
            registrations = super().create(vals_list)
            touched.update(registrations.ids)
        if touched.outermost:
            self.browse(touched).exists()._check_training_funding()
        registrations.event_id._sync_training_attendances()
        return registrations

    def write(self, vals):
        check_numbers(self, vals, in_place=True)
        self._check_training_fields(vals)
        events = self.env["event.event"]
        if vals.get("event_id"):
            events = events.browse(vals["event_id"])
            events._check_training_registrations_open()
        if "agreed_price" in vals or vals.get("state") in ("draft", "cancel"):
            self._check_not_invoiced()
        if self._takes_more_seats(vals):
            (events | self.event_id)._lock_training_seats()
        old_events = self.event_id
        # the funding lines written with the registrations add up once all
        # are written
        with collecting(self.env, DEFERRED_CHECK) as touched:
            res = super().write(vals)
            if {"state", "agreed_price", "funding_ids", "event_id"} & set(vals):
                touched.update(self.ids)
        if touched.outermost:
            self.browse(touched).exists()._check_training_funding()
        if {"state", "event_id", "active"} & set(vals):
            (old_events | self.event_id)._sync_training_attendances()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_invoiced_or_signed(self):
        self._check_training_fields({}, check_in=False)
        self._check_not_invoiced()
        # sudo: whether a trainee signed, whoever deletes the registration
        signed = self.sudo().attendance_ids.filtered("signed_at")
        if signed:
            raise UserError(
                _(
                    "%(trainee)s signed their attendance: the registration cannot be deleted. Cancel it instead.",
                    trainee=signed[0].registration_id.display_name,
                )
            )

    # ------------------------------------------------------------ seats
    def _takes_more_seats(self, vals):
        """Whether writing ``vals`` may take seats that were free."""
        if {"event_id", "event_ticket_id"} & set(vals):
            return True
        if vals.get("active"):
            return True
        if vals.get("state") in SEAT_STATES:
            return any(registration.state not in SEAT_STATES for registration in self)
        return False

    # ------------------------------------------------------------ funding
    @api.model
    def _vals_funded(self, vals, event):
        """Whether the registration that ``vals`` create is funded: its
        funding lines (created with it) add up to its agreed price."""
        price = vals.get("agreed_price", event.programme_id.price_per_trainee)
        funded = sum(
            command[2].get("amount") or 0.0 for command in vals.get("funding_ids") or () if command[0] == Command.CREATE
        )
        currency = (event.company_id or self.env.company).currency_id
        return currency.compare_amounts(funded, price or 0.0) == 0

    def _check_training_funding_now_or_later(self):
        """Check the funding of these registrations now, or, while a
        registration writes its funding lines, once it has written them all."""
        collector = collector_of(self.env, DEFERRED_CHECK)
        if collector is not None:
            collector.update(self.ids)
            return
        self._check_training_funding()

    def _check_training_fields(self, vals, check_in=True):
        """Only the training staff register trainees to a training session and
        say who is trained for whom, at what price, funded by whom; the event
        staff do their event work on the other events, and check in the
        trainees of a session."""
        if self.env.su or self.env.user.has_group(USER_GROUP):
            return
        events = self.event_id
        if vals.get("event_id"):
            events |= events.browse(vals["event_id"])
        check_in = check_in and set(vals) <= CHECK_IN_FIELDS and vals.get("state", "done") == "done"
        if TRAINING_FIELDS & set(vals) or (any(events.mapped("is_training")) and not (self and check_in)):
            raise AccessError(
                _(
                    "Only the training staff register the trainees of a training "
                    "session, and set their kind, employer, price and funding."
                )
            )

    def _check_training_funding(self):
        """A confirmed registration of a training session is funded to the
        cent: its funding lines add up exactly to its agreed price."""
        # sudo: the amounts, whoever confirms the registration
        for registration in self.sudo():
            if not registration.event_id.is_training or (registration.state not in SEAT_STATES):
                continue
            currency = registration.currency_id
            funded = sum(registration.funding_ids.mapped("amount"))
            if currency.compare_amounts(funded, registration.agreed_price) != 0:
                # the labels of the form, in the language of the message
                label_env = self.with_context(lang=self.env.lang or self.env.user.lang).env
                fields_ = registration._fields
                raise ValidationError(
                    _(
                        "Training tab of %(trainee)s: the funding lines add up to "
                        "%(funded)s, not to the “%(agreed_label)s” of %(agreed)s "
                        "(“%(left_label)s”: %(left)s). A registration is confirmed "
                        "and invoiced only once its funding adds up exactly.",
                        trainee=registration.display_name,
                        funded=format_amount(self.env, funded, currency),
                        agreed_label=fields_["agreed_price"]._description_string(label_env),
                        agreed=format_amount(self.env, registration.agreed_price, currency),
                        left_label=fields_["funding_difference"]._description_string(label_env),
                        left=format_amount(self.env, registration.agreed_price - funded, currency),
                    )
                )

    def _check_not_invoiced(self):
        # sudo: whether a funding is invoiced, without the right to read invoices
        invoiced = self.sudo().funding_ids.filtered("invoice_line_ids")
        if invoiced:
            raise UserError(
                _(
                    "The funding of %(trainee)s is invoiced: its price no longer "
                    "changes and the registration is no longer cancelled. Delete "
                    "its draft invoice first.",
                    trainee=invoiced[0].registration_id.display_name,
                )
            )

    # ------------------------------------------------------------ documents
    def _check_certificate_available(self):
        """A certificate of completion is never issued before the session is
        closed, nor to a trainee whose registration is not confirmed."""
        for registration in self:
            if registration.certificate_available:
                continue
            if registration.event_id.training_state != "closed":
                raise UserError(
                    _(
                        "The certificate of completion of %(trainee)s is issued once "
                        "the training session %(session)s is closed.",
                        trainee=registration.display_name,
                        session=registration.event_id.name,
                    )
                )
            raise UserError(
                _(
                    "The registration of %(trainee)s is not confirmed: it gets no certificate of completion.",
                    trainee=registration.display_name,
                )
            )

    def _send_training_convocations(self):
        """Send their convocation, its PDF attached, to the trainees who have an
        email address and were not sent it yet: posted in the registration's
        history and emailed to the trainee. Returns the registrations sent to."""
        template = self.env.ref("periscope_training.mail_template_training_convocation")
        to_send = self.filtered(lambda r: not r.convocation_sent_at and (r.partner_id.email or r.email))
        for registration in to_send:
            registration.message_post_with_source(template, message_type="comment", subtype_xmlid="mail.mt_comment")
        to_send.write({"convocation_sent_at": fields.Datetime.now()})
        return to_send

    def _training_hours_label(self, hours):
        """``14`` or ``10.50``, in the language of the context."""
        digits = 0 if float_is_zero(hours % 1, precision_digits=2) else 2
        return formatLang(self.env, hours, digits=digits)

    def _training_employer_name(self):
        """The employer of the trainee, else their organisation."""
        self.ensure_one()
        company = self.employer_id or self.partner_id.commercial_partner_id
        return company.name if company.is_company else ""

    def _training_today_label(self):
        """Today, in Paris, for the place and date of a document."""
        tz = self.event_id[:1].date_tz or HUB_TZ
        today = fields.Date.context_today(self.with_context(tz=tz))
        return format_date(self.env, today, date_format="d MMMM y")

    # ------------------------------------------------------------ personal data
    def _periscope_personal_data_export(self):
        """What these registrations hold of their attendee, JSON-ready: the
        session, the copies of their name, e-mail and phone, their funding,
        their attendance and the documents issued to them (no file). A fixed
        number of queries, however many registrations."""
        state_labels = selection_labels(self, "state")
        labels = {
            "trainee_type": selection_labels(self, "trainee_type"),
            "funder_type": selection_labels(self.env["periscope.training.funding"], "funder_type"),
            "attendance": selection_labels(self.env["periscope.training.attendance"], "state"),
        }
        properties = {
            values["id"]: values["registration_properties"]
            for values in self.read(["registration_properties"], load=None)
        }
        result = []
        for registration in self:
            event = registration.event_id
            entry = {
                "event": event.name,
                "training": event.is_training,
                "programme": event.programme_id.name or None,
                "date_begin": moment(event.date_begin),
                "date_end": moment(event.date_end),
                "state": state_labels.get(registration.state),
                "attendee": {
                    "name": registration.name or None,
                    "email": registration.email or None,
                    "phone": registration.phone or None,
                    "company_name": registration.company_name or None,
                },
                "answers": [
                    {
                        "question": answer.question_id.title,
                        "answer": answer.value_text_box or answer.value_answer_id.name or None,
                    }
                    for answer in registration.registration_answer_ids
                ],
                "properties": [
                    {"property": prop.get("string"), "value": prop.get("value")}
                    for prop in properties.get(registration.id) or ()
                    if prop.get("value") not in (None, False, "", [])
                ],
            }
            if event.is_training:
                entry.update(registration._periscope_training_export(labels))
            result.append(entry)
        return result

    def _periscope_training_export(self, labels):
        """The training part of the export of one registration."""
        self.ensure_one()
        documents = []
        if self.state in SEAT_STATES:
            documents.append(
                {
                    "document": _("Convocation"),
                    "date": moment(self.convocation_sent_at),
                    "url": f"/my/trainings/{self.id}/convocation",
                }
            )
        if self.certificate_available:
            documents.append(
                {
                    "document": _("Certificate of completion"),
                    "date": moment(self.event_id.date_end),
                    "url": f"/my/trainings/{self.id}/certificate",
                }
            )
        return {
            "trainee_type": labels["trainee_type"].get(self.trainee_type),
            "employer": self.employer_id.name or None,
            "agreed_price": self.agreed_price,
            "currency": self.currency_id.name,
            "funding": [
                {
                    "funder": funding.funder_id.name,
                    "kind": labels["funder_type"].get(funding.funder_type),
                    "amount": funding.amount,
                    "reference": funding.reference or None,
                }
                for funding in self.funding_ids
            ],
            "attended_hours": self.attended_hours,
            "attendance": [
                {
                    "start": moment(attendance.slot_id.start),
                    "end": moment(attendance.slot_id.stop),
                    "state": labels["attendance"].get(attendance.state),
                    "signed": bool(attendance.signed_at),
                    "signed_at": moment(attendance.signed_at),
                    "signer_name": attendance.signer_name or None,
                }
                for attendance in self.attendance_ids
            ],
            "documents": documents,
        }

    def _periscope_personal_data_erase(self, names):
        """Erase the attendee's copies on these registrations: their name
        (``names``: the anonymous name of each registration's contact, by
        contact id), e-mail, phone and company, their typed answers and the
        name they typed when signing. Their funding, invoices and signed
        attendance stay, as the training law asks."""
        for partner_id, registrations in self.grouped("partner_id").items():
            # untracked: the history would keep what is erased
            registrations.with_context(tracking_disable=True).write(
                {
                    "name": names.get(partner_id.id) or False,
                    "email": False,
                    "phone": False,
                    "company_name": False,
                    "registration_properties": False,
                }
            )
        # a typed answer is nothing but its text: it goes
        typed = self.registration_answer_ids.filtered("value_text_box")
        typed.filtered("value_answer_id").write({"value_text_box": False})
        typed.filtered(lambda answer: not answer.value_answer_id).unlink()
        attendances = self.attendance_ids.filtered("signer_name")
        with raised(self.env, ERASURE, attendances):
            attendances.write({"signer_name": False})
