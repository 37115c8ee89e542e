"""Reminders before, on and after due dates; overdue escalation; the editors' weekly digest.

This module finds what is due and sends the events (review.events); the mails are written by
review/notifications.py. Each reminder's dedupe key names the assignment (or round), its kind
and its day offset: the outbox keeps one row per key, so however often beat runs, each
reminder is sent once.
"""

from datetime import date, timedelta

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import selectinload

from accounts.models import Role, User, UserRole
from core.clock import journal_day, journal_today, start_of_journal_day
from core.extensions import db
from journal.models import Journal, get_journal
from review.events import digest_due, reviewer_reminder_due, revision_reminder_due
from review.models import AssignmentState, ReviewAssignment, ReviewRound
from submission.models import Manuscript
from submission.workflow import State

S = AssignmentState


def _days(text: str) -> list[int]:
    return sorted({int(part) for part in text.replace("，", ",").split(",")
                   if part.strip().isdigit()})


def offsets(journal: Journal) -> tuple[list[int], list[int]]:
    """Days before the due date, and days after it, on which to remind (0 = on the day)."""
    return _days(journal.reminder_days_before), _days(journal.reminder_days_after)


def _window(column, before: list[int], after: list[int], day: date):
    """Due within the journal days that could be reminded of today."""
    start = day - timedelta(days=max(after, default=0))
    end = day + timedelta(days=max(before, default=0) + 1)
    return and_(column >= start_of_journal_day(start), column < start_of_journal_day(end))


def _offset(due, day: date, before: list[int], after: list[int]) -> int | None:
    """Signed days after the due date when a reminder is due today, else None."""
    delta = (day - journal_day(due)).days
    if delta == 0 or (delta < 0 and -delta in before) or (delta > 0 and delta in after):
        return delta
    return None


def send_due_reminders() -> int:
    journal = get_journal()
    before, after = offsets(journal)
    day = journal_today()
    queued = 0
    A = ReviewAssignment
    # An invitation's links expire on its reply date, so it is reminded before and on the day
    # only; after that the editor sees it in the digest.
    for kind, state, due_col, late in (("response", S.INVITED, A.response_due_at, []),
                                       ("review", S.ACCEPTED, A.review_due_at, after)):
        rows = db.session.scalars(
            select(A).where(A.state == state.value, _window(due_col, before, late, day))
            .options(selectinload(A.reviewer), selectinload(A.round)
                     .selectinload(ReviewRound.manuscript)))
        for assignment in rows:
            due = getattr(assignment, due_col.key)
            delta = _offset(due, day, before, late)
            if delta is None:
                continue
            reviewer_reminder_due.send(assignment, kind=kind, due=due, delta=delta)
            queued += 1
    queued += _remind_revisions(before, after, day)
    return queued


def _remind_revisions(before: list[int], after: list[int], day: date) -> int:
    R = ReviewRound
    rounds = db.session.scalars(
        select(R).join(Manuscript, Manuscript.id == R.manuscript_id)
        .where(Manuscript.state == State.REVISION_REQUESTED, R.revision_submitted_at.is_(None),
               _window(R.revision_due_at, before, after, day))
        .options(selectinload(R.manuscript)))
    queued = 0
    for review_round in rounds:
        delta = _offset(review_round.revision_due_at, day, before, after)
        if delta is None:
            continue
        revision_reminder_due.send(review_round, due=review_round.revision_due_at, delta=delta)
        queued += 1
    return queued


def digest_for(editor: User, day: date) -> dict:
    """What waits for this editor: received manuscripts not yet in review, their overdue
    reviews, rounds with enough reviews to decide, and overdue revisions."""
    A, R = ReviewAssignment, ReviewRound
    required = get_journal().required_reviews
    unassigned = db.session.scalar(select(func.count()).select_from(Manuscript)
                                   .where(Manuscript.state == State.RECEIVED))
    overdue = list(db.session.scalars(
        select(A).join(R).where(R.editor_id == editor.id, or_(
            and_(A.state == S.ACCEPTED.value, A.review_due_at < day),
            and_(A.state == S.INVITED.value, A.response_due_at < day)))
        .options(selectinload(A.round).selectinload(R.manuscript), selectinload(A.reviewer))))
    submitted = (select(A.round_id, func.count().label("n")).where(A.state == S.SUBMITTED.value)
                 .group_by(A.round_id).subquery())
    decisions_due = list(db.session.scalars(
        select(Manuscript).join(R, R.manuscript_id == Manuscript.id)
        .join(submitted, submitted.c.round_id == R.id)
        .where(R.editor_id == editor.id, R.decided_at.is_(None),
               Manuscript.state == State.UNDER_REVIEW, submitted.c.n >= required)))
    overdue_revisions = list(db.session.scalars(
        select(Manuscript).join(R, R.manuscript_id == Manuscript.id)
        .where(R.editor_id == editor.id, Manuscript.state == State.REVISION_REQUESTED,
               R.revision_submitted_at.is_(None), R.revision_due_at < day)))
    return {"unassigned": unassigned or 0, "overdue": overdue, "decisions_due": decisions_due,
            "overdue_revisions": overdue_revisions}


def send_digests() -> int:
    day = journal_today()
    year, week, _ = day.isocalendar()
    editors = db.session.scalars(select(User).join(UserRole).where(
        UserRole.role.in_([Role.EDITOR.value, Role.CHIEF_EDITOR.value]), User.active).distinct())
    sent = 0
    for editor in editors:
        waiting = digest_for(editor, day)
        if not (waiting["unassigned"] or waiting["overdue"] or waiting["decisions_due"]
                or waiting["overdue_revisions"]):
            continue
        digest_due.send(editor, week=f"{year}-W{week:02d}", waiting=waiting)
        sent += 1
    return sent
