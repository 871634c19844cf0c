# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What the erasure tests of the four addons read of the chatter."""


class ChatterMixin:
    """Write the chatter as the end of a request does, and read everything
    it says of some records."""

    def _commit_chatter(self):
        """The tracking of the changes written, as at the end of a request."""
        self.env.flush_all()
        self.env.cr.precommit.run()

    def _chatter_text(self, records):
        """Everything the chatter of ``records`` says, as one string: the
        messages' bodies, record names, subjects and senders, the tracked
        values, the e-mails still to send."""
        messages = self.env["mail.message"].search([("model", "=", records._name), ("res_id", "in", records.ids)])
        values = messages.tracking_value_ids
        mails = self.env["mail.mail"].search([("mail_message_id", "in", messages.ids)])
        return " ".join(
            str(value)
            for value in messages.mapped("body")
            + messages.mapped("record_name")
            + messages.mapped("subject")
            + messages.mapped("email_from")
            + values.mapped("old_value_char")
            + values.mapped("new_value_char")
            + mails.mapped("body_html")
        )
