"""Choosing and inviting reviewers, and the reviewers' answers."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import case, func, or_, select, update

from accounts.models import Role, User, UserRole, find_user_by_email, normalise_email
from accounts.passwords import hash_password, password_problem
from accounts.policy import require
from core.clock import utcnow
from core.extensions import db
from journal.models import get_journal
from review import permissions  # noqa: F401 - registers the review rules
from review.events import assignment_ended, due_dates_changed, invitation_answered, reviewer_invited
from review.models import OPEN_STATES, AssignmentState, ReviewAssignment, ReviewRound
from review.tokens import new_nonce
from submission.models import Manuscript
from submission.workflow import State

S = AssignmentState


class ReviewError(Exception):
    """A refused review action; the message is shown to the user (HTTP 409 in views)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# --------------------------------------------------------------------------- choosing


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
            func.sum(case((A.state.in_(OPEN_STATES), 1), else_=0)),
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


# --------------------------------------------------------------------------- inviting


def find_or_create_reviewer(email: str, name: str, locale: str = "zh_CN") -> User:
    """An existing account gains the reviewer role; a new person gets an account without a
    password, which they set when they accept."""
    user = find_user_by_email(email)
    if user is None:
        if not name.strip():
            raise ReviewError(_("Give the new reviewer's name."))
        user = User(email=normalise_email(email), name=name.strip(), locale=locale)
        db.session.add(user)
    user.grant(Role.REVIEWER)
    db.session.flush()
    return user


def invite(review_round: ReviewRound, reviewer: User, actor, *, response_days: int | None = None,
           review_days: int | None = None) -> ReviewAssignment:
    manuscript = review_round.manuscript
    require(actor, "review.manage", manuscript)
    if manuscript.state != State.UNDER_REVIEW:
        raise ReviewError(_("Reviewers can only be invited while the manuscript is under review."))
    if review_round.decided_at is not None:
        raise ReviewError(_("This round is closed."))
    why = refusal(manuscript, reviewer)
    if why:
        raise ReviewError(why)
    existing = db.session.scalar(select(ReviewAssignment).where(
        ReviewAssignment.round_id == review_round.id,
        ReviewAssignment.reviewer_id == reviewer.id))
    if existing is not None and existing.state != S.CANCELLED.value:
        raise ReviewError(_("%(name)s is already invited to this round.", name=reviewer.name))
    journal = get_journal()
    now = utcnow()
    response_due = now + timedelta(days=response_days or journal.response_due_days)
    assignment = existing
    if assignment is None:
        label = max((a.label for a in review_round.assignments), default=0) + 1
        assignment = ReviewAssignment(round=review_round, reviewer=reviewer, label=label)
        db.session.add(assignment)
    assignment.state = S.INVITED.value
    assignment.invited_by_id = actor.id
    assignment.invited_at = now
    assignment.response_due_at = response_due
    assignment.review_due_at = response_due + timedelta(days=review_days or journal.review_due_days)
    assignment.cancelled_at = None
    assignment.affiliation_warning = shares_affiliation(manuscript, reviewer)
    new_nonce(assignment)
    db.session.flush()
    reviewer_invited.send(assignment, resent=False)
    return assignment


def reinvite_previous_reviewers(review_round: ReviewRound, actor) -> list[ReviewAssignment]:
    """Invite, in one click, everyone who submitted a review in the round before this one."""
    previous = db.session.scalar(select(ReviewRound).where(
        ReviewRound.manuscript_id == review_round.manuscript_id,
        ReviewRound.number == review_round.number - 1))
    if previous is None:
        raise ReviewError(_("There is no earlier round."))
    invited = {a.reviewer_id for a in review_round.assignments if a.state != S.CANCELLED.value}
    return [invite(review_round, a.reviewer, actor) for a in previous.assignments
            if a.state == S.SUBMITTED.value and a.reviewer_id not in invited]


def _editable(assignment: ReviewAssignment, actor) -> None:
    require(actor, "review.manage", assignment.round.manuscript)
    if not assignment.is_open:
        raise ReviewError(_("This invitation is %(state)s; it can no longer be changed.",
                            state=S(assignment.state).title))


def resend(assignment: ReviewAssignment, actor) -> None:
    """A new mail with new links (the old links stop working); an expired reply date moves on."""
    _editable(assignment, actor)
    if assignment.state != S.INVITED.value:
        raise ReviewError(_("The reviewer has already accepted."))
    now = utcnow()
    if assignment.response_due_at < now:
        gap = assignment.review_due_at - assignment.response_due_at
        assignment.response_due_at = now + timedelta(days=get_journal().response_due_days)
        assignment.review_due_at = assignment.response_due_at + gap
    new_nonce(assignment)
    db.session.flush()
    reviewer_invited.send(assignment, resent=True)


def cancel(assignment: ReviewAssignment, actor) -> None:
    _editable(assignment, actor)
    withdraw(assignment)


def _end(assignment: ReviewAssignment) -> None:
    """The assignment is cancelled; a new nonce kills its links, grants and file access."""
    assignment.state = S.CANCELLED.value
    assignment.cancelled_at = utcnow()
    new_nonce(assignment)
    db.session.flush()


def withdraw(assignment: ReviewAssignment) -> None:
    """Cancel an open invitation or review (its links stop working) and tell the reviewer."""
    _end(assignment)
    assignment_ended.send(assignment, decision_id=None)


def close_at_decision(assignment: ReviewAssignment, decision_id: int) -> None:
    """The editors decided the round: an open invitation or review ends (links and file
    access with it), and its reviewer hears that no review is needed."""
    _end(assignment)
    assignment_ended.send(assignment, decision_id=decision_id)


def extend(assignment: ReviewAssignment, actor, *, response_due: datetime | None,
           review_due: datetime) -> None:
    _editable(assignment, actor)
    if response_due and assignment.state == S.INVITED.value:
        assignment.response_due_at = response_due
    if review_due <= assignment.response_due_at and assignment.state == S.INVITED.value:
        raise ReviewError(_("The review due date must come after the reply date."))
    assignment.review_due_at = review_due
    db.session.flush()
    due_dates_changed.send(assignment)


# --------------------------------------------------------------------------- answering


def accept(assignment: ReviewAssignment, actor, *, competing_interests: str,
           password: str | None = None, confirm_address: bool = False) -> None:
    """The holder of the invitation link accepts and declares competing interests.

    Nobody is signed in by this. A reviewer without a password may choose one (the rules of
    registration); the address is confirmed only when the link was mailed to it.
    """
    require(actor, "review.answer", assignment)
    reviewer = assignment.reviewer
    password = password if not reviewer.password_hash else None
    problem = password and password_problem(password, reviewer.email)
    if problem:
        raise ReviewError(str(problem))
    _claim_answer(assignment, actor, S.ACCEPTED)
    if password:
        reviewer.password_hash = hash_password(password)
    if confirm_address and reviewer.email_confirmed_at is None:
        reviewer.email_confirmed_at = utcnow()  # they answered a mail sent to that address
    assignment.state = S.ACCEPTED.value
    assignment.responded_at = utcnow()
    assignment.competing_interests = competing_interests.strip()
    new_nonce(assignment)  # the invitation link is used up; work links carry the new nonce
    db.session.flush()
    invitation_answered.send(assignment, accepted=True)


def _claim_answer(assignment: ReviewAssignment, actor, state: AssignmentState) -> None:
    """One answer per link, even when it is posted twice at once: a conditional UPDATE on the
    link's nonce, so the second request finds the invitation answered (and changes nothing)."""
    claimed = db.session.execute(
        update(ReviewAssignment)
        .where(ReviewAssignment.id == assignment.id, ReviewAssignment.state == S.INVITED.value,
               ReviewAssignment.token_nonce == actor.nonce)
        .values(state=state.value).execution_options(synchronize_session=False))
    if claimed.rowcount != 1:
        raise ReviewError(_("This invitation has already been answered or withdrawn."))


def decline(assignment: ReviewAssignment, actor, *, reason: str, suggestion: str) -> None:
    require(actor, "review.answer", assignment)
    _claim_answer(assignment, actor, S.DECLINED)
    assignment.state = S.DECLINED.value
    assignment.responded_at = utcnow()
    assignment.decline_reason = reason.strip()
    assignment.suggested_reviewer = suggestion.strip()
    new_nonce(assignment)
    db.session.flush()
    invitation_answered.send(assignment, accepted=False)
