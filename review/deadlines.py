"""The revision's due date: the author asks for more time (a later day and a reason), an editor
grants it (the due date moves, and the reminders follow it) or refuses it, in one click; the
authors are told either way. One open request per round at a time."""

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from accounts.policy import require
from core.clock import end_of_journal_day, journal_day, utcnow
from core.extensions import db
from review.deadline_models import ExtensionState, RevisionExtension
from review.errors import ReviewError, ReviewInputError
from review.events import extension_answered, extension_requested
from review.models import ReviewRound
from review.rounds import current_round
from submission.models import Manuscript
from submission.workflow import State

MAX_REASON = 2000


def revision_round(manuscript: Manuscript) -> ReviewRound:
    """The round whose revision is awaited, or ReviewError."""
    review_round = current_round(manuscript)
    if (manuscript.state != State.REVISION_REQUESTED or review_round is None
            or review_round.revision_due_at is None or review_round.revision_submitted_at):
        raise ReviewError(_("No revision is awaited for this manuscript."))
    return review_round


def open_request(review_round: ReviewRound | None) -> RevisionExtension | None:
    if review_round is None:
        return None
    return db.session.scalar(select(RevisionExtension).where(
        RevisionExtension.open_round_id == review_round.id))


def check_request(review_round: ReviewRound, day: date | None, reason: str) -> None:
    """What the author can correct: a day after the current due date, and a reason."""
    if day is None:
        raise ReviewInputError(_("Choose the new due date."))
    if day <= journal_day(review_round.revision_due_at):
        raise ReviewInputError(_("The new due date must be after the current one."))
    if not reason.strip():
        raise ReviewInputError(_("Say why you need more time."))
    if len(reason) > MAX_REASON:
        raise ReviewInputError(_("The reason is too long (at most %(n)s characters).",
                                 n=MAX_REASON))


def request_extension(manuscript: Manuscript, actor, *, day: date | None,
                      reason: str) -> RevisionExtension:
    require(actor, "review.revise", manuscript)
    review_round = revision_round(manuscript)
    check_request(review_round, day, reason)
    if open_request(review_round) is not None:
        raise ReviewError(_("You have already asked for more time; the editor has not answered "
                            "yet."))
    extension = RevisionExtension(
        round_id=review_round.id, open_round_id=review_round.id, requested_by_id=actor.id,
        due_at=review_round.revision_due_at, requested_due_at=end_of_journal_day(day),
        reason=reason.strip())
    try:
        with db.session.begin_nested():  # two requests at once: the unique key keeps one
            db.session.add(extension)
            db.session.flush()
    except IntegrityError as exc:
        raise ReviewError(_("You have already asked for more time; the editor has not "
                            "answered yet.")) from exc
    extension_requested.send(extension)
    return extension


def answer_extension(extension: RevisionExtension, actor, *, grant: bool) -> RevisionExtension:
    """Grant (the revision's due date becomes the one asked for) or refuse."""
    require(actor, "review.manage", extension.round.manuscript)
    db.session.refresh(extension, with_for_update=True)  # two editors: one answer
    if extension.state != ExtensionState.PENDING.value:
        raise ReviewError(_("This request has already been answered."))
    if grant:
        extension.round.revision_due_at = extension.requested_due_at
    extension.state = (ExtensionState.GRANTED if grant else ExtensionState.REFUSED).value
    extension.open_round_id = None
    extension.answered_by_id, extension.answered_at = actor.id, utcnow()
    db.session.flush()
    extension_answered.send(extension)
    return extension
