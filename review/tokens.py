"""Review links: capabilities for one assignment, never a login.

An invitation link lets its holder answer that invitation: signed, single-use (a nonce rotated
on every use or resend), expiring with the reply date. Once accepted, a work link (the
"accepted", reminder and thank-you mails) lets its holder work on that one review: signed,
expiring, bound to the nonce set at acceptance, so cancelling the assignment kills it.
Whoever acts through such a link is a `LinkHolder` to the policy: no account, no roles.
"""

import hashlib
import secrets

from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from core.clock import utcnow
from core.extensions import db
from review.errors import LinkGone
from review.models import AGREED_STATES, AssignmentState, ReviewAssignment

SALT = "review-invitation"
WORK_SALT = "review-work"
MAX_AGE = 90 * 24 * 3600  # the signature's outer limit; the response due date expires sooner
WORK_MAX_AGE = 365 * 24 * 3600  # a review, its revision rounds and the certificate afterwards


class LinkHolder:
    """The actor behind a link: may act on one assignment while its nonce is current."""

    is_authenticated = True  # to the policy: a known principal, though not an account
    is_active = True
    is_anonymous = False
    id = None

    def __init__(self, assignment_id: int, nonce: str):
        self.assignment_id, self.nonce = assignment_id, nonce

    @classmethod
    def of(cls, assignment: ReviewAssignment) -> "LinkHolder":
        return cls(assignment.id, assignment.token_nonce)

    def holds(self, assignment: ReviewAssignment) -> bool:
        return (self.assignment_id == assignment.id and bool(self.nonce)
                and secrets.compare_digest(self.nonce, assignment.token_nonce or ""))

    def has_role(self, *_roles) -> bool:
        return False


def _serializer(salt: str = SALT) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=salt)


def _address(email: str) -> str:
    """A short digest of the address a link was mailed to (the address stays out of URLs)."""
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()[:16]


def new_nonce(assignment: ReviewAssignment) -> None:
    assignment.token_nonce = secrets.token_hex(16)


def make_token(assignment: ReviewAssignment) -> str:
    return _serializer().dumps({"a": assignment.id, "n": assignment.token_nonce,
                                "e": _address(assignment.reviewer.email)})


def assignment_for_token(token: str) -> ReviewAssignment:
    """The invited assignment this link answers, or LinkGone saying why not."""
    try:
        data = _serializer().loads(token, max_age=MAX_AGE)
    except SignatureExpired as exc:
        raise LinkGone(_("This invitation link has expired.")) from exc
    except BadSignature as exc:
        raise LinkGone(_("This invitation link is not valid. Please use the link "
                         "from the most recent invitation mail.")) from exc
    assignment = _current(data, "n")
    if assignment is None:
        raise LinkGone(_("This invitation link has already been used or replaced "
                         "by a newer invitation."))
    if assignment.state != AssignmentState.INVITED.value:
        raise LinkGone(_("This invitation has already been answered or withdrawn."))
    if utcnow() > assignment.response_due_at:
        raise LinkGone(_("This invitation has expired. Please contact the editorial "
                         "office if you would still like to review."))
    return assignment


def mailed_to_current_address(token: str, assignment: ReviewAssignment) -> bool:
    """Was this (valid) link mailed to the reviewer's present address? Only then does using it
    confirm that address."""
    try:
        data = _serializer().loads(token, max_age=MAX_AGE)
    except BadSignature:
        return False
    return isinstance(data, dict) and secrets.compare_digest(
        str(data.get("e", "")), _address(assignment.reviewer.email))


def make_work_token(assignment: ReviewAssignment) -> str:
    return _serializer(WORK_SALT).dumps({"a": assignment.id, "n": assignment.token_nonce})



def assignment_for_work_token(token: str) -> ReviewAssignment:
    """The accepted (or submitted) assignment this work link opens, or LinkGone."""
    try:
        data = _serializer(WORK_SALT).loads(token, max_age=WORK_MAX_AGE)
    except SignatureExpired as exc:
        raise LinkGone(_("This review link has expired. Please log in, or ask the "
                         "editorial office for a new link.")) from exc
    except BadSignature as exc:
        raise LinkGone(_("This review link is not valid. Please use the link from "
                         "your most recent mail.")) from exc
    assignment = _current(data, "n")
    if assignment is None or assignment.state not in AGREED_STATES:
        raise LinkGone(_("This review link is no longer valid: the review has been "
                         "withdrawn or reassigned."))
    return assignment


def _current(data, key: str) -> ReviewAssignment | None:
    """The assignment a link names, if the link's nonce is still the current one."""
    if not isinstance(data, dict) or not isinstance(data.get("a"), int):
        return None
    assignment = db.session.get(ReviewAssignment, data["a"])
    if assignment is None or not secrets.compare_digest(assignment.token_nonce or "",
                                                        str(data.get(key, ""))):
        return None
    return assignment
