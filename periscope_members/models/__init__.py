from . import periscope_cooperation_axis
from . import periscope_sector
from . import periscope_member_type
from . import periscope_key_figure
from . import res_partner
