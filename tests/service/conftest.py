"""Fixtures of the service tests beyond the suite's own (tests/conftest.py)."""
from ..scratch_database import scratch  # noqa: F401 (a fixture: an empty database for migration tests)
