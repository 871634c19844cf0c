# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The member's e-mail, with the booking as an ``.ics``, when a booking is
confirmed, moved or cancelled.

Whatever changes a booking only marks it (``notify_pending``, written with the
change itself, in the same query); a scheduled action renders the e-mails and
puts them in the mail queue, out of the user's transaction."""

import logging
from urllib.parse import urlparse

import psycopg2

from odoo import SUPERUSER_ID, Command, _, api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import email_normalize, format_amount, format_date

from odoo.addons.periscope_members.tools.hub_time import to_local

from .ical import ical_calendar
from .periscope_space import SHARED_TYPES

_logger = logging.getLogger(__name__)

NOTIFY_KINDS = [("confirmed", "Confirmed"), ("moved", "Moved"), ("cancelled", "Cancelled")]
# what tells the member of a booking's change
NOTIFY_TEMPLATES = {
    "confirmed": "periscope_coworking.mail_template_booking_confirmed",
    "moved": "periscope_coworking.mail_template_booking_moved",
    "cancelled": "periscope_coworking.mail_template_booking_cancelled",
}
# what moves a confirmed booking, for its member
MOVE_FIELDS = {"start", "stop", "space_id"}
# what only Odoo writes
NOTIFY_FIELDS = {"notify_pending", "notify_sent_state", "notify_sequence"}
NOTIFY_CRON = "periscope_coworking.ir_cron_periscope_booking_notify"
NOTIFY_PRODID = "-//Le Périscope//Bookings//EN"
# the spaces booked by the seat: their e-mails say how many


def hours_label(hours):
    """2.5 hours as ``2 h 30``, as the portal shows them."""
    whole, minutes = divmod(round(hours * 60), 60)
    return f"{whole} h {minutes:02d}" if minutes else f"{whole} h"


class PeriscopeBooking(models.Model):
    _inherit = "periscope.booking"

    notify_pending = fields.Selection(
        selection=NOTIFY_KINDS,
        string="E-mail to send",
        copy=False,
        readonly=True,
        index="btree_not_null",
        help="The e-mail the member gets at the next run of the scheduled action "
        "'Coworking: send the booking e-mails'. Changes made before it are "
        "told in one e-mail: a booking confirmed then moved gets one "
        "confirmation at its new time; one confirmed then cancelled gets "
        "nothing.",
    )
    notify_sent_state = fields.Selection(selection=NOTIFY_KINDS, string="Last e-mail sent", copy=False, readonly=True)
    notify_sequence = fields.Integer(
        string="E-mails sent",
        copy=False,
        readonly=True,
        help="How many e-mails with the booking's .ics the member got: the "
        "revision (SEQUENCE) of the next one, for calendar applications to "
        "update the same event.",
    )

    # ------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        # the addon's outermost create and write: what comes in is read and
        # bounded before anything (the e-mails' marks first) reads it
        vals_list = [self._check_values(vals) for vals in vals_list]
        self._check_notify_fields(vals_list, creating=True)
        if self._notify_skipped():
            return super().create(vals_list)
        default_state = self.env.context.get("default_state")
        # the mark goes into the INSERT itself: no extra query
        vals_list = [
            dict(vals, notify_pending="confirmed") if vals.get("state", default_state) == "confirmed" else vals
            for vals in vals_list
        ]
        bookings = super().create(vals_list)
        if any(vals.get("notify_pending") for vals in vals_list):
            self._notify_schedule()
        return bookings

    def write(self, vals):
        if self:
            # whoever may not change the bookings is told so first, and
            # learns nothing of them (whether they are invoiced, say)
            self.check_access("write")
        vals = self._check_values(vals)
        self._check_notify_fields([vals])
        if self._notify_skipped() or not ("state" in vals or MOVE_FIELDS.intersection(vals)):
            return super().write(vals)
        pending = {booking: booking._notify_next(vals) for booking in self}
        changed = {booking: kind for booking, kind in pending.items() if kind != booking.notify_pending}
        together = set(pending.values())
        if changed and len(together) == 1:
            # the whole recordset agrees: the mark goes into the same UPDATE
            vals = dict(vals, notify_pending=together.pop())
            changed = {}
        res = super().write(vals)
        for kind in set(changed.values()):
            # sudo: only Odoo writes these fields (_check_notify_fields)
            self.browse([booking.id for booking, value in changed.items() if value == kind]).sudo().write(
                {"notify_pending": kind}
            )
        if vals.get("notify_pending") or any(changed.values()):
            self._notify_schedule()
        return res

    # ------------------------------------------------------------ marking
    def _check_notify_fields(self, vals_list, creating=False):
        """What e-mail is pending or was sent is Odoo's to write, never a
        user's (an RPC call, an import, a default given in the context)."""
        if self.env.su:
            return
        defaults = {key[8:] for key in self.env.context if key.startswith("default_")} if creating else set()
        for vals in vals_list:
            if NOTIFY_FIELDS.intersection(set(vals) | defaults):
                raise AccessError(_("Only Odoo decides which e-mails of a booking are sent."))

    def _notify_skipped(self):
        """The changes that tell nobody: the bookings of training slots (the
        training session has its own messages)."""
        return bool(self.env.context.get("periscope_from_slot"))

    def _notify_next(self, vals):
        """The e-mail pending once ``vals`` are written on the booking.

        - confirmed (from draft or cancelled): a confirmation;
        - moved (start, end or space) while confirmed: a move, unless the
          confirmation is still pending, which then gives the new time;
        - cancelled while confirmed: a cancellation, unless the member has
          not been told of the booking yet (its confirmation still pending,
          and no confirmation or move sent before): nothing then.

        The old state is read first: confirming a booking reads nothing that
        the confirmation does not read anyway."""
        self.ensure_one()
        state = vals.get("state", self.state)
        if state == "confirmed" and self.state != "confirmed":
            return "confirmed"
        if state == "confirmed" and self._notify_moved(vals):
            return "confirmed" if self.notify_pending == "confirmed" else "moved"
        if state == "cancelled" and self.state == "confirmed":
            told = self.notify_sent_state in ("confirmed", "moved")
            if self.notify_pending == "confirmed" and not told:
                return False
            return "cancelled"
        return self.notify_pending

    def _notify_moved(self, vals):
        """Whether ``vals`` change the booking's start, end or space."""
        for name in MOVE_FIELDS.intersection(vals):
            field = self._fields[name]
            value = field.convert_to_record(field.convert_to_cache(vals[name], self), self)
            if value != self[name]:
                return True
        return False

    def _notify_schedule(self):
        """Wake the scheduled action up once the transaction is committed,
        once per transaction whatever number of bookings got marked. The
        trigger is written in a cursor of its own after the commit: the
        user's transaction pays no query for it (a savepoint runs the
        precommit hooks, the postcommit ones only run after the commit)."""
        postcommit = self.env.cr.postcommit
        if postcommit.data.get("periscope_coworking.booking_notify"):
            return
        postcommit.data["periscope_coworking.booking_notify"] = True
        registry = self.env.registry

        @postcommit.add
        def trigger():
            with registry.cursor() as cr:
                # the registry at hand: Registry(dbname) would wait for the
                # registry lock, which a test runner holds all along
                if cr.transaction is None:
                    cr.transaction = api.Transaction(registry)
                env = api.Environment(cr, SUPERUSER_ID, {})
                env["periscope.booking"]._notify_trigger_cron()

    @api.model
    def _notify_trigger_cron(self):
        cron = self.env.ref(NOTIFY_CRON, raise_if_not_found=False)
        if cron:
            # sudo: whoever changes a booking may wake the e-mails up; the
            # scheduled action runs as its own user
            cron.sudo()._trigger()

    # ------------------------------------------------------------ sending
    @api.model
    def _cron_send_notifications(self):
        sent = self._send_pending_notifications()
        # what stays pending (an e-mail that cannot be made) waits for the
        # next run: nothing remains for this one
        self.env["ir.cron"]._notify_progress(done=len(sent), remaining=0)

    def _send_pending_notifications(self):
        """Send the pending e-mails of the bookings (of ``self``, or of every
        booking when ``self`` is empty) and clear their mark.

        Nothing is sent, and the mark is cleared, for a booking of the hub
        itself, one nobody can be written to about (no e-mail address for who
        booked nor for the customer), or one whose state no longer matches
        the e-mail (a confirmation of a booking put back to draft). An
        e-mail that cannot be made (a template an editor broke) is logged as
        a warning and stays pending, tried again at the next run; the
        others are sent all the same."""
        # sudo: a technical job, run by the scheduled action; it reads what
        # the e-mails tell, and writes only the fields it owns
        domain = [("notify_pending", "!=", False)]
        if self:
            domain.append(("id", "in", self.ids))
        bookings = self.sudo().search(domain, order="id")
        dropped = self.sudo().browse()
        sent = []
        for booking in bookings:
            kind = booking.notify_pending
            template = self.env.ref(NOTIFY_TEMPLATES[kind], raise_if_not_found=False)
            recipient = booking._notify_recipient()
            if not (template and recipient and booking._notify_wanted(kind)):
                dropped |= booking
                continue
            try:
                with self.env.cr.savepoint():
                    booking._notify_send(kind, template.sudo(), recipient)
            except psycopg2.OperationalError:
                # a concurrent change: the whole run is tried again
                raise
            except Exception as error:  # noqa: BLE001
                # one booking's e-mail must not stop the others'
                _logger.warning(
                    "The %s e-mail of the booking %s (id %s) could not be made, it stays pending: %s",
                    kind,
                    booking.display_name,
                    booking.id,
                    error,
                )
                continue
            sent.append((booking, kind))
        dropped.write({"notify_pending": False})
        for booking, kind in sent:
            booking.write(
                {"notify_pending": False, "notify_sent_state": kind, "notify_sequence": booking.notify_sequence + 1}
            )
        return self.browse([booking.id for booking, _kind in sent])

    def _notify_wanted(self, kind):
        """Whether the member is to hear of the booking's ``kind`` of change
        now: never for the hub's own bookings, and only while the booking is
        still what the e-mail says."""
        self.ensure_one()
        if self._is_internal():
            return False
        if kind == "cancelled":
            return self.state == "cancelled"
        return self.state in ("confirmed", "done")

    def _notify_recipient(self):
        """Who is written to: who booked, else the customer; nobody when
        neither has an e-mail address."""
        self.ensure_one()
        for partner in (self.contact_id, self.partner_id):
            if partner and email_normalize(partner.email or ""):
                return partner
        return self.env["res.partner"]

    def _notify_send(self, kind, template, recipient):
        """Post the e-mail of the template on the booking, to the recipient,
        with the booking's ``.ics``: the message stays in the chatter, the
        e-mail goes through the mail queue. As ``message_post_with_source``
        does, with the ``.ics`` added to what the template attaches."""
        self.ensure_one()
        # the .ics in the language of the e-mail (the templates' ``lang``)
        lang = self.contact_id.lang or self.partner_id.lang or self.env.lang
        booking = self.with_context(lang=lang)
        ics = self.env["ir.attachment"].create(
            {
                "name": "reservation.ics",
                "raw": booking._notify_ics(kind, recipient).encode(),
                "mimetype": "text/calendar",
                # the composer gives it to the message it posts
                "res_model": "mail.compose.message",
                "res_id": 0,
                "type": "binary",
            }
        )
        composer = (
            self.env["mail.compose.message"]
            .with_context(
                default_composition_mode="comment",
                default_model=self._name,
                default_res_ids=self.ids,
                default_template_id=template.id,
                # the mail queue sends it, not this transaction
                mail_notify_force_send=False,
                # the hub, author of the e-mails, follows no booking
                mail_create_nosubscribe=True,
            )
            .create(
                {
                    "message_type": "comment",
                    # a note: the followers (staff) get no copy; the member,
                    # its recipient, gets the e-mail
                    "subtype_id": self.env.ref("mail.mt_note").id,
                }
            )
        )
        composer.attachment_ids = [Command.link(ics.id)]
        composer._action_send_mail()

    def _ical_uid(self):
        """The booking's UID in calendar applications, the same in the
        e-mails and in the organisation's calendar feed."""
        self.ensure_one()
        host = urlparse(self.get_base_url()).hostname or "periscope"
        return f"periscope-booking-{self.id}@{host}"

    def _notify_ics(self, kind, recipient):
        """The booking as an iCalendar invitation (METHOD:REQUEST) or its
        withdrawal (METHOD:CANCEL), one revision after the last one sent."""
        self.ensure_one()
        company = self.company_id
        details = [self.name] if self.name else []
        if self.contact_id:
            details.append(self.env._("Booked by %(person)s", person=self.contact_id.name))
        if self.seats > 1:
            details.append(self.env._("%(seats)s seats", seats=self.seats))
        event = {
            "uid": self._ical_uid(),
            "start": self.start,
            "stop": self.stop,
            "summary": self.space_id.name,
            "location": ", ".join(filter(None, (self.space_id.name, company.name))),
            "description": "\n".join(details),
            "sequence": self.notify_sequence,
            "last_modified": self.write_date,
            "attendees": [{"email": email_normalize(recipient.email), "name": recipient.name}],
        }
        organizer = email_normalize(company.email or "")
        if organizer:
            event["organizer"] = {"email": organizer, "name": company.name}
        return ical_calendar(
            [event], NOTIFY_PRODID, fields.Datetime.now(), method="CANCEL" if kind == "cancelled" else "REQUEST"
        )

    def _notify_mail_values(self):
        """What the e-mail templates show of the booking, in the language of
        the rendering: the local day and hours, the seats, the price, the
        free-cancellation deadline and what a late cancellation bills."""
        self.ensure_one()
        tz_name = self.space_id.resource_calendar_id.tz
        start = to_local(self.start, tz_name)
        stop = to_local(self.stop, tz_name)
        if stop.date() == start.date():
            hours = f"{start:%H:%M} – {stop:%H:%M}"
        else:
            hours = f"{start:%H:%M} – {self._local_label(self.stop)}"
        currency = self.pricelist_id.currency_id or self.company_id.currency_id
        amount = self.price_unit * self.quantity
        billed = 0.0
        if self.state == "cancelled" and self.late_cancellation:
            billed = amount * self.billable_share / 100
        # the cancellation policy only matters when a late cancellation is
        # billed something
        policy = bool(amount and self.space_id.late_cancellation_share)
        deadline = self._cancellation_deadline()
        free_until = policy and deadline > fields.Datetime.now()
        recipient = self._notify_recipient()
        return {
            "name": (recipient or self.contact_id or self.partner_id).name,
            "space": self.space_id.name,
            "day": format_date(self.env, start.date(), date_format="EEEE d MMMM y"),
            "hours": hours,
            "tz": tz_name,
            "seats": self.seats if self.space_id.space_type in SHARED_TYPES else 0,
            "price": format_amount(self.env, amount, currency) if amount else "",
            "included_hours": hours_label(self.included_hours) if self.included_hours else "",
            "deadline": self._local_label(deadline) if free_until else "",
            "late_now": policy and not free_until,
            "late_share": f"{self.space_id.late_cancellation_share:g}",
            "billed": format_amount(self.env, billed, currency) if billed else "",
            "billed_share": f"{self.billable_share:g}",
            "url": f"{self.get_base_url()}/my/bookings",
        }
