"""Migration 0003 on a database that already holds one LMS twice, and `flask lti join-lms`.

The state before is built with the schema of migration 0002 (people and courses
under their registration) in a scratch database of the suite's kind: an SQLite
file, or a PostgreSQL schema of its own.
"""
from __future__ import annotations

from datetime import UTC, date, datetime

import sqlalchemy as sa
from flask import Flask

from lms_service.cli import migrate
from lms_service.db import get_engine

from ..scratch_database import rows

OLD, NEW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC), datetime(2026, 11, 20, 15, 0, tzinfo=UTC)


def _registration(issuer: str, client_id: str) -> dict:
    return {
        "issuer": issuer, "client_id": client_id, "name": issuer, "auth_login_url": f"{issuer}/auth",
        "auth_token_url": f"{issuer}/token", "key_set_url": f"{issuer}/jwks", "created_at": OLD, "status": "active",
    }  # fmt: skip


def _one_lms_registered_twice(conn: sa.Connection) -> None:
    """Inès, in the Roubaix course, under two registrations of one Moodle; a Canvas school apart."""
    first, second, canvas = rows(
        conn, "lti_platform",
        _registration("https://moodle.afpa.example", "client-a"),
        _registration("https://moodle.afpa.example", "client-b"),
        _registration("https://canvas.instructure.com", "10000000000001"),
    )  # fmt: skip
    course = {"lti_context_id": "roubaix", "label": "RBX", "title": "Nurserie Roubaix", "has_course": True}
    c1, c2, c3 = rows(
        conn, "context", {**course, "platform_id": first, "created_at": OLD},
        {**course, "platform_id": second, "title": "Nurserie numérique Roubaix", "created_at": NEW},
        {**course, "platform_id": canvas, "created_at": NEW},
    )  # fmt: skip
    person = {"sub": "ines", "given_name": None, "family_name": None, "email": None, "locale": "fr"}
    u1, u2, u3 = rows(
        conn, "app_user", {**person, "platform_id": first, "name": "Ines B.", "created_at": OLD},
        {**person, "platform_id": second, "name": "Inès Belkacem", "created_at": NEW},
        {**person, "platform_id": canvas, "name": "Inès de Canvas", "created_at": NEW},
    )  # fmt: skip
    member = {"roles": "[]", "is_learner": True, "is_tutor": False, "is_author": False, "is_admin": False,
              "is_mentor": False, "mentor_scope": "[]"}  # fmt: skip
    m1, m2, _ = rows(
        conn, "membership",
        {**member, "context_id": c1, "user_id": u1, "modality": "remote", "entry_date": date(2026, 11, 2),
         "first_launch_at": OLD, "last_launch_at": OLD, "last_activity_at": OLD},
        {**member, "context_id": c2, "user_id": u2, "modality": None, "entry_date": date(2026, 11, 20),
         "first_launch_at": NEW, "last_launch_at": NEW, "last_activity_at": NEW},
        {**member, "context_id": c3, "user_id": u3, "modality": "on_site", "entry_date": date(2026, 11, 20),
         "first_launch_at": NEW, "last_launch_at": NEW, "last_activity_at": NEW},
    )  # fmt: skip
    view = {"module_slug": "developpement-web"}
    rows(
        conn, "page_view",
        {**view, "membership_id": m1, "page_id": "p1", "first_seen_at": OLD, "last_seen_at": OLD, "seconds_spent": 60},
        {**view, "membership_id": m1, "page_id": "p2", "first_seen_at": OLD, "last_seen_at": OLD, "seconds_spent": 30},
        {**view, "membership_id": m2, "page_id": "p2", "first_seen_at": NEW, "last_seen_at": NEW, "seconds_spent": 45},
        {**view, "membership_id": m2, "page_id": "p3", "first_seen_at": NEW, "last_seen_at": NEW, "seconds_spent": 15},
    )  # fmt: skip
    progress = {"module_slug": "developpement-web", "status": "in_progress", "pages_seen": 2, "pages_total": 3,
                "completed_at": None, "completed_version": None}  # fmt: skip
    rows(
        conn, "module_progress",
        {**progress, "membership_id": m1, "seconds_spent": 90, "last_page_id": "p2", "started_at": OLD, "updated_at": OLD},
        {**progress, "membership_id": m2, "seconds_spent": 60, "last_page_id": "p3", "started_at": NEW, "updated_at": NEW},
    )  # fmt: skip
    link = {"lti_resource_link_id": "parcours", "title": "Parcours", "ags_scopes": "[]", "custom": "{}",
            "deployment_id": "1"}  # fmt: skip
    rows(conn, "resource_link", {**link, "context_id": c1, "updated_at": OLD}, {**link, "context_id": c2, "updated_at": NEW})


def test_the_migration_unites_what_one_lms_held_twice(scratch: Flask) -> None:
    with scratch.app_context():
        migrate("0002")
        with get_engine().begin() as conn:
            _one_lms_registered_twice(conn)
        migrate()
        with get_engine().connect() as conn:
            q = lambda sql: conn.exec_driver_sql(sql).all()  # noqa: E731
            lms = q("SELECT issuer FROM lti_lms ORDER BY id")
            registrations = q("SELECT client_id, lms_id FROM lti_platform ORDER BY id")
            people = q("SELECT name, lms_id FROM app_user ORDER BY id")
            courses = q("SELECT title FROM context ORDER BY id")
            member = q("SELECT id, modality, entry_date, first_launch_at, last_launch_at FROM membership ORDER BY id")
            views = q("SELECT page_id, seconds_spent FROM page_view ORDER BY page_id")
            progress = q("SELECT status, pages_seen, pages_total, seconds_spent, last_page_id FROM module_progress")
            links = q("SELECT registration_id FROM resource_link")

    assert [row.issuer for row in lms] == ["https://moodle.afpa.example", "https://canvas.instructure.com"]
    assert registrations[0].lms_id == registrations[1].lms_id != registrations[2].lms_id
    assert [row.name for row in people] == ["Inès Belkacem", "Inès de Canvas"]  # the newest word, and Canvas apart
    assert [row.title for row in courses] == ["Nurserie numérique Roubaix", "Nurserie Roubaix"]
    ines = member[0]
    assert len(member) == 2 and ines.modality == "remote" and str(ines.entry_date) == "2026-11-02"
    assert [(v.page_id, v.seconds_spent) for v in views] == [("p1", 60), ("p2", 75), ("p3", 15)]
    # United as completed by 0003, then read by 0008: the module's quiz is still to pass.
    assert [tuple(p) for p in progress] == [("read", 3, 3, 150, "p3")]
    assert [row.registration_id for row in links] == [2]  # the newer placement, through the second registration


def test_joining_two_lms_records_unites_their_people(scratch: Flask) -> None:
    """Two registrations of one hosted Canvas are two LMSs until an administrator says they are one."""
    with scratch.app_context():
        migrate("0002")
        with get_engine().begin() as conn:
            _one_lms_registered_twice(conn)
            conn.exec_driver_sql("UPDATE lti_platform SET issuer = 'https://canvas.instructure.com'")
        migrate()
        listing = scratch.test_cli_runner().invoke(args=["lti", "list-platforms"]).output
        assert listing.count("LMS ") == 3 and listing.count("  registration ") == 3
        result = scratch.test_cli_runner().invoke(args=["lti", "join-lms", "--into", "1", "--lms", "2"])
        assert result.exit_code == 0, result.output
        assert "1 registration(s) moved; 1 course(s), 1 person(s), 1 membership(s) united" in result.output
        with get_engine().connect() as conn:
            assert conn.exec_driver_sql("SELECT count(*) FROM lti_lms").scalar_one() == 2
            assert conn.exec_driver_sql("SELECT count(*) FROM membership").scalar_one() == 2


def test_removing_a_registration_keeps_the_learners(scratch: Flask) -> None:
    with scratch.app_context():
        migrate("0002")
        with get_engine().begin() as conn:
            _one_lms_registered_twice(conn)
        migrate()
        runner = scratch.test_cli_runner()
        result = runner.invoke(
            args=["lti", "remove-platform", "--issuer", "https://moodle.afpa.example", "--client-id", "client-b"]
        )
        assert result.exit_code == 0, result.output
        assert "1 resource link(s) lose grade delivery" in result.output
        with get_engine().connect() as conn:
            assert conn.exec_driver_sql("SELECT count(*) FROM membership").scalar_one() == 2
            assert conn.exec_driver_sql("SELECT count(*) FROM page_view").scalar_one() == 3
            assert conn.exec_driver_sql("SELECT registration_id FROM resource_link").scalar_one() is None
