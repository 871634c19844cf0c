from . import periscope_training_slot_generate
from . import periscope_training_attendance_correct
from . import periscope_referral_wizard
from . import periscope_referral_decline
from . import periscope_project_outcome
from . import periscope_key_figure_report
