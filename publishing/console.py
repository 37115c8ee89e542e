"""The publishing panel of the manuscript console: schedule an accepted manuscript into an
issue, or show the issue it is in and its public page."""

from sqlalchemy import select

from accounts.policy import can
from core.extensions import db
from publishing.models import Article, Issue, IssueState
from submission.console import console_panel
from submission.workflow import AFTER_ACCEPTANCE, Action


@console_panel(order=60, actions={Action.SCHEDULE, Action.UNSCHEDULE, Action.PUBLISH})
def publishing_panel(manuscript, user):
    if manuscript.state not in AFTER_ACCEPTANCE or not can(user, "publishing.manage"):
        return None
    article = db.session.scalar(select(Article).where(Article.manuscript_id == manuscript.id))
    issues = list(db.session.scalars(
        select(Issue).where(Issue.state != IssueState.PUBLISHED.value)
        .order_by(Issue.year, Issue.number)))
    return "publishing/panel.html", {"manuscript": manuscript, "article": article,
                                     "issues": issues}
