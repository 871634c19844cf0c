from . import periscope_concierge_collect
from . import periscope_concierge_agreement_invoice
from . import periscope_concierge_settlement_run
