# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json
from types import SimpleNamespace

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged
from odoo.tools import SQL

from odoo.addons.periscope_members.tests.http import PortalHttpMixin
from odoo.addons.periscope_members.tests.personal_data import ChatterMixin

from .common import PeriscopeCoworkingCase

MEMBERS_ADMIN = "periscope_members.group_periscope_members_manager"
# what the accounts need of a booking
BOOKING_KEPT = [
    "space_id",
    "partner_id",
    "contact_id",
    "start",
    "stop",
    "seats",
    "state",
    "price_unit",
    "quantity",
    "included_hours",
    "invoice_line_id",
]

# Monday 2 March 2026, 8:00 in Paris (UTC+1)


class PersonalDataCase(ChatterMixin, PeriscopeCoworkingCase):
    """Julie Castex (of the member organisation) books rooms; Paul Garrigues
    is her colleague; the members' administrator erases people."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.room.product_id = cls.env.ref("periscope_coworking.product_meeting_room_hour")
        cls.person.write({"email": "julie.castex@example.org", "phone": "06 12 34 56 78"})
        cls.colleague = cls.env["res.partner"].create(
            {"name": "Paul Garrigues", "parent_id": cls.org.id, "email": "paul.garrigues@example.org"}
        )
        cls.members_admin = cls._make_user("coworking_members_admin", MEMBERS_ADMIN)

    def _booking(self, start, stop, contact, partner=None, note=False, attendees=()):
        booking = self.env["periscope.booking"].create(
            {
                "space_id": self.room.id,
                "partner_id": (partner or self.org).id,
                "contact_id": contact.id,
                "attendee_ids": [Command.set([p.id for p in attendees])],
                "start": start,
                "stop": stop,
                "note": note,
            }
        )
        booking.action_confirm()
        return booking


@tagged("post_install", "-at_install")
@freeze_time("2026-03-02 07:00:00")
class TestCoworkingErasure(PersonalDataCase):
    """The members' administrator erases Julie: she leaves the attendee
    lists, the notes and the chatter lose what names her, the e-mails she
    was sent lose their text and their .ics; her organisation's bookings,
    their prices and her invoice are kept; Paul's booking, which does not
    name her, is untouched."""

    # ------------------------------------------------------------ history
    def _hers(self):
        """Booked by Paul, corrected to Julie: the history names both; the
        e-mail of her booking, with its .ics, in the mail queue. The booking
        and the message of that e-mail."""
        hers = self._booking(
            "2026-03-03 09:00:00",
            "2026-03-03 10:00:00",
            self.colleague,
            note="Julie Castex apporte le vidéoprojecteur (06 12 34 56 78)",
        )
        self._commit_chatter()
        hers.contact_id = self.person
        hers.message_post(body="Mme Castex rappellera au 0612345678.", message_type="comment")
        self._commit_chatter()
        hers._send_pending_notifications()
        mail_message = hers.message_ids.filtered(lambda m: self.person in m.partner_ids)
        self.assertEqual(len(mail_message), 1)
        self.assertTrue(mail_message.attachment_ids)
        self.assertTrue(self.env["mail.mail"].search([("mail_message_id", "=", mail_message.id)]))
        return hers, mail_message

    def _pauls(self):
        """Paul's bookings: one she attends, one that does not concern her."""
        attended = self._booking(
            "2026-03-04 09:00:00",
            "2026-03-04 10:00:00",
            self.colleague,
            note="Paul Garrigues reçoit Julie Castex",
            attendees=self.person | self.reception.partner_id,
        )
        untouched = self._booking(
            "2026-03-05 09:00:00", "2026-03-05 10:00:00", self.colleague, note="Tables en U pour Paul Garrigues"
        )
        self._commit_chatter()
        return attended, untouched

    def _her_own(self):
        """Booked for herself in February, beyond the 8 hours the membership
        includes: invoiced to her organisation, and posted. The booking and
        its invoice."""
        with freeze_time("2026-02-10 08:00:00"):
            own = self._booking(
                "2026-02-16 08:00:00",
                "2026-02-16 17:00:00",
                self.person,
                partner=self.person,
                note="Entretien d'embauche de Julie, au calme",
            )
        self.assertEqual(own.name, "Salle du Canal (test) — Julie Castex")
        run = self.env["periscope.billing.run"].create({"period_start": "2026-02-01"})
        run.action_create_invoices()
        invoice = own.invoice_id
        self.assertEqual(invoice.partner_id, self.org)
        self.assertEqual(own.quantity, 1)
        invoice.action_post()
        return own, invoice

    def _her_office(self):
        """Her organisation's office, whose keys she was given."""
        office = self.env["periscope.space"].create(
            {"name": "Bureau 3 (test)", "space_type": "office", "resource_calendar_id": self.hours.id}
        )
        self.env["periscope.occupancy"].create(
            {
                "space_id": office.id,
                "partner_id": self.org.id,
                "date_start": "2026-01-01",
                "note": "Clés remises à julie.castex@example.org",
            }
        )
        self._commit_chatter()
        return self.env["periscope.occupancy"].search([("note", "like", "Clés remises")])

    def _history(self):
        """Everything of the coworking that names Julie, or does not."""
        hers, mail_message = self._hers()
        attended, untouched = self._pauls()
        own, invoice = self._her_own()
        occupancy = self._her_office()
        self.assertIn("Castex", self._chatter_text(hers))
        return SimpleNamespace(
            hers=hers,
            mail_message=mail_message,
            attended=attended,
            untouched=untouched,
            own=own,
            invoice=invoice,
            occupancy=occupancy,
            bookings=hers | attended | untouched | own,
        )

    def _erase(self):
        self.person.with_user(self.members_admin).action_periscope_anonymise()
        self._commit_chatter()

    # ------------------------------------------------------------ tests
    def test_only_the_members_administrator_erases(self):
        self._history()
        with self.assertRaises(AccessError):
            self.person.with_user(self.manager).action_periscope_anonymise()

    def test_erasure_takes_her_out_of_the_notes_the_attendees_and_the_chatter(self):
        history = self._history()
        self._erase()
        label = f"Erased person {self.person.id}"
        hers, attended, own = history.hers, history.attended, history.own
        self.assertEqual(hers.note, f"{label} apporte le vidéoprojecteur ({label})", hers.note)
        self.assertEqual(attended.note, f"Paul Garrigues reçoit {label}")
        self.assertEqual(attended.attendee_ids, self.reception.partner_id)
        self.assertEqual(attended.calendar_event_id.partner_ids, self.colleague | self.reception.partner_id)
        self.assertFalse(own.note)
        self.assertEqual(own.name, f"Salle du Canal (test) — {label}")
        self.assertEqual(history.occupancy.note, f"Clés remises à {label}")
        for booking in (hers, attended, own):
            chatter = self._chatter_text(booking)
            for erased in ("Castex", "Julie", "06 12", "0612"):
                self.assertNotIn(erased, chatter)

    def test_erasure_drops_the_text_and_the_ics_of_the_mails_she_was_sent(self):
        mail_message = self._history().mail_message
        self._erase()
        self.assertFalse(mail_message.attachment_ids)
        self.assertFalse(self.env["mail.mail"].search([("mail_message_id", "=", mail_message.id)]))

    def test_erasure_keeps_the_bookings_and_the_invoices_not_the_person(self):
        """What the accounts need is kept."""
        history = self._history()
        bookings, invoice = history.bookings, history.invoice
        kept = {
            "bookings": bookings.read(BOOKING_KEPT, load=None),
            "invoice": invoice.read(["name", "state", "partner_id", "amount_untaxed", "amount_total"], load=None),
            "lines": invoice.invoice_line_ids.read(
                ["name", "quantity", "price_unit", "periscope_booking_id"], load=None
            ),
        }
        self._erase()
        for key, records in (("bookings", bookings), ("invoice", invoice), ("lines", invoice.invoice_line_ids)):
            fnames = [fname for fname in kept[key][0] if fname != "id"]
            self.assertEqual(records.read(fnames, load=None), kept[key], key)
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(history.own.invoice_id, invoice)

    def test_erasure_leaves_a_booking_that_does_not_name_her_untouched(self):
        untouched = self._history().untouched
        untouched_before = untouched.read(["name", "note", "attendee_ids"])
        untouched_chatter = self._chatter_text(untouched)
        self._erase()
        self.assertEqual(untouched.read(["name", "note", "attendee_ids"]), untouched_before)
        self.assertEqual(self._chatter_text(untouched), untouched_chatter)
        self.assertEqual(self.colleague.name, "Paul Garrigues")


@tagged("post_install", "-at_install")
@freeze_time("2026-03-02 07:00:00")
class TestCoworkingExportQueries(PersonalDataCase):
    def _insert_bookings(self, first_day, count):
        """``count`` confirmed bookings of the organisation booked by Julie,
        a day apart, every other one attended by her too, written straight
        into the tables (through the ORM they would take minutes)."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                WITH bookings AS (
                    INSERT INTO periscope_booking (
                        name, space_id, partner_id, contact_id, start, stop,
                        duration, seats, state, company_id, quantity,
                        price_unit, included_hours, billable_share,
                        late_cancellation, no_show, note, create_uid,
                        create_date, write_uid, write_date
                    )
                    SELECT %(name)s, %(space)s, %(partner)s, %(contact)s,
                        %(first)s::timestamp + g * interval '1 day',
                        %(first)s::timestamp + g * interval '1 day'
                            + interval '1 hour',
                        1.0, 1, 'confirmed', %(company)s, 1.0, 12.5, 0.0,
                        100.0, false, false, 'Note ' || g::text, %(uid)s,
                        now() at time zone 'UTC', %(uid)s,
                        now() at time zone 'UTC'
                    FROM generate_series(0, %(count)s - 1) AS g
                    RETURNING id
                )
                INSERT INTO periscope_booking_attendee_rel (booking_id, partner_id)
                SELECT id, %(attendee)s FROM bookings WHERE mod(id, 2) = 0
                """,
                attendee=self.person.id,
                **self._bulk_booking_params(first_day, count),
            )
        )
        self.env.invalidate_all()

    def _export(self):
        return self.queries_of(self.person._periscope_coworking_personal_data)

    def test_the_export_queries_do_not_grow_with_the_bookings(self):
        self._insert_bookings("2026-03-03 08:00:00", 10)
        few, data = self._export()
        self.assertEqual(len(data["bookings"]), 10)
        self._insert_bookings("2026-04-03 08:00:00", 1000)
        many, data = self._export()
        self.assertEqual(len(data["bookings"]), 1010)
        self.assertEqual(data["bookings"][-1]["note"], "Note 999")
        self.assertEqual(few, many)


@tagged("post_install", "-at_install")
class TestCoworkingPersonalDataPortal(PortalHttpMixin, PersonalDataCase, HttpCase):
    """Julie downloads her data at /my/personal-data: the bookings she
    booked, attends or pays for herself, and her notes; nothing of her
    colleague's bookings she does not attend, nor what Paul wrote on the one
    she attends, nor another organisation's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        person = cls.person
        cls.member = cls._make_user(
            "coworking_gdpr_member",
            "base.group_portal",
            password="coworking_gdpr_member_pw",
            name=person.name,
            email=person.email,
            partner_id=person.id,
        )

    def test_a_person_downloads_her_coworking_data_only(self):
        Booking = self.env["periscope.booking"]
        values = {"space_id": self.room.id, "partner_id": self.org.id}

        def book(day, contact, note, **extra):
            return Booking.create(
                {
                    **values,
                    "contact_id": contact.id,
                    "start": f"{day} 09:00:00",
                    "stop": f"{day} 10:00:00",
                    "note": note,
                    **extra,
                }
            )

        hers = book("2026-01-05", self.person, "Vidéoprojecteur pour Julie")
        attended = book(
            "2026-01-06",
            self.colleague,
            "Note de Paul : budget confidentiel",
            attendee_ids=[Command.set(self.person.ids)],
        )
        colleague = book("2026-01-07", self.colleague, "Rendez-vous de Paul")
        theirs = book("2026-01-08", self.other_org, "Note de Formethic", partner_id=self.other_org.id)
        self.authenticate("coworking_gdpr_member", "coworking_gdpr_member_pw")
        response = self.url_open("/my/personal-data")
        self.assertEqual(response.status_code, 200)
        text = response.text
        rows = json.loads(response.content)["coworking"]["bookings"]
        self.assertEqual(
            [(row["start_utc"], row["you_booked"], row["you_attend"]) for row in rows],
            [(str(hers.start), True, False), (str(attended.start), False, True)],
        )
        self.assertEqual(rows[0]["note"], "Vidéoprojecteur pour Julie")
        self.assertEqual(rows[0]["space"], self.room.name)
        self.assertEqual(rows[0]["state"], "Draft")
        self.assertIsNone(rows[1]["note"])
        self.assertIsNone(rows[1]["title"])
        for other in ("Paul", "budget", "Formethic", "Rendez-vous"):
            self.assertNotIn(other, text)
        self.assertNotIn(str(colleague.start), text)
        self.assertNotIn(str(theirs.start), text)
