from . import test_space
