from . import test_foundation
from . import test_hub_report
from . import test_key_figure
from . import test_member
from . import test_performance
from . import test_portal
from . import test_renewal
