"""The desk keeps its queue counts, year list and queue tables per generation, watched from
the one declaration of what it reads (editorial.freshness): every column a cached value reads
is watched, and a change to any of them shows on the next page."""

from datetime import datetime

from sqlalchemy import event

from core.extensions import db
from core.generations import GenerationCache
from editorial.freshness import WATCHED, mapped, read_columns
from tests.editorial.test_desk import seed
from tests.editorial.test_desk_search import _review

DESK_PAGES = [f"/desk/?queue={q}" for q in (
    "new", "returned", "received", "in_review", "decision_due", "revision", "accepted",
    "scheduled", "closed", "all")]


def cached_reads(app, client, urls, monkeypatch) -> set:
    """The table columns that the desk's cached values (not the rest of its pages) read
    while `urls` are shown: each is computed, never taken from a cache filled earlier."""
    computing, statements = [], []

    def get(self, key, compute):
        computing.append(key)
        try:
            return compute()
        finally:
            computing.pop()

    def after(_conn, _cursor, _sql, _params, context, _many):
        if computing and context.compiled is not None:
            state = getattr(context.compiled, "compile_state", None)  # (ORM: what was run)
            statements.append(state.statement if state is not None
                              else context.compiled.statement)

    monkeypatch.setattr(GenerationCache, "get", get)
    with app.app_context():
        engine = db.engine
    event.listen(engine, "after_cursor_execute", after)
    try:
        for url in urls:
            assert client.get(url).status_code == 200
    finally:
        event.remove(engine, "after_cursor_execute", after)
    return {column for statement in statements for column in read_columns(statement)}


def unwatched(columns, watched) -> list[str]:
    out = []
    for column in columns:
        model, key = mapped(column)
        if key not in watched.get(model, ()):
            out.append(f"{column.table.name}.{column.name}")
    return sorted(out)


def test_every_column_the_cached_desk_reads_is_watched(app, client, login, editor, author,
                                                       quick_user, monkeypatch):
    from submission.models import DuplicateFlag

    reviewers = [quick_user(roles=("reviewer",), name=f"审稿人{n}") for n in (1, 2)]
    split, flagged = seed(app, author, ["under_review"] * 2)
    _review(app, split, reviewers, "accept", "major_revision")
    with app.app_context():
        db.session.add(DuplicateFlag(manuscript_id=flagged, similar_id=split, score=0.8))
        db.session.commit()
    seed(app, author, ["submitted", "received", "accepted", "rejected", "revision_requested"])
    seed(app, author, ["draft"], number="HBKJTY-2025-0999", number_year=2025)
    login(client, editor)
    urls = DESK_PAGES + ["/desk/?queue=all&year=2025", "/desk/?queue=all&column=1",
                         f"/desk/?queue=in_review&before={flagged + 1}",
                         "/desk/?queue=in_review&lang=en"]
    columns = cached_reads(app, client, urls, monkeypatch)

    assert {c.table.name for c in columns} >= {  # (the pages did read what they show)
        "manuscripts", "manuscript_authors", "columns", "duplicate_flags", "review_rounds",
        "review_assignments"}
    assert unwatched(columns, WATCHED) == []
    # (the check sees a column the declaration would leave out)
    without_title = {**WATCHED, **{model: fields - {"title_zh"} for model, fields
                                   in WATCHED.items() if "title_zh" in fields}}
    assert unwatched(columns, without_title) == ["manuscripts.title_zh"]


def test_a_duplicate_flag_alone_shows_at_once(app, client, login, editor, author):
    from submission.models import DuplicateFlag

    first, second = seed(app, author, ["submitted"] * 2)
    login(client, editor)
    assert "desk-marker" not in client.get("/desk/").get_data(as_text=True)
    with app.app_context():
        db.session.add(DuplicateFlag(manuscript_id=second, similar_id=first, score=0.9))
        db.session.commit()
    assert "疑似重复投稿" in client.get("/desk/").get_data(as_text=True)


def test_a_new_review_round_alone_clears_the_old_rounds_marker(app, client, login, editor,
                                                              author, quick_user):
    from review.models import ReviewRound

    reviewers = [quick_user(roles=("reviewer",), name=f"审稿人{n}") for n in (1, 2)]
    (manuscript_id,) = seed(app, author, ["under_review"])
    _review(app, manuscript_id, reviewers, "accept", "reject")
    login(client, editor)
    assert "审稿意见分歧" in client.get("/desk/?queue=in_review").get_data(as_text=True)
    with app.app_context():
        db.session.add(ReviewRound(manuscript_id=manuscript_id, number=2))
        db.session.commit()
    assert "desk-marker" not in client.get("/desk/?queue=in_review").get_data(as_text=True)


def test_dates_follow_the_journal_time_zone(app, client, login, editor, author):
    from journal.models import get_journal

    seed(app, author, ["submitted"], submitted_at=datetime(2026, 11, 1, 17, 0))  # UTC
    login(client, editor)
    assert "2026-11-02" in client.get("/desk/").get_data(as_text=True)  # Beijing: next day
    with app.app_context():
        get_journal().time_zone = "UTC"
        db.session.commit()
    page = client.get("/desk/").get_data(as_text=True)
    assert "2026-11-01" in page and "2026-11-02" not in page
