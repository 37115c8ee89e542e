"""Signal receivers: freeze the final metadata at acceptance; republish the public site when
a guideline page, a column or the journal's settings change (the builder then rewrites only
the pages that show them)."""

from sqlalchemy import select

from core.extensions import db
from core.signals import column_changed, guideline_page_changed, journal_settings_changed
from publishing.models import Article
from publishing.services import freeze_metadata
from publishing.tasks import request_site_build
from review.letters import PLANNED_ISSUE_PROVIDERS
from submission.workflow import State, manuscript_advanced


@manuscript_advanced.connect
def _freeze_at_acceptance(manuscript, event, **_kwargs) -> None:
    if event.to_state == State.ACCEPTED:
        freeze_metadata(manuscript)


@guideline_page_changed.connect
@column_changed.connect
@journal_settings_changed.connect
def _republish(_sender, **_kwargs) -> None:
    request_site_build()


def planned_issue_label(manuscript) -> str | None:
    """The issue a manuscript is scheduled into, for the acceptance notice (录用通知)."""
    article = db.session.scalar(select(Article).where(Article.manuscript_id == manuscript.id))
    return article.issue.label_zh if article is not None and article.issue else None


PLANNED_ISSUE_PROVIDERS.append(planned_issue_label)
