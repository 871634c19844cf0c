from . import test_foundation
from . import test_key_figure
from . import test_member
