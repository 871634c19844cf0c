from . import catalogue
from . import portal
from . import portal_referral
