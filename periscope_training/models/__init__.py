from . import periscope_training_programme
from . import event_event
from . import periscope_training_slot
from . import event_registration
from . import periscope_booking
