"""Query counting and bulk rows for the query-count tests of the dashboard pages."""

from contextlib import contextmanager
from datetime import timedelta

import pytest
from sqlalchemy import event, insert

from core.clock import utcnow
from core.extensions import db
from journal.models import Column
from submission.models import Manuscript, ManuscriptAuthor, ManuscriptFile


class QueryCounter:
    def __init__(self):
        self.statements: list[str] = []

    @property
    def count(self) -> int:
        return len(self.statements)

    def __call__(self, conn, cursor, statement, parameters, context, executemany):
        self.statements.append(statement)

    def report(self) -> str:
        return "\n".join(f"{i}. {s.splitlines()[0][:160]}" for i, s in
                         enumerate(self.statements, 1))


@pytest.fixture
def count_queries(app):
    """`with count_queries() as q: client.get(...)`; then `q.count` SQL statements were run."""

    @contextmanager
    def counting():
        counter = QueryCounter()
        with app.app_context():
            engine = db.engine
        event.listen(engine, "before_cursor_execute", counter)
        try:
            yield counter
        finally:
            event.remove(engine, "before_cursor_execute", counter)

    return counting


@pytest.fixture
def bulk_manuscripts(app):
    """bulk_manuscripts(n, submitter_id, state=..., **fields) -> ids: n manuscripts (with two
    authors and a file each) inserted in a few statements, for pages that list many rows."""
    def make(n: int, submitter_id: int, state: str = "submitted", **fields) -> list[int]:
        with app.app_context():
            column_id = fields.pop("column_id", None)
            if column_id is None:
                column = Column(slug=f"bulk{utcnow().timestamp()}", name_zh="理论研究",
                                name_en="Theory")
                db.session.add(column)
                db.session.flush()
                column_id = column.id
            start = db.session.query(db.func.count(Manuscript.id)).scalar() + 1
            now = utcnow()
            rows = [{
                "submitter_id": submitter_id, "column_id": column_id, "state": state,
                "number": None if state == "draft" else f"HBKJTY-2026-{start + i:05d}",
                "number_year": 2026, "title_zh": f"高校图书馆数据服务研究{start + i}",
                "title_en": f"Data services in university libraries {start + i}",
                "abstract_zh": "目的：探讨高校图书馆数据服务。" * 10,
                "abstract_en": "Purpose: to study data services. " * 5,
                "keywords_zh": ["图书馆", "数据服务", "高校"],
                "keywords_en": ["library", "data services", "university"],
                "version_id": 1, "created_at": now - timedelta(minutes=i),
                "updated_at": now - timedelta(minutes=i),
                "submitted_at": None if state == "draft" else now - timedelta(minutes=i),
                **fields,
            } for i in range(n)]
            ids = list(db.session.scalars(insert(Manuscript).returning(Manuscript.id), rows))
            db.session.execute(insert(ManuscriptAuthor), [
                {"manuscript_id": mid, "position": pos, "name": name, "email": email,
                 "user_id": submitter_id if pos == 0 else None}
                for mid in ids for pos, (name, email) in enumerate(
                    [("张伟", "zhangwei@example.org"), ("李娜", "lina@example.org")])])
            db.session.execute(insert(ManuscriptFile), [
                {"manuscript_id": mid, "kind": "manuscript", "version": 1,
                 "original_name": "manuscript.docx", "sha256": f"{mid:064x}", "size": 40_000,
                 "mimetype": "application/vnd.openxmlformats-officedocument."
                             "wordprocessingml.document", "uploaded_by_id": submitter_id,
                 "uploaded_at": now}
                for mid in ids])
            db.session.commit()
            return ids

    return make


@pytest.fixture(autouse=True)
def journal_settings(app):
    """An installed journal has its settings row (the demo or the admin creates it)."""
    from journal.models import get_journal

    with app.app_context():
        get_journal()
        db.session.commit()
