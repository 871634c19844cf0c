from . import catalogue
