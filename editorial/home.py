"""The editor's home (the desk), stamped with the newest state change of any manuscript."""

from sqlalchemy import func, select

from accounts.homes import NEVER, home_page
from accounts.policy import can
from core.extensions import db
from submission.models import WorkflowEvent


@home_page("editorial.desk", preference=1)
def editor_stamp(user):
    if not can(user, "editorial.desk"):
        return None
    return db.session.scalar(select(func.max(WorkflowEvent.created_at))) or NEVER
