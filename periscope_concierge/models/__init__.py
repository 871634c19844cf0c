from . import product_template
from . import periscope_concierge_agreement
from . import periscope_concierge_order
from . import periscope_concierge_order_line
from . import periscope_concierge_settlement
from . import periscope_concierge_report
from . import account_move
from . import periscope_concierge_label_report
