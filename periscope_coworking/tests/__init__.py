from . import test_booking
from . import test_concurrency
from . import test_space
