# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A year of training at scale, for the BPF's query-count test and for
bench/training.py: sessions of up to 100 trainees of every kind, funded by
an OPCO, France Travail, the Region or their employer, present or absent
at two half-days, their funders invoiced and the invoices posted."""

import math
from datetime import date, datetime, timedelta

import pytz

from odoo import Command

PARIS = pytz.timezone("Europe/Paris")
PER_SESSION = 100
TRAINEE_TYPES = ("employee", "apprentice", "job_seeker", "individual", "other")


def utc(day, hour, minute=0):
    """Naive UTC of ``day`` at ``hour``:``minute`` in Paris."""
    local = PARIS.localize(datetime.combine(day, datetime.min.time()))
    local = PARIS.normalize(local + timedelta(hours=hour, minutes=minute))
    return local.astimezone(pytz.utc).replace(tzinfo=None)


# the programmes of the year: NSF code, certification, RNCP level
PROGRAMMES = (
    ("310", "none", False),
    ("315", "rncp", "6"),
    ("320", "rs", False),
    ("330", "rncp", "4"),
    ("100", "none", False),
    ("200", "none", False),
)
# the records of the year, made without their chatter's noise
QUIET = {"tracking_disable": True, "mail_create_nolog": True, "mail_create_nosubscribe": True}


def build_training_year(env, count, year, prefix="BPF"):
    """``count`` registrations to sessions of ``year`` (as the superuser);
    returns the sessions."""
    funding, employer = _funders(env, prefix)
    trainers = _trainers(env, prefix)
    programmes = _programmes(env, prefix)
    # the first Monday of the year: every session in it
    monday = date(year, 1, 1)
    monday += timedelta(days=-monday.weekday() % 7)
    sessions = _sessions(env, prefix, programmes, trainers, monday, math.ceil(count / PER_SESSION))
    registrations = _registrations(env, prefix, sessions, funding, employer, count)
    _attend_and_invoice(env, registrations, sessions, year)
    env.flush_all()
    return sessions


def _funders(env, prefix):
    """``(funding, employer)``: what each kind of trainee is funded by, a
    (funder, funder type) by trainee type; the employer of the employees
    and the apprentices."""
    funders = env["res.partner"].create(
        [
            {"name": f"{prefix} OPCO", "is_company": True},
            {"name": f"{prefix} France Travail", "is_company": True},
            {"name": f"{prefix} Région", "is_company": True},
            {"name": f"{prefix} Employeur", "is_company": True},
        ]
    )
    opco, france_travail, region, employer = funders
    funding = {
        "employee": (opco, "opco_skills"),
        "apprentice": (opco, "opco_apprenticeship"),
        "job_seeker": (france_travail, "france_travail"),
        "individual": (region, "public_region"),
        "other": (employer, "company"),
    }
    return funding, employer


def _trainers(env, prefix):
    """A trainer of the organisation and one from outside."""
    internal = env["res.users"].create({"name": f"{prefix} formatrice", "login": f"{prefix.lower()}-trainer"})
    return internal.partner_id | env["res.partner"].create({"name": f"{prefix} formateur"})


def _programmes(env, prefix):
    return env["periscope.training.programme"].create(
        [
            {
                "name": f"{prefix} programme {index}",
                "duration_hours": 7.0,
                "price_per_trainee": 350.0,
                "nsf_code": code,
                "nsf_label": f"Spécialité {code}",
                "certification": certification,
                "rncp_level": level,
            }
            for index, (code, certification, level) in enumerate(PROGRAMMES)
        ]
    )


def _sessions(env, prefix, programmes, trainers, monday, sessions_count):
    """``sessions_count`` open sessions of a day each, a week apart from
    ``monday`` on, of two half-days given by each trainer in turn."""
    sessions = (
        env["event.event"]
        .with_context(**QUIET)
        .create(
            [
                {
                    "name": f"{prefix} session {index + 1}",
                    "is_training": True,
                    "programme_id": programmes[index % len(programmes)].id,
                    "date_tz": "Europe/Paris",
                    "date_begin": utc(monday + timedelta(weeks=index % 48), 9),
                    "date_end": utc(monday + timedelta(weeks=index % 48), 17),
                    "seats_limited": False,
                    "event_mail_ids": [Command.clear()],
                }
                for index in range(sessions_count)
            ]
        )
    )
    env["periscope.training.slot"].create(
        [
            {
                "event_id": session.id,
                "start": utc(day, hour),
                "stop": utc(day, hour, 210),
                "trainer_id": trainers[(index + half) % 2].id,
            }
            for index, session in enumerate(sessions)
            for day in [monday + timedelta(weeks=index % 48)]
            for half, hour in enumerate((9, 14))
        ]
    )
    sessions.action_training_open()
    return sessions


def _registrations(env, prefix, sessions, funding, employer, count):
    """``count`` trainees of every kind in turn, PER_SESSION a session,
    each funded to the cent."""
    trainees = env["res.partner"].create([{"name": f"{prefix} stagiaire {index + 1}"} for index in range(count)])
    vals_list = []
    for index, trainee in enumerate(trainees):
        trainee_type = TRAINEE_TYPES[index % len(TRAINEE_TYPES)]
        funder, funder_type = funding[trainee_type]
        vals_list.append(
            {
                "event_id": sessions[index // PER_SESSION].id,
                "partner_id": trainee.id,
                "trainee_type": trainee_type,
                "employer_id": employer.id if trainee_type in ("employee", "apprentice") else False,
                "agreed_price": 350.0,
                "funding_ids": [Command.create({"funder_id": funder.id, "funder_type": funder_type, "amount": 350.0})],
            }
        )
    return env["event.registration"].with_context(**QUIET).create(vals_list)


def _attend_and_invoice(env, registrations, sessions, year):
    """The trainees present, but one in seven absent in the afternoon; the
    funders invoiced, the invoices posted."""
    attendances = registrations.attendance_ids
    afternoons = attendances.filtered(lambda a: a.slot_id.start.hour >= 12)
    absent = afternoons.filtered(lambda a: a.registration_id.id % 7 == 0)
    (attendances - absent).action_mark_present()
    absent.action_mark_absent()
    sessions.action_invoice_funders()
    moves = env["account.move"].search([("periscope_training_event_id", "in", sessions.ids)])
    # invoiced in the year, whatever today is
    moves.write({"invoice_date": date(year, 12, 1)})
    moves.action_post()
