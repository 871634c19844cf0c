# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import Command, fields

from odoo.addons.periscope_coworking.tests.common import CoworkingFactoryMixin
from odoo.addons.periscope_members.tests.common import PeriscopeCase

# a one-pixel PNG, base64: what the signature pad sends
SIGNATURE = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="


# Monday 16 March 2026, the morning and the afternoon (naive UTC: 9:00-12:30
# and 13:30-17:00 in Paris), and Monday 30 March, a morning after the change
# to summer time (9:00-12:30 in Paris again)
MARCH_16_MORNING = ("2026-03-16 08:00:00", "2026-03-16 11:30:00")
MARCH_16_AFTERNOON = ("2026-03-16 12:30:00", "2026-03-16 16:00:00")
MARCH_30_MORNING = ("2026-03-30 07:00:00", "2026-03-30 10:30:00")


class PeriscopeTrainingCase(CoworkingFactoryMixin, PeriscopeCase):
    """A training officer, a training administrator, a reception desk and a
    portal member; a training room and a meeting room with the hub's opening
    hours (Monday to Friday, 8:00-20:00 Paris time); a programme and a draft
    session of it, built once."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_training_staff()
        cls._setup_training_rooms()
        cls._setup_training_programme()
        cls.session = cls._new_session("Créer son entreprise — mars (test)")
        # as if committed: the records created above track their changes
        cls.env.flush_all()
        cls.env.cr.precommit.run()

    @classmethod
    def _setup_training_staff(cls):
        cls.officer = cls._make_user("training_officer", "periscope_training.group_periscope_training_user")
        cls.manager = cls._make_user("training_manager", "periscope_training.group_periscope_training_manager")
        cls.reception = cls._make_user("training_reception", "periscope_coworking.group_periscope_coworking_user")
        cls.portal_user = cls._make_user("training_portal", "base.group_portal")
        cls.accountant = cls._make_user("training_accountant", "account.group_account_invoice")

    @classmethod
    def _setup_training_rooms(cls):
        cls.room = cls._make_space("Salle de formation (test)", "training_room", 20, buffer_minutes=30)
        cls.meeting_room = cls._make_space("Salle du Canal (test)", "meeting_room", 12)

    @classmethod
    def _setup_training_programme(cls):
        """BGE, whose two trainers give the programme."""
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

    @classmethod
    def _setup_funders_and_trainees(cls):
        """Two funders, an OPCO and France Travail; Caracole and two of its
        employees, Inès and Paul."""
        cls.opco = cls._make_organisation("Uniformation (test)")
        cls.france_travail = cls._make_organisation("France Travail Occitanie (test)")
        cls.caracole = cls._make_organisation("Caracole (test)")
        Partner = cls.env["res.partner"]
        cls.ines = Partner.create({"name": "Inès Moreau (test)", "parent_id": cls.caracole.id})
        cls.paul = Partner.create({"name": "Paul Sabatier (test)", "parent_id": cls.caracole.id})

    @classmethod
    def _setup_three_trainees(cls):
        """Inès, Léa and Marc, trainees with an e-mail address."""
        Partner = cls.env["res.partner"]
        cls.ines = Partner.create({"name": "Inès Moreau (test)", "email": "ines@example.com"})
        cls.lea = Partner.create({"name": "Léa Garcia (test)", "email": "lea@example.com"})
        cls.marc = Partner.create({"name": "Marc Blanc (test)", "email": "marc@example.com"})

    @classmethod
    def _make_slots(cls, times, session=None, user=None, **values):
        """Slots of ``session`` (by default the session) at ``times``, pairs
        of naive UTC start and stop, given by the trainer unless
        ``trainer_id`` is given; created by ``user``, by default the
        superuser."""
        Slot = cls.env["periscope.training.slot"]
        if user:
            Slot = Slot.with_user(user)
        return Slot.create(
            [
                {
                    "event_id": (session or cls.session).id,
                    "start": start,
                    "stop": stop,
                    "trainer_id": cls.trainer.id,
                    **values,
                }
                for start, stop in times
            ]
        )

    @staticmethod
    def _around_now():
        """The times of a half-day begun an hour ago and of one in two days,
        for the tests whose server answers on the real clock."""
        now = fields.Datetime.now()
        return [
            (now - timedelta(hours=1), now + timedelta(hours=2)),
            (now + timedelta(days=2), now + timedelta(days=2, hours=3)),
        ]

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
