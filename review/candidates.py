"""Choosing reviewers: the search, each candidate's record, and who may not review."""

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import and_, case, func, or_, select

from accounts.models import Role, User, UserRole
from core.clock import utcnow
from core.extensions import db
from review.models import AssignmentState, ReviewAssignment, ReviewRound
from submission.models import Manuscript

S = AssignmentState


@dataclass
class Candidate:
    """A person the editor may invite, with their record as a reviewer (reviewer_stats)."""

    user: User
    completed: int = 0
    open_load: int = 0  # reviews accepted and not yet submitted
    rating: float | None = None  # the editors' average quality rating
    ratings: int = 0
    median_days: float | None = None  # invitation to submitted review
    accepted: int = 0
    asked: int = 0  # invitations answered, or left unanswered past the reply date
    last_invited_at: datetime | None = None
    refusal: str = ""  # why this person may not review this manuscript
    shared_affiliation: bool = False
    already_invited: bool = False

    @property
    def acceptance_share(self) -> float | None:
        return self.accepted / self.asked if self.asked else None


def search_reviewers(manuscript: Manuscript, query: str, limit: int = 30) -> list[Candidate]:
    """People with the reviewer role whose name, pinyin, email or expertise matches every term."""
    stmt = select(User).join(UserRole).where(UserRole.role == Role.REVIEWER.value, User.active)
    for term in query.split():
        like = f"%{term}%"
        stmt = stmt.where(or_(User.name.ilike(like), User.name_pinyin.ilike(like),
                              User.email.ilike(like), User.expertise.ilike(like)))
    users = list(db.session.scalars(stmt.order_by(User.name).limit(limit)))
    return candidates(manuscript, users)


def candidates(manuscript: Manuscript, users: list[User]) -> list[Candidate]:
    stats = reviewer_stats([u.id for u in users])
    invited = set(db.session.scalars(
        select(ReviewAssignment.reviewer_id).join(ReviewRound)
        .where(ReviewRound.manuscript_id == manuscript.id,
               ReviewAssignment.state != S.CANCELLED.value)))
    found = []
    for user in users:
        candidate = Candidate(user=user, **stats.get(user.id, {}))
        candidate.refusal = refusal(manuscript, user)
        candidate.shared_affiliation = shares_affiliation(manuscript, user)
        candidate.already_invited = user.id in invited
        found.append(candidate)
    return found


def reviewer_stats(user_ids: list[int]) -> dict[int, dict]:
    """Each reviewer's record, in two queries whatever the number of reviewers: reviews
    completed and in progress, the editors' average rating, median days to review, the
    invitations accepted out of those answered or expired, the last invitation."""
    if not user_ids:
        return {}
    A = ReviewAssignment
    answered = A.responded_at.is_not(None)
    expired = and_(A.responded_at.is_(None),
                   A.response_due_at < func.coalesce(A.cancelled_at, utcnow()))
    rows = db.session.execute(
        select(
            A.reviewer_id,
            _count(A.state == S.SUBMITTED.value),
            _count(A.state == S.ACCEPTED.value),
            func.avg(A.quality_rating),
            func.count(A.quality_rating),
            _count(and_(answered, A.state != S.DECLINED.value)),
            _count(or_(answered, expired)),
            func.max(A.invited_at),
        ).where(A.reviewer_id.in_(user_ids)).group_by(A.reviewer_id))
    medians = median_days(user_ids)
    return {
        rid: {"completed": int(done or 0), "open_load": int(load or 0),
              "rating": round(float(rating), 1) if rating is not None else None,
              "ratings": ratings, "accepted": int(accepted or 0), "asked": int(asked or 0),
              "median_days": medians.get(rid), "last_invited_at": last}
        for rid, done, load, rating, ratings, accepted, asked, last in rows
    }


def _count(condition):
    return func.sum(case((condition, 1), else_=0))


def median_days(user_ids: list[int]) -> dict[int, float]:
    """Each reviewer's median days from invitation to submitted review, in one query: the
    middle review (or the mean of the two middle ones) by rank within the reviewer's reviews."""
    A = ReviewAssignment
    days = A.days_to_review
    ranked = select(
        A.reviewer_id, days.label("days"),
        func.row_number().over(partition_by=A.reviewer_id, order_by=days).label("rank"),
        func.count().over(partition_by=A.reviewer_id).label("n"),
    ).where(A.reviewer_id.in_(user_ids), A.state == S.SUBMITTED.value).subquery()
    middle = or_(ranked.c.rank == (ranked.c.n + 1) // 2, ranked.c.rank == (ranked.c.n + 2) // 2)
    rows = db.session.execute(
        select(ranked.c.reviewer_id, func.avg(ranked.c.days)).where(middle)
        .group_by(ranked.c.reviewer_id))
    return {rid: round(float(median), 1) for rid, median in rows}


def refusal(manuscript: Manuscript, user: User) -> str:
    emails = {a.email.lower() for a in manuscript.authors if a.email}
    author_ids = {a.user_id for a in manuscript.authors} | {manuscript.submitter_id}
    if user.id in author_ids or user.email.lower() in emails:
        return _("An author of the manuscript cannot review it.")
    return ""


def _normal(text: str) -> str:
    return "".join(text.split()).lower()


def shares_affiliation(manuscript: Manuscript, user: User) -> bool:
    mine = _normal(user.affiliation or "")
    if len(mine) < 4:
        return False
    for author in manuscript.authors:
        theirs = _normal(author.affiliation or "")
        if len(theirs) >= 4 and (mine in theirs or theirs in mine):
            return True
    return False
