from . import catalogue
from . import portal
from . import portal_referral
from . import hub_events
from . import portal_events
from . import showcase
