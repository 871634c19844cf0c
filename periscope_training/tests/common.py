# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command

from odoo.addons.periscope_members.tests.common import PeriscopeCase

# a one-pixel PNG, base64: what the signature pad sends
SIGNATURE = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="


class PeriscopeTrainingCase(PeriscopeCase):
    """A training officer, a training administrator, a reception desk and a
    portal member; a training room and a meeting room with the hub's opening
    hours (Monday to Friday, 8:00-20:00 Paris time); a programme and a draft
    session of it, built once."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.officer = cls._make_user("training_officer", "periscope_training.group_periscope_training_user")
        cls.manager = cls._make_user("training_manager", "periscope_training.group_periscope_training_manager")
        cls.reception = cls._make_user("training_reception", "periscope_coworking.group_periscope_coworking_user")
        cls.portal_user = cls._make_user("training_portal", "base.group_portal")
        cls.accountant = cls._make_user("training_accountant", "account.group_account_invoice")
        hours = cls.env.ref("periscope_coworking.resource_calendar_hub")
        Space = cls.env["periscope.space"]
        cls.room = Space.create(
            {
                "name": "Salle de formation (test)",
                "space_type": "training_room",
                "capacity": 20,
                "buffer_minutes": 30,
                "resource_calendar_id": hours.id,
            }
        )
        cls.meeting_room = Space.create(
            {
                "name": "Salle du Canal (test)",
                "space_type": "meeting_room",
                "capacity": 12,
                "resource_calendar_id": hours.id,
            }
        )
        Partner = cls.env["res.partner"]
        cls.bge = cls._make_organisation("BGE Sud-Ouest (test)")
        cls.trainer = Partner.create({"name": "Antoine Mercier (test)", "parent_id": cls.bge.id})
        cls.other_trainer = Partner.create({"name": "Julie Castex (test)", "parent_id": cls.bge.id})
        cls.programme = (
            cls.env["periscope.training.programme"]
            .with_user(cls.manager)
            .create(
                {
                    "name": "Créer son entreprise de l'ESS (test)",
                    "duration_hours": 14.0,
                    "price_per_trainee": 420.0,
                    "nsf_code": "310",
                    "trainer_ids": [(6, 0, cls.trainer.ids)],
                }
            )
        )
        cls.session = cls._new_session("Créer son entreprise — mars (test)")
        # as if committed: the records created above track their changes
        cls.env.flush_all()
        cls.env.cr.precommit.run()

    @classmethod
    def _new_session(cls, name, **values):
        return (
            cls.env["event.event"]
            .with_user(cls.officer)
            .create(
                {
                    "name": name,
                    "is_training": True,
                    "programme_id": cls.programme.id,
                    "date_tz": "Europe/Paris",
                    "date_begin": "2026-03-16 08:00:00",
                    "date_end": "2026-03-17 16:00:00",
                    **values,
                }
            )
        )

    def _slot(self, start, stop, session=None, space=None, user=None, **values):
        """A slot of the session (by default in the training room), created by
        the training officer; times are naive UTC."""
        return (
            self.env["periscope.training.slot"]
            .with_user(user or self.officer)
            .create(
                {
                    "event_id": (session or self.session).id,
                    "start": start,
                    "stop": stop,
                    "space_id": (self.room if space is None else space).id,
                    "trainer_id": self.trainer.id,
                    **values,
                }
            )
        )

    def _register(self, partner, fundings=(), session=None, user=None, **values):
        """A registration of ``partner`` to the session (by default), by the
        training officer; ``fundings`` are (funder, funder type, amount)."""
        return (
            self.env["event.registration"]
            .with_user(user or self.officer)
            .create(
                {
                    "event_id": (session or self.session).id,
                    "partner_id": partner.id,
                    "trainee_type": "individual",
                    "funding_ids": [
                        Command.create({"funder_id": funder.id, "funder_type": funder_type, "amount": amount})
                        for funder, funder_type, amount in fundings
                    ],
                    **values,
                }
            )
        )
