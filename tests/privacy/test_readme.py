"""Issue 14, point 7: the README says what is stored, why and for how long: every table a person's data lives in
is named in its « Données personnelles (RGPD) » section (a new one fails here until it is), with the settings and
the command that apply the durations."""
from __future__ import annotations

from config import BASE_DIR, Config
from lms_service.db import Base
from lms_service.privacy.person_tables import exported_tables

SECTION = (BASE_DIR / "README.md").read_text(encoding="utf-8").split("## Données personnelles (RGPD)", 1)[1]
SECTION = SECTION.split("\n## ", 1)[0]


def test_every_table_of_a_person_is_named_in_the_readme() -> None:
    missing = [table.name for table in exported_tables(Base.metadata) if f"`{table.name}`" not in SECTION]
    assert missing == []


def test_the_readme_gives_the_settings_their_defaults_and_the_commands() -> None:
    assert f"`DATA_RETENTION_MONTHS`, {Config.DATA_RETENTION_MONTHS} mois par défaut" in SECTION
    assert f"`AUDIT_RETENTION_MONTHS`, {Config.AUDIT_RETENTION_MONTHS} mois par défaut" in SECTION
    assert "flask --app wsgi data purge --dry-run" in SECTION and "log_privacy.py" in SECTION
    assert "ne touche pas\n  la plateforme de formation" in SECTION


def test_the_readme_says_the_survey_s_answers_are_not_in_the_person_s_file_and_how_times_read() -> None:
    """The référent hands the file over; the survey's answers stay anonymous to them: the operator has them."""
    assert "**Ses réponses au questionnaire de satisfaction n'y\n  sont pas**" in SECTION
    assert "l'exploitant les lit" in SECTION and "`2026-11-30T12:00:00+01:00`" in SECTION
