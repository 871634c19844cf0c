from . import portal
from . import sharing
from . import staff_loan
from . import showcase
from . import mailing
