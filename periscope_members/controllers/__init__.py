from . import portal
from . import sharing
