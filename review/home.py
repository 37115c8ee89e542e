"""The reviewer's home (我的审稿), stamped with the newest open invitation or review."""

from sqlalchemy import func, select

from accounts.homes import NEVER, home_page
from accounts.policy import can
from core.extensions import db
from review.models import OPEN_STATES, ReviewAssignment


@home_page("review.my_reviews", preference=2)
def reviewer_stamp(user):
    if not can(user, "review.reviewer_pages"):
        return None
    newest = db.session.scalar(
        select(func.max(ReviewAssignment.invited_at))
        .where(ReviewAssignment.reviewer_id == user.id, ReviewAssignment.state.in_(OPEN_STATES)))
    return newest or NEVER
