from . import periscope_booking_recurrence
from . import periscope_key_figure_report
