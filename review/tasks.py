"""Worker tasks of peer review: anonymising files, reminders, the weekly digest."""

import logging

from celery import shared_task

from journal.extensions import db
from review import reminders
from review.anonymise import AnonymiseError, anonymise, names_in, text_of
from review.models import FileState, ReviewFile
from review.rounds import pending_files
from submission.storage import read_bytes, save_bytes

log = logging.getLogger(__name__)


@shared_task(ignore_result=True, acks_late=True)
def anonymise_file(review_file_id: int) -> str:
    """Make the reviewers' copy of one file and flag author names left in its text."""
    review_file = db.session.get(ReviewFile, review_file_id)
    if review_file is None or review_file.state != FileState.PENDING:
        return "skipped"
    try:
        clean = anonymise(read_bytes(review_file.source.sha256), review_file.mimetype)
        manuscript = review_file.round.manuscript
        names = [n for a in manuscript.authors for n in (a.name, a.name_pinyin, a.email)]
        review_file.names_found = names_in(text_of(clean, review_file.mimetype), names)
        review_file.sha256 = save_bytes(clean)
        review_file.state = FileState.READY
    except (AnonymiseError, OSError) as exc:
        log.warning("review file %s not anonymised: %s", review_file_id, exc)
        review_file.state = FileState.FAILED
        review_file.error = str(exc)[:500]
    db.session.commit()
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
