# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Helpers of the export of a person's training data (see
``res.partner._periscope_personal_data``): JSON-ready values, computed once
for all the records exported."""

import datetime

from odoo import fields


def selection_labels(model, fname):
    """The labels of the values of the selection field ``fname`` of
    ``model``, in the language of its environment, by value."""
    return dict(model._fields[fname]._description_selection(model.env))


def moment(value):
    """A date or a datetime as text (UTC for a datetime), or None."""
    if not value:
        return None
    if isinstance(value, datetime.datetime):
        return fields.Datetime.to_string(value)
    return fields.Date.to_string(value)
