"""Import articles of the journal's old site so their /qikandaodu/... addresses keep working.

A JSON file (a list of objects) or a CSV file (a header row) with, per article:
  url (required)          /qikandaodu/2020/0720/345.html — kept as the article's address
  title_zh (required), title_en, abstract_zh, abstract_en
  authors                 names separated by ; (affiliations: a parallel ;-list)
  affiliations, keywords_zh, keywords_en (;-lists)
  published               YYYY-MM-DD (default: the date in the url)
  year, number, volume    the issue (created as a published issue when missing)
  pages                   e.g. 12-18
  column                  a column slug
  body_html               the full text (sanitised like a converted docx)
  doi                     its DOI, e.g. 10.12345/hbkjty.2020.4.007 (or its doi.org address)
Importing the same file twice updates the same articles.
"""

import csv
import json
import re
from datetime import date
from pathlib import Path

from sqlalchemy import select

from core.extensions import db
from core.refusals import Invalid
from journal.doi import normalise_doi
from journal.models import Column
from publishing.fulltext import clean_fulltext
from publishing.models import Article, Issue, IssueState
from publishing.services import set_body

URL = re.compile(r"^/?(qikandaodu/(\d{4})/(\d{2})(\d{2})/\d+\.html)$")


class LegacyImportError(Invalid):
    """The file to import cannot be read, or a row of it is wrong (nothing is imported)."""


def _list(value) -> list[str]:
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    text = str(value or "").replace("；", ";")
    return [v.strip() for v in text.split(";") if v.strip()]


def _int(value) -> int | None:
    return int(value) if str(value or "").strip().isdigit() else None


def read_rows(source: str) -> list[dict]:
    path = Path(source)
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix.lower() == ".json":
        rows = json.loads(text)
        if not isinstance(rows, list):
            raise ValueError("the JSON file must hold a list of articles")
        return rows
    return list(csv.DictReader(text.splitlines()))


def _issue(year: int, number: int, volume: int | None, published: date) -> Issue:
    issue = db.session.scalar(select(Issue).where(Issue.year == year, Issue.number == number))
    if issue is None:
        issue = Issue(year=year, number=number, volume=volume or 0, publication_date=published,
                      state=IssueState.PUBLISHED.value)
        db.session.add(issue)
        db.session.flush()
    return issue


def _doi(article: Article, doi: str, n: int) -> str | None:
    """A legacy article's DOI as its row gives it, unless another article has it."""
    if doi and db.session.scalar(select(Article.id).where(
            Article.doi == doi, Article.id.is_distinct_from(article.id))):
        raise LegacyImportError(f"row {n}: the DOI {doi} belongs to another article")
    return doi or None


def import_rows(rows: list[dict], progress=None) -> dict:
    """Check every row, then import them (`progress(done, total)` hears of each)."""
    errors = []
    for n, row in enumerate(rows, 1):
        match = URL.match(str(row.get("url") or "").strip())
        if not match:
            errors.append(f"row {n}: url must look like /qikandaodu/2020/0720/345.html")
        if not str(row.get("title_zh") or "").strip():
            errors.append(f"row {n}: title_zh is missing")
        if str(row.get("doi") or "").strip() and not normalise_doi(row["doi"]):
            errors.append(f"row {n}: doi must look like 10.12345/hbkjty.2020.4.007")
    if errors:
        raise LegacyImportError("; ".join(errors))
    report = {"imported": 0, "updated": 0}
    columns = {c.slug: c.id for c in db.session.scalars(select(Column))}
    progress = progress or (lambda _done, _total: None)
    for n, row in enumerate(rows, 1):
        progress(n - 1, len(rows))
        path, year, month, day = URL.match(str(row["url"]).strip()).groups()
        try:
            published = (date.fromisoformat(row["published"]) if row.get("published")
                         else date(int(year), int(month), int(day)))
        except ValueError as exc:
            raise LegacyImportError(f"row {n}: {exc}") from exc
        article = db.session.scalar(select(Article).where(Article.path == path))
        if article is not None and not article.legacy:
            raise LegacyImportError(f"row {n}: {path} belongs to an article published here")
        report["updated" if article else "imported"] += 1
        article = article or Article(path=path, legacy=True)
        pages = [p for p in re.split(r"[-–~]", str(row.get("pages") or "")) if p.strip()]
        names, affs = _list(row.get("authors")), _list(row.get("affiliations"))
        article.title_zh = str(row["title_zh"]).strip()
        article.title_en = str(row.get("title_en") or "").strip()
        article.abstract_zh = str(row.get("abstract_zh") or "").strip()
        article.abstract_en = str(row.get("abstract_en") or "").strip()
        article.keywords_zh, article.keywords_en = (_list(row.get("keywords_zh")),
                                                    _list(row.get("keywords_en")))
        article.authors = [{"name": name, "affiliation": affs[i] if i < len(affs) else ""}
                           for i, name in enumerate(names)]
        article.published_on = published
        article.page_start = _int(pages[0]) if pages else None
        article.page_end = _int(pages[-1]) if pages else None
        article.column_id = columns.get(str(row.get("column") or ""))
        article.doi = _doi(article, normalise_doi(row.get("doi") or ""), n)
        if _int(row.get("year")) and _int(row.get("number")):
            article.issue = _issue(_int(row["year"]), _int(row["number"]),
                                   _int(row.get("volume")), published)
        set_body(article, clean_fulltext(str(row.get("body_html") or "")))
        db.session.add(article)
    progress(len(rows), len(rows))
    db.session.flush()
    return report


def import_file(source: str, progress=None) -> dict:
    try:
        rows = read_rows(source)
    except (ValueError, UnicodeDecodeError, csv.Error) as exc:
        raise LegacyImportError(f"cannot read {Path(source).name}: {exc}") from exc
    return import_rows(rows, progress)
