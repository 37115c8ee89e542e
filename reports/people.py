"""The figures about people: reviewers (as a body) and each editor's workload.

Reviewers, for a period (a column narrows them to its manuscripts' rounds):
- invited: invitations sent in the period (withdrawn ones included);
- agreed_share: of those invitations that were answered, the share agreed to (agreed ÷
  (agreed + declined)); unanswered and withdrawn-before-answer invitations are left out;
- review_days: days from invitation to the submitted review, median and 90th percentile, for
  the reviews submitted in the period;
- on_time_share: of those reviews, the share submitted by their due date;
- overdue_now: reviews agreed to and past their due date today (not bound to the period).

Editors, for a period, by the audit trail's actor: the receipts each editor registered (收稿),
the manuscripts sent to review, and the decisions made (each decision counts: a revision
request and a later acceptance of one manuscript are two); and the review rounds each handles
that are open today.
"""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import case, func, select

from accounts.models import User
from core.clock import utcnow
from core.durations import days_between
from core.extensions import db
from core.i18n import name_in
from reports.figures import Duration, Period, rank
from review.models import AssignmentState, ReviewAssignment, ReviewRound
from submission.models import Manuscript, WorkflowEvent
from submission.states import Action, State

EDITOR_WORK = {  # figure -> (the moves, its title)
    "received": ((Action.RECEIVE,), _l("Registered")),
    "sent_to_review": ((Action.SEND_TO_REVIEW,), _l("Sent to peer review")),
    "decided": ((Action.DESK_REJECT, Action.REQUEST_REVISION, Action.ACCEPT, Action.REJECT),
                _l("Decisions")),
}


@dataclass(frozen=True)
class Reviewers:
    invited: int
    agreed_share: float | None
    review_days: Duration
    on_time_share: float | None


@dataclass(frozen=True)
class EditorLoad:
    editor_id: int
    name: str
    work: dict[str, int]  # EDITOR_WORK figure -> manuscripts
    open_rounds: int


def _in_column(query, column_id: int | None):
    if column_id is None:
        return query
    return (query.join(ReviewRound, ReviewRound.id == ReviewAssignment.round_id)
            .join(Manuscript, Manuscript.id == ReviewRound.manuscript_id)
            .where(Manuscript.column_id == column_id))


def reviewers(period: Period, column_id: int | None = None) -> Reviewers:
    """The reviewers' figures for the period (two queries)."""
    start, end = period.bounds()
    agreed = ReviewAssignment.state.in_([AssignmentState.ACCEPTED, AssignmentState.SUBMITTED])
    declined = ReviewAssignment.state == AssignmentState.DECLINED
    invited, agreed_n, declined_n = db.session.execute(_in_column(select(
        func.count(), func.count(case((agreed, 1))), func.count(case((declined, 1))))
        .select_from(ReviewAssignment)
        .where(ReviewAssignment.invited_at >= start, ReviewAssignment.invited_at < end),
        column_id)).one()
    done = db.session.execute(_in_column(select(
        days_between(ReviewAssignment.invited_at, ReviewAssignment.submitted_at),
        days_between(ReviewAssignment.submitted_at, ReviewAssignment.review_due_at) >= 0)
        .where(ReviewAssignment.submitted_at >= start, ReviewAssignment.submitted_at < end),
        column_id)).all()  # (numbers, not times: the database does the arithmetic)
    days = sorted(taken for taken, _in_time in done)
    on_time = sum(bool(in_time) for _taken, in_time in done)
    answered = agreed_n + declined_n
    return Reviewers(invited, agreed_n / answered if answered else None,
                     Duration(len(days), rank(days, 0.5), rank(days, 0.9)),
                     on_time / len(done) if done else None)


def overdue_now(column_id: int | None = None) -> int:
    """The reviews agreed to and past their due date at this moment (one query)."""
    return db.session.scalar(_in_column(select(func.count()).select_from(
        ReviewAssignment).where(
        ReviewAssignment.state == AssignmentState.ACCEPTED,
        ReviewAssignment.review_due_at < utcnow()), column_id))


def editors(period: Period, column_id: int | None = None) -> list[EditorLoad]:
    """Each editor with work in the period or open rounds today, by name (two queries)."""
    start, end = period.bounds()
    figure_of = {move.value: name for name, (moves, _t) in EDITOR_WORK.items() for move in moves}
    moved = (select(WorkflowEvent.actor_id, WorkflowEvent.action, func.count())
             .where(WorkflowEvent.action.in_(list(figure_of)), WorkflowEvent.created_at >= start,
                    WorkflowEvent.created_at < end, WorkflowEvent.actor_id.is_not(None))
             .group_by(WorkflowEvent.actor_id, WorkflowEvent.action))
    rounds = (select(ReviewRound.editor_id, func.count())
              .join(Manuscript, Manuscript.id == ReviewRound.manuscript_id)
              .where(ReviewRound.decision.is_(None), ReviewRound.editor_id.is_not(None),
                     Manuscript.state == State.UNDER_REVIEW)
              .group_by(ReviewRound.editor_id))
    if column_id is not None:
        moved = moved.join(Manuscript, Manuscript.id == WorkflowEvent.manuscript_id).where(
            Manuscript.column_id == column_id)
        rounds = rounds.where(Manuscript.column_id == column_id)
    work: dict[int, dict[str, int]] = {}
    for actor_id, action, n in db.session.execute(moved):
        figures = work.setdefault(actor_id, dict.fromkeys(EDITOR_WORK, 0))
        figures[figure_of[action]] += n
    open_rounds = dict(db.session.execute(rounds).all())
    ids = set(work) | set(open_rounds)
    names = {user.id: name_in(user) for user in db.session.execute(
        select(User.id, User.name, User.name_pinyin).where(User.id.in_(ids)))}
    return sorted((EditorLoad(i, names.get(i, ""), work.get(i, dict.fromkeys(EDITOR_WORK, 0)),
                              open_rounds.get(i, 0)) for i in ids),
                  key=lambda load: (-sum(load.work.values()) - load.open_rounds, load.name))
