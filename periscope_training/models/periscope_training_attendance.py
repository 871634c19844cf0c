# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import binascii

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools.mimetypes import guess_mimetype

from .flags import ERASURE, is_raised, raised

USER_GROUP = "periscope_training.group_periscope_training_user"
MANAGER_GROUP = "periscope_training.group_periscope_training_manager"
# raised by action_sign (see flags.py): the only way to write a signature
SIGNING = "attendance_signing"
# raised by action_correct_attendance: a training administrator's logged
# correction of a closed session or of a signed attendance
CORRECTION = "attendance_correction"
SIGNATURE_FIELDS = {"signature", "signer_name", "signed_at", "signed_by_id"}
# what the erasure of a trainee's personal data clears of their signed
# attendance: the name they typed; the signature, its time and the half-day
# stay (training law)
ERASED_FIELDS = {"signer_name"}
# who and which half-day an attendance is about: set once, at its creation
OWNER_FIELDS = {"registration_id", "slot_id"}
# what the signature pad sends: a picture, nothing else
SIGNATURE_MIMETYPES = ("image/png", "image/jpeg")


def is_signature_picture(signature):
    """Whether ``signature`` (base64, as text or bytes) is a picture, as the
    signature pad sends it: the one check of the portal and of the slot."""
    if isinstance(signature, bytes):
        signature = signature.decode("ascii", "replace")
    if not signature or not isinstance(signature, str):
        return False
    try:
        content = base64.b64decode(signature, validate=True)
    except (binascii.Error, ValueError):
        return False
    return guess_mimetype(content) in SIGNATURE_MIMETYPES


SIGNER_NAME_MAX_LENGTH = 128
# what is known only once the half-day has begun; an excused absence is
# announced before
OBSERVED_STATES = ("present", "absent")


class PeriscopeTrainingAttendance(models.Model):
    """Whether a trainee attended a half-day of their session: one per
    confirmed registration and planned slot, kept in step with both. The
    trainee signs it from the slot's start; the training staff mark it in a
    grid. Once the session is closed, only a training administrator corrects
    it, and the correction is logged in the session's history."""

    _name = "periscope.training.attendance"
    _description = "Training Attendance"
    _order = "slot_start, slot_id, trainee_name, id"
    _rec_names_search = ["trainee_name"]

    registration_id = fields.Many2one(
        comodel_name="event.registration", required=True, readonly=True, index=True, ondelete="cascade"
    )
    slot_id = fields.Many2one(
        comodel_name="periscope.training.slot", required=True, readonly=True, index=True, ondelete="cascade"
    )
    event_id = fields.Many2one(related="slot_id.event_id", store=True, index=True, string="Session")
    training_state = fields.Selection(related="event_id.training_state")
    partner_id = fields.Many2one(
        related="registration_id.partner_id", store=True, index="btree_not_null", string="Trainee contact"
    )
    trainee_name = fields.Char(related="registration_id.name", store=True, string="Trainee")
    slot_start = fields.Datetime(related="slot_id.start", store=True, string="Start")
    slot_hours = fields.Float(related="slot_id.hours", string="Hours of the slot")
    slot_state = fields.Selection(related="slot_id.state", string="Slot status")
    # what the BPF groups the trainees and their hours by
    trainee_type = fields.Selection(related="registration_id.trainee_type")
    certification = fields.Selection(related="event_id.programme_id.certification")
    rncp_level = fields.Selection(related="event_id.programme_id.rncp_level")
    nsf_code = fields.Char(related="event_id.programme_id.nsf_code")
    nsf_label = fields.Char(related="event_id.programme_id.nsf_label")
    trainer_id = fields.Many2one(related="slot_id.trainer_id")
    state = fields.Selection(
        selection=[("to_mark", "To mark"), ("present", "Present"), ("absent", "Absent"), ("excused", "Excused")],
        string="Status",
        default="to_mark",
        required=True,
        index=True,
        help="To mark until the trainee signs or the staff mark it; an excused absence was justified.",
    )
    attended_hours = fields.Float(
        compute="_compute_attended_hours", store=True, help="The hours of the slot when the trainee was present."
    )
    signature = fields.Binary(copy=False, attachment=True, readonly=True)
    signer_name = fields.Char(copy=False, readonly=True)
    signed_at = fields.Datetime(copy=False, readonly=True)
    signed_by_id = fields.Many2one(
        comodel_name="res.users",
        string="Signed by",
        copy=False,
        readonly=True,
        help="The user who signed: the trainee, or a staff member holding the tablet.",
    )
    company_id = fields.Many2one(related="slot_id.company_id", store=True, index="btree_not_null")

    _sql_constraints = [
        ("registration_slot_unique", "UNIQUE(registration_id, slot_id)", "A trainee has one attendance per slot.")
    ]

    @api.depends("state", "slot_id.hours", "slot_id.state")
    def _compute_attended_hours(self):
        for attendance in self:
            attendance.attended_hours = (
                attendance.slot_id.hours
                if attendance.state == "present" and attendance.slot_id.state == "planned"
                else 0.0
            )

    @api.depends("trainee_name", "slot_id")
    def _compute_display_name(self):
        for attendance in self:
            attendance.display_name = " — ".join(
                filter(None, (attendance.trainee_name, attendance.slot_id.display_name))
            )

    # ------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        if any(SIGNATURE_FIELDS & set(vals) for vals in vals_list):
            raise UserError(_("A signature is given only by signing the attendance sheet."))
        attendances = super().create(vals_list)
        attendances._check_unlocked()
        return attendances

    def write(self, vals):
        if set(vals) <= ERASED_FIELDS and is_raised(self.env, ERASURE, self):
            # the erasure of the trainee's data, also of a closed session
            return super().write(vals)
        if SIGNATURE_FIELDS & set(vals) and not is_raised(self.env, SIGNING, self):
            # who may not write at all is told so first
            self.check_access("write")
            raise UserError(_("A signature is given only by signing the attendance sheet."))
        if OWNER_FIELDS & set(vals):
            # who may not write at all is told so first
            self.check_access("write")
            raise UserError(
                _(
                    "An attendance stays the attendance of its trainee at its "
                    "half-day: it is never moved to another one."
                )
            )
        if "state" in vals:
            self._check_signed_state(vals["state"])
            self._check_begun(vals["state"])
        self._check_unlocked()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_signed_or_locked(self):
        self._check_unlocked()
        signed = self.filtered("signed_at")
        if signed:
            raise UserError(
                _(
                    "The attendance of %(attendance)s is signed: it cannot be deleted.",
                    attendance=signed[0].display_name,
                )
            )

    def _check_signed_state(self, state):
        """A signed attendance is present: only a training administrator's
        logged correction changes it."""
        if is_raised(self.env, CORRECTION, self) or is_raised(self.env, SIGNING, self):
            return
        # sudo: whether the trainee signed, whoever marks the grid
        signed = self.sudo().filtered(lambda a: a.signed_at and a.state != state)
        if signed:
            raise UserError(
                _(
                    "%(attendance)s is signed by the trainee: only a training "
                    "administrator corrects it, giving the reason.",
                    attendance=signed[0].display_name,
                )
            )

    def _check_begun(self, state):
        """Present or absent is marked from the start of the half-day (an
        excused absence may be announced before): nobody is present at a
        half-day to come, and its hours are not counted."""
        if state not in OBSERVED_STATES:
            return
        now = fields.Datetime.now()
        # sudo: the slot's start, whoever marks the grid
        early = self.sudo().filtered(lambda a: a.slot_id.start > now)
        if early:
            labels = dict(self._fields["state"]._description_selection(self.env))
            raise UserError(
                _(
                    "The half-day %(slot)s has not begun: %(trainee)s is marked "
                    "%(state)s from its start. An absence announced in advance is "
                    "marked excused.",
                    slot=early[0].slot_id.display_name,
                    trainee=early[0].trainee_name,
                    state=labels[state].lower(),
                )
            )

    def _check_unlocked(self):
        """The attendance of a closed session is locked, except for a
        training administrator's logged correction."""
        if is_raised(self.env, CORRECTION, self):
            return
        # sudo: the session's status, whoever signs
        closed = self.sudo().event_id.filtered(lambda e: e.training_state == "closed")
        if closed:
            raise UserError(
                _(
                    "The training session %(session)s is closed: its attendance is "
                    "locked. A training administrator corrects it, giving the "
                    "reason, which is logged in the session's history.",
                    session=closed[0].name,
                )
            )

    # ------------------------------------------------------------ actions
    def action_mark_present(self):
        self._check_training_staff()
        self.write({"state": "present"})
        return True

    def action_mark_absent(self):
        self._check_training_staff()
        self.write({"state": "absent"})
        return True

    def action_mark_excused(self):
        self._check_training_staff()
        self.write({"state": "excused"})
        return True

    def action_sign(self, signature, signer_name=None):
        """The trainee signs their attendance of the slot (from the portal, or
        on the staff's tablet): from the slot's start, once, while the session
        is not closed; the attendance is then present."""
        self.ensure_one()
        user = self.env.user
        # sudo: a portal trainee reads neither the slot nor the session; who
        # may sign is checked first, and only the signature is written
        attendance = self.sudo()
        if not self._is_training_staff() and attendance.registration_id.partner_id != user.partner_id:
            raise AccessError(_("Only %(trainee)s signs their own attendance.", trainee=attendance.trainee_name))
        signer_name = self._signer_name(signer_name)
        attendance.slot_id._check_signable(signature)
        if attendance.registration_id.state not in ("open", "done"):
            raise UserError(
                _(
                    "The registration of %(trainee)s is not confirmed: it signs no attendance.",
                    trainee=attendance.trainee_name,
                )
            )
        if attendance.signed_at:
            raise UserError(_("%(attendance)s is already signed.", attendance=attendance.display_name))
        # who signs and when are the server's: the signing user, now
        with raised(self.env, SIGNING, attendance):
            attendance.write(
                {
                    "signature": signature,
                    "signer_name": signer_name or attendance.trainee_name or user.name,
                    "signed_at": fields.Datetime.now(),
                    "signed_by_id": user.id,
                    "state": "present",
                }
            )
        return True

    def action_correct_attendance(self, state, reason):
        """A training administrator corrects attendance, also of a closed
        session; the reason is logged in the session's history."""
        if not self._is_training_manager():
            raise AccessError(_("Only a training administrator corrects attendance."))
        reason = (reason if isinstance(reason, str) else "").strip()
        if not reason:
            raise UserError(_("Give the reason of the correction: it is logged in the session."))
        labels = dict(self._fields["state"]._description_selection(self.env))
        if not isinstance(state, str) or state not in labels or state == "to_mark":
            raise UserError(_("Correct the attendance to present, absent or excused."))
        new_label = labels[state]
        changes = {}
        for attendance in self:
            if attendance.state != state:
                old_label = labels[attendance.state]
                changes.setdefault(attendance.event_id, []).append(
                    Markup("<li>%s</li>")
                    % _(
                        "%(attendance)s: %(old)s → %(new)s",
                        attendance=attendance.display_name,
                        old=old_label,
                        new=new_label,
                    )
                )
        with raised(self.env, CORRECTION, self):
            self.write({"state": state})
        for session, lines in changes.items():
            session.message_post(
                body=Markup("<p>%s</p><ul>%s</ul><p>%s</p>")
                % (_("Attendance corrected:"), Markup().join(lines), _("Reason: %(reason)s", reason=reason)),
                subtype_xmlid="mail.mt_note",
            )
        return True

    # ------------------------------------------------------------ helpers
    @api.model
    def _signer_name(self, signer_name):
        """The name typed by the signer, cut to a sensible length."""
        if signer_name in (None, False):
            return None
        if not isinstance(signer_name, str):
            raise UserError(_("Type the name of the person who signs."))
        return signer_name.strip()[:SIGNER_NAME_MAX_LENGTH] or None

    def _is_training_staff(self):
        return self.env.su or self.env.user.has_group(USER_GROUP)

    def _check_training_staff(self):
        if not self._is_training_staff():
            raise AccessError(_("Only the training staff mark attendance."))

    def _is_training_manager(self):
        return self.env.su or self.env.user.has_group(MANAGER_GROUP)

    @api.model
    def _sync(self, sessions):
        """One attendance per confirmed registration and planned slot of the
        sessions (not closed); those of cancelled registrations or slots go,
        unless signed or marked present."""
        sessions = sessions.filtered(lambda e: e.is_training and e.training_state != "closed")
        if not sessions:
            return
        # sudo: attendance follows the registrations and the slots, whoever
        # changes them
        Attendance = self.sudo()
        sessions = sessions.sudo()
        wanted = set()
        for session in sessions:
            registrations = session.registration_ids.filtered(lambda r: r.state in ("open", "done"))
            slots = session.slot_ids.filtered(lambda s: s.state == "planned")
            wanted.update((r.id, s.id) for r in registrations for s in slots)
        existing = Attendance.search(
            ["|", ("event_id", "in", sessions.ids), ("registration_id.event_id", "in", sessions.ids)]
        )
        have = {(a.registration_id.id, a.slot_id.id): a for a in existing}
        stale = Attendance.browse(
            attendance.id
            for key, attendance in have.items()
            if key not in wanted and not attendance.signed_at and attendance.state != "present"
        )
        stale.unlink()
        missing = sorted(wanted - set(have))
        if missing:
            Attendance.create(
                [{"registration_id": registration_id, "slot_id": slot_id} for registration_id, slot_id in missing]
            )
