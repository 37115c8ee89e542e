"""Worker tasks of peer review: anonymising files (through the gate), reminders, the digest."""

import logging

from celery import shared_task
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from core.extensions import db
from core.jobs import job_kind, tracking, waiting_jobs
from review import gate, reminders
from review.anonymise import AnonymiseError
from review.models import FileState, ReviewFile
from submission.storage import read_bytes

log = logging.getLogger(__name__)


def pending_files(limit: int = 50) -> list[int]:
    return list(db.session.scalars(select(ReviewFile.id).where(
        ReviewFile.state == FileState.PENDING).order_by(ReviewFile.id).limit(limit)))


# The editors watch a reviewers' copy being made (the review page polls its job); the copy's
# own state (FileState) says what came of it: ready, held by the anonymity gate, or failed.
# Reviewers never see the job: a held copy is only "being prepared" to them.
REVIEWER_COPY = "reviewer_copy"
job_kind(REVIEWER_COPY, _l("Preparing the reviewers' copy (author names removed)"),
         "editorial.desk", _l("Done: show the result"))


@shared_task(ignore_result=True, acks_late=True)
def anonymise_file(review_file_id: int) -> str:
    """Make the reviewers' copy of one file: cleaned, then READY, or HELD if it names an author."""
    review_file = db.session.get(ReviewFile, review_file_id)
    if review_file is None or review_file.state != FileState.PENDING:
        return "skipped"
    with tracking(*waiting_jobs(REVIEWER_COPY, ("review_file", review_file_id))) as progress:
        progress(0, 1)
        try:
            state = gate.settle(review_file, read_bytes(review_file.source.sha256),
                                review_file.mimetype)
            if state == FileState.HELD:
                gate.announce_hold(review_file)
        except (AnonymiseError, OSError) as exc:
            log.warning("review file %s not anonymised: %s", review_file_id, exc)
            review_file.state = FileState.FAILED
            review_file.error = str(exc)[:500]
            progress.failed()
        db.session.commit()
        progress(1, 1)
    return review_file.state


@shared_task(ignore_result=True)
def anonymise_pending() -> int:
    """Beat: anonymise what the after-commit dispatch missed (broker down, worker died)."""
    ids = pending_files()
    for review_file_id in ids:
        anonymise_file(review_file_id)
    return len(ids)


@shared_task(ignore_result=True)
def remind_due_reviews() -> int:
    """Beat: reminders before/on/after response, review and revision due dates."""
    queued = reminders.send_due_reminders()
    db.session.commit()
    return queued


@shared_task(ignore_result=True)
def send_editor_digests() -> int:
    """Beat (weekly): each editor's digest of what waits for them."""
    sent = reminders.send_digests()
    db.session.commit()
    return sent
