"""The review panel of the editors' manuscript console (when the console is installed)."""

from flask_babel import gettext as _
from sqlalchemy import func, select

from accounts.policy import can
from core.extensions import db
from review.deadlines import open_request
from review.models import AssignmentState, FileState, ReviewAssignment, ReviewRound, Verdict
from review.rounds import current_round
from submission.workflow import DECIDED, DECISIONS, IN_REVIEW, Action, State

try:
    from submission.console import console_panel, desk_marker
except ImportError:  # the editors' desk is not installed: the review pages stand alone
    console_panel = desk_marker = None

# The recommendations in order; two that are this many steps apart are a disagreement the
# editor should look at (accept against major revision or reject; minor revision against
# reject).
SCALE = [Verdict.ACCEPT, Verdict.MINOR_REVISION, Verdict.MAJOR_REVISION, Verdict.REJECT]
DISAGREEMENT = 2

SHOWN_IN = {State.RECEIVED, *IN_REVIEW, *DECIDED}


def review_panel(manuscript, user):
    if manuscript.state not in SHOWN_IN or not can(user, "review.manage", manuscript):
        return None
    review_round = current_round(manuscript)
    if review_round is None and manuscript.state != State.RECEIVED:
        return None
    counts = {state: 0 for state in AssignmentState}
    for assignment in review_round.assignments if review_round else []:
        counts[AssignmentState(assignment.state)] += 1
    held = [f for f in review_round.files if f.state in (FileState.HELD, FileState.FAILED)] \
        if review_round else []
    return "review/panel.html", {"manuscript": manuscript, "review_round": review_round,
                                 "counts": counts, "held": held,
                                 "extension": open_request(review_round)}


if console_panel is not None:
    # Every decision is made in the decision flow (the desk's generic move refuses them); the
    # desk rejection's form sits in the receipt panel and posts to this package.
    console_panel(order=30, actions={Action.SEND_TO_REVIEW, *DECISIONS})(review_panel)


def reviewers_disagree(ids: list[int]) -> dict[int, list[str]]:
    """Manuscripts whose latest round has submitted recommendations far apart (one query)."""
    latest = (select(ReviewRound.manuscript_id, func.max(ReviewRound.number).label("number"))
              .where(ReviewRound.manuscript_id.in_(ids))
              .group_by(ReviewRound.manuscript_id).subquery())
    rows = db.session.execute(
        select(ReviewRound.manuscript_id, ReviewAssignment.recommendation)
        .join(ReviewAssignment, ReviewAssignment.round_id == ReviewRound.id)
        .join(latest, (latest.c.manuscript_id == ReviewRound.manuscript_id)
              & (latest.c.number == ReviewRound.number))
        .where(ReviewAssignment.state == AssignmentState.SUBMITTED.value,
               ReviewAssignment.recommendation.is_not(None)))
    steps: dict[int, list[int]] = {}
    for manuscript_id, recommendation in rows:
        steps.setdefault(manuscript_id, []).append(SCALE.index(Verdict(recommendation)))
    return {manuscript_id: [_("Reviewers disagree: %(low)s vs %(high)s",
                              low=SCALE[min(found)].title, high=SCALE[max(found)].title)]
            for manuscript_id, found in steps.items()
            if max(found) - min(found) >= DISAGREEMENT}


if desk_marker is not None:
    desk_marker(reads=(ReviewRound.id, ReviewRound.manuscript_id, ReviewRound.number,
                       ReviewAssignment.round_id, ReviewAssignment.state,
                       ReviewAssignment.recommendation))(reviewers_disagree)
