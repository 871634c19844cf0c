# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
from collections import defaultdict
from datetime import timedelta

from psycopg2 import errors

from odoo import Command, _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, email_normalize, format_amount, format_date

from odoo.addons.periscope_members.tools.billing import billed_once
from odoo.addons.periscope_members.tools.hub_time import HUB_TZ

from .event_registration import SEAT_STATES

USER_GROUP = "periscope_training.group_periscope_training_user"
MANAGER_GROUP = "periscope_training.group_periscope_training_manager"
INVOICING_GROUP = "account.group_account_invoice"
# what makes an event a training session: the training staff's to change
TRAINING_FIELDS = ("is_training", "programme_id", "training_state")
# what makes an event hold rooms of the hub: its slots book them
KIND_FIELDS = ("is_training", "is_hub_event")
# what the bookings of an event's slots follow: their name and customer
BOOKED_EVENT_FIELDS = ("name", "organizer_id")
# the convocations are sent this many days before the first slot
CONVOCATION_DAYS = 7
# a one-pixel picture: the demo's signatures
DEMO_SIGNATURE = b"iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
# the follow-up survey is sent this many days after the last slot
FOLLOWUP_DAYS = 60
# the programme's survey of each kind of evaluation, and how many days after
# the last slot it is sent
EVALUATIONS = {"satisfaction": ("satisfaction_survey_id", 0), "followup": ("followup_survey_id", FOLLOWUP_DAYS)}

_logger = logging.getLogger(__name__)


class EventEvent(models.Model):
    _inherit = "event.event"

    is_training = fields.Boolean(
        string="Training session",
        compute="_compute_is_training",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
        tracking=True,
        help="A session of the hub's training catalogue: its attendance is signed "
        "per half-day and it counts in the yearly BPF.",
    )
    programme_id = fields.Many2one(
        comodel_name="periscope.training.programme",
        index="btree_not_null",
        tracking=True,
        help="The catalogue entry this session gives.",
    )
    is_hub_event = fields.Boolean(
        string="Event of the hub",
        index=True,
        tracking=True,
        help="An event the hub holds in its spaces, other than a training session "
        "(a seminar, a forum, an open day, a member's public event it hosts): "
        "its slots book the spaces, billed to its organizer when it is a member "
        "organisation, not billed when the hub organises it.",
    )
    periscope_public = fields.Boolean(
        string="On the public page",
        tracking=True,
        help="Listed on the public page of the hub's events (/periscope/events), "
        "where anyone registers with a name and an e-mail address.",
    )
    periscope_space_ids = fields.Many2many(
        comodel_name="periscope.space",
        string="Spaces booked",
        compute="_compute_periscope_space_ids",
        help="The spaces of the hub that the planned slots of the event book.",
    )
    training_state = fields.Selection(
        selection=[("draft", "Draft"), ("open", "Open"), ("closed", "Closed")],
        string="Training status",
        default="draft",
        required=True,
        copy=False,
        tracking=True,
        help="Draft: being planned. Open: its slots are planned and trainees "
        "register. Closed by the training administrator once the training is "
        "over: its slots can no longer change. Independent of the event's stage.",
    )
    trainer_ids = fields.Many2many(
        comodel_name="res.partner",
        relation="event_event_periscope_trainer_rel",
        column1="event_id",
        column2="partner_id",
        string="Trainers",
        compute="_compute_trainer_ids",
        store=True,
        readonly=False,
        help="Those of the programme, by default.",
    )
    slot_ids = fields.One2many(
        comodel_name="periscope.training.slot", inverse_name="event_id", string="Slots", copy=False
    )
    # the same slots, as the spaces a hub event books (its own list in the form)
    space_slot_ids = fields.One2many(
        comodel_name="periscope.training.slot", inverse_name="event_id", string="Bookings of spaces", copy=False
    )
    hours = fields.Float(
        string="Hours of training",
        compute="_compute_hours",
        store=True,
        help="The total duration of the planned slots.",
    )
    attendance_count = fields.Integer(compute="_compute_attendance_count")
    training_begun = fields.Boolean(
        string="Has begun",
        compute="_compute_training_begun",
        help="Its first half-day has begun: its funders are invoiced from then "
        "on (before, only in advance, on purpose).",
    )
    training_invoice_ids = fields.One2many(
        comodel_name="account.move",
        inverse_name="periscope_training_event_id",
        string="Training invoices",
        readonly=True,
        groups="account.group_account_invoice",
    )
    training_invoice_count = fields.Integer(string="Invoices", compute="_compute_training_invoice_count")
    satisfaction_response_rate = fields.Float(
        string="Satisfaction response rate (%)",
        compute="_compute_evaluation_response_rates",
        digits=(16, 1),
        help="The share of the satisfaction surveys sent to the trainees that they completed.",
    )
    followup_response_rate = fields.Float(
        string="Follow-up response rate (%)",
        compute="_compute_evaluation_response_rates",
        digits=(16, 1),
        help="The share of the follow-up surveys sent to the trainees that they completed.",
    )

    @api.depends("programme_id")
    def _compute_is_training(self):
        for event in self:
            event.is_training = event.is_training or bool(event.programme_id)

    @api.depends("programme_id")
    def _compute_trainer_ids(self):
        for event in self:
            if event.programme_id:
                event.trainer_ids = event.programme_id.trainer_ids
            else:
                event.trainer_ids = event.trainer_ids

    @api.depends("slot_ids.hours", "slot_ids.state")
    def _compute_hours(self):
        for event in self:
            event.hours = sum(event.slot_ids.filtered(lambda s: s.state == "planned").mapped("hours"))

    @api.depends("slot_ids.space_id", "slot_ids.state")
    def _compute_periscope_space_ids(self):
        for event in self:
            event.periscope_space_ids = event.slot_ids.filtered(lambda s: s.state == "planned").space_id

    def _compute_attendance_count(self):
        # sudo: how many lines the attendance grid has, also for the event
        # staff who read no attendance
        counts = dict(
            self.env["periscope.training.attendance"]
            .sudo()
            ._read_group([("event_id", "in", self.ids)], groupby=["event_id"], aggregates=["__count"])
        )
        for event in self:
            event.attendance_count = counts.get(event, 0)

    def _compute_training_invoice_count(self):
        # sudo: how many drafts the funders were invoiced, also for the
        # training administrator who has no right on invoices
        counts = dict(
            self.env["account.move"]
            .sudo()
            ._read_group(
                [("periscope_training_event_id", "in", self.ids)],
                groupby=["periscope_training_event_id"],
                aggregates=["__count"],
            )
        )
        for event in self:
            event.training_invoice_count = counts.get(event, 0)

    def _compute_evaluation_response_rates(self):
        # sudo: how many of the session's evaluations were answered, for the
        # training officer who reads no survey answer
        groups = (
            self.env["survey.user_input"]
            .sudo()
            ._read_group(
                [("registration_id.event_id", "in", self._origin.ids), ("evaluation_kind", "!=", False)],
                groupby=["registration_id", "evaluation_kind", "state"],
                aggregates=["__count"],
            )
        )
        sent = defaultdict(int)
        done = defaultdict(int)
        for registration, kind, state, count in groups:
            key = (registration.event_id.id, kind)
            sent[key] += count
            if state == "done":
                done[key] += count
        for event in self:
            rates = {}
            for kind in EVALUATIONS:
                key = (event._origin.id, kind)
                rates[kind] = 100.0 * done[key] / sent[key] if sent[key] else 0.0
            event.satisfaction_response_rate = rates["satisfaction"]
            event.followup_response_rate = rates["followup"]

    @api.constrains("is_training", "programme_id")
    def _check_programme(self):
        for event in self:
            if event.is_training and not event.programme_id:
                raise ValidationError(
                    _("The training session %(session)s needs its programme of the catalogue.", session=event.name)
                )
            if event.programme_id and not event.is_training:
                raise ValidationError(
                    _(
                        "Only a training session gives a programme: %(session)s is not a training session.",
                        session=event.name,
                    )
                )

    @api.constrains("is_training", "is_hub_event")
    def _check_periscope_kind(self):
        for event in self:
            if event.is_training and event.is_hub_event:
                raise ValidationError(
                    _(
                        "%(event)s is a training session: it is already the hub's, "
                        "and is not also an event of the hub.",
                        event=event.name,
                    )
                )
            # sudo: whether the event has slots, whoever changes its kind
            if not event._periscope_books_rooms() and event.sudo().slot_ids:
                raise ValidationError(
                    _(
                        "%(event)s has slots booking the hub's spaces: it stays a "
                        "training session or an event of the hub. Delete its slots first.",
                        event=event.name,
                    )
                )

    # ------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        if any(
            vals.get(name) and (name, vals[name]) != ("training_state", "draft")
            for vals in vals_list
            for name in TRAINING_FIELDS
        ):
            self._check_training_user()
        return super().create(vals_list)

    def write(self, vals):
        if self._changes_training(vals):
            self._check_training_user()
        if "training_state" in vals:
            self._check_training_state_change(vals["training_state"])
        res = super().write(vals)
        if set(BOOKED_EVENT_FIELDS) & set(vals):
            # sudo: the rooms' bookings are named after the event and billed
            # to its organizer, whoever renames it or changes its organizer
            self.filtered(lambda e: e._periscope_books_rooms()).sudo().slot_ids._sync_bookings()
        return res

    def _periscope_books_rooms(self):
        """Whether the event's slots book the hub's spaces: a training session
        or an event of the hub."""
        self.ensure_one()
        return self.is_training or self.is_hub_event

    def _changes_training(self, vals):
        """Whether writing ``vals`` changes what makes these events training
        sessions."""
        if "trainer_ids" in vals and any(self.mapped("is_training")):
            return True
        for name in set(TRAINING_FIELDS) & set(vals):
            field = self._fields[name]
            for event in self:
                old = field.convert_to_write(event[name], event)
                if (old or False) != (vals[name] or False):
                    return True
        return False

    @api.ondelete(at_uninstall=False)
    def _unlink_except_training_of_others(self):
        # the event staff who run no training delete no training session
        if any(self.mapped("is_training")):
            self._check_training_user()

    def unlink(self):
        # sudo: a deleted session's own slots go with it, and free their rooms
        self.sudo().slot_ids.unlink()
        return super().unlink()

    # ------------------------------------------------------------ actions
    def _check_training_user(self):
        """Only the training staff run training sessions: the event staff do
        the rest of the event work."""
        if not (self.env.su or self.env.user.has_group(USER_GROUP)):
            raise AccessError(_("Only the training staff run training sessions."))

    def _check_training_state_change(self, new_state):
        """Only a training administrator closes a session, or reopens it."""
        if self.env.su or self.env.user.has_group(MANAGER_GROUP):
            return
        if new_state == "closed" or any(e.training_state == "closed" for e in self):
            raise AccessError(_("Only a training administrator closes a session, or reopens it."))

    def _check_is_training(self, staff_only=True):
        if staff_only:
            self._check_training_user()
        not_training = self.filtered(lambda e: not e.is_training)
        if not_training:
            raise UserError(_("%(session)s is not a training session.", session=not_training[0].name))

    def action_training_open(self):
        """Open the session to registrations: it needs its planned slots."""
        self._check_is_training()
        for event in self:
            if event.training_state != "draft":
                raise UserError(_("Only a draft training session is opened: %(session)s.", session=event.name))
            if not event.slot_ids.filtered(lambda s: s.state == "planned"):
                raise UserError(_("Plan the slots of %(session)s before opening it.", session=event.name))
        self.write({"training_state": "open"})
        return True

    def action_training_draft(self):
        self._check_is_training()
        for event in self:
            if event.training_state != "open":
                raise UserError(_("Only an open training session goes back to draft: %(session)s.", session=event.name))
        self.write({"training_state": "draft"})
        return True

    @api.model
    def _periscope_demo_hold(self, event_ids):
        """The demo's past sessions, held: at each half-day, every trainee
        marked present and signed, the trainer signed (at the end of the
        half-day, as in the room); then the session closed and its funders
        invoiced (drafts for the accountant). Called by the demo data only."""
        sessions = self.browse(event_ids)
        for slot in sessions.slot_ids.filtered(lambda s: s.state == "planned"):
            attendances = slot.attendance_ids
            attendances.action_mark_present()
            for attendance in attendances:
                attendance.action_sign(DEMO_SIGNATURE, attendance.partner_id.name)
            slot.action_trainer_sign(DEMO_SIGNATURE, slot.trainer_id.name)
            # history: signed when the half-day ended, not when the demo loads
            signed = slot.stop - timedelta(minutes=5)
            self.env.flush_all()
            self.env.cr.execute(
                SQL(
                    "UPDATE periscope_training_attendance SET signed_at = %s WHERE id IN %s",
                    signed,
                    tuple(attendances.ids) or (0,),
                )
            )
            self.env.cr.execute(
                SQL("UPDATE periscope_training_slot SET trainer_signed_at = %s WHERE id = %s", signed, slot.id)
            )
        self.env.invalidate_all()
        sessions.action_training_close()
        sessions.action_invoice_funders()
        return True

    def action_training_close(self):
        """Close the session once the training is over (training administrator)."""
        self._check_is_training()
        for event in self:
            if event.training_state != "open":
                raise UserError(_("Only an open training session is closed: %(session)s.", session=event.name))
        self.write({"training_state": "closed"})
        return True

    def action_training_reopen(self):
        self._check_is_training()
        for event in self:
            if event.training_state != "closed":
                raise UserError(_("Only a closed training session is reopened: %(session)s.", session=event.name))
        self.write({"training_state": "open"})
        return True

    def action_generate_slots(self):
        self.ensure_one()
        self._check_is_training()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "periscope_training.periscope_training_slot_generate_action"
        )
        action["context"] = {"default_event_id": self.id}
        return action

    def action_view_attendance(self):
        """The attendance grid of the session: a line per trainee and slot,
        grouped by slot, marked in place."""
        self.ensure_one()
        self._check_training_user()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "periscope_training.periscope_training_attendance_action"
        )
        action["domain"] = [("event_id", "=", self.id)]
        action["context"] = {"search_default_group_by_slot": 1}
        action["display_name"] = _("Attendance — %(session)s", session=self.name)
        return action

    def action_send_convocations(self):
        """Send now the convocations not sent yet to the confirmed trainees of
        these open sessions (the daily job sends them seven days before the
        first slot)."""
        self._check_is_training()
        not_open = self.filtered(lambda e: e.training_state != "open")
        if not_open:
            raise UserError(
                _(
                    "The convocations are sent once the registrations of "
                    "%(session)s are open, and before it is closed.",
                    session=not_open[0].name,
                )
            )
        registrations = self.registration_ids.filtered(lambda r: r.state in SEAT_STATES and not r.convocation_sent_at)
        sent = registrations._send_training_convocations()
        without_email = registrations - sent
        if without_email:
            names = ", ".join(without_email.mapped("name"))
            return self._periscope_training_notify(
                _(
                    "%(count)s convocations sent. Without an email address, "
                    "%(names)s get none: print their convocation.",
                    count=len(sent),
                    names=names,
                ),
                "warning",
            )
        if not sent:
            return self._periscope_training_notify(_("Every confirmed trainee has their convocation."))
        return self._periscope_training_notify(_("%(count)s convocations sent.", count=len(sent)), "success")

    def action_send_satisfaction_survey(self):
        """Send now the satisfaction survey of the programme to the confirmed
        trainees of these sessions who were not sent it yet (the daily job
        sends it once the last slot has ended)."""
        self._check_is_training()
        for session in self:
            if session.training_state == "draft":
                raise UserError(
                    _("The satisfaction survey of %(session)s is sent once the session is open.", session=session.name)
                )
            if not session.programme_id.satisfaction_survey_id:
                raise UserError(
                    _("The programme %(programme)s has no satisfaction survey.", programme=session.programme_id.name)
                )
        answers = self._send_training_evaluations("satisfaction")
        if not answers:
            return self._periscope_training_notify(_("Every confirmed trainee has been sent the satisfaction survey."))
        return self._periscope_training_notify(_("%(count)s satisfaction surveys sent.", count=len(answers)), "success")

    def action_print_attendance_sheets(self):
        """The attendance sheets of the planned slots of the sessions."""
        self._check_is_training()
        slots = self.slot_ids.filtered(lambda s: s.state == "planned")
        if not slots:
            raise UserError(_("Plan the slots of %(session)s first.", session=self[:1].name))
        return self.env.ref("periscope_training.action_report_training_attendance_sheet").report_action(slots)

    def action_print_certificates(self):
        """The certificates of completion of the confirmed trainees, made on
        demand from the attendance: only once the session is closed."""
        self._check_is_training()
        for session in self:
            if session.training_state != "closed":
                raise UserError(
                    _(
                        "The certificates of completion of %(session)s are issued once the session is closed.",
                        session=session.name,
                    )
                )
        registrations = self.registration_ids.filtered(lambda r: r.state in SEAT_STATES)
        if not registrations:
            raise UserError(_("%(session)s has no confirmed trainee.", session=self[:1].name))
        return self.env.ref("periscope_training.action_report_training_certificate").report_action(registrations)

    @api.depends("date_begin")
    @api.depends_context("uid")
    def _compute_training_begun(self):
        now = fields.Datetime.now()
        for event in self:
            event.training_begun = bool(event.date_begin) and event.date_begin <= now

    def action_view_training_invoices(self):
        self.ensure_one()
        if not (self.env.su or self.env.user.has_group(INVOICING_GROUP)):
            raise AccessError(_("Only the accountants read the training invoices."))
        action = self.env["ir.actions.act_window"]._for_xml_id("account.action_move_out_invoice_type")
        action["domain"] = [("periscope_training_event_id", "=", self.id)]
        action["context"] = {"default_move_type": "out_invoice", "create": False}
        return action

    def action_invoice_funders(self):
        """One draft invoice per funder of each session, with a line per
        funded registration: what the confirmed registrations' funding lines
        bill and no invoice bills yet. Invoicing again adds only what is new;
        the database refuses to bill a funding line twice."""
        self._check_funders_invoiceable()
        vals_list = self._funder_invoice_vals_list()
        if not vals_list:
            return self._periscope_training_notify(_("Nothing is left to invoice to the funders."))
        # sudo: the training administrator prepares drafts that the accountant
        # posts; the amounts are the funding lines', checked to add up to the
        # agreed prices. No "invoice created" message in each draft's chatter.
        with billed_once(
            self.env,
            _(
                "Some of these funding lines have just been invoiced by someone "
                "else: invoice the funders again, only the rest will be added."
            ),
        ):
            moves = self.env["account.move"]._periscope_create_drafts(vals_list)
        self._note_funder_invoices(moves)
        return self._funder_invoices_action(moves)

    def _check_funders_invoiceable(self):
        """A training administrator or an accountant invoices the funders of
        training sessions that have begun; before, only when they asked for
        it (the button "Invoice in advance", which confirms)."""
        user = self.env.user
        if not (self.env.su or user.has_group(MANAGER_GROUP) or user.has_group(INVOICING_GROUP)):
            raise AccessError(
                _("Only a training administrator or an accountant invoices the funders of a training session.")
            )
        self._check_is_training(staff_only=False)
        if not self.env.context.get("periscope_invoice_in_advance"):
            early = self.filtered(lambda e: not e.training_begun)
            if early:
                raise UserError(
                    _(
                        "The training session %(session)s has not begun: its "
                        "funders are invoiced once its first half-day has begun, "
                        "or in advance with the button Invoice in advance.",
                        session=early[0].name,
                    )
                )

    def _note_funder_invoices(self, moves):
        """Note in each session's history the drafts made for its funders."""
        for session in self:
            session_moves = moves.filtered(lambda m, s=session: m.periscope_training_event_id == s)
            if not session_moves:
                continue
            amount = format_amount(self.env, sum(session_moves.mapped("amount_untaxed")), session_moves[:1].currency_id)
            # sudo: the accountant, who reads the session, notes the drafts in
            # its history
            session.sudo().message_post(
                author_id=self.env.user.partner_id.id,
                body=_(
                    "%(count)s draft invoices to the funders, %(amount)s untaxed.",
                    count=len(session_moves),
                    amount=amount,
                ),
            )

    def _funder_invoices_action(self, moves):
        """The drafts made, for who reads invoices; else a notice."""
        if self.env["account.move"].has_access("read"):
            action = self.env["ir.actions.act_window"]._for_xml_id("account.action_move_out_invoice_type")
            action["domain"] = [("id", "in", moves.ids)]
            action["context"] = {"default_move_type": "out_invoice", "create": False}
            return action
        return self._periscope_training_notify(
            _("%(count)s draft invoices made for the accountant.", count=len(moves)), "success"
        )

    @api.model
    def _periscope_training_notify(self, message, kind="info"):
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {"type": kind, "message": message, "next": {"type": "ir.actions.act_window_close"}},
        }

    def _funder_invoice_vals_list(self):
        """The draft invoices' values, for one ``account.move.create``: per
        session and funder, a line per funding line not invoiced yet of the
        confirmed registrations."""
        # sudo: the funding lines and whether they are invoiced, for the
        # accountant who reads no registration
        fundings = (
            self.env["periscope.training.funding"]
            .sudo()
            .search(
                [
                    ("event_id", "in", self.ids),
                    ("registration_id.state", "in", ("open", "done")),
                    ("invoice_line_ids", "=", False),
                ],
                order="event_id, funder_id, registration_id, sequence, id",
            )
        )
        if not fundings:
            return []
        # a confirmed registration is funded to the cent; checked again here
        fundings.registration_id._check_training_funding()
        product = self.env.ref("periscope_training.product_training")
        analytic = self.env.ref("periscope_training.analytic_account_training", raise_if_not_found=False)
        by_funder = defaultdict(list)
        for funding in fundings:
            by_funder[(funding.event_id, funding.funder_id)].append(funding)
        journals = {}
        vals_list = []
        for (session, funder), session_fundings in by_funder.items():
            company = session.company_id or self.env.company
            if company not in journals:
                journals[company] = session._periscope_training_sale_journal(company)
            dates = session._training_dates_label()
            vals_list.append(
                {
                    "move_type": "out_invoice",
                    "journal_id": journals[company].id,
                    "company_id": company.id,
                    "partner_id": funder.id,
                    "invoice_origin": session.name,
                    "periscope_training_event_id": session.id,
                    "invoice_line_ids": [
                        Command.create(funding._invoice_line_vals(product, analytic, dates))
                        for funding in session_fundings
                    ],
                }
            )
        return vals_list

    @api.model
    def _periscope_training_sale_journal(self, company):
        return self.env["account.journal"]._periscope_journal(
            company, "sale", _("Create a sales journal to invoice the training.")
        )

    def _training_dates_label(self):
        """``from 16/03/2026 to 17/03/2026``, or the one day, in the session's
        time zone."""
        self.ensure_one()
        if not (self.date_begin and self.date_end):
            return ""
        tz = self.date_tz or HUB_TZ
        begin_local = fields.Datetime.context_timestamp(self.with_context(tz=tz), self.date_begin)
        end_local = fields.Datetime.context_timestamp(self.with_context(tz=tz), self.date_end)
        begin = format_date(self.env, begin_local.date(), date_format="dd/MM/y")
        end = format_date(self.env, end_local.date(), date_format="dd/MM/y")
        if begin == end:
            return _("on %(day)s", day=begin)
        return _("from %(begin)s to %(end)s", begin=begin, end=end)

    # ------------------------------------------------------------ business
    @api.model
    def _cron_send_training_convocations(self):
        """Daily: the convocation of each confirmed trainee of an open training
        session whose first planned slot is in seven days or fewer (local
        days), sent once."""
        now = fields.Datetime.now()
        registrations = self.env["event.registration"].search(
            [
                ("event_id.is_training", "=", True),
                ("event_id.training_state", "=", "open"),
                ("event_id.date_begin", ">", now),
                ("event_id.date_begin", "<", now + timedelta(days=CONVOCATION_DAYS + 1)),
                ("state", "in", SEAT_STATES),
                ("convocation_sent_at", "=", False),
            ]
        )
        due_sessions = registrations.event_id.filtered(lambda e: e._training_convocation_due(now))
        registrations.filtered(lambda r: r.event_id in due_sessions)._send_training_convocations()

    @api.model
    def _cron_send_training_evaluations(self):
        """Daily: the programme's satisfaction survey to each confirmed trainee
        of an open or closed training session whose last planned slot has
        ended, and its follow-up survey 60 days after; each sent once."""
        now = fields.Datetime.now()
        for kind, (survey_field, days) in EVALUATIONS.items():
            limit = now - timedelta(days=days)
            sessions = self.search(
                [
                    ("is_training", "=", True),
                    ("training_state", "in", ("open", "closed")),
                    (f"programme_id.{survey_field}", "!=", False),
                    ("date_end", "<=", limit),
                ]
            )
            for session in sessions:
                last_end = session._training_last_slot_end()
                if not last_end or last_end > limit:
                    continue
                try:
                    with self.env.cr.savepoint():
                        session._send_training_evaluations(kind)
                except UserError as exc:
                    # a survey closed or refusing these trainees: the others
                    # are sent theirs, this one is tried again tomorrow
                    _logger.warning("Evaluation %s of the session %s not sent: %s", kind, session.id, exc)

    def _training_last_slot_end(self):
        self.ensure_one()
        stops = self.slot_ids.filtered(lambda s: s.state == "planned").mapped("stop")
        return max(stops) if stops else False

    def _send_training_evaluations(self, kind):
        """Create the answer of the programme's survey of ``kind`` for each
        confirmed trainee of these sessions not sent it yet, and email them
        their invitation. The database refuses a second one. Returns the
        answers created."""
        survey_field = EVALUATIONS[kind][0]
        # sudo: the training officer, who reads no survey, invites the
        # session's own confirmed trainees to the survey its programme names
        UserInput = self.env["survey.user_input"].sudo()
        registrations = self.registration_ids.filtered(
            lambda r: r.state in SEAT_STATES and r.partner_id and r.event_id.programme_id[survey_field]
        )
        if not registrations:
            return UserInput
        sent = UserInput.search(
            [("registration_id", "in", registrations.ids), ("evaluation_kind", "=", kind)]
        ).registration_id
        answers = UserInput
        try:
            with self.env.cr.savepoint():
                for registration in registrations - sent:
                    survey = registration.event_id.programme_id[survey_field].sudo()
                    answers |= survey._create_answer(
                        partner=registration.partner_id,
                        check_attempts=False,
                        registration_id=registration.id,
                        evaluation_kind=kind,
                    )
                self.env.flush_all()
        except errors.UniqueViolation as exc:
            raise UserError(
                _("These evaluations have just been sent by someone else: send them again, only the rest will be sent.")
            ) from exc
        template = self.env.ref("survey.mail_template_user_input_invite").sudo()
        for answer in answers.filtered("email"):
            template.send_mail(answer.id, email_layout_xmlid="mail.mail_notification_light")
        self._note_evaluations_sent(answers, kind)
        return answers

    @api.model
    def _note_evaluations_sent(self, answers, kind):
        """Note in each session's history how many ``answers`` of ``kind``
        were sent to its trainees."""
        UserInput = self.env["survey.user_input"]
        kind_label = dict(UserInput._fields["evaluation_kind"]._description_selection(self.env))[kind]
        for session in answers.registration_id.event_id:
            count = len(answers.filtered(lambda a, s=session: a.registration_id.event_id == s))
            # sudo: the job notes in the session's history what it sent
            session.sudo().message_post(
                body=_("%(kind)s survey sent to %(count)s trainees.", kind=kind_label, count=count)
            )

    def _training_first_slot(self):
        self.ensure_one()
        return self.slot_ids.filtered(lambda s: s.state == "planned").sorted("start")[:1]

    def _training_convocation_due(self, now):
        """Whether the first planned slot starts in ``CONVOCATION_DAYS`` local
        days or fewer, and not yet."""
        self.ensure_one()
        first = self._training_first_slot()
        if not first or first.start <= now:
            return False
        days = (first._periscope_local(first.start).date() - first._periscope_local(now).date()).days
        return days <= CONVOCATION_DAYS

    def _sync_training_attendances(self):
        """Attendance follows the confirmed registrations and planned slots."""
        self.env["periscope.training.attendance"]._sync(self)

    def _sync_dates_from_slots(self):
        """The session begins with its first planned slot and ends with its last."""
        for event in self.exists():
            slots = event.slot_ids.filtered(lambda s: s.state == "planned")
            if not slots:
                continue
            begin, end = min(slots.mapped("start")), max(slots.mapped("stop"))
            if (event.date_begin, event.date_end) != (begin, end):
                event.write({"date_begin": begin, "date_end": end})

    def _lock_training_seats(self):
        """Serialise the registrations of these training sessions and events
        of the hub.

        Odoo checks the seat limit in Python only, on what the transaction sees:
        two transactions can each see the last seat free and both take it. Odoo
        runs its transactions in REPEATABLE READ, where a row lock alone (SELECT
        ... FOR UPDATE) does not help: the second transaction waits for the
        first, then still counts the registrations of its older snapshot. An
        UPDATE of the session's row does: the second transaction to update it
        fails with a serialization error (40001), which Odoo's request layer
        retries in a new transaction, that sees the first registration and
        refuses the seat with the usual message."""
        sessions = self.filtered(lambda e: e._periscope_books_rooms())
        if sessions:
            self.env.cr.execute(
                SQL("UPDATE event_event SET write_date = write_date WHERE id IN %s", tuple(sessions.ids))
            )

    def _periscope_check_seat_free(self):
        """Refuse a registration to this training session or event of the hub
        when it is full, counted once its registrations are serialised
        (``_lock_training_seats``): an unconfirmed registration takes no seat
        yet, but nobody registers to a full event."""
        self.ensure_one()
        self._lock_training_seats()
        self.invalidate_recordset(["seats_available", "seats_reserved", "seats_used", "seats_taken"])
        if self.seats_limited and self.seats_max and self.seats_available <= 0:
            raise UserError(_("%(event)s is full: no seat is left.", event=self.name))

    def _periscope_check_registrable(self, email, partner=None):
        """Refuse, with nothing written but the event's row touched to
        serialise its registrations, a registration of ``partner`` (else of
        ``email``) to this event: already registered, or no seat left."""
        self.ensure_one()
        Registration = self.env["event.registration"]
        who = [("partner_id", "=", partner.id)] if partner else [("email", "=", email_normalize(email or "") or False)]
        if Registration.search_count([("event_id", "=", self.id), ("state", "!=", "cancel"), *who], limit=1):
            raise UserError(_("You are already registered to %(event)s.", event=self.name))
        self._periscope_check_seat_free()

    def _periscope_register_attendee(self, name, email, partner=None):
        """Register ``partner`` (a member on the portal), else ``name`` and
        ``email`` (a visitor of the public page), to this event of the hub or
        open training session: refused, with nothing created, when they are
        already registered or when it is full (counted once its registrations
        are serialised, the database deciding between two at once). The
        caller checked the event and the values; returns the registration.

        Odoo runs the event's mails on subscription at once, and commits
        between them outside tests: callers check first
        (``_periscope_check_registrable``) rather than roll a savepoint back."""
        self.ensure_one()
        self._periscope_check_registrable(email, partner)
        values = {"event_id": self.id, "name": name, "email": email_normalize(email or "") or False}
        if partner:
            values.update(partner_id=partner.id, name=partner.name, email=partner.email or values["email"])
        if self.is_training:
            values["trainee_type"] = "individual"
        return self.env["event.registration"].create(values)

    def _check_training_registrations_open(self):
        """A closed training session takes no more registrations."""
        closed = self.filtered(lambda e: e.is_training and e.training_state == "closed")
        if closed:
            raise UserError(
                _("The training session %(session)s is closed: it takes no more registrations.", session=closed[0].name)
            )
