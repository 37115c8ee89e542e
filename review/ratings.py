"""The editors' rating of a submitted review's quality (1 to 5), kept on the assignment with
who rated it and when; rating again replaces it. Reviewers never see it.

Who may rate is asked by the page that loads the assignment (review.rate), before it reads
the form.
"""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from core.clock import utcnow
from core.extensions import db
from review.errors import ReviewError, ReviewInputError
from review.models import AssignmentState, ReviewAssignment

QUALITY = range(1, 6)
QUALITY_PROBLEM = _l("Rate the quality of the review with a whole number from 1 to 5.")


def rate_review(assignment: ReviewAssignment, actor, quality: int) -> None:
    if assignment.state != AssignmentState.SUBMITTED.value:
        raise ReviewError(_("Only a submitted review can be rated."))
    if quality not in QUALITY:
        raise ReviewInputError(QUALITY_PROBLEM)
    assignment.quality_rating = quality
    assignment.rated_by_id = actor.id
    assignment.rated_at = utcnow()
    db.session.flush()
