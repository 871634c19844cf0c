# Copyright 2026 Le Périscope
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The coworking's flags: raised by its own methods only, for the time of one
call (see ``periscope_members/tools/flags.py``)."""

from odoo.addons.periscope_members.tools.flags import ALL, is_raised, raised  # noqa: F401

# raised by the booking's own methods for the bookings whose computed values
# they write: price, quantity, included hours, rates, late cancellation,
# no-show, calendar event
SETTING = "booking_setting"
# raised while bookings create, write or delete their events in the Odoo
# Calendar (the event mirrors the booking: nothing flows back)
FROM_BOOKING = "from_booking"
# raised by a billing run's own actions for the runs whose state they move
BILLING = "billing_run_state"
# raised by a charge allocation's own actions for the allocations whose state
# and computed costs they write
ALLOCATION = "charge_allocation_state"
