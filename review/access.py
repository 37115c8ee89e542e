"""Who is acting on a reviewer page: the signed-in reviewer, or the holder of one assignment's
link (a grant kept in the browser session). Loading follows load → 404 → policy.

A grant names one assignment and the nonce it had when granted; cancelling or re-inviting
rotates the nonce, so an old grant opens nothing. A grant is never a login: account pages
still ask to log in, and whoever signs in as somebody else cannot use it.
"""

from flask import abort, session
from flask_babel import gettext as _
from flask_login import current_user

from accounts.policy import require
from core.extensions import db, login_manager
from review.invitations import ReviewError
from review.models import AssignmentState, ReviewAssignment
from review.tokens import LinkHolder

GRANTS = "review_grants"
MAX_GRANTS = 20  # a browser holding more links than this keeps the latest ones


class OtherAccount(ReviewError):
    """A link used while signed in as someone other than the person it was mailed to."""

    def __init__(self):
        super().__init__(_("You are signed in with another account than the one this link was "
                           "sent to, so nothing has been changed. Log out first, then open the "
                           "link from your mail again."))


def link_actor(assignment: ReviewAssignment, nonce: str) -> LinkHolder:
    """The actor for a link's holder; refuses whoever is signed in as another person."""
    if current_user.is_authenticated and current_user.id != assignment.reviewer_id:
        raise OtherAccount()
    return LinkHolder(assignment.id, nonce)


def grant(assignment: ReviewAssignment) -> None:
    """Let this browser keep working on this one review without an account."""
    if current_user.is_authenticated:
        return  # the reviewer is signed in; their account already opens it
    grants = {k: v for k, v in (session.get(GRANTS) or {}).items() if k != str(assignment.id)}
    grants[str(assignment.id)] = assignment.token_nonce
    session[GRANTS] = dict(list(grants.items())[-MAX_GRANTS:])


def reviewer_actor(assignment: ReviewAssignment):
    """The signed-in user, or a LinkHolder if this browser holds a grant, or None."""
    if current_user.is_authenticated:
        return current_user._get_current_object()
    nonce = (session.get(GRANTS) or {}).get(str(assignment.id))
    return LinkHolder(assignment.id, nonce) if isinstance(nonce, str) else None


def load_assignment(assignment_id: int, permission: str = "review.assignment"):
    """(assignment, actor) for a reviewer page; 404 for anyone else, log in if nobody."""
    assignment = db.session.get(ReviewAssignment, assignment_id)
    if assignment is None or assignment.state == AssignmentState.CANCELLED.value:
        abort(404)
    actor = reviewer_actor(assignment)
    if actor is None:
        abort(login_manager.unauthorized())
    require(actor, permission, assignment)
    return assignment, actor
