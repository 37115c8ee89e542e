"""The author's home (我的稿件), stamped with the newest change to one of their manuscripts."""

from sqlalchemy import func, select

from accounts.homes import NEVER, home_page
from accounts.models import Role
from core.extensions import db
from submission.models import Manuscript


@home_page("submission.my_manuscripts", preference=3)
def author_stamp(user):
    if not user.has_role(Role.AUTHOR):
        return None
    newest = db.session.scalar(
        select(func.max(Manuscript.updated_at)).where(Manuscript.submitter_id == user.id))
    return newest or NEVER
