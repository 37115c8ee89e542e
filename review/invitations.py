"""Inviting reviewers (chosen in review.candidates), and the reviewers' answers."""

from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import select, update

from accounts.models import Role, User, find_user_by_email, normalise_email
from accounts.passwords import hash_password, password_problem
from accounts.policy import require
from core.clock import utcnow
from core.extensions import db
from core.inputs import parse_id
from core.refusals import Missing
from journal.models import get_journal
from review import permissions  # noqa: F401 - registers the review rules
from review.candidates import refusal, shares_affiliation
from review.errors import ReviewError, ReviewInputError
from review.events import assignment_ended, due_dates_changed, invitation_answered, reviewer_invited
from review.models import AssignmentState, ReviewAssignment, ReviewRound
from review.rounds import current_round
from review.tokens import new_nonce
from submission.models import Manuscript
from submission.workflow import State

S = AssignmentState


# --------------------------------------------------------------------------- inviting


def find_or_create_reviewer(email: str, name: str, locale: str = "zh_CN") -> User:
    """An existing account gains the reviewer role; a new person gets an account without a
    password, which they set when they accept."""
    user = find_user_by_email(email)
    if user is None:
        if not name.strip():
            raise ReviewInputError(_("Give the new reviewer's name."))
        user = User(email=normalise_email(email), name=name.strip(), locale=locale)
        db.session.add(user)
    user.grant(Role.REVIEWER)
    db.session.flush()
    return user


def invite(review_round: ReviewRound, reviewer: User, actor, *, response_days: int | None = None,
           review_days: int | None = None) -> ReviewAssignment:
    """Invite a known reviewer to the round, with the journal's reply and review times unless
    other days are given."""
    require(actor, "review.manage", review_round.manuscript)
    return _invite(review_round.manuscript, review_round, reviewer, actor,
                   response_days=response_days, review_days=review_days)


def invite_chosen(manuscript: Manuscript, actor, *, reviewer_id: str | None, email: str | None,
                  name: str, response_days: int | None = None,
                  review_days: int | None = None) -> ReviewAssignment:
    """The manage page's invitation: someone its search found (`reviewer_id`), or the address
    of a new reviewer, who gets an account."""
    require(actor, "review.manage", manuscript)
    if reviewer_id:
        reviewer = db.session.get(User, parse_id(reviewer_id) or 0)
        if reviewer is None:
            raise Missing()
    elif email:
        reviewer = find_or_create_reviewer(email, name)
    else:
        raise ReviewInputError(_("Choose a reviewer from the search, or give the email of a new "
                                 "reviewer."))
    return _invite(manuscript, current_round(manuscript), reviewer, actor,
                   response_days=response_days, review_days=review_days)


def _invite(manuscript: Manuscript, review_round: ReviewRound | None, reviewer: User, actor, *,
            response_days: int | None, review_days: int | None) -> ReviewAssignment:
    if manuscript.state != State.UNDER_REVIEW or review_round is None:
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
    assignment.responded_at = None  # an invitation again: any earlier answer was to another
    assignment.affiliation_warning = shares_affiliation(manuscript, reviewer)
    new_nonce(assignment)
    db.session.flush()
    reviewer_invited.send(assignment, resent=False)
    return assignment


def reinvite_previous_reviewers(manuscript: Manuscript, actor) -> list[ReviewAssignment]:
    """Invite, in one click, everyone who submitted a review in the round before this one."""
    require(actor, "review.manage", manuscript)
    review_round = current_round(manuscript)
    previous = review_round and db.session.scalar(select(ReviewRound).where(
        ReviewRound.manuscript_id == manuscript.id,
        ReviewRound.number == review_round.number - 1))
    if previous is None:
        raise ReviewError(_("There is no earlier round."))
    invited = {a.reviewer_id for a in review_round.assignments if a.state != S.CANCELLED.value}
    return [_invite(manuscript, review_round, a.reviewer, actor, response_days=None,
                    review_days=None)
            for a in previous.assignments
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
           review_due: datetime | None) -> None:
    _editable(assignment, actor)
    if review_due is None:
        raise ReviewInputError(_("Give a valid review due date."))
    if response_due and assignment.state == S.INVITED.value:
        assignment.response_due_at = response_due
    if review_due <= assignment.response_due_at and assignment.state == S.INVITED.value:
        raise ReviewInputError(_("The review due date must come after the reply date."))
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
        raise ReviewInputError(str(problem))
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
