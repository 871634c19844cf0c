# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The numbers that people and programs send to the concierge: typed in a form
(``2,5`` as French users type it), posted to a portal route, or passed through
RPC (where JSON also carries ``NaN`` and ``Infinity``). A number that is not
finite, or out of its field's bounds, is refused with a translated message
before anything is written: the ORM would otherwise store ``nan`` (which passes
a SQL ``CHECK(x >= 0)``), or overflow while rounding ``1e307`` × a price."""

# one reading of a typed number and one check, the members' (its widest
# amount, 1e12: rounding to the cent overflows from about 1e306)
from odoo.addons.periscope_members.models.number_bounds import check_numbers, parse_number  # noqa: F401

# the most of a service in one order, and the highest unit price or cost of a
# service (the SQL constraints of the order lines say the same)
MAX_QUANTITY = 10000
MAX_PRICE = 100000
