"""A reviewer's own record: the reviews they submitted, year by year, and the yearly review
certificate (审稿证明) listing them.

A year is the journal's calendar year (its time zone), by the date the review came in. Days to
review and lateness are the assignment's (ReviewAssignment.days_to_review, .days_late). The
editors' quality ratings are not part of it: they are the editors' notes for choosing
reviewers, and a reviewer never sees them.
"""

from dataclasses import dataclass
from datetime import date
from itertools import groupby
from statistics import median

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from core.clock import journal_day, start_of_journal_day
from core.extensions import db
from journal.models import ReviewMode, get_journal
from review.models import AssignmentState, ReviewAssignment, ReviewRound


@dataclass(frozen=True)
class Summary:
    """Reviews submitted in a span, with their median days to review and on-time share."""

    reviews: int
    median_days: float | None
    on_time_share: float | None

    @classmethod
    def of(cls, assignments: list[ReviewAssignment]) -> "Summary":
        if not assignments:
            return cls(0, None, None)
        return cls(len(assignments), round(median(a.days_to_review for a in assignments), 1),
                   sum(a.on_time for a in assignments) / len(assignments))


@dataclass(frozen=True)
class Record:
    years: list[tuple[int, Summary]]  # newest year first
    total: Summary


def _submitted(reviewer_id: int, *conditions):
    return db.session.scalars(
        select(ReviewAssignment)
        .where(ReviewAssignment.reviewer_id == reviewer_id,
               ReviewAssignment.state == AssignmentState.SUBMITTED.value, *conditions)
        .options(selectinload(ReviewAssignment.round).selectinload(ReviewRound.manuscript))
        .order_by(ReviewAssignment.submitted_at))


def reviewer_record(reviewer_id: int) -> Record:
    done = list(_submitted(reviewer_id))

    def year(assignment: ReviewAssignment) -> int:
        return journal_day(assignment.submitted_at).year

    years = [(y, Summary.of(list(group))) for y, group in groupby(done, key=year)]
    return Record(years=years[::-1], total=Summary.of(done))


def reviews_in_year(reviewer_id: int, year: int) -> list[ReviewAssignment]:
    """The reviews submitted in the journal's calendar year, oldest first."""
    return list(_submitted(
        reviewer_id,
        ReviewAssignment.submitted_at >= start_of_journal_day(date(year, 1, 1)),
        ReviewAssignment.submitted_at < start_of_journal_day(date(year + 1, 1, 1))))


def titles_on_certificate() -> bool:
    """A double-blind journal's certificate names manuscripts by number only: no title, nothing
    about the authors. (The review mode is the journal's, one for every round.)"""
    return get_journal().review_mode != ReviewMode.DOUBLE_BLIND
