"""The review panel of the editors' manuscript console (when the console is installed)."""

from accounts.policy import can
from review.models import AssignmentState, FileState
from review.rounds import current_round
from submission.workflow import Action

try:
    from submission.console import console_panel
except ImportError:  # the editors' desk is not installed: the review pages stand alone
    console_panel = None

SHOWN_IN = ("received", "under_review", "revision_requested", "accepted", "scheduled",
            "published", "rejected")


def review_panel(manuscript, user):
    if manuscript.state not in SHOWN_IN or not can(user, "review.manage", manuscript):
        return None
    review_round = current_round(manuscript)
    if review_round is None and manuscript.state != "received":
        return None
    counts = {state: 0 for state in AssignmentState}
    for assignment in review_round.assignments if review_round else []:
        counts[AssignmentState(assignment.state)] += 1
    held = [f for f in review_round.files if f.state in (FileState.HELD, FileState.FAILED)] \
        if review_round else []
    return "review/panel.html", {"manuscript": manuscript, "review_round": review_round,
                                 "counts": counts, "S": AssignmentState, "held": held}


if console_panel is not None:
    console_panel(order=30, actions={Action.SEND_TO_REVIEW, Action.REQUEST_REVISION,
                                     Action.ACCEPT})(review_panel)
