"""Attachments of messages, and the anonymity gate for what the editors send to a reviewer.

Every attachment is judged by its content like every upload (a Word file or a PDF). An editor's
attachment to a reviewer goes through the gate of the reviewers' copies (review.gate.screen):
the reviewer only ever receives the cleaned copy, and a copy that still names an author is
HELD until an editor of the manuscript masks it or sends it anyway with a recorded reason.
Reviewers download it under a neutral name, never the uploaded file name.

In double-blind review the text of an editor's message to a reviewer is searched for the
authors too, and refused while it names one.
"""

from dataclasses import dataclass

from flask_babel import gettext as _

from accounts.policy import require
from core.clock import utcnow
from core.extensions import db
from journal.models import ReviewMode, get_journal
from review.anonymise import AnonymiseError, Identities, mask
from review.errors import ReviewError, ReviewInputError
from review.gate import screen, uploaded_mimetype
from review.identities import Matcher
from review.message_models import AttachmentState, Message, MessageAttachment
from submission.storage import read_bytes, save_bytes

MAX_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class Upload:
    filename: str
    data: bytes


def checked(upload: Upload) -> str:
    """The upload's mimetype, or ReviewInputError saying what is wrong with the file."""
    if len(upload.data) > MAX_BYTES:
        raise ReviewInputError(_("%(name)s is larger than %(mb)s MB.", name=upload.filename,
                                 mb=MAX_BYTES // 2**20))
    try:
        return uploaded_mimetype(upload.data)
    except ReviewInputError as exc:
        raise ReviewInputError(f"{upload.filename}: {exc.message}") from exc


def check_text_for_reviewer(manuscript, text: str) -> None:
    """In double-blind review, an editor's text to a reviewer must not name an author."""
    if get_journal().review_mode != ReviewMode.DOUBLE_BLIND:
        return
    found = Matcher.of(Identities.of(manuscript)).any.search(text)
    if found:
        raise ReviewInputError(_("Your message names an author of the manuscript (“%(found)s”); "
                                 "the review is double-blind. Remove it and send again.",
                                 found=found.group(0)))


def attach(message: Message, upload: Upload, *, for_reviewer: bool) -> MessageAttachment:
    mimetype, hits = checked(upload), []
    if for_reviewer:
        try:
            sha256, hits = screen(message.thread.manuscript, upload.data, mimetype)
        except AnonymiseError as exc:
            raise ReviewInputError(f"{upload.filename}: {exc}") from exc
    else:
        sha256 = save_bytes(upload.data)
    attachment = MessageAttachment(
        message=message, filename=upload.filename[:200] or "file", mimetype=mimetype,
        size=len(upload.data), sha256=sha256, hits=hits,
        state=(AttachmentState.HELD if hits else AttachmentState.READY).value)
    db.session.add(attachment)
    db.session.flush()
    return attachment


def reviewer_name(attachment: MessageAttachment) -> str:
    """The name a reviewer downloads it under (the uploaded name may name an author)."""
    return _("attachment-%(id)s.%(ext)s", id=attachment.id, ext=attachment.extension)


def _held(attachment: MessageAttachment, actor) -> None:
    require(actor, "review.manage", attachment.message.thread.manuscript)
    db.session.refresh(attachment, with_for_update=True)
    if attachment.state != AttachmentState.HELD.value:
        raise ReviewError(_("This attachment is not held by the anonymity check, so there is "
                            "nothing to resolve. Reload the page to see its state."))


def _resolved(attachment: MessageAttachment, actor, resolution: str, note: str = "") -> None:
    attachment.resolution, attachment.resolution_note = resolution, note
    attachment.resolved_by_id, attachment.resolved_at = actor.id, utcnow()
    db.session.flush()


def mask_attachment(attachment: MessageAttachment, actor) -> str:
    """Mask the authors in a held Word attachment and check it again: READY or still HELD."""
    _held(attachment, actor)
    manuscript = attachment.message.thread.manuscript
    try:
        masked = mask(read_bytes(attachment.sha256), attachment.mimetype,
                      Identities.of(manuscript))
        attachment.sha256, attachment.hits = screen(manuscript, masked, attachment.mimetype)
    except AnonymiseError as exc:
        raise ReviewInputError(str(exc)) from exc
    if not attachment.hits:
        attachment.state = AttachmentState.READY.value
        _resolved(attachment, actor, "mask")
    db.session.flush()
    return attachment.state


def send_anyway(attachment: MessageAttachment, actor, reason: str) -> str:
    """The attachment goes to the reviewer as it is; the reason is kept for the editors."""
    _held(attachment, actor)
    if not (reason or "").strip():
        raise ReviewInputError(_("Give the reason for sending this attachment with the names in "
                                 "it. It is recorded for the editors."))
    attachment.state = AttachmentState.READY.value
    _resolved(attachment, actor, "send_anyway", reason.strip())
    return attachment.state
