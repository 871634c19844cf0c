# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The organisation a record is of — a member's key figures, an office's
resident, a concierge agreement, an offer or a request of sharing: one
definition for the four addons."""

from odoo import fields
from odoo.exceptions import ValidationError


def organisation_field(string="Organisation", **kwargs):
    """The required, indexed and tracked link to an organisation (a company
    partner: the form proposes no person) that a record belongs to."""
    return fields.Many2one(
        comodel_name="res.partner",
        string=string,
        required=True,
        index=True,
        domain=[("is_company", "=", True)],
        tracking=True,
        **kwargs,
    )


def check_organisation(organisation, contact=None):
    """Refuse ``organisation`` when it is a person, and ``contact`` when it
    is not a person of ``organisation``."""
    env = organisation.env
    if not organisation.is_company:
        raise ValidationError(env._("%s is not an organisation.", organisation.display_name))
    if contact and contact.commercial_partner_id != organisation:
        raise ValidationError(
            env._(
                "%(person)s does not work for %(organisation)s.",
                person=contact.display_name,
                organisation=organisation.display_name,
            )
        )
