from . import periscope_space
from . import periscope_booking
from . import periscope_booking_seat
from . import calendar_event
from . import periscope_occupancy
from . import res_partner
