# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from markupsafe import Markup

from odoo import _, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv import expression

# the parts of a person's training data and the model of each
PERSONAL_DATA_PARTS = (
    ("registrations", "event.registration"),
    ("evaluations", "survey.user_input"),
    ("project_intakes", "periscope.project.holder"),
    ("pathways", "periscope.training.pathway"),
)


class ResPartner(models.Model):
    _inherit = "res.partner"

    periscope_support_structure = fields.Boolean(
        string="Support structure",
        help="The organisation supports creators of businesses (BGE, a business "
        "incubator, a cooperative of activity and employment…): the reception "
        "refers project holders to it.",
    )
    periscope_pathway_count = fields.Integer(
        string="Pathways",
        compute="_compute_periscope_pathway_count",
        groups="periscope_training.group_periscope_training_user",
    )

    def _check_periscope_support_structure(self):
        for partner in self:
            if not partner.periscope_support_structure:
                raise ValidationError(
                    _(
                        "%(structure)s is not a support structure of the hub: "
                        "project holders are referred to support structures only.",
                        structure=partner.name,
                    )
                )

    def _compute_periscope_pathway_count(self):
        counts = dict(
            self.env["periscope.training.pathway"]._read_group(
                [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.periscope_pathway_count = counts.get(partner._origin, 0)

    def action_view_periscope_pathway(self):
        """The entrepreneur's pathway, or a new one for them."""
        self.ensure_one()
        if not (self.env.su or self.env.user.has_group("periscope_training.group_periscope_training_user")):
            raise AccessError(_("Only the training staff follow the pathways."))
        pathways = self.env["periscope.training.pathway"].search([("partner_id", "=", self.id)])
        action = {
            "type": "ir.actions.act_window",
            "name": _("Pathway"),
            "res_model": "periscope.training.pathway",
            "context": {"default_partner_id": self.id},
        }
        if len(pathways) == 1:
            action.update(view_mode="form", views=[(False, "form")], res_id=pathways.id)
        else:
            action.update(
                view_mode="list,form", views=[(False, "list"), (False, "form")], domain=[("partner_id", "=", self.id)]
            )
        return action

    # ------------------------------------------------------------ personal data
    def _periscope_personal_data(self):
        """Add the person's training data: their registrations to the hub's
        sessions and events (with their funding, attendance and documents),
        the evaluations they answered, their intakes at the reception (their
        project, the history of their consent, their referrals) and their
        entrepreneur's pathway. Only what is about this person."""
        data = super()._periscope_personal_data()
        records = self.sudo()._periscope_training_records()
        data["training"] = {key: records[model]._periscope_personal_data_export() for key, model in PERSONAL_DATA_PARTS}
        return data

    def _periscope_training_records(self):
        """The records of the training addon about these persons, by model:
        their registrations (archived too), their evaluations, their intakes
        and their pathways. Never those of a colleague or of the employees of
        their organisation."""
        env = self.with_context(active_test=False).env
        registrations = env["event.registration"].search([("partner_id", "in", self.ids)], order="event_begin_date, id")
        return {
            "event.registration": registrations,
            "survey.user_input": env["survey.user_input"].search(
                ["|", ("partner_id", "in", self.ids), ("registration_id", "in", registrations.ids)],
                order="create_date, id",
            ),
            "periscope.project.holder": env["periscope.project.holder"].search(
                [("partner_id", "in", self.ids)], order="intake_date, id"
            ),
            "periscope.training.pathway": env["periscope.training.pathway"].search(
                [("partner_id", "in", self.ids)], order="date_start, id"
            ),
        }

    def _periscope_erase_personal_data(self):
        """Erase the persons' training data: the copies of their name,
        e-mail and phone on their registrations, what they typed (answers
        to the evaluations and the events' questions, the name typed when
        signing), what they told about their project and what was written
        about them (referrals, notes of their pathway, the chatter and the
        activities of these records). Their consent is withdrawn, its history
        stays. What the training law and the accounts keep stays, attached
        to the anonymous contact: the registrations themselves, their
        funding and invoices, the signed attendance, the BPF.

        A person registered to a training session not held yet is not
        erased: the training officer cancels the registration first, which
        settles its funding and invoices."""
        self._periscope_check_no_training_to_come()
        records = self._periscope_training_records()
        # the name each contact is given once anonymised
        names = {}
        for partner in self:
            names[partner.id] = _("Erased person %s", partner.id)
        registrations = records["event.registration"]
        holders = records["periscope.project.holder"]
        pathways = records["periscope.training.pathway"]
        registrations._periscope_personal_data_erase(names)
        records["survey.user_input"]._periscope_personal_data_erase()
        holders._periscope_personal_data_erase()
        pathways._periscope_personal_data_erase()
        # last: the consent's withdrawal is noted in the chatter, which
        # keeps the project holder's name in its notes
        self._periscope_erase_threads(
            [
                registrations,
                records["survey.user_input"],
                holders,
                holders.referral_ids,
                pathways,
                pathways.coaching_event_ids,
            ]
        )
        return super()._periscope_erase_personal_data()

    def _periscope_check_no_training_to_come(self):
        """Refuse to erase a person registered to a training session not
        held yet (not closed, and not over): the training officer cancels
        the registration first, and with it settles its funding."""
        registrations = self.env["event.registration"].search(
            [
                ("partner_id", "in", self.ids),
                ("event_id.is_training", "=", True),
                ("event_id.training_state", "!=", "closed"),
                ("event_id.date_end", ">", fields.Datetime.now()),
                ("state", "!=", "cancel"),
            ]
        )
        if registrations:
            person = registrations[0].partner_id
            to_come = registrations.filtered(lambda r: r.partner_id == person)
            raise UserError(
                _(
                    "%(person)s is registered to training sessions not held yet: "
                    "%(sessions)s. Cancel these registrations first (their "
                    "funding and invoices are settled there), then erase the "
                    "person.",
                    person=person.display_name,
                    sessions=", ".join(to_come.event_id.mapped("display_name")),
                )
            )

    def _periscope_erase_threads(self, recordsets):
        """Erase the chatter of these records about the persons: the text,
        subject and attachments of their messages, the history of their
        changes (it keeps the old values), their activities and the e-mails
        still queued or kept for them. The messages stay, so that the history
        reads in order."""
        recordsets = [records for records in recordsets if records]
        if not recordsets:
            return
        domain = expression.OR(
            [[("model", "=", records._name), ("res_id", "in", records.ids)] for records in recordsets]
        )
        # a queued or kept e-mail goes with its message, a notification's
        # message stays
        self.env["mail.mail"].search(domain).unlink()
        messages = self.env["mail.message"].search(domain)
        messages.tracking_value_ids.unlink()
        attachments = self.env["ir.attachment"].search(
            expression.OR(
                [[("res_model", "=", records._name), ("res_id", "in", records.ids)] for records in recordsets]
            )
        )
        (messages.attachment_ids | attachments).unlink()
        messages.filtered("body").write({"body": Markup("<p>%s</p>") % _("Message erased on the person's request.")})
        messages.write({"subject": False, "record_name": False})
        self.env["mail.activity"].search(
            expression.OR(
                [[("res_model", "=", records._name), ("res_id", "in", records.ids)] for records in recordsets]
            )
        ).unlink()
