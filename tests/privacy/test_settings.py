"""Issue 14, point 7: the retention settings come from the environment in production, checked at start."""
from __future__ import annotations

import pytest

from config import ProductionConfig


@pytest.fixture
def production(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://u@h/db")
    monkeypatch.setenv("SECRET_KEY", "a-secret")
    monkeypatch.delenv("DATA_RETENTION_MONTHS", raising=False)
    monkeypatch.delenv("AUDIT_RETENTION_MONTHS", raising=False)
    return monkeypatch


def test_the_defaults_unless_the_environment_says_otherwise(production) -> None:
    config = ProductionConfig()
    assert (config.DATA_RETENTION_MONTHS, config.AUDIT_RETENTION_MONTHS) == (36, 12)
    production.setenv("DATA_RETENTION_MONTHS", "24")
    production.setenv("AUDIT_RETENTION_MONTHS", " 6 ")
    config = ProductionConfig()
    assert (config.DATA_RETENTION_MONTHS, config.AUDIT_RETENTION_MONTHS) == (24, 6)


@pytest.mark.parametrize("value", ["0", "-3", "abc", "2.5", "241", "٣", "99999999999999999999"])
def test_a_wrong_duration_stops_the_start(production, value) -> None:
    production.setenv("DATA_RETENTION_MONTHS", value)
    with pytest.raises(RuntimeError, match="DATA_RETENTION_MONTHS"):
        ProductionConfig()
