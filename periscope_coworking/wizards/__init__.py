from . import periscope_booking_recurrence
