"""Issue 14, point 7: `flask data purge` deletes, LMS by LMS, the records silent for the whole retention with all
that hangs off them, then the people left with no record, then the audit events past theirs; it prints counts,
never a name; a dry run deletes nothing; a second run finds nothing; it works in batches, each its own
transaction, beside a learner who keeps reading."""
from __future__ import annotations

import re
import threading
from datetime import timedelta

import pytest
import requests
from sqlalchemy import select, update

from lms_service.content import get_catalogue
from lms_service.db import Base, utcnow
from lms_service.models import AuditEvent, Membership, NurseryReview, PageView, ReviewFollowUp, TutorNote, User
from lms_service.models.audit import READ_LEARNER
from lms_service.months import shift_months
from lms_service.privacy.person_tables import exported_tables
from lms_service.privacy.purge import BATCH_SECONDS, delete_silent, next_size, purge
from lms_service.privacy.retention import cutoffs

from .conftest import SLUG, ago, counts, dated, fill

OLD = ago(40 * 31)  # past 36 months
RECENT = ago(30)
SETTINGS = {"DATA_RETENTION_MONTHS": 36, "AUDIT_RETENTION_MONTHS": 12}
PERSONAL = {table.name for table in exported_tables(Base.metadata)}


def _run(app, *args: str) -> str:
    result = app.test_cli_runner().invoke(args=["data", "purge", *args])
    assert result.exit_code == 0, result.output
    return result.output


def _line(output: str, lms_id: int) -> tuple[int, int, int]:
    found = re.search(rf"Plateforme {lms_id} \(.*?\) : (\d+) inscription\(s\) à un cours, (\d+) personne\(s\), "
                      r"(\d+) événement\(s\) du journal", output)  # fmt: skip
    assert found, output
    return tuple(int(n) for n in found.groups())  # type: ignore[return-value]


@pytest.fixture
def people(db, make):
    """LMS A: an active tutor, a tutor silent for 40 months, a learner silent as long, a learner seen a month ago
    (with a note by the silent tutor and an audit event 13 months old); LMS B: one of each learner, its recent one
    under the same LMS identifier (`sub`) as A's old learner."""
    course = make.course("Nurserie A")
    tutor = make.member(course, "Tutrice Active", tutor=True)
    gone_tutor = make.member(course, "Tuteur Parti", tutor=True)
    dated(db, gone_tutor, OLD)
    old = make.member(course, "Ancien Apprenant")
    fill(db, old, tutor, OLD)
    recent = make.member(course, "Récente Apprenante")
    fill(db, recent, tutor, RECENT)
    db.add(TutorNote(membership_id=recent.id, written_on=RECENT.date(), body="Appel", author_id=gone_tutor.id))
    db.add(AuditEvent(lms_id=course.lms_id, actor_id=tutor.id, action=READ_LEARNER, subject_id=recent.id,
                      context_id=course.id, at=utcnow() - timedelta(days=13 * 31)))  # fmt: skip
    far = make.course("Nurserie B", lms_id=make.lms())
    far_tutor = make.member(far, "Tuteur Loin", tutor=True)
    far_old = make.member(far, "Lointain Ancien")
    fill(db, far_old, far_tutor, OLD)
    far_recent = make.member(far, "Lointaine Récente")
    fill(db, far_recent, far_tutor, RECENT)
    far_recent.user.sub = old.user.sub
    db.commit()
    return {"lms_a": course.lms_id, "lms_b": far.lms_id, "old": old, "recent": recent, "far_old": far_old,
            "far_recent": far_recent, "gone_tutor": gone_tutor, "tutor": tutor}  # fmt: skip


def test_the_purge_deletes_the_silent_records_with_everything_of_theirs_and_keeps_the_others(app, db, people,
                                                                                            sql) -> None:  # fmt: skip
    gone = [people[key].id for key in ("old", "far_old", "gone_tutor")]
    gone_people = [people[key].user_id for key in ("old", "far_old", "gone_tutor")]
    old_sub, far_recent_user = people["old"].user.sub, people["far_recent"].user_id
    before = counts(db)
    with sql() as seen:
        output = _run(app)
    assert _line(output, people["lms_a"]) == (2, 2, 2)  # the learner and the tutor; their events and the 13-month one
    assert _line(output, people["lms_b"]) == (1, 1, 1)
    assert "Total : 3 inscription(s) à un cours, 3 personne(s), 3 événement(s) du journal supprimés" in output
    for name in ("Ancien", "Lointain", "Tuteur Parti", "Récente", "sub-"):
        assert name not in output  # counts, never a name
    after = counts(db)
    expected = {name: 2 for name in PERSONAL} | {"membership": 3, "app_user": 3, "audit_event": 3}
    assert {name: before[name] - after[name] for name in before if before[name] != after[name]} == expected
    for table in Base.metadata.sorted_tables:  # no row left pointing at what went
        for key in table.foreign_keys:
            if key.column.table.name == "membership":
                assert not db.scalar(select(key.parent).where(key.parent.in_(gone)).limit(1)), (table.name, key)
    assert not db.scalars(select(User.id).where(User.id.in_(gone_people))).all()
    # The active records stay whole; the silent tutor's note on a recent learner stays, its author unnamed.
    assert db.get(Membership, people["recent"].id) and db.get(Membership, people["far_recent"].id)
    assert db.get(Membership, people["tutor"].id)
    assert db.scalar(select(User.sub).where(User.id == far_recent_user)) == old_sub
    kept_note = db.scalars(select(TutorNote).where(TutorNote.body == "Appel")).one()
    assert kept_note.author_id is None and kept_note.membership_id == people["recent"].id
    deletes = [s for s in seen.statements if s.lstrip().upper().startswith("DELETE FROM MEMBERSHIP")]
    assert len(deletes) == 2  # one batch per LMS: not one statement per record

    assert counts(db) == after and "Total : 0 inscription(s) à un cours, 0 personne(s), 0 événement(s)" in _run(app)


def test_a_dry_run_counts_the_same_and_deletes_nothing(app, db, people) -> None:
    before = counts(db)
    output = _run(app, "--dry-run")
    assert _line(output, people["lms_a"]) == (2, 2, 2) and _line(output, people["lms_b"]) == (1, 1, 1)
    assert "à supprimer" in output and "rien n'a été supprimé" in output
    assert counts(db) == before


def test_each_batch_is_its_own_transaction(app, db, people, sql) -> None:
    """--batch 1: a statement and a commit per record, so the service's writers wait for one batch at most."""
    with sql() as seen:
        output = _run(app, "--batch", "1")
    deletes = [s for s in seen.statements if s.lstrip().upper().startswith("DELETE FROM MEMBERSHIP")]
    assert len(deletes) == 3 and seen.commits >= 3 + 2 + 2  # records; then people and events, per LMS
    assert "Total : 3 inscription(s)" in output


@pytest.mark.parametrize("sign", ["launch", "activity", "roster", "entry", "review", "follow_up"])
def test_any_recent_sign_of_life_keeps_the_record(app, db, make, sign) -> None:
    """The latest of launch, activity, roster listing, entry, review (bilan) and follow-up counts."""
    member = make.member(make.course(), "Presque Partie")
    dated(db, member, OLD)
    recent = {"launch": {"last_launch_at": RECENT}, "activity": {"last_activity_at": RECENT},
              "roster": {"roster_seen_at": RECENT}, "entry": {"entry_date": RECENT.date()}}  # fmt: skip
    if sign in recent:
        db.execute(update(Membership).where(Membership.id == member.id).values(**recent[sign]))
    elif sign == "review":
        db.add(NurseryReview(membership_id=member.id, held_on=RECENT.date(), outcome="training"))
    else:
        db.add(NurseryReview(membership_id=member.id, held_on=OLD.date(), outcome="training"))
        db.add(ReviewFollowUp(membership_id=member.id, months=6, state="in_job", noted_on=RECENT.date()))
    db.commit()
    assert purge(app.extensions["db"], cutoffs(utcnow(), SETTINGS))[member.context.lms_id].records == 0
    dated(db, member, OLD)
    db.execute(update(NurseryReview).values(held_on=OLD.date()))
    db.execute(update(ReviewFollowUp).values(noted_on=OLD.date()))
    db.commit()
    assert purge(app.extensions["db"], cutoffs(utcnow(), SETTINGS))[member.context.lms_id].records == 1


def test_the_retention_runs_to_the_second(app, db, make) -> None:
    """A clock: launched exactly 36 months before `now` is kept, a second earlier is deleted."""
    now = utcnow().replace(microsecond=0)
    limit = shift_months(now, -36)
    course = make.course()
    on_time, late = make.member(course, "Pile"), make.member(course, "Juste Avant")
    for member, at in ((on_time, limit), (late, limit - timedelta(seconds=1))):
        dated(db, member, at)
        db.execute(update(Membership).where(Membership.id == member.id).values(entry_date=OLD.date()))
    ids = on_time.id, late.id
    db.commit()
    assert purge(app.extensions["db"], cutoffs(now, SETTINGS), dry_run=True)[course.lms_id].records == 1
    assert purge(app.extensions["db"], cutoffs(now, SETTINGS))[course.lms_id].records == 1
    db.expire_all()
    assert db.scalars(select(Membership.id).where(Membership.id.in_(ids))).all() == [ids[0]]


def test_months_are_calendar_months() -> None:
    base = utcnow().replace(year=2027, month=3, day=31, hour=12)
    assert shift_months(base, -1).date().isoformat() == "2027-02-28"
    assert shift_months(base, -36).date().isoformat() == "2024-03-31"
    assert shift_months(base, -13).date().isoformat() == "2026-02-28"


def test_a_record_that_comes_back_to_life_between_the_read_and_the_delete_is_kept(app, db, make) -> None:
    member = make.member(make.course(), "Revenante")
    dated(db, member, OLD)
    db.commit()
    limits = cutoffs(utcnow(), SETTINGS)
    db.execute(update(Membership).where(Membership.id == member.id).values(last_launch_at=utcnow()))  # a launch
    db.commit()
    with app.app_context():
        with app.extensions["db"]() as other, other.begin():
            assert delete_silent(other, [member.id], limits) == 0
    db.expire_all()
    assert db.get(Membership, member.id) is not None


def test_the_purge_runs_beside_a_learner_who_reads(app, db, make, tool_server) -> None:
    """Real threads: the purge, one record per transaction, while a learner of the same course reads pages."""
    course = make.course()
    tutor = make.member(course, "Tutrice", tutor=True)
    for n in range(20):
        fill(db, make.member(course, f"Ancienne {n}"), tutor, OLD)
    reader = make.member(course, "Lectrice")
    token = make.token(reader)
    db.commit()
    with app.app_context():
        pages = [page.id for page in get_catalogue().get(SLUG).pages]
    start = threading.Barrier(2)
    statuses: list[int] = []

    def read() -> None:
        start.wait()
        for n in range(30):
            answer = requests.get(f"{tool_server.url}/modules/{SLUG}/{pages[n % len(pages)]}?lt={token}", timeout=30)
            statuses.append(answer.status_code)

    reading = threading.Thread(target=read)
    reading.start()
    start.wait()
    with app.app_context():
        done = purge(app.extensions["db"], cutoffs(utcnow(), SETTINGS), batch=1)
    reading.join()
    assert done[course.lms_id].records == 20 and set(statuses) == {200}
    db.expire_all()
    assert db.scalar(select(PageView.id).where(PageView.membership_id == reader.id).limit(1))
    assert db.get(Membership, tutor.id) and db.get(Membership, reader.id)


def test_a_batch_that_holds_the_write_lock_too_long_makes_the_next_smaller() -> None:
    """Without an index on a column that points at a record, each deleted record scans that table: the batch
    adapts, so the requests waiting for SQLite's write lock wait half a second at most, not one whole batch."""
    assert next_size(200, BATCH_SECONDS * 3, 200) == 100
    assert next_size(1, BATCH_SECONDS * 3, 200) == 1
    assert next_size(100, BATCH_SECONDS / 10, 200) == 200
    assert next_size(200, BATCH_SECONDS / 10, 200) == 200  # never past --batch
    assert next_size(50, BATCH_SECONDS / 2, 200) == 50
