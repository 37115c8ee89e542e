"""Refusals of peer review, each one of the kinds of core.refusals."""

from core.refusals import Conflict, Invalid, Missing


class ReviewError(Conflict):
    """A review action that is not possible in the current state (409)."""


class ReviewInputError(Invalid, ReviewError):
    """A review action refused for something the person can correct (400)."""


class LinkGone(Missing):
    """A mailed link (invitation, review, anonymised-file upload) that opens nothing any more:
    expired, used, replaced or not ours. It is gone, not a form to correct (410)."""

    status = 410
