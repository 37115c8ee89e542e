"""What the public site shows, loaded in a few queries as plain, JSON-serialisable records.

Pages are rendered from these records only, so the same data always gives the same bytes,
and a page's content key is the hash of the records it uses.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from flask import current_app
from sqlalchemy import or_, select
from werkzeug.routing import BuildError

from core.extensions import db
from core.markup import render_markdown
from journal.guidance import with_settings
from journal.models import GUIDELINE_PAGES, Column, GuidelinePage, get_journal
from publishing.models import Article, Correction, Issue, IssueState


def _iso(day) -> str:
    return day.isoformat() if day else ""


def page_range(start, end) -> str:
    if start is None:
        return ""
    return f"{start}-{end}" if end is not None and end != start else str(start)


def article_record(a, corrections: list) -> dict:
    """The site record of an article (an Article or a row of its columns)."""
    affiliations: list[dict] = []
    authors = []
    for au in a.authors:
        aff = (au.get("affiliation") or "").strip()
        index = None
        if aff:
            known = [x["zh"] for x in affiliations]
            if aff not in known:
                affiliations.append({
                    "zh": aff, "en": (au.get("affiliation_en") or "").strip(),
                    "city": (au.get("city") or "").strip(),
                    "postcode": (au.get("postcode") or "").strip()})
                known.append(aff)
            index = known.index(aff) + 1
        authors.append({"name": au.get("name", "").strip(),
                        "pinyin": (au.get("name_pinyin") or "").strip(),
                        "aff": index, "corresponding": bool(au.get("corresponding")),
                        "orcid": au.get("orcid") or ""})
    base = a.path.removesuffix(".html")
    return {
        "id": a.id, "path": a.path, "url": f"/{a.path}", "base": f"/{base}",
        "title_zh": a.title_zh, "title_en": a.title_en,
        "abstract_zh": a.abstract_zh, "abstract_en": a.abstract_en,
        "keywords_zh": list(a.keywords_zh or []), "keywords_en": list(a.keywords_en or []),
        "authors": authors, "affiliations": affiliations,
        "clc": a.clc_number, "doc_code": a.document_code, "funding": a.funding,
        "doi": a.doi or "",
        "received": _iso(a.received_on), "accepted": _iso(a.accepted_on),
        "published": _iso(a.published_on), "mmdd": a.published_on.strftime("%m/%d"),
        "issue_id": a.issue_id, "column_id": a.column_id, "position": a.position,
        "page_start": a.page_start, "page_end": a.page_end,
        "pages": page_range(a.page_start, a.page_end),
        "galley": a.galley_sha256, "body": a.body_sha256, "legacy": a.legacy,
        "corrections": [{"date": _iso(c.noted_on), "zh": c.note_zh, "en": c.note_en}
                        for c in corrections],
    }


def summary(record: dict) -> dict:
    """The part of an article that listings (home, issue, column, feed) show."""
    return {k: record[k] for k in ("id", "url", "title_zh", "title_en", "pages", "published",
                                   "mmdd", "issue_id", "column_id")} | {
        "authors": [a["name"] for a in record["authors"]],
        "authors_en": [a["pinyin"] or a["name"] for a in record["authors"]],
    }


def issue_record(issue: Issue) -> dict:
    return {
        "id": issue.id, "year": issue.year, "volume": issue.volume, "number": issue.number,
        "title_zh": issue.title_zh, "title_en": issue.title_en,
        "date": _iso(issue.publication_date), "url": f"/issues/{issue.year}/{issue.number}/",
        "cover": f"/assets/covers/{issue.cover_sha256}.{issue.cover_ext}"
        if issue.cover_sha256 else "",
        "cover_sha": issue.cover_sha256 or "",
    }


def column_record(column: Column) -> dict:
    return {"id": column.id, "slug": column.slug, "name_zh": column.name_zh,
            "name_en": column.name_en, "description_zh": column.description_zh,
            "description_en": column.description_en, "position": column.position,
            "active": column.active, "limit": column.length_limit_chars,
            "url": f"/columns/{column.slug}/"}


@dataclass
class SiteData:
    journal: dict
    nav: list[dict]
    pages: list[dict]
    columns: dict[int, dict]
    issues: dict[int, dict]
    articles: list[dict] = field(default_factory=list)  # newest first


def _app_path(endpoint: str) -> str:
    """Where the app serves one of its own pages (links from the static pages to the app)."""
    try:
        return current_app.url_map.bind("localhost").build(endpoint)
    except BuildError:  # the package with that page is not installed
        return "/"


def journal_record() -> dict:
    journal = get_journal()
    return {
        "name_zh": journal.name_zh, "name_en": journal.name_en,
        "former_name": journal.former_name, "issn": journal.issn, "cn": journal.cn,
        "sponsor_zh": journal.sponsor_zh, "sponsor_en": journal.sponsor_en,
        "frequency_zh": journal.frequency_zh, "frequency_en": journal.frequency_en,
        "base_url": current_app.config["BASE_URL"].rstrip("/"),
        "login_url": _app_path("accounts.login"),
        "search_url": _app_path("publishing.search_articles"),
        "whoami_url": _app_path("accounts.whoami"),
    }


def public_articles():
    """The articles the public sees: published, in no issue or in a published one (the rows
    of their columns, without the full text)."""
    return (select(*[c for c in Article.__table__.c
                     if c.key not in ("body_html", "conversion_messages")])
            .outerjoin(Issue, Article.issue_id == Issue.id)
            .where(Article.path.is_not(None), Article.published_on.is_not(None),
                   or_(Article.issue_id.is_(None), Issue.state == IssueState.PUBLISHED.value)))


def load_site_data() -> SiteData:
    stored = {p.slug: p for p in db.session.scalars(select(GuidelinePage))}
    pages = []
    for slug, _zh, _en in GUIDELINE_PAGES:
        page = stored.get(slug)
        if page is not None:
            pages.append({"slug": slug, "title_zh": page.title_zh, "title_en": page.title_en,
                          # (review paragraphs written from the settings)
                          "body_zh": str(render_markdown(with_settings(page.body_zh, "zh",
                                                                       slug))),
                          "body_en": str(render_markdown(with_settings(page.body_en, "en",
                                                                       slug))),
                          "url": f"/pages/{slug}"})
    nav = [{k: p[k] for k in ("slug", "title_zh", "title_en", "url")} for p in pages]
    columns = {c.id: column_record(c) for c in db.session.scalars(
        select(Column).order_by(Column.position, Column.id))}
    issues = {i.id: issue_record(i) for i in db.session.scalars(
        select(Issue).where(Issue.state == IssueState.PUBLISHED.value)
        .order_by(Issue.publication_date.desc(), Issue.year.desc(), Issue.number.desc()))}
    corrections = defaultdict(list)
    for correction in db.session.scalars(select(Correction).order_by(Correction.id)):
        corrections[correction.article_id].append(correction)
    # Plain rows, not ORM objects: thousands of them are read on every build.
    rows = db.session.execute(public_articles().order_by(Article.published_on.desc(),
                                                         Article.id.desc()))
    articles = [article_record(a, corrections[a.id]) for a in rows]
    return SiteData(journal_record(), nav, pages, columns, issues, articles)


def load_bodies(ids: list[int]) -> dict[int, str]:
    bodies: dict[int, str] = {}
    for chunk in range(0, len(ids), 500):
        part = ids[chunk:chunk + 500]
        bodies.update(db.session.execute(
            select(Article.id, Article.body_html).where(Article.id.in_(part))).all())
    return bodies
