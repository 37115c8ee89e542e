"""The editorial figures, each defined once here, from each manuscript's first moves
(milestones.py, which follows the audit trail).

A period is a span of the journal's calendar days (its time zone: an event at 17:00 UTC on
31 December is already in the next year in Beijing). A column narrows every figure to the
manuscripts of that column.

Counts (each manuscript at most once per figure, by the date of its first move of the kind,
when that falls in the period):
- submitted: first submitted (a manuscript returned for format fixes and submitted again
  counts once, by its first submission);
- desk_rejected, sent_to_review, accepted, rejected (after review), withdrawn, published.

Acceptance rate: accepted ÷ decided, where decided = accepted + rejected after review +
desk-rejected, all in the period; none when nothing was decided. Withdrawals are not
decisions.

Durations, in days (median and 90th percentile, nearest rank), from a manuscript's first
submission to its first move of the kind, for the manuscripts that made that move in the
period (manuscripts still waiting are not counted):
- to_receipt: to registered receipt;
- to_first_decision: to the first decision of any kind (desk rejection, revision request,
  acceptance, rejection): several rounds count their first;
- to_acceptance, to_publication;
- acceptance_to_publication: from acceptance to publication (what authors wait once
  accepted).

Monthly series: the counts submitted, accepted and published, per calendar month of the
period.

Funnel: of the manuscripts first submitted in the period, how many had been received, sent
to review, accepted and published by the period's end.
"""

import math
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from core.clock import journal_today, start_of_journal_day
from core.extensions import db
from reports.milestones import MOVES, Milestones, made_in
from submission.models import Manuscript

COUNTS = {  # figure -> (the milestone, its title)
    "submitted": ("submitted_at", _l("Submitted")),
    "desk_rejected": ("desk_rejected_at", _l("Rejected at the desk check")),
    "sent_to_review": ("sent_to_review_at", _l("Sent to peer review")),
    "accepted": ("accepted_at", _l("Accepted")),
    "rejected": ("rejected_at", _l("Rejected after review")),
    "withdrawn": ("withdrawn_at", _l("Withdrawn")),
    "published": ("published_at", _l("Published")),
}
DURATIONS = {  # figure -> (from, to milestone, its title)
    "to_receipt": ("submitted_at", "received_at", _l("Submission to receipt")),
    "to_first_decision": ("submitted_at", "first_decision_at",
                          _l("Submission to first decision")),
    "to_acceptance": ("submitted_at", "accepted_at", _l("Submission to acceptance")),
    "to_publication": ("submitted_at", "published_at", _l("Submission to publication")),
    "acceptance_to_publication": ("accepted_at", "published_at",
                                  _l("Acceptance to publication")),
}
MONTHLY = ("submitted", "accepted", "published")
FUNNEL = {  # stage -> (milestone, its title)
    "submitted": ("submitted_at", _l("Submitted")),
    "received": ("received_at", _l("Received")),
    "sent_to_review": ("sent_to_review_at", _l("Sent to peer review")),
    "accepted": ("accepted_at", _l("Accepted")),
    "published": ("published_at", _l("Published")),
}
FIRST_YEAR = 1980  # (an earlier date is a mistyped one)
RATE_DEFINITION = _l("Accepted ÷ decided in the period (decided: accepted, rejected after "
                     "review, or rejected at the desk check; withdrawals are not decisions).")


@dataclass(frozen=True)
class Period:
    start: date  # the first day, in the journal's calendar
    end: date  # the last day, included

    def bounds(self) -> tuple[datetime, datetime]:
        """[from, to) as stored (naive UTC)."""
        return start_of_journal_day(self.start), start_of_journal_day(self.end + timedelta(1))

    def months(self) -> list[tuple[int, int]]:
        """(year, month) of every calendar month the period touches."""
        months, (year, month) = [], (self.start.year, self.start.month)
        while (year, month) <= (self.end.year, self.end.month):
            months.append((year, month))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return months

    @classmethod
    def between(cls, start: date, end: date) -> "Period":
        """The days from one date to the other (in either order), kept within the years the
        figures can hold: from FIRST_YEAR to the end of this year."""
        start, end = sorted((start, end))
        first, last = date(FIRST_YEAR, 1, 1), date(journal_today().year, 12, 31)
        return cls(min(max(start, first), last), max(min(end, last), first))

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
    monthly: dict[tuple[int, int], dict[str, int]]  # (year, month) -> {figure: count}
    funnel: dict[str, int]


def figures(period: Period, column_id: int | None = None) -> Figures:
    """Every editorial figure for the period (and column), from one query: the milestones of
    the manuscripts with a move in the period, read as columns of plain values."""
    start, end = period.bounds()
    table = Milestones.__table__
    query = select(*[table.c[name] for name in MOVES]).where(made_in(start, end))
    if column_id is not None:
        query = query.join(Manuscript, Manuscript.id == table.c.manuscript_id).where(
            Manuscript.column_id == column_id)
    rows = db.session.execute(query).all()
    column = {name: [row[i] for row in rows] for i, name in enumerate(MOVES)}

    def made_within(name: str) -> list[bool]:
        return [m is not None and start <= m < end for m in column[name]]

    within = {name: made_within(name) for name in MOVES}
    counts = {name: sum(within[field]) for name, (field, _title) in COUNTS.items()}
    decided = counts["accepted"] + counts["rejected"] + counts["desk_rejected"]
    durations = {}
    for name, (begin, done, _title) in DURATIONS.items():
        days = sorted((d - b).total_seconds() / 86400 for b, d, inside
                      in zip(column[begin], column[done], within[done], strict=True)
                      if inside and b is not None)
        durations[name] = Duration(len(days), rank(days, 0.5), rank(days, 0.9))
    cohort = within["submitted_at"]
    funnel = {stage: sum(1 for m, first in zip(column[field], cohort, strict=True)
                         if first and m is not None and m < end)
              for stage, (field, _title) in FUNNEL.items()}
    rate = counts["accepted"] / decided if decided else None
    return Figures(period, column_id, counts, rate, durations,
                   _monthly(period, column, within), funnel)


def _monthly(period: Period, column: dict[str, list], within: dict[str, list]
             ) -> dict[tuple[int, int], dict[str, int]]:
    """Each month's counts: a moment's month found by bisection among the months' first
    moments (on the journal's clock, as stored)."""
    months = period.months()
    starts = [start_of_journal_day(date(year, month, 1)) for year, month in months]
    tally = Counter()
    for name in MONTHLY:
        field = COUNTS[name][0]
        for moment, inside in zip(column[field], within[field], strict=True):
            if inside:
                tally[months[max(0, bisect_right(starts, moment) - 1)], name] += 1
    return {month: {name: tally[month, name] for name in MONTHLY} for month in months}


def rank(ordered: list[float], share: float) -> float | None:
    """The nearest-rank percentile: the smallest value with at least `share` of all at or
    below it (the median of 1, 2, 3, 4 is 2), in days to one decimal."""
    if not ordered:
        return None
    return round(ordered[max(0, math.ceil(share * len(ordered)) - 1)], 1)
