"""The figures about what the journal published in a period (the articles whose publication
date falls in it, legacy articles included; a column narrows them to its articles):

- articles (发文量) and funded articles, those with a funding statement; the funded-paper
  ratio (基金论文比) is funded ÷ articles;
- per issue: its articles, pages (page_end − page_start + 1 of the articles that have both)
  and mean pages per article (平均页数);
- per column: its articles;
- author regions and institutions: every author row of every article counted once, by the
  region its affiliation (or city) names (regions.py) and by the affiliation's first part.
"""

from collections import Counter
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from core.extensions import db
from journal.models import Column
from publishing.models import Article, Issue
from reports.figures import Period
from reports.regions import NOT_NAMED, institution_of, region_of

TOP_INSTITUTIONS = 15
NOT_NAMED_TITLE = _l("Not named")


@dataclass(frozen=True)
class IssueRow:
    label: str  # "2026年第3期" / "2026 No. 3", in the reader's language
    articles: int
    pages: int
    mean_pages: float | None


@dataclass(frozen=True)
class Content:
    articles: int
    funded: int
    funded_ratio: float | None
    issues: list[IssueRow]
    columns: dict[int | None, int]  # column id (None: no column) -> articles
    regions: list[tuple[str, int]]  # region ("" not named) -> authors, most first
    institutions: list[tuple[str, int]]  # the top institutions -> authors


def content(period: Period, column_id: int | None = None, lang: str = "zh") -> Content:
    """The published-content figures (one query)."""
    query = (select(Article.issue_id, Article.column_id, Article.page_start, Article.page_end,
                    Article.funding, Article.authors, Issue.year, Issue.number)
             .outerjoin(Issue, Issue.id == Article.issue_id)
             .where(Article.published_on >= period.start, Article.published_on <= period.end))
    if column_id is not None:
        query = query.where(Article.column_id == column_id)
    rows = db.session.execute(query).all()
    issues: dict[tuple, list] = {}
    regions, institutions = Counter(), Counter()
    for row in rows:
        pages = (row.page_end - row.page_start + 1
                 if row.page_start and row.page_end and row.page_end >= row.page_start else None)
        issues.setdefault((row.year or 0, row.number or 0), []).append(pages)
        for author in row.authors or []:
            affiliation = author.get("affiliation") or author.get("affiliation_en") or ""
            regions[region_of(affiliation, author.get("city", ""),
                              author.get("affiliation_en", ""))] += 1
            if institution_of(affiliation):
                institutions[institution_of(affiliation)] += 1
    funded = sum(bool((row.funding or "").strip()) for row in rows)
    return Content(
        len(rows), funded, funded / len(rows) if rows else None,
        [_issue_row(key, pages, lang) for key, pages in sorted(issues.items())],
        dict(Counter(row.column_id for row in rows)),
        sorted(regions.items(), key=lambda item: (item[0] == NOT_NAMED, -item[1], item[0])),
        sorted(institutions.items(), key=lambda item: (-item[1], item[0]))[:TOP_INSTITUTIONS])


def _issue_row(key: tuple[int, int], pages: list[int | None], lang: str) -> IssueRow:
    year, number = key
    if not year:
        label = str(_l("No issue"))
    else:
        label = f"{year}年第{number}期" if lang == "zh" else f"{year} No. {number}"
    counted = [p for p in pages if p is not None]
    return IssueRow(label, len(pages), sum(counted),
                    round(sum(counted) / len(counted), 1) if counted else None)


def column_names(lang: str) -> dict[int, str]:
    """Every column's name in `lang` (one query)."""
    rows = db.session.execute(select(Column.id, Column.name_zh, Column.name_en)).all()
    return {i: (en or zh) if lang == "en" else zh for i, zh, en in rows}
