"""Choosing reviewers: the search, each candidate's record, and who may not review."""

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import case, func, or_, select

from accounts.models import Role, User, UserRole
from core.extensions import db
from review.models import AssignmentState, ReviewAssignment, ReviewRound
from submission.models import Manuscript

S = AssignmentState


@dataclass
class Candidate:
    user: User
    open: int = 0
    completed: int = 0
    declined: int = 0
    avg_days: float | None = None
    last_invited_at: datetime | None = None
    refusal: str = ""  # why this person may not review this manuscript
    shared_affiliation: bool = False
    already_invited: bool = False


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
    """Open, completed and declined reviews, average days to complete, last invitation."""
    if not user_ids:
        return {}
    A = ReviewAssignment
    if db.engine.dialect.name == "sqlite":
        days = func.julianday(A.submitted_at) - func.julianday(A.invited_at)
    else:
        days = func.extract("epoch", A.submitted_at - A.invited_at) / 86400.0
    rows = db.session.execute(
        select(
            A.reviewer_id,
            func.sum(case((A.state.in_([S.INVITED.value, S.ACCEPTED.value]), 1), else_=0)),
            func.sum(case((A.state == S.SUBMITTED.value, 1), else_=0)),
            func.sum(case((A.state == S.DECLINED.value, 1), else_=0)),
            func.avg(case((A.state == S.SUBMITTED.value, days), else_=None)),
            func.max(A.invited_at),
        ).where(A.reviewer_id.in_(user_ids)).group_by(A.reviewer_id))
    return {
        rid: {"open": int(o or 0), "completed": int(c or 0), "declined": int(d or 0),
              "avg_days": round(float(avg), 1) if avg is not None else None,
              "last_invited_at": last}
        for rid, o, c, d, avg, last in rows
    }


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
