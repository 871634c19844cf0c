# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class PeriscopeExclusionMixin(models.AbstractModel):
    """The models whose exclusion constraints compare ids with ``=`` beside
    a time range in a GiST index (a seat, a lease, an agreement, a slot at
    one time): PostgreSQL's ``btree_gist`` extension gives those operators.
    Inherit it before the constraints are created."""

    _name = "periscope.exclusion.mixin"
    _description = "Exclusion constraints on ids and time ranges"

    def _auto_init(self):
        self.env.cr.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
        return super()._auto_init()
