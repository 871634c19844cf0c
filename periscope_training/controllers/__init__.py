from . import catalogue
from . import portal
