from . import test_booking
from . import test_concurrency
from . import test_space
from . import test_occupancy
from . import test_rates
from . import test_free_slots
from . import test_recurrence
from . import test_included_hours
