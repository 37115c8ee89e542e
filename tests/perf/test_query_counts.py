"""The number of SQL statements a page runs does not grow with the rows it shows (goal 2 of
the performance issue: constant and at most 10 per page). Counted, never timed."""

from datetime import timedelta

import pytest
from sqlalchemy import insert, text

from core.clock import utcnow
from core.extensions import db

MAX_QUERIES = 10
SIZES = (10, 1000)


def queries_for(client, count_queries, url: str) -> tuple[int, str]:
    client.get(url)  # warm what is filled once per process (translations, templates)
    with count_queries() as q:
        resp = client.get(url)
    assert resp.status_code == 200, f"{url} answered {resp.status_code}"
    return q.count, q.report()


def assert_constant(counts: dict[int, tuple[int, str]]) -> None:
    (small, small_sql), (large, large_sql) = counts[SIZES[0]], counts[SIZES[1]]
    assert small == large, f"{small} queries with {SIZES[0]} rows, {large} with {SIZES[1]}:\n" \
                           f"{small_sql}\n---\n{large_sql}"
    assert large <= MAX_QUERIES, large_sql


def test_the_counter_counts_every_statement(app, client, count_queries, make_user, login):
    login(client, make_user())
    with count_queries() as q:
        client.get("/")
    assert q.count >= 1


@pytest.mark.parametrize("url", [
    "/desk/?queue=new", "/desk/?queue=received", "/desk/?queue=all",
    "/desk/?queue=closed", "/desk/?queue=decision_due",
    "/desk/?queue=all&q=HBKJTY-2026", "/desk/?queue=all&q=数据服务", "/desk/?queue=all&q=张伟",
])
def test_desk_pages_run_the_same_few_queries_for_10_or_1000_manuscripts(
        app, client, count_queries, make_user, login, bulk_manuscripts, url):
    editor, author = make_user(roles=("editor",)), make_user()
    login(client, editor)
    counts = {}
    done = 0
    for size in SIZES:
        for state in ("submitted", "received", "published"):
            bulk_manuscripts((size - done) // 3 + 1, author, state=state)
        done = size
        counts[size] = queries_for(client, count_queries, url)
    assert_constant(counts)


def test_the_author_dashboard_runs_the_same_few_queries_for_10_or_1000_manuscripts(
        app, client, count_queries, make_user, login, bulk_manuscripts):
    author = make_user()
    login(client, author)
    counts, done = {}, 0
    for size in SIZES:
        bulk_manuscripts(size - done, author, state="under_review")
        done = size
        counts[size] = queries_for(client, count_queries, "/manuscripts/")
    assert_constant(counts)


def test_the_decision_page_runs_the_same_few_queries_for_10_or_1000_reviews(
        app, client, count_queries, make_user, login, bulk_manuscripts):
    from review.models import ReviewAssignment, ReviewRound
    from review.rubric import DEFAULT_CRITERIA

    editor, author = make_user(roles=("editor",)), make_user()
    manuscript_id = bulk_manuscripts(1, author, state="under_review")[0]
    rubric = [{"key": f"c{i + 1}", "name_zh": zh, "name_en": en, "weight": w, "max": 5}
              for i, (zh, en, w) in enumerate(DEFAULT_CRITERIA)]
    with app.app_context():
        round_id = db.session.scalar(insert(ReviewRound).returning(ReviewRound.id), [{
            "manuscript_id": manuscript_id, "number": 1, "editor_id": editor,
            "rubric": rubric, "started_at": utcnow()}])
        db.session.commit()
    login(client, editor)
    counts, done = {}, 0
    for size in SIZES:
        reviewers = bulk_reviewers(app, done, size)
        now = utcnow()
        with app.app_context():
            db.session.execute(insert(ReviewAssignment), [{
                "round_id": round_id, "reviewer_id": reviewer, "label": done + n + 1,
                "state": "submitted", "invited_at": now - timedelta(days=20),
                "response_due_at": now, "review_due_at": now, "submitted_at": now,
                "scores": {c["key"]: 1 + (n + i) % 5 for i, c in enumerate(rubric)},
                "recommendation": "minor_revision", "weighted_total": 60.0,
                "comments_to_author": "建议补充数据。", "comments_to_editor": ""}
                for n, reviewer in enumerate(reviewers)])
            db.session.commit()
        done = size
        counts[size] = queries_for(client, count_queries,
                                   f"/review/manuscripts/{manuscript_id}/decision")
    assert_constant(counts)


def bulk_reviewers(app, start: int, stop: int) -> list[int]:
    from accounts.models import User, UserRole

    with app.app_context():
        ids = list(db.session.scalars(insert(User).returning(User.id), [
            {"email": f"r{n}@example.org", "name": f"审稿人{n}", "password_hash": "",
             "locale": "zh_CN", "active": True, "created_at": utcnow()}
            for n in range(start, stop)]))
        db.session.execute(insert(UserRole), [{"user_id": i, "role": "reviewer"} for i in ids])
        db.session.commit()
    return ids


def test_desk_counts_are_answered_from_the_covering_index(app, bulk_manuscripts, make_user):
    """At 100,000 manuscripts a scan of the wide table took ~300 ms of every desk page; the
    counts need only (state, state_changed_at, number), all in one index."""
    from editorial.queues import Filters, queue_counts_statement

    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("index-only scans are PostgreSQL's")
    bulk_manuscripts(3000, make_user())  # enough rows for the planner to choose by cost
    with app.app_context():
        # As autovacuum keeps a live table: a visibility map makes index-only scans pay.
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE manuscripts")
        statement = queue_counts_statement(Filters()).compile(
            db.engine, compile_kwargs={"literal_binds": True})
        plan = "\n".join(db.session.scalars(text(f"EXPLAIN {statement}")))
        db.session.rollback()
    assert "Index Only Scan using ix_manuscripts_desk_counts" in plan, plan
