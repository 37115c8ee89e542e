"""The desk's queries, built for a journal with 100,000 manuscripts: one query for all queue
counts, keyset pagination (no OFFSET) on the (state, id) index, and a constant number of
queries per page (authors and columns are loaded in bulk, never per row)."""

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import Text, and_, any_, case, func, or_, select, type_coerce
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import joinedload, load_only, raiseload, selectinload

from core.clock import journal_today, start_of_journal_day
from core.extensions import db
from core.generations import GenerationCache
from editorial.freshness import DESK_GENERATION, reads
from journal.models import Column
from submission.models import Manuscript, ManuscriptAuthor
from submission.states import ProductionStep
from submission.workflow import CLOSED, State

PAGE_SIZE = 50
DECISION_DUE_AFTER = timedelta(days=30)  # in review this long without a decision


def decision_due_cutoff() -> datetime:
    """Under review since before this (naive UTC) is "decision due": the start of the
    journal's day 30 days ago, so the queue changes once a day, not every second."""
    return start_of_journal_day(journal_today() - DECISION_DUE_AFTER)


@dataclass(frozen=True)
class Queue:
    key: str
    title: object

    def clause(self, m=Manuscript):
        """On `m`: the Manuscript entity, or the columns of a subquery of manuscripts."""
        return QUEUE_CLAUSES[self.key](m)


QUEUES = [
    Queue("new", _l("New, awaiting receipt")),
    Queue("returned", _l("Returned for format fixes")),
    Queue("received", _l("Received")),
    Queue("in_review", _l("In review")),
    Queue("decision_due", _l("Decision due")),
    Queue("revision", _l("Revision requested")),
    Queue("accepted", _l("Accepted")),
    Queue("awaiting_agreement", _l("Awaiting the copyright agreement")),
    Queue("in_proof", _l("In proof")),
    Queue("awaiting_fee", _l("Awaiting a fee")),
    Queue("scheduled", _l("Scheduled")),
    Queue("closed", _l("Published, rejected or withdrawn")),
    Queue("all", _l("All manuscripts")),
]
QUEUE_CLAUSES = {
    "new": lambda m: m.state == State.SUBMITTED,
    # A returned manuscript is a draft again but keeps its number.
    "returned": lambda m: and_(m.state == State.DRAFT, m.number.is_not(None)),
    "received": lambda m: m.state == State.RECEIVED,
    "in_review": lambda m: m.state == State.UNDER_REVIEW,
    "decision_due": lambda m: and_(m.state == State.UNDER_REVIEW,
                                   m.state_changed_at < decision_due_cutoff()),
    "revision": lambda m: m.state == State.REVISION_REQUESTED,
    "accepted": lambda m: m.state == State.ACCEPTED,
    # production's sub-states of an accepted manuscript (production.progress keeps them)
    "awaiting_agreement": lambda m: and_(m.state == State.ACCEPTED,
                                         m.production_step == ProductionStep.AGREEMENT),
    "in_proof": lambda m: and_(m.state == State.ACCEPTED,
                               m.production_step == ProductionStep.PROOF),
    # a review fee (received) or a page fee (accepted) not yet confirmed
    "awaiting_fee": lambda m: and_(m.state.in_([State.RECEIVED, State.ACCEPTED]),
                                   m.production_step == ProductionStep.FEE),
    "scheduled": lambda m: m.state == State.SCHEDULED,
    "closed": lambda m: m.state.in_(CLOSED),
    # Editors never see drafts that were not submitted.
    "all": lambda m: m.number.is_not(None),
}
QUEUE_KEYS = {q.key for q in QUEUES}


@dataclass(frozen=True)
class Filters:
    queue: str = "new"
    column_id: int | None = None
    year: int | None = None
    q: str = ""

    def clauses(self, m=Manuscript) -> list:
        """Column and year on `m` (as Queue.clause); the search is `search_matches`."""
        clauses = []
        if self.column_id:
            clauses.append(m.column_id == self.column_id)
        if self.year:
            clauses.append(m.number_year == self.year)
        return clauses


# Trigram indexes serve terms of three characters or more. A two-character term (理论, 欧阳)
# is looked up in the titles' bigrams and at the start of author names; one character only at
# the start of names (a surname).
MIN_INDEXED = 3


# What the desk counts of each manuscript (the queues' and filters' columns; a search finds
# these of each match), watched: the counts and the year list are cached.
COUNTED = reads(Manuscript.id, Manuscript.number, Manuscript.number_year,
                Manuscript.column_id, Manuscript.state, Manuscript.state_changed_at,
                Manuscript.production_step)


NUMBER_TAIL = re.compile(r"^(?:(\d{4})-)?(\d{1,4})$")  # 0006, 6, 2026-0006, 2026-6


def number_tail(term: str) -> str | None:
    """The end of a manuscript number that a term without the journal's prefix names: its
    sequence (last digits, padded as numbers are) and, if given, its year."""
    match = NUMBER_TAIL.match(term)
    if match is None:
        return None
    year, sequence = match.groups()
    return f"{year + '-' if year else '-'}{int(sequence):04d}"


def search_matches(q: str, cte: bool = False):
    """The manuscripts found by number (with or without its prefix, or by its last digits),
    title (zh or en) or author name, as a subquery of COUNTED. On PostgreSQL it is one scan of
    the manuscripts: each lookup is an index (the authors' names give an array of ids that the
    primary key serves), and the bitmaps are OR-ed, so no match is read or de-duplicated twice.
    """
    term = q.strip().replace("%", "").replace("_", "")
    pattern = f"%{term}%"
    tail = number_tail(term)
    if len(term) >= MIN_INDEXED:
        lookups = [Manuscript.number.like(f"%{term.upper()}%"),  # (a year finds its numbers)
                   Manuscript.title_zh.ilike(pattern), Manuscript.title_en.ilike(pattern),
                   _by_author(ManuscriptAuthor.name.ilike(pattern))]
    else:
        lookups = [_by_author(ManuscriptAuthor.name.like(f"{term}%"))]
        if len(term) == 2 and " " not in term:
            lookups.append(_has_bigram(term.lower()))
    if tail:  # (a trigram index on the number serves the suffix)
        lookups.append(Manuscript.number.like(f"%{tail}"))
    found = select(*COUNTED).where(or_(*lookups))
    return found.cte("found").prefix_with("MATERIALIZED") if cte else found.subquery("found")


def _on_postgresql() -> bool:
    return db.session.get_bind().dialect.name == "postgresql"


def _by_author(name_matches):
    """Manuscripts with an author whose name matches: on PostgreSQL `id = ANY(array(...))`,
    which the primary key's index answers inside the OR (an IN would read every row)."""
    ids = select(ManuscriptAuthor.manuscript_id).where(name_matches)
    if _on_postgresql():
        return Manuscript.id == any_(func.array(ids.scalar_subquery()))
    return Manuscript.id.in_(ids)


def _has_bigram(pair: str):
    if _on_postgresql():
        # (the column is JSON elsewhere: see it as the array it is here; its GIN index serves @>)
        return type_coerce(Manuscript.title_bigrams, postgresql.ARRAY(Text)).contains([pair])
    return or_(Manuscript.title_zh.ilike(f"%{pair}%"), Manuscript.title_en.ilike(f"%{pair}%"))


def queue_counts_statement(filters: Filters):
    """Every queue's count in one query (the queue itself is not a filter here); without a
    search PostgreSQL answers it from ix_manuscripts_desk_counts alone, with one it counts the
    rows the search found without reading them again."""
    m = search_matches(filters.q).c if filters.q else Manuscript
    columns = [func.sum(case((q.clause(m), 1), else_=0)).label(q.key) for q in QUEUES]
    return select(*columns).where(m.number.is_not(None), *filters.clauses(m))


# Counting 100,000 manuscripts on every desk page would cost more than the rest of the page:
# each web process keeps the counts (and the year list) for one desk generation.
_counts_cache = GenerationCache(DESK_GENERATION)


def queue_counts(filters: Filters) -> dict[str, int]:
    """Every queue's count without a search (a search counts in `search_page`)."""
    def count() -> dict[str, int]:
        row = db.session.execute(queue_counts_statement(filters)).one()
        return {q.key: int(row._mapping[q.key] or 0) for q in QUEUES}

    return _counts_cache.get((filters.column_id, filters.year, decision_due_cutoff()), count)


def search_page(filters: Filters, before_id: int | None = None, size: int | None = None
                ) -> tuple[dict[str, int], list[int], int | None]:
    """A search: every queue's count of its matches and the ids of one page of the chosen
    queue (newest first; `listed` reads their rows). The matches are found once (a
    materialised CTE) for both."""
    size = size or PAGE_SIZE
    found = search_matches(filters.q, cte=True)
    m = found.c
    queue = next(q for q in QUEUES if q.key == filters.queue)
    page = select(m.id).where(queue.clause(m), *filters.clauses(m))
    if before_id:
        page = page.where(m.id < before_id)
    page = page.order_by(m.id.desc()).limit(size + 1).subquery("page")
    joined = (func.string_agg(func.cast(page.c.id, Text), ",") if _on_postgresql()
              else func.group_concat(page.c.id))
    row = db.session.execute(
        select(*[func.sum(case((q.clause(m), 1), else_=0)).label(q.key) for q in QUEUES],
               select(joined).scalar_subquery().label("page_ids"))
        .where(m.number.is_not(None), *filters.clauses(m))).one()
    counts = {q.key: int(row._mapping[q.key] or 0) for q in QUEUES}
    ids = sorted((int(i) for i in (row.page_ids or "").split(",") if i), reverse=True)
    more, ids = len(ids) > size, ids[:size]
    return counts, ids, (ids[-1] if more else None)


def listed(ids: list[int]) -> list[Manuscript]:
    """The desk's rows of these manuscripts, newest first."""
    rows = _listed(select(Manuscript).where(Manuscript.id.in_(ids))) if ids else []
    return sorted(rows, key=lambda manuscript: -manuscript.id)


def _listed(statement) -> list[Manuscript]:
    """What the desk lists of each manuscript, with its authors loaded in one more query."""
    return list(db.session.scalars(statement.options(
        load_only(*LISTED), joinedload(Manuscript.column).load_only(*LISTED_COLUMN),
        selectinload(Manuscript.authors).load_only(*LISTED_AUTHOR),
        raiseload(Manuscript.submitter))).unique())


# What the desk lists of a manuscript (not its abstracts, cover letter or compliance report),
# of its column and of its authors (rows of manuscript_id, in order), watched: the queues'
# tables are cached.
LISTED = reads(Manuscript.id, Manuscript.number, Manuscript.title_zh, Manuscript.title_en,
               Manuscript.column_id, Manuscript.state, Manuscript.submitted_at,
               Manuscript.version_id, Manuscript.possible_duplicate)
LISTED_COLUMN = reads(Column.id, Column.name_zh, Column.name_en)
LISTED_AUTHOR = reads(ManuscriptAuthor.id, ManuscriptAuthor.manuscript_id,
                      ManuscriptAuthor.position, ManuscriptAuthor.name)


def queue_page(filters: Filters, before_id: int | None = None,
               size: int | None = None) -> tuple[list[Manuscript], int | None]:
    """One page of a queue (without a search: see `search_page`), newest first, and the
    cursor of the next page (or None)."""
    size = size or PAGE_SIZE
    queue = next(q for q in QUEUES if q.key == filters.queue)
    statement = (select(Manuscript).where(queue.clause(), *filters.clauses())
                 .order_by(Manuscript.id.desc()).limit(size + 1))
    if before_id:
        statement = statement.where(Manuscript.id < before_id)
    rows = _listed(statement)
    more = len(rows) > size
    rows = rows[:size]
    return rows, (rows[-1].id if more else None)


def submission_years() -> list[int]:
    """The years of the manuscripts' numbers (kept per desk generation, as the counts)."""
    def years() -> list[int]:
        return list(db.session.scalars(
            select(Manuscript.number_year).where(Manuscript.number_year.is_not(None))
            .group_by(Manuscript.number_year).order_by(Manuscript.number_year.desc())))

    return _counts_cache.get("years", years)
