"""Generation counters and the caches keyed by them: every change of a watched field bumps the
generation in its own transaction, and a cached value is never served across a change."""

from sqlalchemy import insert, update

from core.extensions import db
from core.generations import GenerationCache, current
from editorial.freshness import DESK_GENERATION
from submission.models import Manuscript
from tests.factories import make_manuscript


def test_watched_changes_bump_and_other_edits_do_not(req_ctx, quick_user):
    author = quick_user()
    assert current(DESK_GENERATION) is None  # nothing changed yet: nothing may be cached
    manuscript = make_manuscript(author, state="submitted")
    db.session.commit()
    first = current(DESK_GENERATION)
    assert first is not None

    manuscript.abstract_zh = "目的：新的摘要。"
    db.session.commit()
    assert current(DESK_GENERATION) == first  # the desk does not count abstracts

    manuscript.state = "received"
    db.session.commit()
    assert current(DESK_GENERATION) == first + 1

    db.session.execute(update(Manuscript).where(Manuscript.id == manuscript.id)
                       .values(column_id=None))
    db.session.commit()
    assert current(DESK_GENERATION) == first + 2  # bulk statements through the session too

    db.session.execute(insert(Manuscript), [{"submitter_id": author, "state": "submitted"}])
    db.session.rollback()
    assert current(DESK_GENERATION) == first + 2  # a rolled-back change leaves no trace


def test_the_cache_serves_one_generation_and_recomputes_after_a_change(req_ctx, quick_user):
    author = quick_user()
    manuscript = make_manuscript(author, state="submitted")
    db.session.commit()
    cache = GenerationCache(DESK_GENERATION)
    computed = []

    def count_submitted():
        computed.append(1)
        return db.session.query(Manuscript).filter_by(state="submitted").count()

    assert cache.get("k", count_submitted) == 1
    assert cache.get("k", count_submitted) == 1
    assert len(computed) == 1  # the second answer came from the cache

    manuscript.state = "received"
    db.session.commit()
    assert cache.get("k", count_submitted) == 0
    assert len(computed) == 2


def test_a_transaction_that_changed_the_data_neither_reads_nor_fills_the_cache(req_ctx,
                                                                               quick_user):
    author = quick_user()
    manuscript = make_manuscript(author, state="submitted")
    db.session.commit()
    cache = GenerationCache(DESK_GENERATION)

    def count_submitted():
        return db.session.query(Manuscript).filter_by(state="submitted").count()

    assert cache.get("k", count_submitted) == 1
    manuscript.state = "received"
    db.session.flush()
    with db.session.begin_nested():  # a savepoint released is not the transaction's end
        pass
    assert cache.get("k", count_submitted) == 0  # its own change, not the cached value
    db.session.rollback()
    assert cache.get("k", count_submitted) == 1  # the uncommitted answer was not kept


def test_an_emptied_table_starts_a_new_generation(req_ctx, quick_user):
    """A new counter row starts at a random value: after the table is emptied (or a backup
    restored), the first change does not land on a generation an old cache still holds."""
    author = quick_user()
    make_manuscript(author, state="submitted")
    db.session.commit()
    before = current(DESK_GENERATION)
    db.session.execute(db.text("DELETE FROM generations"))
    make_manuscript(author, state="submitted")
    db.session.commit()
    assert current(DESK_GENERATION) not in (None, before, 1)
