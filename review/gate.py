"""The anonymity gate: a reviewers' copy with an author identity left in it is held.

The worker cleans each copy and runs the detector on the cleaned bytes (`settle`). No hit: the
copy is READY and reviewers get it. A hit: the copy is HELD with its hits, and an editor of the
manuscript resolves it in one of four ways, each a service below, each written to the gate's
audit trail (ReviewFileEvent, shown to editors only):

- `mask_hits`: the system masks the occurrences and runs the detector again;
- `replace_copy`: the editor uploads a cleaned copy, which is cleaned and detected again;
- `ask_authors`: the submitting and corresponding authors get a mail with an upload link, a
  capability for this one file that expires and dies once the copy is resolved; their upload
  (`author_upload`) is cleaned and detected again and the editor is told;
- `send_anyway`: the copy goes out as it is, with a reason the editors can read later.
"""

import secrets
from dataclasses import asdict

from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from accounts.policy import require
from core.extensions import db
from review import permissions  # noqa: F401 - registers the review rules
from review.anonymise import AnonymiseError, Identities, clean, find_identities, mask
from review.errors import LinkGone, ReviewError, ReviewInputError
from review.events import authors_asked, copy_held, copy_released, upload_by_authors
from review.models import FileState, ReviewFile, ReviewFileEvent
from submission.files import DOCX, MIMETYPES, NOT_ALLOWED, FileRejected, check_zip_limits
from submission.files import detect_type as detect_upload_type
from submission.recipients import Audience, recipients
from submission.storage import read_bytes, save_bytes

UPLOAD_SALT = "review-gate-upload"
UPLOAD_LINK_DAYS = 14
RESOLVABLE = (FileState.HELD, FileState.FAILED)  # a failed copy can be replaced, not masked


class Action:
    """What happened to a copy, as the audit trail names it."""

    HELD = "held"
    MASK = "mask"
    REPLACE = "replace"
    ASK_AUTHORS = "ask_authors"
    AUTHOR_UPLOAD = "author_upload"
    SEND_ANYWAY = "send_anyway"


# --------------------------------------------------------------------------- the pipeline


def settle(review_file: ReviewFile, data: bytes, mimetype: str) -> str:
    """Clean `data`, search the cleaned copy for the authors, store it; READY or HELD.

    Raises AnonymiseError when the file cannot be cleaned (the caller decides what that means).
    """
    review_file.sha256, review_file.hits = screen(review_file.round.manuscript, data, mimetype)
    review_file.mimetype = mimetype
    review_file.error = ""
    review_file.state = FileState.HELD if review_file.hits else FileState.READY
    if review_file.state == FileState.READY:
        review_file.upload_nonce = ""  # nothing left to ask the authors for
    db.session.flush()
    return review_file.state


def screen(manuscript, data: bytes, mimetype: str) -> tuple[str, list[dict]]:
    """The cleaned copy of `data` for a reviewer (stored: its sha256) and the author
    identities still found in it: what the gate holds a file for. Raises AnonymiseError."""
    identities = Identities.of(manuscript)
    cleaned = clean(data, mimetype, identities)
    hits = find_identities(cleaned, mimetype, identities)
    return save_bytes(cleaned), [asdict(hit) for hit in hits]


def announce_hold(review_file: ReviewFile) -> None:
    """The worker held a copy: on the audit trail, and a mail to the round's editor, who may
    have moved on to inviting reviewers while the copy was made."""
    record(review_file, None, Action.HELD)
    copy_held.send(review_file)


def record(review_file: ReviewFile, actor, action: str, note: str = "") -> ReviewFileEvent:
    event = ReviewFileEvent(review_file=review_file, actor_id=actor.id if actor else None,
                            action=action, note=note, outcome=review_file.state)
    db.session.add(event)
    db.session.flush()
    return event


def _resolvable(review_file: ReviewFile, actor, states=RESOLVABLE) -> None:
    require(actor, "review.manage", review_file.round.manuscript)
    # Two editors (or one form posted twice) resolving at once: the second waits, then sees
    # the first's outcome and is refused, instead of resolving the copy a second time.
    db.session.refresh(review_file, with_for_update=True)
    if review_file.state not in states:
        raise ReviewError(_("This reviewers' copy is not held by the anonymity check, so "
                            "there is nothing to resolve. Reload the page to see its state."))


def _refused_file(exc: Exception) -> ReviewInputError:
    return ReviewInputError(str(getattr(exc, "message", None) or exc))


# --------------------------------------------------------------------------- resolutions


def mask_hits(review_file: ReviewFile, actor) -> str:
    """Mask the occurrences in the held copy and check it again; a PDF cannot be masked."""
    _resolvable(review_file, actor, states=(FileState.HELD,))
    identities = Identities.of(review_file.round.manuscript)
    try:
        masked = mask(read_bytes(review_file.sha256), review_file.mimetype, identities)
        state = settle(review_file, masked, review_file.mimetype)
    except AnonymiseError as exc:
        raise _refused_file(exc) from exc
    record(review_file, actor, Action.MASK)
    _released(review_file, state)
    return state


def uploaded_mimetype(data: bytes) -> str:
    """The mimetype of an uploaded copy, judged by its content like every upload."""
    if not data:
        raise ReviewInputError(_("Choose the cleaned file to upload."))
    kind = detect_upload_type(data)
    if kind is None:
        raise ReviewInputError(str(NOT_ALLOWED))
    if kind == DOCX:
        try:
            check_zip_limits(data)
        except FileRejected as exc:
            raise _refused_file(exc) from exc
    return MIMETYPES[kind]


def _settle_upload(review_file: ReviewFile, data: bytes) -> str:
    mimetype = uploaded_mimetype(data)
    try:
        state = settle(review_file, data, mimetype)
    except AnonymiseError as exc:
        raise _refused_file(exc) from exc
    stem = review_file.filename.rsplit(".", 1)[0]
    review_file.filename = f"{stem}.{'pdf' if mimetype.endswith('pdf') else 'docx'}"
    return state


def replace_copy(review_file: ReviewFile, actor, data: bytes) -> str:
    """The editor's own cleaned copy replaces the held one, and passes the same check."""
    _resolvable(review_file, actor)
    state = _settle_upload(review_file, data)
    record(review_file, actor, Action.REPLACE)
    _released(review_file, state)
    return state


def ask_authors(review_file: ReviewFile, actor) -> list[str]:
    """Mail the submitting and corresponding authors a link to upload an anonymised file.

    The manuscript keeps its state; a new request replaces the link of an earlier one.
    Returns the addresses written to.
    """
    _resolvable(review_file, actor)
    review_file.upload_nonce = secrets.token_hex(16)
    people = recipients(review_file.round.manuscript, Audience.RESPONSIBLE)
    if not people:
        raise ReviewError(_("No author of this manuscript has an e-mail address to write to."))
    authors_asked.send(review_file, recipients=people)
    record(review_file, actor, Action.ASK_AUTHORS, ", ".join(person.email for person in people))
    return [person.email for person in people]


def send_anyway(review_file: ReviewFile, actor, reason: str) -> str:
    """The copy goes to the reviewers as it is; the reason is kept for the editors."""
    _resolvable(review_file, actor, states=(FileState.HELD,))
    reason = (reason or "").strip()
    if not reason:
        raise ReviewInputError(_("Give the reason for sending this copy with the names in it. "
                            "It is recorded for the editors."))
    review_file.state = FileState.READY
    review_file.upload_nonce = ""
    db.session.flush()
    record(review_file, actor, Action.SEND_ANYWAY, reason)
    _released(review_file, FileState.READY)
    return FileState.READY


# --------------------------------------------------------------------------- the authors' link


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=UPLOAD_SALT)


def upload_token(review_file: ReviewFile) -> str:
    return _serializer().dumps({"f": review_file.id, "n": review_file.upload_nonce})


def file_for_upload_token(token: str) -> ReviewFile:
    """The held copy this link may replace, or LinkGone saying why the link is dead."""
    try:
        data = _serializer().loads(token, max_age=UPLOAD_LINK_DAYS * 24 * 3600)
    except SignatureExpired as exc:
        raise LinkGone(_("This upload link has expired. Please ask the editorial office "
                         "for a new one.")) from exc
    except BadSignature as exc:
        raise LinkGone(_("This upload link is not valid. Please use the link from the most "
                         "recent mail of the editorial office.")) from exc
    review_file = db.session.get(ReviewFile, int(data["f"]))
    nonce = str(data.get("n", ""))
    if review_file is None or not review_file.upload_nonce \
            or not secrets.compare_digest(review_file.upload_nonce, nonce):
        raise LinkGone(_("This upload link is no longer needed or has been replaced by a "
                         "newer one. Thank you; nothing more is needed from you for now."))
    return review_file


def author_upload(token: str, data: bytes) -> str:
    """The authors' anonymised file, from the mailed link (no account needed)."""
    review_file = file_for_upload_token(token)
    db.session.refresh(review_file, with_for_update=True)
    file_for_upload_token(token)  # still valid once the row is ours (an editor may have won)
    state = _settle_upload(review_file, data)
    record(review_file, None, Action.AUTHOR_UPLOAD)
    upload_by_authors.send(review_file, held=state == FileState.HELD)
    _released(review_file, state)
    return state


def _released(review_file: ReviewFile, state: str) -> None:
    """Reviewers already at work are told the file they were waiting for is there."""
    if state == FileState.READY:
        copy_released.send(review_file)
