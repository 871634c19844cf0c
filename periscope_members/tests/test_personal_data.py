# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from .common import PeriscopeMembersCase


@tagged("post_install", "-at_install")
class TestErasure(PeriscopeMembersCase):
    """An erased person leaves nothing of them in the chatter: neither what
    they wrote, nor their address on their messages, nor the history of their
    contact's e-mail and phone."""

    def test_the_chatter_keeps_nothing_of_an_erased_person(self):
        person = self.env["res.partner"].create(
            {
                "name": "Chloé Sicre",
                "email": "chloe.sicre@example.org",
                "phone": "05 61 00 00 01",
                "parent_id": self.org.id,
            }
        )
        self.env.flush_all()
        self.env.cr.precommit.run()
        person.write({"email": "c.sicre@example.org", "phone": "05 61 00 00 02"})
        self.env.flush_all()
        self.env.cr.precommit.run()
        history = self.env["mail.tracking.value"].search(
            [("mail_message_id.model", "=", "res.partner"), ("mail_message_id.res_id", "=", person.id)]
        )
        self.assertTrue(history, "the change of e-mail is in the contact's history")
        # what they wrote on their organisation's record, which they follow
        message = self.org.message_post(
            body="Je change d'adresse : 12 rue du Canal, Ramonville.",
            author_id=person.id,
            email_from="Chloé Sicre <c.sicre@example.org>",
            message_type="comment",
        )
        self.org.message_subscribe(partner_ids=person.ids)
        colleague_message = self.org.message_post(
            body="Réunion jeudi.", author_id=self.person.id, message_type="comment"
        )
        # a note of the staff on their contact, under their name
        note = person.message_post(
            body="Chloé Sicre rappelle lundi au 05 61 00 00 02.", author_id=self.person.id, message_type="comment"
        )
        self.assertIn("Chloé Sicre", note.record_name)

        person.with_user(self.manager).action_periscope_anonymise()
        self.env.flush_all()
        self.env.cr.precommit.run()

        self.assertNotIn("Canal", str(message.body))
        self.assertFalse(message.email_from)
        self.assertEqual(message.author_id, person, "the thread still reads in order")
        self.assertIn("Réunion", str(colleague_message.body))
        self.assertNotIn("Sicre", str(note.body))
        self.assertNotIn("Sicre", note.record_name)
        self.assertEqual(note.record_name, person.display_name)
        tracked = self.env["mail.tracking.value"].search(
            [("mail_message_id.model", "=", "res.partner"), ("mail_message_id.res_id", "=", person.id)]
        )
        values = " ".join(str(v) for v in tracked.mapped("old_value_char") + tracked.mapped("new_value_char"))
        self.assertNotIn("sicre", values.lower())
        self.assertNotIn("05 61", values)
        self.assertFalse(self.env["mail.followers"].search([("partner_id", "=", person.id)]))
        self.assertTrue(self.org.message_follower_ids)
