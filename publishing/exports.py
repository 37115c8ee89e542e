"""Exports for the indexing databases, per published issue or per year: DOAJ's article XML
(publishing.doaj) and, for Chinese database vendors, a zip of the metadata workbook
(publishing.metadata_sheet) with the PDF galleys.

A batch is the published articles of the issue or the year, as the public site shows them
(site records), in the issues' order. Its files are reproducible: the same data gives the
same bytes, every time stamp in them being the last change of the batch's articles.
"""

import re
from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from accounts.policy import require
from core.extensions import db
from publishing.doaj import doaj_xml
from publishing.metadata_sheet import metadata_workbook, stable_zip
from publishing.models import Article, Issue
from publishing.services import PublishingError
from publishing.sitedata import article_record, issue_record, journal_record, public_articles
from submission import storage


@dataclass
class Batch:
    name: str  # 2026-1 for an issue, 2026 for a year
    label: str  # 2026年第1期, 2026年
    articles: list[dict]
    issues: dict[int, dict]  # (every article of a batch is in one of them)
    journal: dict
    moment: datetime  # the last change of its articles


@dataclass
class ExportFile:
    filename: str
    mimetype: str
    data: bytes


def _batch(name: str, label: str, condition) -> Batch:
    rows = db.session.execute(public_articles().where(condition).order_by(
        Issue.number, Article.position, Article.id)).all()
    if not rows:
        raise PublishingError(_l("There are no published articles of %(name)s to export yet.",
                                 name=name))
    issues = {i.id: issue_record(i) for i in db.session.scalars(
        select(Issue).where(Issue.id.in_({r.issue_id for r in rows})))}
    return Batch(name, label, [article_record(r, []) for r in rows], issues, journal_record(),
                 max(r.updated_at for r in rows).replace(microsecond=0))


def issue_batch(issue: Issue, actor) -> Batch:
    require(actor, "publishing.view")
    return _batch(f"{issue.year}-{issue.number}", issue.label_zh, Article.issue_id == issue.id)


def year_batch(year: int, actor) -> Batch:
    """The published issues' articles of the year (articles in no issue are not in a batch)."""
    require(actor, "publishing.view")
    return _batch(str(year), f"{year}年", Issue.year == year)


def year_issues(year: int, actor) -> list[Issue]:
    """The issues of a year (the year's page, where its exports are)."""
    require(actor, "publishing.view")
    return list(db.session.scalars(select(Issue).where(Issue.year == year)
                                   .order_by(Issue.number)))


def doaj_file(batch: Batch) -> ExportFile:
    return ExportFile(f"doaj-{batch.name}.xml", "application/xml",
                      doaj_xml(batch.articles, batch.issues, batch.journal))


def pdf_name(a: dict) -> str:
    """A galley's name in the zip: its DOI's suffix, else the article's id."""
    suffix = a["doi"].partition("/")[2]
    return (re.sub(r"[^A-Za-z0-9._-]", "_", suffix) if suffix else str(a["id"])) + ".pdf"


def metadata_zip(batch: Batch) -> ExportFile:
    """The workbook and the PDF galleys of the batch's articles in one zip."""
    rows = [(a, batch.issues[a["issue_id"]], pdf_name(a) if a["galley"] else "")
            for a in batch.articles]
    title = f"{batch.journal['name_zh']} {batch.label}"
    entries = [(f"metadata-{batch.name}.xlsx",
                metadata_workbook(rows, batch.journal, title, batch.moment))]
    entries += [(pdf, storage.read_bytes(a["galley"])) for a, _issue, pdf in rows if pdf]
    return ExportFile(f"metadata-{batch.name}.zip", "application/zip",
                      stable_zip(entries, batch.moment))
