"""Article DOIs: made from the journal's prefix and suffix pattern (journal.doi) while an
article is scheduled, numbered by its place in the issue, and frozen when the issue is
published (a published issue is never numbered again)."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from core.extensions import db
from core.refusals import Conflict
from journal.doi import make_doi
from journal.models import get_journal
from publishing.models import Article, Issue


class DoiTaken(Conflict):
    """The pattern would give an article a DOI that another article already has."""


def number_dois(issue: Issue) -> None:
    """Give each article of an unpublished issue the DOI of its place in the issue (by order,
    then id); with no DOI prefix set, none."""
    if issue.is_published:
        return
    journal = get_journal()
    articles = sorted(issue.articles, key=lambda a: (a.position, a.id))
    wanted = {a.id: make_doi(journal.doi_prefix, journal.doi_suffix_pattern, year=issue.year,
                             volume=issue.volume, issue=issue.number, seq=seq, id=a.id)
              if journal.doi_prefix else None for seq, a in enumerate(articles, 1)}
    taken = db.session.scalar(select(Article.doi).where(
        Article.doi.in_([doi for doi in wanted.values() if doi]),
        Article.id.not_in(list(wanted))).limit(1))
    if taken:
        raise DoiTaken(_l("The DOI %(doi)s already belongs to another article: make the DOI "
                          "suffix pattern tell the issues apart (e.g. with {year} and {issue}).",
                          doi=taken))
    changed = [a for a in articles if a.doi != wanted[a.id]]
    for article in changed:  # two articles may swap DOIs: free them all first (unique)
        article.doi = None
    db.session.flush()
    for article in changed:
        article.doi = wanted[article.id]
    db.session.flush()
