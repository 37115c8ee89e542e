"""Writing a review: drafts saved any number of times, one submit that locks it.

Every write is a conditional UPDATE on `state = 'accepted'`, so an autosave that arrives after
the submit changes nothing: the submitted text is never overwritten.
"""

from flask_babel import gettext as _
from sqlalchemy import update

from core.clock import utcnow
from core.extensions import db
from journal.models import get_journal
from review.anonymise import AnonymiseError, anonymise, detect_type
from review.errors import ReviewError
from review.events import review_submitted
from review.models import AssignmentState, ReviewAssignment, Verdict
from review.rubric import clean_scores, weighted_total
from submission.storage import save_bytes

S = AssignmentState


def check_writable(assignment: ReviewAssignment) -> None:
    """Whether the review can still be written. Who may write it is asked by the pages that
    load the assignment (review.access), before they read the form."""
    if assignment.state == S.SUBMITTED.value:
        raise ReviewError(_("This review has been submitted and can no longer be changed."))
    if assignment.state != S.ACCEPTED.value:
        raise ReviewError(_("This review is not open for writing."))
    if get_journal().review_hard_lock and utcnow() > assignment.review_due_at:
        raise ReviewError(_("The due date of this review has passed, so it is locked. "
                            "Please ask the editorial office to extend it."))


def _values(assignment: ReviewAssignment, data: dict) -> tuple[dict, list[str]]:
    rubric = assignment.round.rubric
    raw = data.get("scores") or {}
    clean, errors = clean_scores(rubric, raw, complete=False)
    scores = dict(assignment.scores or {})
    for criterion in rubric:
        key = criterion["key"]
        if key in clean:
            scores[key] = clean[key]
        elif raw.get(key) in (None, "") and key in raw:
            scores.pop(key, None)
    recommendation = data.get("recommendation") or None
    if recommendation and recommendation not in set(Verdict):
        errors.append(_("Choose one of the recommendations."))
        recommendation = assignment.recommendation
    values = {
        "scores": scores, "recommendation": recommendation,
        "comments_to_author": (data.get("comments_to_author") or "").strip(),
        "comments_to_editor": (data.get("comments_to_editor") or "").strip(),
        "weighted_total": weighted_total(rubric, scores), "draft_saved_at": utcnow(),
    }
    upload = data.get("annotated")
    if upload:
        values.update(_annotated(upload, errors))
    return values, errors


def _annotated(data: bytes, errors: list[str]) -> dict:
    mimetype = detect_type(data)
    if mimetype is None:
        errors.append(_("The annotated file must be a PDF or a Word (.docx) file."))
        return {}
    try:
        clean = anonymise(data, mimetype)  # the reviewer's own name leaves the file too
    except AnonymiseError:
        errors.append(_("The annotated file could not be read; it was not saved."))
        return {}
    return {"annotated_sha256": save_bytes(clean), "annotated_mimetype": mimetype}


def _write(assignment: ReviewAssignment, values: dict) -> None:
    result = db.session.execute(
        update(ReviewAssignment)
        .where(ReviewAssignment.id == assignment.id,
               ReviewAssignment.state == S.ACCEPTED.value)
        .values(**values).execution_options(synchronize_session=False))
    db.session.expire(assignment)
    if result.rowcount != 1:
        raise ReviewError(_("This review has been submitted and can no longer be changed."))


def save_draft(assignment: ReviewAssignment, data: dict) -> list[str]:
    """Save what is valid; return messages about what was not (kept as before)."""
    check_writable(assignment)
    values, errors = _values(assignment, data)
    _write(assignment, values)
    return errors


def submit_review(assignment: ReviewAssignment, data: dict) -> list[str]:
    """Submit the review, or save it as a draft and return what is missing or wrong."""
    check_writable(assignment)
    values, errors = _values(assignment, data)
    _, missing = clean_scores(assignment.round.rubric, values["scores"], complete=True)
    errors += [m for m in missing if m not in errors]
    if not values["recommendation"]:
        errors.append(_("Choose a recommendation."))
    if not values["comments_to_author"]:
        errors.append(_("Write your comments to the author."))
    if errors:
        _write(assignment, values)  # keep the draft; nothing typed is lost
        return errors
    _write(assignment, values | {"state": S.SUBMITTED.value, "submitted_at": utcnow()})
    review_submitted.send(assignment)
