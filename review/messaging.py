"""Messages on a manuscript: the editorial office writes with the authors in one thread, and
with each reviewer in that assignment's own thread.

A thread's place is its manuscript (the authors' thread) or one assignment (a reviewer's); the
policy rule of the place says who may read and write there ("review.author_messages",
"review.reviewer_messages"), and the writer's side is the editorial office when they handle
the manuscript. Authors never reach a reviewer's thread; reviewers read the editors' messages
as the editorial office's, and in double-blind review an editor's text or file to a reviewer
that names an author is refused or held (review.message_files). A message posted twice with
the same nonce (a double click) is stored once; a new message reopens a resolved thread.
"""

import re
import secrets
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from accounts.policy import can, require
from core.clock import utcnow
from core.extensions import db
from review import permissions  # noqa: F401 - registers the review rules
from review.errors import ReviewError, ReviewInputError
from review.events import message_posted
from review.message_files import Upload, attach, check_text_for_reviewer
from review.message_models import Message, MessageThread, Side, ThreadKind
from review.models import ReviewAssignment
from submission.models import Manuscript

MAX_BODY = 10_000
MAX_FILES = 5
NONCE = re.compile(r"[A-Za-z0-9_-]{8,64}")


@dataclass(frozen=True)
class Place:
    """Where a thread is: a manuscript (with its authors) or one reviewer's assignment."""

    manuscript: Manuscript
    assignment: ReviewAssignment | None = None

    @classmethod
    def of(cls, thread: MessageThread) -> "Place":
        return cls(thread.manuscript, thread.assignment)

    @property
    def kind(self) -> ThreadKind:
        return ThreadKind.AUTHORS if self.assignment is None else ThreadKind.REVIEWER

    @property
    def key(self) -> str:
        return (f"authors:{self.manuscript.id}" if self.assignment is None
                else f"assignment:{self.assignment.id}")

    @property
    def permission(self) -> tuple[str, object]:
        """The policy's rule for this place, and the object it is asked about."""
        if self.assignment is None:
            return "review.author_messages", self.manuscript
        return "review.reviewer_messages", self.assignment


def require_place(actor, place: Place) -> None:
    require(actor, *place.permission)


def side_of(actor, place: Place) -> Side:
    """The side `actor` writes for in this place (they may read it: require_place first)."""
    if can(actor, "review.manage", place.manuscript):
        return Side.EDITORS
    return Side.AUTHORS if place.assignment is None else Side.REVIEWER


def thread_at(place: Place) -> MessageThread | None:
    return db.session.scalar(select(MessageThread).where(MessageThread.key == place.key))


def threads_of(manuscript: Manuscript) -> list[MessageThread]:
    """Every thread of a manuscript, the authors' first: for its editors only."""
    return list(db.session.scalars(
        select(MessageThread).where(MessageThread.manuscript_id == manuscript.id)
        .order_by(MessageThread.assignment_id.is_not(None), MessageThread.id)))


def _thread_for_writing(place: Place) -> MessageThread:
    """The place's thread, made on its first message (two first messages make one thread)."""
    found = thread_at(place)
    if found is not None:
        return found
    try:
        with db.session.begin_nested():
            thread = MessageThread(key=place.key, manuscript_id=place.manuscript.id,
                                   kind=place.kind.value,
                                   assignment_id=place.assignment.id if place.assignment
                                   else None)
            db.session.add(thread)
            db.session.flush()
        return thread
    except IntegrityError:
        return thread_at(place)


def _by_nonce(thread: MessageThread, nonce: str) -> Message | None:
    return db.session.scalar(select(Message).where(Message.thread_id == thread.id,
                                                   Message.nonce == nonce))


def check_message(actor, place: Place, body: str, files: list[Upload]) -> None:
    """What a person can correct in a message, refused before anything is stored."""
    if not body.strip():
        raise ReviewInputError(_("Write your message."))
    if len(body) > MAX_BODY:
        raise ReviewInputError(_("The message is too long (at most %(n)s characters).",
                                 n=MAX_BODY))
    if len(files) > MAX_FILES:
        raise ReviewInputError(_("Attach at most %(n)s files to one message.", n=MAX_FILES))
    if place.assignment is not None and side_of(actor, place) == Side.EDITORS:
        check_text_for_reviewer(place.manuscript, body)


def post_message(actor, place: Place, *, body: str, nonce: str,
                 files: list[Upload] = ()) -> Message:
    """Store the message once per nonce, with its attachments, and tell the other side."""
    require_place(actor, place)
    files = list(files)
    check_message(actor, place, body, files)
    nonce = nonce if NONCE.fullmatch(nonce or "") else secrets.token_hex(16)
    thread = _thread_for_writing(place)
    db.session.refresh(thread, with_for_update=True)  # one writer of a thread at a time
    existing = _by_nonce(thread, nonce)
    if existing is not None:
        return existing  # the same form posted again: already stored, already told
    side = side_of(actor, place)
    message = Message(thread=thread, side=side.value, body=body.strip(), nonce=nonce,
                      sender_id=place.assignment.reviewer_id if side == Side.REVIEWER
                      else actor.id)
    db.session.add(message)
    db.session.flush()
    for upload in files:
        attach(message, upload, for_reviewer=side == Side.EDITORS and place.assignment is not None)
    thread.resolved_at = thread.resolved_by_id = None  # a new message reopens the thread
    db.session.flush()
    message_posted.send(message)
    return message


def set_resolved(thread: MessageThread, actor, resolved: bool) -> MessageThread:
    """An editor marks a thread resolved, or reopens it."""
    require(actor, "review.manage", thread.manuscript)
    if thread.is_resolved == resolved:
        raise ReviewError(_("This thread is already resolved.") if resolved
                          else _("This thread is already open."))
    thread.resolved_at, thread.resolved_by_id = (utcnow(), actor.id) if resolved else (None, None)
    db.session.flush()
    return thread
