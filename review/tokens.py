"""Invitation links: signed, single-use (a nonce rotated on every use or resend), expiring."""

import secrets

from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from journal.clock import utcnow
from journal.extensions import db
from review.models import AssignmentState, ReviewAssignment

SALT = "review-invitation"
MAX_AGE = 90 * 24 * 3600  # the signature's outer limit; the response due date expires sooner


class InvitationLinkError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def new_nonce(assignment: ReviewAssignment) -> None:
    assignment.token_nonce = secrets.token_hex(16)


def make_token(assignment: ReviewAssignment) -> str:
    return _serializer().dumps({"a": assignment.id, "n": assignment.token_nonce})


def assignment_for_token(token: str) -> ReviewAssignment:
    """The invited assignment this link answers, or InvitationLinkError saying why not."""
    try:
        data = _serializer().loads(token, max_age=MAX_AGE)
    except SignatureExpired as exc:
        raise InvitationLinkError(_("This invitation link has expired.")) from exc
    except BadSignature as exc:
        raise InvitationLinkError(_("This invitation link is not valid. Please use the link "
                                    "from the most recent invitation mail.")) from exc
    assignment = db.session.get(ReviewAssignment, data.get("a"))
    if assignment is None or not secrets.compare_digest(assignment.token_nonce,
                                                        str(data.get("n", ""))):
        raise InvitationLinkError(_("This invitation link has already been used or replaced "
                                    "by a newer invitation."))
    if assignment.state != AssignmentState.INVITED.value:
        raise InvitationLinkError(_("This invitation has already been answered or withdrawn."))
    if utcnow() > assignment.response_due_at:
        raise InvitationLinkError(_("This invitation has expired. Please contact the editorial "
                                    "office if you would still like to review."))
    return assignment
