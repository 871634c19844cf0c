from . import periscope_training_slot_generate
