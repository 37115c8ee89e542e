"""The editorial figures, each defined once here, from the audit trail (workflow events).

A period is a span of the journal's calendar days (its time zone: an event at 17:00 UTC on
31 December is already in the next year in Beijing). A column narrows every figure to the
manuscripts of that column.

Counts (each manuscript at most once per figure, by the date of its move in the period):
- submitted: first submitted in the period (a manuscript returned for format fixes and
  submitted again counts once, by its first submission);
- desk_rejected, sent_to_review, accepted, rejected (after review), withdrawn, published:
  made that move in the period.

Acceptance rate: accepted ÷ decided, where decided = accepted + rejected after review +
desk-rejected, all in the period; none when nothing was decided. Withdrawals are not
decisions.

Durations, in days (median and 90th percentile, nearest rank), from a manuscript's first
submission to its first move of the kind, for the manuscripts that made that move in the
period (manuscripts still waiting are not counted):
- to_receipt: to registered receipt;
- to_first_decision: to the first decision of any kind (desk rejection, revision request,
  acceptance, rejection): several rounds count their first;
- to_acceptance, to_publication.
"""

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, literal, select, union_all
from sqlalchemy.orm import aliased

from core.clock import journal_today, start_of_journal_day
from core.extensions import db
from submission.models import Manuscript, WorkflowEvent
from submission.states import Action

COUNTS = {  # figure -> (the move, its title)
    "submitted": (Action.SUBMIT, _l("Submitted")),
    "desk_rejected": (Action.DESK_REJECT, _l("Rejected at the desk check")),
    "sent_to_review": (Action.SEND_TO_REVIEW, _l("Sent to peer review")),
    "accepted": (Action.ACCEPT, _l("Accepted")),
    "rejected": (Action.REJECT, _l("Rejected after review")),
    "withdrawn": (Action.WITHDRAW, _l("Withdrawn")),
    "published": (Action.PUBLISH, _l("Published")),
}
DECISIONS = (Action.DESK_REJECT, Action.REQUEST_REVISION, Action.ACCEPT, Action.REJECT)
DURATIONS = {  # figure -> (the moves that end it, its title)
    "to_receipt": ((Action.RECEIVE,), _l("Submission to receipt")),
    "to_first_decision": (DECISIONS, _l("Submission to first decision")),
    "to_acceptance": ((Action.ACCEPT,), _l("Submission to acceptance")),
    "to_publication": ((Action.PUBLISH,), _l("Submission to publication")),
}
RATE_DEFINITION = _l("Accepted ÷ decided in the period (decided: accepted, rejected after "
                     "review, or rejected at the desk check; withdrawals are not decisions).")


@dataclass(frozen=True)
class Period:
    start: date  # the first day, in the journal's calendar
    end: date  # the last day, included

    def bounds(self) -> tuple[datetime, datetime]:
        """[from, to) as stored (naive UTC)."""
        return start_of_journal_day(self.start), start_of_journal_day(self.end + timedelta(1))

    @classmethod
    def year(cls, year: int) -> "Period":
        return cls(date(year, 1, 1), date(year, 12, 31))

    @classmethod
    def last_twelve_months(cls) -> "Period":
        today = journal_today()
        return cls(today - timedelta(days=364), today)


@dataclass(frozen=True)
class Duration:
    count: int
    median: float | None
    p90: float | None


@dataclass(frozen=True)
class Figures:
    period: Period
    column_id: int | None
    counts: dict[str, int]
    acceptance_rate: float | None
    durations: dict[str, Duration]


def figures(period: Period, column_id: int | None = None) -> Figures:
    """Every figure for the period (and column): one query for the counts, one per duration
    (and the journal's time zone, read once)."""
    bounds = period.bounds()
    counts = _counts(bounds, column_id)
    decided = counts["accepted"] + counts["rejected"] + counts["desk_rejected"]
    rate = counts["accepted"] / decided if decided else None
    return Figures(period, column_id, counts, rate,
                   {name: _duration(bounds, column_id, moves)
                    for name, (moves, _title) in DURATIONS.items()})


def _in_column(query, column_id: int | None):
    if column_id is None:
        return query
    return query.join(Manuscript, Manuscript.id == WorkflowEvent.manuscript_id).where(
        Manuscript.column_id == column_id)


def _first_in_period(moves, start: datetime, end: datetime):
    """Conditions on WorkflowEvent: one of `moves`, in the period, and the manuscript's first
    such move (none before the period). The period's events are found by their date's index,
    and each is checked against its manuscript's earlier events, not the whole history."""
    earlier = aliased(WorkflowEvent)
    # (a scalar subquery, not NOT EXISTS: PostgreSQL would hash every earlier event of the
    # kind; this probes ix_workflow_events_manuscript_action once per event of the period)
    first = (select(func.min(earlier.created_at))
             .where(earlier.manuscript_id == WorkflowEvent.manuscript_id,
                    earlier.action.in_(list(moves))).scalar_subquery())
    return (WorkflowEvent.action.in_(list(moves)), WorkflowEvent.created_at >= start,
            WorkflowEvent.created_at < end, first >= start)


def _counts(bounds: tuple[datetime, datetime], column_id: int | None) -> dict[str, int]:
    rows = []
    for name, (action, _title) in COUNTS.items():
        rows.append(select(literal(name).label("figure"),
                           func.count(func.distinct(WorkflowEvent.manuscript_id)).label("n"))
                    .where(*_first_in_period((action,), *bounds)))
    found = dict(db.session.execute(union_all(*[_in_column(q, column_id) for q in rows])).all())
    return {name: int(found.get(name, 0)) for name in COUNTS}


def _duration(bounds: tuple[datetime, datetime], column_id: int | None, moves) -> Duration:
    submitted = aliased(WorkflowEvent)
    began = (select(func.min(submitted.created_at))
             .where(submitted.manuscript_id == WorkflowEvent.manuscript_id,
                    submitted.action == Action.SUBMIT).scalar_subquery())
    pairs = db.session.execute(_in_column(
        select(began, func.min(WorkflowEvent.created_at))
        .where(*_first_in_period(moves, *bounds)), column_id)
        .group_by(WorkflowEvent.manuscript_id)).all()
    days = sorted((done - start).total_seconds() / 86400 for start, done in pairs
                  if start is not None)
    return Duration(len(days), _rank(days, 0.5), _rank(days, 0.9))


def _rank(ordered: list[float], share: float) -> float | None:
    """The nearest-rank percentile: the smallest value with at least `share` of all at or
    below it (the median of 1, 2, 3, 4 is 2), in days to one decimal."""
    if not ordered:
        return None
    return round(ordered[max(0, math.ceil(share * len(ordered)) - 1)], 1)
