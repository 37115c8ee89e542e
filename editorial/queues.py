"""The desk's queries, built for a journal with 100,000 manuscripts: one query for all queue
counts, keyset pagination (no OFFSET) on the (state, id) index, and a constant number of
queries per page (authors and columns are loaded in bulk, never per row)."""

from dataclasses import dataclass
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, case, exists, func, or_, select
from sqlalchemy.orm import selectinload

from journal.clock import utcnow
from journal.extensions import db
from submission.models import Manuscript, ManuscriptAuthor
from submission.workflow import State

PAGE_SIZE = 50
DECISION_DUE_AFTER = timedelta(days=30)  # in review this long without a decision


@dataclass(frozen=True)
class Queue:
    key: str
    title: object

    def clause(self):
        return QUEUE_CLAUSES[self.key]()


QUEUES = [
    Queue("new", _l("New, awaiting receipt")),
    Queue("returned", _l("Returned for format fixes")),
    Queue("received", _l("Received")),
    Queue("in_review", _l("In review")),
    Queue("decision_due", _l("Decision due")),
    Queue("revision", _l("Revision requested")),
    Queue("accepted", _l("Accepted")),
    Queue("scheduled", _l("Scheduled")),
    Queue("closed", _l("Published, rejected or withdrawn")),
    Queue("all", _l("All manuscripts")),
]
QUEUE_CLAUSES = {
    "new": lambda: Manuscript.state == State.SUBMITTED,
    # A returned manuscript is a draft again but keeps its number.
    "returned": lambda: and_(Manuscript.state == State.DRAFT, Manuscript.number.is_not(None)),
    "received": lambda: Manuscript.state == State.RECEIVED,
    "in_review": lambda: Manuscript.state == State.UNDER_REVIEW,
    "decision_due": lambda: and_(Manuscript.state == State.UNDER_REVIEW,
                                 Manuscript.state_changed_at < utcnow() - DECISION_DUE_AFTER),
    "revision": lambda: Manuscript.state == State.REVISION_REQUESTED,
    "accepted": lambda: Manuscript.state == State.ACCEPTED,
    "scheduled": lambda: Manuscript.state == State.SCHEDULED,
    "closed": lambda: Manuscript.state.in_([State.PUBLISHED, State.REJECTED, State.WITHDRAWN]),
    # Editors never see drafts that were not submitted.
    "all": lambda: Manuscript.number.is_not(None),
}
QUEUE_KEYS = {q.key for q in QUEUES}


@dataclass(frozen=True)
class Filters:
    queue: str = "new"
    column_id: int | None = None
    year: int | None = None
    q: str = ""

    def clauses(self) -> list:
        clauses = []
        if self.column_id:
            clauses.append(Manuscript.column_id == self.column_id)
        if self.year:
            clauses.append(Manuscript.number_year == self.year)
        if self.q:
            clauses.append(search_clause(self.q))
        return clauses


def search_clause(q: str):
    """By number (prefix), title (zh or en) or author name."""
    pattern = f"%{q.replace('%', '').replace('_', '')}%"
    author = exists().where(ManuscriptAuthor.manuscript_id == Manuscript.id,
                            ManuscriptAuthor.name.ilike(pattern))
    return or_(Manuscript.number.ilike(f"{q.strip()}%"), Manuscript.title_zh.ilike(pattern),
               Manuscript.title_en.ilike(pattern), author)


def queue_counts_statement(filters: Filters):
    """Every queue's count in one query (the queue itself is not a filter here); without
    filters PostgreSQL answers it from ix_manuscripts_desk_counts alone."""
    columns = [func.sum(case((q.clause(), 1), else_=0)).label(q.key) for q in QUEUES]
    return select(*columns).where(Manuscript.number.is_not(None), *filters.clauses())


def queue_counts(filters: Filters) -> dict[str, int]:
    row = db.session.execute(queue_counts_statement(filters)).one()
    return {q.key: int(row._mapping[q.key] or 0) for q in QUEUES}


def queue_page(filters: Filters, before_id: int | None = None,
               size: int | None = None) -> tuple[list[Manuscript], int | None]:
    """One page of a queue, newest first, and the cursor of the next page (or None)."""
    size = size or PAGE_SIZE
    queue = next(q for q in QUEUES if q.key == filters.queue)
    statement = (
        select(Manuscript)
        .where(queue.clause(), *filters.clauses())
        .options(selectinload(Manuscript.authors))
        .order_by(Manuscript.id.desc())
        .limit(size + 1)
    )
    if before_id:
        statement = statement.where(Manuscript.id < before_id)
    rows = list(db.session.scalars(statement).unique())
    more = len(rows) > size
    rows = rows[:size]
    return rows, (rows[-1].id if more else None)


def submission_years() -> list[int]:
    return [y for y in db.session.scalars(
        select(Manuscript.number_year).where(Manuscript.number_year.is_not(None))
        .group_by(Manuscript.number_year).order_by(Manuscript.number_year.desc())
    )]
