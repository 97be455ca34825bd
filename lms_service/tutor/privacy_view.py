"""(being written for issue 14)"""
from . import bp  # noqa: F401
