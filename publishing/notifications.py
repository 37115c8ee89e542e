"""The publishing mails: each author the article names hears that it is out, in their
language."""

from core.outbox import external_url, queue_email
from journal.models import get_journal
from publishing.events import article_published
from publishing.models import Article
from submission.recipients import Audience, recipients


@article_published.connect
def _tell_authors(article: Article, **_):
    manuscript = article.manuscript
    for person in recipients(manuscript, Audience.LISTED):
        queue_email(
            to=person.email, template="publishing/published", locale=person.locale,
            context={"article": article, "name": person.name, "journal": get_journal(),
                     "issue": article.issue, "manuscript": manuscript,
                     "url": external_url(article.url)},
            dedupe_key=f"published:{article.id}:{person.email.lower()}",
            about=("manuscript", manuscript.id),
        )
