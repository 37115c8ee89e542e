"""What keeps an issue or one of its articles from being published: missing metadata and
files, and a publication date before an article's receipt or acceptance. The issue's and the
article's pages list it; publishing (publishing.services.publish_issue) refuses with it."""

from flask_babel import lazy_gettext as _l

from production import progress
from publishing.models import Article, Issue


def missing_items(article: Article) -> list[str]:
    """What still keeps this article from being published (translated labels)."""
    missing = [str(label) for field, label in (
        ("title_zh", _l("Chinese title")), ("title_en", _l("English title")),
        ("abstract_zh", _l("Chinese abstract")), ("abstract_en", _l("English abstract")),
        ("keywords_zh", _l("Chinese keywords")), ("keywords_en", _l("English keywords")),
        ("clc_number", _l("CLC number")), ("document_code", _l("Document code")),
        ("column_id", _l("Column")), ("final_sha256", _l("Final manuscript (docx)")),
    ) if not getattr(article, field)]
    if not article.authors:
        missing.append(str(_l("Authors")))
    for author in article.authors:
        if not (author.get("name") or "").strip():
            missing.append(str(_l("An author without a name")))
        elif not (author.get("affiliation") or "").strip():
            missing.append(str(_l("Affiliation of %(name)s", name=author["name"])))
    if article.page_start is None or article.page_end is None:
        missing.append(str(_l("Page range")))
    if article.manuscript is not None:
        missing += progress.publish_problems(article.manuscript)
    return missing


def readiness(issue: Issue) -> list[tuple[str, list[str]]]:
    return [(a.title_zh or a.title_en or f"#{a.id}", m)
            for a in issue.articles if (m := missing_items(a))]


def date_problems(issue: Issue) -> list[tuple[str, list[str]]]:
    """Articles that the issue's date would publish before they were received or accepted."""
    day = issue.publication_date
    problems = []
    for a in issue.articles:
        found = [str(_l("the publication date %(day)s is before the %(what)s date %(when)s",
                        day=day.isoformat(), what=label, when=when.isoformat()))
                 for when, label in ((a.received_on, _l("receipt")),
                                     (a.accepted_on, _l("acceptance")))
                 if day is not None and when is not None and day < when]
        if found:
            problems.append((a.title_zh or a.title_en or f"#{a.id}", found))
    return problems
