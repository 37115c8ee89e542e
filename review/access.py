"""Loading for the review pages: load, 404 if missing, ask the policy once, return.

Who acts on a reviewer page is the signed-in reviewer, or the holder of one assignment's link
(a grant kept in the browser session). A grant names one assignment and the nonce it had when
granted; cancelling or re-inviting rotates the nonce, so an old grant opens nothing. A grant is
never a login: account pages still ask to log in, and whoever signs in as somebody else cannot
use it.

The policy is asked once per action. A page that reads or shows its form before the service
runs asks here for what the action needs, and the service trusts it (writing a review, the
desk rejection, the recommendation, letter templates, the rubric); a page whose service runs
first loads with the read permission and the service asks (invitations, the decision itself,
the anonymity gate, the author's revision, the answer to an invitation).
"""

from flask import abort, session
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from accounts.models import User
from accounts.policy import require
from core.extensions import db, login_manager
from core.refusals import NotAllowed
from review.deadline_models import RevisionExtension
from review.message_models import AttachmentState, MessageAttachment, MessageThread, Side
from review.messaging import Place, require_place, side_of
from review.models import AssignmentState, FileState, ReviewAssignment, ReviewFile
from review.tokens import LinkHolder, assignment_for_token, assignment_for_work_token

GRANTS = "review_grants"
MAX_GRANTS = 20  # a browser holding more links than this keeps the latest ones

OTHER_ACCOUNT = _l("You are signed in with another account than the one this link was sent "
                   "to, so nothing has been changed. Log out first, then open the link from "
                   "your mail again.")


class OtherAccount(NotAllowed):
    """A link used while signed in as someone other than the person it was mailed to."""

    def __init__(self):
        super().__init__(OTHER_ACCOUNT)


def link_actor(assignment: ReviewAssignment, nonce: str) -> LinkHolder:
    """The actor for a link's holder; refuses whoever is signed in as another person."""
    if current_user.is_authenticated and current_user.id != assignment.reviewer_id:
        raise OtherAccount()
    return LinkHolder(assignment.id, nonce)


def load_invitation(token: str) -> tuple[ReviewAssignment, LinkHolder]:
    """The invited assignment of an invitation link and its holder (LinkGone, OtherAccount)."""
    assignment = assignment_for_token(token)
    return assignment, link_actor(assignment, assignment.token_nonce)


def load_work_link(token: str) -> ReviewAssignment:
    """The review a work link opens (LinkGone, OtherAccount)."""
    assignment = assignment_for_work_token(token)
    link_actor(assignment, assignment.token_nonce)
    return assignment


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


def load_reviewer_file(assignment_id: int, file_id: int) -> ReviewFile:
    """A reviewers' copy of the assignment's round, ready, while the reviewer may have it."""
    assignment, _actor = load_assignment(assignment_id, "review.files")
    review_file = db.session.get(ReviewFile, file_id)
    if review_file is None or review_file.round_id != assignment.round_id \
            or review_file.state != FileState.READY:
        abort(404)
    return review_file


def _for_editors(model, object_id: int, permission: str, manuscript_of):
    """An object of the editors' pages: the policy is asked about its manuscript."""
    found = db.session.get(model, object_id)
    if found is None:
        abort(404)
    require(current_user, permission, manuscript_of(found))
    return found


def load_assignment_for_editors(assignment_id: int, permission: str) -> ReviewAssignment:
    return _for_editors(ReviewAssignment, assignment_id, permission,
                        lambda assignment: assignment.round.manuscript)


def load_review_file(file_id: int, permission: str) -> ReviewFile:
    """A reviewers' copy for the editors' pages."""
    return _for_editors(ReviewFile, file_id, permission,
                        lambda review_file: review_file.round.manuscript)


def load_record_owner(user_id: int) -> User:
    """The reviewer whose record and certificates a page shows: to themselves only (404)."""
    reviewer = db.session.get(User, user_id)
    if reviewer is None:
        abort(404)
    require(current_user, "review.record", reviewer)
    return reviewer


# --------------------------------------------------------------------------- messages


def _reader(place: Place):
    """Who reads a thread: the signed-in user, or a reviewer's link holder on their thread."""
    actor = reviewer_actor(place.assignment) if place.assignment is not None else (
        current_user._get_current_object() if current_user.is_authenticated else None)
    if actor is None:
        abort(login_manager.unauthorized())
    require_place(actor, place)
    return actor


def load_thread(thread_id: int) -> tuple[MessageThread, Place, object]:
    """A thread, its place and its reader; 404 for anyone who may not read it."""
    thread = db.session.get(MessageThread, thread_id)
    if thread is None:
        abort(404)
    place = Place.of(thread)
    return thread, place, _reader(place)


def load_message_attachment(attachment_id: int) -> tuple[MessageAttachment, Side]:
    """An attachment and the side of whoever downloads it; a held one is the editors' only."""
    attachment = db.session.get(MessageAttachment, attachment_id)
    if attachment is None:
        abort(404)
    place = Place.of(attachment.message.thread)
    side = side_of(_reader(place), place)
    if side != Side.EDITORS and attachment.state != AttachmentState.READY.value:
        abort(404)
    return attachment, side


def load_attachment_for_editors(attachment_id: int) -> MessageAttachment:
    return _for_editors(MessageAttachment, attachment_id, "review.manage",
                        lambda attachment: attachment.message.thread.manuscript)


def load_extension_for_editors(extension_id: int) -> RevisionExtension:
    return _for_editors(RevisionExtension, extension_id, "review.manage",
                        lambda extension: extension.round.manuscript)
