# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re
import secrets

from markupsafe import Markup

from odoo import Command, _, api, fields, models
from odoo.tools import SQL, html2plaintext

from odoo.addons.periscope_members.tools.hub_time import month_bounds

# the bookings' tracked fields that name a person (their history keeps the
# person's name as it was)
PARTNER_TRACKED_FIELDS = (("periscope.booking", "contact_id"), ("periscope.booking", "partner_id"))
# the shortest name, and the fewest digits of a phone number, looked for in
# the free texts: shorter ones would erase what does not name the person
MIN_NAME_LENGTH = 3
MIN_PHONE_DIGITS = 6


class ResPartner(models.Model):
    _inherit = "res.partner"

    periscope_included_hours_left = fields.Float(
        string="Included hours left this month",
        compute="_compute_periscope_included_hours_left",
        help="Meeting-room hours of this month that the membership still includes.",
    )
    periscope_booking_feed_token = fields.Char(
        string="Bookings calendar token",
        copy=False,
        groups="base.group_system",
        index="btree_not_null",
        help="The secret in the address of the organisation's private calendar "
        "of bookings; a new one revokes the old address.",
    )

    @api.depends_context("uid")
    def _compute_periscope_included_hours_left(self):
        month_start, month_stop = month_bounds(fields.Datetime.now())
        Booking = self.env["periscope.booking"]
        # what an organisation used of its hours is read by whoever reads its
        # bookings: the coworking staff and the accountants, a member for
        # their own organisation only (members read other organisations'
        # contacts, in the directory, not their bookings)
        staff = self.env.su or (not self.env.user.share and Booking.has_access("read"))
        own = self.env.user.commercial_partner_id
        for partner in self:
            organisation = partner.commercial_partner_id
            included = organisation.periscope_member_type_id.included_booking_hours
            if not included or not (staff or organisation == own):
                partner.periscope_included_hours_left = 0.0
                continue
            # sudo: a member sees what remains without reading every booking
            used = Booking.sudo()._included_hours_used(organisation, month_start, month_stop)
            partner.periscope_included_hours_left = max(included - used, 0.0)

    def _periscope_reset_booking_feed_token(self):
        """Give each organisation a new secret for the calendar of its bookings:
        the address with the old secret stops working. Returns the last one."""
        token = False
        for partner in self:
            token = secrets.token_urlsafe(32)
            partner.periscope_booking_feed_token = token
        return token

    # ------------------------------------------------------------ download
    def _periscope_personal_data(self):
        data = super()._periscope_personal_data()
        data["coworking"] = self._periscope_coworking_personal_data()
        return data

    def _periscope_coworking_personal_data(self):
        """What the coworking holds about this person: the bookings they
        booked, attend, or whose customer they are themselves -- the space,
        the times (UTC), the seats and the state; the title and the note of
        those they booked or are the customer of (the note of a booking they
        only attend is whoever booked's). Never a colleague's booking, nor
        who else attends. The same queries for one booking or a thousand."""
        self.ensure_one()
        # sudo: the person's own data, asked by the person (the portal route)
        # or by the members' administrator; only the bookings that name them
        partner = self.sudo()
        Booking = self.env["periscope.booking"].sudo()
        bookings = Booking.search_fetch(
            [
                "|",
                "|",
                ("contact_id", "=", partner.id),
                ("partner_id", "=", partner.id),
                ("attendee_ids", "in", partner.ids),
            ],
            ["space_id", "start", "stop", "seats", "state", "name", "note"] + ["contact_id", "partner_id"],
            order="start, id",
        )
        attended = set(Booking.search([("id", "in", bookings.ids), ("attendee_ids", "in", partner.ids)]).ids)
        states = dict(Booking._fields["state"]._description_selection(self.env))
        rows = []
        for booking in bookings:
            booked = booking.contact_id == partner
            customer = booking.partner_id == partner
            theirs = booked or customer
            rows.append(
                {
                    "space": booking.space_id.name,
                    "start_utc": fields.Datetime.to_string(booking.start),
                    "stop_utc": fields.Datetime.to_string(booking.stop),
                    "seats": booking.seats,
                    "state": states.get(booking.state),
                    "you_booked": booked,
                    "you_attend": booking.id in attended,
                    "you_are_the_customer": customer,
                    "title": booking.name if theirs else None,
                    "note": (booking.note or None) if theirs else None,
                }
            )
        return {"bookings": rows}

    # ------------------------------------------------------------ erasure
    def _periscope_erase_personal_data(self):
        """The coworking's part: the persons leave the attendee lists of the
        bookings (and of their events in the Odoo Calendar); the free texts
        lose what they say of them; the e-mails they were sent about their
        bookings, and the history of who booked or was invoiced, go.

        A booking belongs to its organisation, which keeps its bookings, their
        times, seats, prices and invoices (the accounting law asks for them),
        who booked (the contact, anonymised by the members' addon) and its
        note: the reception's instructions for the room serve the
        organisation. Members write no note on the portal; the reception and
        the calendar do, and a note may name the person. So every note and
        title, and the note of a resident office, loses the person's name,
        e-mail and phone numbers (replaced by the name the contact is given),
        and a message of a booking's chatter that names them loses its text;
        a booking whose customer is the person themselves, which serves
        nobody but them, loses its whole note."""
        res = super()._periscope_erase_personal_data()
        Booking = self.env["periscope.booking"].with_context(active_test=False, tracking_disable=True)
        for person in self:
            # the event of each booking follows: the person leaves it as well
            Booking.search([("attendee_ids", "in", person.ids)]).write({"attendee_ids": [Command.unlink(person.id)]})
            Booking.search([("partner_id", "=", person.id)]).write({"note": False})
            person._periscope_scrub_coworking_texts()
        messages = self.env["mail.message"].search(
            [("model", "=", "periscope.booking"), ("partner_ids", "in", self.ids)]
        )
        messages.write({"body": Markup("<p>%s</p>") % _("E-mail erased on the recipient's request."), "subject": False})
        # their copies: the booking's .ics (it holds the person's name and
        # address), the e-mails still to send or failed
        messages.attachment_ids.unlink()
        self.env["mail.mail"].search([("mail_message_id", "in", messages.ids)]).unlink()
        self._periscope_coworking_tracking().unlink()
        return res

    def _periscope_mention_pattern(self):
        """A pattern of what names this person in a free text: their name,
        their e-mail address, their phone numbers (whatever separates the
        digits); None when nothing is long enough to be looked for."""
        self.ensure_one()
        patterns = []
        name = (self.name or "").strip()
        if len(name) >= MIN_NAME_LENGTH:
            patterns.append(r"\s+".join(re.escape(word) for word in name.split()))
        if self.email and self.email.strip():
            patterns.append(re.escape(self.email.strip()))
        for phone in (self.phone, self.mobile):
            digits = re.sub(r"\D", "", phone or "")
            if len(digits) >= MIN_PHONE_DIGITS:
                patterns.append(r"[\s.\-]?".join(digits))
        if not patterns:
            return None
        return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)

    def _periscope_scrub_coworking_texts(self):
        """Replace what names this person in the bookings' titles and notes
        and in the notes of the resident offices by the name the contact is
        given; and in the bookings' chatter, the record names that name them
        (a booking's name, when it was invoiced to them) the same way, the
        texts of the messages that name them all."""
        self.ensure_one()
        pattern = self._periscope_mention_pattern()
        if not pattern:
            return
        label = _("Erased person %s", self.id)
        for model, names in (("periscope.booking", ("name", "note")), ("periscope.occupancy", ("note",))):
            for record in self._periscope_texts_naming(model, names):
                values = {
                    name: pattern.sub(label, record[name])
                    for name in names
                    if record[name] and pattern.search(record[name])
                }
                if values:
                    record.write(values)
        erased = Markup("<p>%s</p>") % _("Message erased: it named a person erased on their request.")
        messages = self._periscope_texts_naming(
            "mail.message", ("record_name", "body"), SQL("model = %s", "periscope.booking")
        )
        for message in messages:
            values = {}
            if message.record_name and pattern.search(message.record_name):
                values["record_name"] = pattern.sub(label, message.record_name)
            if message.body and pattern.search(html2plaintext(message.body)):
                values["body"] = erased
            if values:
                message.write(values)

    def _periscope_texts_naming(self, model, names, where=None):
        """The records of ``model`` (and of the SQL condition ``where``)
        whose text fields ``names`` may name this person: their name or
        e-mail, or the digits of a phone of theirs."""
        self.ensure_one()
        Model = self.env[model].with_context(active_test=False, tracking_disable=True)
        terms = [term.strip() for term in (self.name, self.email) if term and len(term.strip()) >= MIN_NAME_LENGTH]
        phones = [
            digits
            for digits in (re.sub(r"\D", "", phone or "") for phone in (self.phone, self.mobile))
            if len(digits) >= MIN_PHONE_DIGITS
        ]
        conditions = []
        for name in names:
            column = SQL.identifier(name)
            conditions += [SQL("%s ILIKE %s", column, f"%{term}%") for term in terms]
            conditions += [
                SQL("regexp_replace(COALESCE(%s, ''), '[^0-9]', '', 'g') LIKE %s", column, f"%{digits}%")
                for digits in phones
            ]
        if not conditions:
            return Model.browse()
        Model.flush_model(names)
        self.env.cr.execute(
            SQL(
                "SELECT id FROM %s WHERE (%s) AND %s",
                SQL.identifier(Model._table),
                SQL(" OR ").join(conditions),
                where or SQL("TRUE"),
            )
        )
        return Model.browse([row[0] for row in self.env.cr.fetchall()])

    def _periscope_coworking_tracking(self):
        """The history of the bookings' fields that named these persons: who
        booked, who was invoiced."""
        Field = self.env["ir.model.fields"]
        field_ids = [Field._get(model, fname).id for model, fname in PARTNER_TRACKED_FIELDS]
        return self.env["mail.tracking.value"].search(
            [
                ("field_id", "in", field_ids),
                "|",
                ("old_value_integer", "in", self.ids),
                ("new_value_integer", "in", self.ids),
            ]
        )
