from . import test_session
from . import test_programme
from . import test_slot
from . import test_generate
from . import test_catalogue
from . import test_seat_concurrency
