# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re

from odoo import fields, http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import content_disposition, request
from odoo.osv import expression

from odoo.addons.periscope_members.controllers.portal import PeriscopeMembersPortal

from ..models.event_registration import EMPLOYED_TYPES, SEAT_STATES
from ..models.periscope_training_attendance import is_signature_picture
from ..models.periscope_training_funding import PRIVATE_FUNDER_TYPES

REGISTRATIONS_PER_PAGE = 20
CONVOCATION_REPORT = "periscope_training.action_report_training_convocation"
CERTIFICATE_REPORT = "periscope_training.action_report_training_certificate"
# what the signature pad sends: a picture, nothing else
SIGNER_NAME_MAX_LENGTH = 128
# the afternoon slots start from this local hour
AFTERNOON_HOUR = 12


class PeriscopeTrainingPortal(PeriscopeMembersPortal):
    """The trainee's portal: their training registrations and, for the people
    of a member organisation, those of its employees; the half-days to sign,
    the convocation and the certificate of completion; registering to an open
    session of the catalogue."""

    # ------------------------------------------------------------------ helpers
    def _periscope_training_domain(self):
        """The registrations the user sees on the portal: their own training
        registrations and, for the people of an organisation, those of the
        employees it trains, but never a training that a person pays
        themselves or with their CPF — the same as the portal's record rule
        (security/periscope_training_security.xml). An internal user sees
        their own only, whatever their rights in the backend."""
        user = request.env.user
        domain = [("event_id.is_training", "=", True), ("partner_id", "=", user.partner_id.id)]
        if user.share:
            domain = [
                ("event_id.is_training", "=", True),
                "|",
                ("partner_id", "=", user.partner_id.id),
                "&",
                "&",
                ("employer_id", "=", user.commercial_partner_id.id),
                ("trainee_type", "in", EMPLOYED_TYPES),
                "!",
                ("funding_ids", "any", [("funder_type", "in", PRIVATE_FUNDER_TYPES)]),
            ]
            # as the user too: the record rule applies
            Registration = request.env["event.registration"]
            if Registration.has_access("read"):
                domain = expression.AND([domain, [("id", "in", Registration._search([]))]])
        return domain

    def _periscope_training_registrations(self):
        # sudo: every search of this controller is within the registrations
        # that the record rule lets the user read (_periscope_training_domain),
        # and also goes through their sessions, which portal users do not
        # read; the templates show only what the trainee knows
        return request.env["event.registration"].sudo()

    def _periscope_training_find(self, registration_id):
        """The registration of the user or of their organisation, or a 404."""
        registration = self._periscope_training_registrations().search(
            expression.AND(
                [self._periscope_training_domain(), [("id", "=", self._periscope_check_id(registration_id))]]
            )
        )
        if not registration:
            raise request.not_found()
        return registration

    def _periscope_training_state_labels(self):
        env = request.env
        labels = dict(env["event.registration"]._fields["state"]._description_selection(env))
        labels["draft"] = env._("Awaiting confirmation")
        return labels

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "periscope_training_count" in counters:
            values["periscope_training_count"] = self._periscope_training_registrations().search_count(
                expression.AND(
                    [
                        self._periscope_training_domain(),
                        [("state", "!=", "cancel"), ("event_id.training_state", "!=", "closed")],
                    ]
                )
            )
        return values

    # ------------------------------------------------------------------ list
    @http.route(["/my/trainings", "/my/trainings/page/<int:page>"], type="http", auth="user", website=True)
    def portal_my_trainings(self, page=1, **kwargs):
        return request.render("periscope_training.portal_my_trainings", self._periscope_trainings_values(page=page))

    def _periscope_trainings_values(self, page=1, error=None):
        Registration = self._periscope_training_registrations()
        domain = self._periscope_training_domain()
        pager, registrations = self._periscope_paged(
            Registration, domain, "/my/trainings", page, REGISTRATIONS_PER_PAGE, order="event_id desc, id desc"
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "periscope_trainings",
                "default_url": "/my/trainings",
                "pager": pager,
                "rows": self._periscope_training_rows(registrations),
                "organisation": self._periscope_organisation(),
                "error": error,
            }
        )
        return values

    def _periscope_training_rows(self, registrations):
        """What the list shows of each registration, read in batch: the same
        queries for one registration or a page of them."""
        partner = request.env.user.partner_id
        labels = self._periscope_training_state_labels()
        to_sign = self._periscope_training_to_sign_counts(registrations)
        rows = []
        for registration in registrations:
            session = registration.event_id
            rows.append(
                {
                    "id": registration.id,
                    "url": f"/my/trainings/{registration.id}",
                    "session": session.name,
                    "trainee": registration.name or registration.partner_id.name,
                    "mine": registration.partner_id == partner,
                    "dates": session._training_dates_label(),
                    "hours": registration._training_hours_label(session.hours),
                    "attended_hours": registration._training_hours_label(registration.attended_hours),
                    "state": registration.state,
                    "state_label": labels.get(registration.state),
                    "to_sign": to_sign.get(registration.id, 0),
                }
            )
        return rows

    def _periscope_training_to_sign_domain(self):
        """The attendance the user may sign now: of their own confirmed
        registrations, slots begun and not signed, of a session not closed."""
        return [
            ("registration_id.partner_id", "=", request.env.user.partner_id.id),
            ("registration_id.state", "in", SEAT_STATES),
            ("slot_id.state", "=", "planned"),
            ("slot_start", "<=", fields.Datetime.now()),
            ("signed_at", "=", False),
            ("event_id.training_state", "!=", "closed"),
        ]

    def _periscope_training_to_sign_counts(self, registrations):
        """``{registration id: attendance to sign}``, in one query."""
        if not registrations:
            return {}
        # sudo: the registrations were found within the user's domain, and
        # the domain keeps the count to their own attendance
        groups = (
            request.env["periscope.training.attendance"]
            .sudo()
            ._read_group(
                self._periscope_training_to_sign_domain() + [("registration_id", "in", registrations.ids)],
                groupby=["registration_id"],
                aggregates=["__count"],
            )
        )
        return {registration.id: count for registration, count in groups}

    # ------------------------------------------------------------------ detail
    @http.route("/my/trainings/<int:registration_id>", type="http", auth="user", website=True)
    def portal_my_training(self, registration_id, success=None, **kwargs):
        registration = self._periscope_training_find(registration_id)
        return request.render(
            "periscope_training.portal_my_training", self._periscope_training_values(registration, success=success)
        )

    def _periscope_training_values(self, registration, success=None, error=None):
        mine = registration.partner_id == request.env.user.partner_id
        session = registration.event_id
        slots = self._periscope_training_slot_rows(registration, mine)
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "periscope_training",
                "registration": registration,
                "session": session,
                "programme": session.programme_id,
                "mine": mine,
                "state_label": self._periscope_training_state_labels().get(registration.state),
                "dates": session._training_dates_label(),
                "hours": registration._training_hours_label(session.hours),
                "attended_hours": registration._training_hours_label(registration.attended_hours),
                "slots": slots,
                "to_sign": [slot for slot in slots if slot["to_sign"]],
                "convocation_url": f"/my/trainings/{registration.id}/convocation"
                if registration.state in SEAT_STATES
                else False,
                "certificate_url": f"/my/trainings/{registration.id}/certificate"
                if registration.certificate_available
                else False,
                "success": success,
                "error": error,
            }
        )
        return values

    def _periscope_training_slot_rows(self, registration, mine):
        """The planned slots of the registration's session, by time, each with
        the trainee's attendance and whether they may sign it now."""
        env = request.env
        attendance_states = dict(env["periscope.training.attendance"]._fields["state"]._description_selection(env))
        to_sign = (
            registration.attendance_ids.filtered_domain(self._periscope_training_to_sign_domain())
            if mine
            else registration.attendance_ids.browse()
        )
        attendance_of = {attendance.slot_id: attendance for attendance in registration.attendance_ids}
        slots = []
        for slot in registration.event_id.slot_ids.filtered(lambda s: s.state == "planned").sorted("start"):
            attendance = attendance_of.get(slot)
            local = slot._periscope_local_range()
            slots.append(
                {
                    "id": slot.id,
                    "date": local["date"],
                    "hours": f"{local['start']} – {local['stop']}",
                    "half_day": env._("Morning")
                    if slot._periscope_local(slot.start).hour < AFTERNOON_HOUR
                    else env._("Afternoon"),
                    "room": slot.space_id.name or env._("Remote"),
                    "trainer": slot.trainer_id.name,
                    "attendance_id": attendance.id if attendance else False,
                    "attendance": attendance_states.get(attendance.state) if attendance else False,
                    "signed_at": slot._periscope_local_time(attendance.signed_at)
                    if attendance and attendance.signed_at
                    else False,
                    "to_sign": attendance in to_sign if attendance else False,
                    "sign_url": f"/my/trainings/attendance/{attendance.id}/sign" if attendance else False,
                }
            )
        return slots

    # ------------------------------------------------------------------ signing
    @http.route("/my/trainings/attendance/<int:attendance_id>/sign", type="json", auth="user", website=True)
    def portal_my_training_sign(self, attendance_id, name=None, signature=None, **kwargs):
        """The trainee signs their attendance of a half-day (the portal's
        signature form posts here)."""
        env = request.env
        if not is_signature_picture(signature):
            return {"error": env._("Sign in the signature box first.")}
        signer_name = (name or "").strip()[:SIGNER_NAME_MAX_LENGTH] or None
        # as the user, not sudo: action_sign checks that the trainee signs
        # their own attendance, and the slot's and the session's rules
        if not self._periscope_parse_id(attendance_id):
            return {"error": env._("Only the trainee signs their own attendance.")}
        attendance = env["periscope.training.attendance"].browse(attendance_id)
        try:
            with env.cr.savepoint():
                attendance.action_sign(signature, signer_name)
        except (AccessError, MissingError):
            return {"error": env._("Only the trainee signs their own attendance.")}
        except UserError as exc:
            return {"error": exc.args[0]}
        # sudo: the attendance is the user's own, just signed by them
        registration = attendance.sudo().registration_id
        return {"force_refresh": True, "redirect_url": f"/my/trainings/{registration.id}?success=signed"}

    # ------------------------------------------------------------------ documents
    @http.route("/my/trainings/<int:registration_id>/convocation", type="http", auth="user", website=True)
    def portal_my_training_convocation(self, registration_id, **kwargs):
        registration = self._periscope_training_find(registration_id)
        if registration.state not in SEAT_STATES:
            return self._periscope_training_render(
                registration, error=request.env._("The convocation is issued once the registration is confirmed.")
            )
        return self._periscope_training_pdf(registration, CONVOCATION_REPORT, request.env._("Convocation"))

    @http.route("/my/trainings/<int:registration_id>/certificate", type="http", auth="user", website=True)
    def portal_my_training_certificate(self, registration_id, **kwargs):
        registration = self._periscope_training_find(registration_id)
        try:
            registration._check_certificate_available()
        except UserError as exc:
            return self._periscope_training_render(registration, error=exc.args[0])
        return self._periscope_training_pdf(
            registration, CERTIFICATE_REPORT, request.env._("Certificate of completion")
        )

    def _periscope_training_pdf(self, registration, report_ref, label):
        # sudo: the registration was found within the user's domain; portal
        # users read neither the registrations nor the sessions the document
        # shows
        report = request.env["ir.actions.report"].sudo().with_company(registration.company_id or request.env.company)
        pdf = report._render_qweb_pdf(report_ref, registration.ids)[0]
        trainee = re.sub(r"[^\w-]+", "_", registration.name or "").strip("_")
        filename = f"{label} {trainee}.pdf" if trainee else f"{label}.pdf"
        return request.make_response(
            pdf,
            headers=[
                ("Content-Type", "application/pdf"),
                ("Content-Length", len(pdf)),
                ("Content-Disposition", content_disposition(filename)),
            ],
        )

    def _periscope_training_render(self, registration, **kwargs):
        return request.render(
            "periscope_training.portal_my_training", self._periscope_training_values(registration, **kwargs)
        )

    # ------------------------------------------------------------------ register
    @http.route("/my/trainings/register", type="http", auth="user", methods=["POST"], website=True)
    def portal_my_training_register(self, session_id=None, **post):
        """Register the user to an open session of the catalogue. Whatever
        else is posted (a trainee, a price, a state…) is ignored."""
        registration, error = self._periscope_training_register(self._periscope_parse_id(session_id))
        if error:
            return request.render(
                "periscope_training.portal_my_trainings", self._periscope_trainings_values(error=error)
            )
        return request.redirect(f"/my/trainings/{registration.id}?success=registered")

    def _periscope_training_register(self, session_id):
        """Create the registration of the user to the session, or return why
        it cannot be, with nothing created."""
        env = request.env
        partner = env.user.partner_id
        # sudo: portal users read no session; only a training session of the
        # public catalogue (the user's company) is found
        session = (
            env["event.event"]
            .sudo()
            .search(
                [
                    ("id", "=", session_id or 0),
                    ("is_training", "=", True),
                    ("company_id", "in", (False, env.company.id)),
                ]
            )
        )
        error = self._periscope_training_closed_reason(session)
        if error:
            return None, error
        Registration = self._periscope_training_registrations()
        if Registration.search_count(
            [("event_id", "=", session.id), ("partner_id", "=", partner.id), ("state", "!=", "cancel")], limit=1
        ):
            return None, env._("You are already registered to the training session %(session)s.", session=session.name)
        # the seats of the session, counted once it is locked: an unconfirmed
        # registration takes none yet, but nobody registers to a full session
        session._lock_training_seats()
        session.invalidate_recordset(["seats_available"])
        if session.seats_limited and session.seats_max and session.seats_available <= 0:
            return None, env._("The training session %(session)s is full.", session=session.name)
        try:
            registration = self._periscope_training_create_registration(Registration, session)
        except (UserError, ValidationError) as exc:
            return None, exc.args[0]
        return registration, None

    @staticmethod
    def _periscope_training_closed_reason(session):
        """Why ``session`` takes no registration from the portal, or None: it
        is not in the catalogue, not open yet, or it has begun."""
        env = request.env
        if not session:
            return env._("This training session is not in the catalogue: pick a session in the training catalogue.")
        if session.training_state == "draft":
            return env._("The training session %(session)s is not open to registrations yet.", session=session.name)
        if session.training_state == "open" and (session.date_begin and session.date_begin <= fields.Datetime.now()):
            return env._(
                "The training session %(session)s has begun: ask the training officer to join it.", session=session.name
            )
        return None

    def _periscope_training_create_registration(self, Registration, session):
        """The user's registration to ``session``, as an employee of their
        member organisation or on their own, noted in its chatter."""
        env = request.env
        partner = env.user.partner_id
        organisation = self._periscope_organisation()
        with env.cr.savepoint():
            # sudo: portal users create no registration; the values are the
            # user's own, the session was checked, and the model checks that
            # it takes registrations and that its seats are free when the
            # registration is confirmed at once (a failure rolls the savepoint
            # back)
            registration = Registration.create(
                {
                    "event_id": session.id,
                    "partner_id": partner.id,
                    "trainee_type": "employee" if organisation else "individual",
                    "employer_id": organisation.id if organisation else False,
                }
            )
            registration.message_post(
                body=env._("Registered on the portal by %(user)s.", user=env.user.name),
                author_id=partner.id,
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )
        return registration
