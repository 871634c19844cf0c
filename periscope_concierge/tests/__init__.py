from . import test_catalogue
from . import test_portal
from . import test_order
from . import test_settlement
from . import test_report
from . import test_tours
from . import test_security_rpc
from . import test_personal_data
