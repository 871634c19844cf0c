from . import periscope_space
