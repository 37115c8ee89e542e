"""The words of a manuscript's life: its states and the actions that move it between them
(submission.workflow holds the table that links them and the named groups of states)."""

from flask_babel import lazy_gettext as _l

from core.enums import TitledEnum


class State(TitledEnum):
    DRAFT = "draft", _l("Draft")
    SUBMITTED = "submitted", _l("Submitted")
    RECEIVED = "received", _l("Received")
    UNDER_REVIEW = "under_review", _l("Under review")
    REVISION_REQUESTED = "revision_requested", _l("Revision requested")
    ACCEPTED = "accepted", _l("Accepted")
    SCHEDULED = "scheduled", _l("Scheduled")
    PUBLISHED = "published", _l("Published")
    REJECTED = "rejected", _l("Rejected")
    WITHDRAWN = "withdrawn", _l("Withdrawn")


class Action(TitledEnum):
    SUBMIT = "submit", _l("Submit")
    RETURN_TO_AUTHOR = "return_to_author", _l("Return to author for format fixes")
    RECEIVE = "receive", _l("Register receipt")
    DESK_REJECT = "desk_reject", _l("Desk reject")
    SEND_TO_REVIEW = "send_to_review", _l("Send to peer review")
    REQUEST_REVISION = "request_revision", _l("Request revision")
    SUBMIT_REVISION = "submit_revision", _l("Submit revision")
    ACCEPT = "accept", _l("Accept")
    REJECT = "reject", _l("Reject")
    SCHEDULE = "schedule", _l("Schedule into an issue")
    UNSCHEDULE = "unschedule", _l("Remove from issue")
    PUBLISH = "publish", _l("Publish")
    WITHDRAW = "withdraw", _l("Withdraw")


class ProductionStep(TitledEnum):
    """Where a manuscript stands in production, kept by production.progress: for an accepted
    one the first step still outstanding, or ready for an issue; for a received one, a review
    fee still to be confirmed."""

    AGREEMENT = "agreement", _l("Awaiting the copyright agreement")
    FEE = "fee", _l("Awaiting a fee")
    PROOF = "proof", _l("In proof")
    READY = "ready", _l("Ready for an issue")
