"""Publishing services: issues, scheduling, production files, final metadata, publishing and
corrections. They check the policy and the state, change, flush; the request (or the command)
commits. A change that the public site shows asks for a site build, which runs after the
commit."""

import hashlib
import io
from datetime import date

from flask_babel import lazy_gettext as _l
from pypdf import PdfReader
from sqlalchemy import func, select

from accounts.policy import require
from core.clock import journal_today, utcnow
from core.extensions import db
from core.jobs import start_job
from core.refusals import Conflict, Invalid
from journal.models import get_journal
from production import progress
from publishing import permissions  # noqa: F401 - registers the publishing rules
from publishing.checks import date_problems, readiness
from publishing.deposits import queue_issue_deposits
from publishing.dois import number_dois
from publishing.events import article_published
from publishing.fulltext import DocxError, convert_docx
from publishing.models import Article, Correction, Issue, IssueState
from publishing.tasks import SITE_BUILD, request_site_build
from submission import storage
from submission.models import FileKind, Manuscript, ManuscriptFile
from submission.workflow import Action, State, advance

METADATA_FIELDS = ("title_zh", "title_en", "abstract_zh", "abstract_en", "keywords_zh",
                   "keywords_en", "authors", "clc_number", "document_code", "funding")
AUTHOR_FIELDS = ("name", "name_pinyin", "affiliation", "affiliation_en", "city", "postcode",
                 "corresponding", "orcid")


class PublishingError(Conflict):
    """Not possible in the issue's or the article's current state; `problems` lists, per
    article, what keeps an issue from being published (its page shows the same list)."""

    def __init__(self, message, problems: list[tuple[str, list[str]]] | None = None):
        super().__init__(message)
        self.problems = problems or []


class PublishingInputError(Invalid):
    """Input the editor can correct: a number, a page range, a file that is not what it should
    be, a missing correction note."""


CORRECTION_NOTE_NEEDED = _l("This article is published: describe the correction in a note, "
                            "which is shown on its page with the date.")


# --------------------------------------------------------------------------- issues


def default_publication_date(year: int, number: int, per_year: int) -> date:
    """The 1st of the issue's month: with six a year, issue n comes out in month 2n-1."""
    per_year = max(1, min(12, per_year))
    month = 1 + (number - 1) * 12 // per_year
    return date(year, min(month, 12), 1)


def suggest_next_issue() -> dict:
    """Year, number and volume of the issue after the latest one."""
    journal = get_journal()
    latest = db.session.scalar(select(Issue).order_by(Issue.year.desc(), Issue.number.desc()))
    if latest is None:
        year = journal_today().year
        return {"year": year, "number": 1, "volume": 1}
    if latest.number >= journal.issues_per_year:
        return {"year": latest.year + 1, "number": 1, "volume": latest.volume + 1}
    return {"year": latest.year, "number": latest.number + 1, "volume": latest.volume}


def create_issue(actor, *, year: int, number: int, volume: int,
                 publication_date: date | None = None, title_zh: str = "",
                 title_en: str = "") -> Issue:
    require(actor, "publishing.manage")
    per_year = get_journal().issues_per_year
    if not 1 <= number <= per_year:
        raise PublishingInputError(_l("The issue number must be between 1 and %(n)s.",
                                      n=per_year))
    if db.session.scalar(select(Issue.id).where(Issue.year == year, Issue.number == number)):
        raise PublishingError(_l("Issue %(year)s-%(number)s already exists.", year=year,
                                 number=number))
    issue = Issue(year=year, number=number, volume=volume, title_zh=(title_zh or "").strip(),
                  title_en=(title_en or "").strip(),
                  publication_date=publication_date
                  or default_publication_date(year, number, per_year))
    db.session.add(issue)
    db.session.flush()
    return issue


def update_issue(issue: Issue, actor, *, title_zh: str, title_en: str,
                 publication_date: date) -> None:
    require(actor, "publishing.manage")
    if issue.is_published and publication_date != issue.publication_date:
        raise PublishingError(_l("The publication date of a published issue cannot change: "
                                 "its articles' addresses depend on it."))
    issue.title_zh, issue.title_en = (title_zh or "").strip(), (title_en or "").strip()
    issue.publication_date = publication_date
    if issue.is_published:
        request_site_build()
    db.session.flush()


COVER_TYPES = {b"\x89PNG\r\n\x1a\n": "png", b"\xff\xd8\xff": "jpg"}


def set_issue_cover(issue: Issue, actor, data: bytes) -> None:
    require(actor, "publishing.manage")
    ext = next((e for magic, e in COVER_TYPES.items() if data.startswith(magic)), None)
    if ext is None:
        raise PublishingInputError(_l("The cover must be a PNG or JPEG image."))
    issue.cover_sha256, issue.cover_ext = storage.save_bytes(data), ext
    if issue.is_published:
        request_site_build()
    db.session.flush()


# --------------------------------------------------------------------------- final metadata


def _day(value) -> date | None:
    return value.date() if value is not None else None


def freeze_metadata(manuscript: Manuscript) -> Article:
    """The article's metadata as the manuscript had it at acceptance (taken once)."""
    article = db.session.scalar(select(Article).where(Article.manuscript_id == manuscript.id))
    if article is not None:
        return article
    article = Article(
        manuscript_id=manuscript.id, column_id=manuscript.column_id,
        **{f: getattr(manuscript, f) for f in METADATA_FIELDS if f != "authors"},
        authors=[{f: getattr(a, f) for f in AUTHOR_FIELDS} for a in manuscript.authors],
        received_on=_day(manuscript.received_at or manuscript.submitted_at),
        accepted_on=_day(manuscript.accepted_at),
    )
    db.session.add(article)
    db.session.flush()
    return article


def _correction(article: Article, actor, note_zh: str, note_en: str) -> None:
    """A published article changes only with a dated note saying what was corrected."""
    if not article.is_published:
        return
    note_zh, note_en = (note_zh or "").strip(), (note_en or "").strip()
    if not (note_zh or note_en):
        raise PublishingInputError(CORRECTION_NOTE_NEEDED)
    article.corrections.append(Correction(noted_on=journal_today(), note_zh=note_zh,
                                          note_en=note_en, created_by_id=actor.id))
    request_site_build()


def update_metadata(article: Article, actor, fields: dict, *, note_zh: str = "",
                    note_en: str = "") -> None:
    require(actor, "publishing.manage")
    _correction(article, actor, note_zh, note_en)
    for name in METADATA_FIELDS:
        if name in fields:
            setattr(article, name, fields[name])
    article.updated_at = utcnow()
    db.session.flush()


def _store_file(article: Article, actor, kind: FileKind, data: bytes, filename: str,
                mimetype: str) -> str:
    digest = storage.save_bytes(data)
    if article.manuscript_id is not None:
        version = 1 + (db.session.scalar(
            select(func.max(ManuscriptFile.version)).where(
                ManuscriptFile.manuscript_id == article.manuscript_id,
                ManuscriptFile.kind == kind.value)) or 0)
        db.session.add(ManuscriptFile(
            manuscript_id=article.manuscript_id, kind=kind.value, version=version,
            original_name=filename[-255:] or f"{kind.value}.bin", sha256=digest,
            size=len(data), mimetype=mimetype, uploaded_by_id=actor.id))
    return digest


def set_body(article: Article, html: str, messages: list[str] | None = None) -> None:
    article.body_html = html
    article.body_sha256 = hashlib.sha256(html.encode()).hexdigest()
    article.conversion_messages = messages or []


def attach_final(article: Article, actor, data: bytes, filename: str, *, note_zh: str = "",
                 note_en: str = "") -> list[str]:
    """Store the final docx and convert its full text; returns mammoth's warnings."""
    require(actor, "publishing.manage")
    try:
        conversion = convert_docx(data)
    except DocxError as exc:
        raise PublishingInputError(_l("The final manuscript must be a Word document (.docx) "
                                      "that opens without errors.")) from exc
    _correction(article, actor, note_zh, note_en)
    article.final_sha256 = _store_file(
        article, actor, FileKind.FINAL, data, filename,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    set_body(article, conversion.html, conversion.messages)
    article.updated_at = utcnow()
    db.session.flush()
    return conversion.messages


def attach_galley(article: Article, actor, data: bytes, filename: str) -> None:
    require(actor, "publishing.manage")
    try:
        if not data.startswith(b"%PDF-"):
            raise ValueError("no PDF header")
        PdfReader(io.BytesIO(data)).pages[0]  # noqa: B018 - raises on a broken file
    except Exception as exc:
        raise PublishingInputError(_l("The galley must be a PDF file that opens without "
                                      "errors.")) from exc
    article.galley_sha256 = _store_file(article, actor, FileKind.GALLEY, data, filename,
                                        "application/pdf")
    if article.is_published:
        request_site_build()
    db.session.flush()


def add_correction(article: Article, actor, note_zh: str, note_en: str = "") -> None:
    require(actor, "publishing.manage")
    if not article.is_published:
        raise PublishingError(_l("Only a published article gets a correction note."))
    _correction(article, actor, note_zh, note_en)
    db.session.flush()


# --------------------------------------------------------------------------- scheduling


def schedule(manuscript: Manuscript, issue: Issue, actor,
             expected_version: int | None = None) -> Article:
    require(actor, "publishing.manage")
    if issue.is_published:
        raise PublishingError(_l("Issue %(label)s is already published; schedule the "
                                 "manuscript into a planned issue.", label=issue.label_zh))
    progress.require_ready(manuscript)  # the agreement and the proof, or their overrides
    article = freeze_metadata(manuscript)
    advance(manuscript, Action.SCHEDULE, actor, note=issue.label_zh,
            expected_version=expected_version, issue_id=issue.id)
    last = db.session.scalar(select(func.max(Article.position)).where(
        Article.issue_id == issue.id)) or 0
    article.issue, article.position = issue, last + 1
    article.column_id = manuscript.column_id
    if issue.state == IssueState.PLANNED:
        issue.state = IssueState.IN_PRODUCTION.value
    db.session.flush()
    number_dois(issue)
    return article


def unschedule(article: Article, actor) -> None:
    require(actor, "publishing.manage")
    if article.issue is None or article.issue.is_published:
        raise PublishingError(_l("Only an article of an unpublished issue can be removed."))
    advance(article.manuscript, Action.UNSCHEDULE, actor, note=article.issue.label_zh)
    issue, article.issue, article.doi = article.issue, None, None
    db.session.flush()
    number_dois(issue)


def arrange(article: Article, actor, *, position: int, page_start: int | None,
            page_end: int | None) -> None:
    """Order within the issue (listed by column, then by this position) and the page range."""
    require(actor, "publishing.manage")
    if article.issue is not None and article.issue.is_published:
        raise PublishingError(_l("The issue is published: its order and pages are final."))
    if page_start is not None and page_end is not None and page_end < page_start:
        raise PublishingInputError(_l("The last page cannot come before the first page."))
    article.position, article.page_start, article.page_end = position, page_start, page_end
    db.session.flush()
    if article.issue is not None:
        number_dois(article.issue)


def schedulable_manuscripts() -> list[Manuscript]:
    return list(db.session.scalars(
        select(Manuscript).where(Manuscript.state == State.ACCEPTED.value)
        .order_by(Manuscript.accepted_at, Manuscript.id)))


# --------------------------------------------------------------------------- publishing


def article_path(article: Article, day: date) -> str:
    return f"qikandaodu/{day:%Y}/{day:%m%d}/{article.id}.html"


def publish_issue(issue: Issue, actor, *, date_override: str = "") -> bool:
    """Publish the issue and all its articles. False when it was already published (nothing
    changes then). Refused, before anything changes, with the list of what is missing, and
    when the issue's date comes before an article's receipt or acceptance, unless an editor
    gives a reason (imported back issues): the reason goes into each article's audit trail."""
    require(actor, "publishing.manage")
    if issue.is_published:
        return False
    if not issue.articles:
        raise PublishingError(_l("The issue has no articles yet."))
    problems = readiness(issue)
    if problems:
        raise PublishingError(_l("The issue cannot be published yet; complete these items "
                                 "first."), problems)
    date_override = " ".join(date_override.split())
    dates = date_problems(issue)
    if dates and not date_override:
        raise PublishingError(_l("The issue's publication date comes before the receipt or "
                                 "acceptance of some articles. Correct the date, or give the "
                                 "reason (e.g. an imported back issue) to publish anyway."),
                              dates)
    number_dois(issue)  # the last time: publishing freezes them
    taken = set(db.session.scalars(select(Article.path).where(Article.path.is_not(None))))
    for article in issue.articles:
        path = article_path(article, issue.publication_date)
        if path in taken:
            raise PublishingError(_l("The address %(path)s is already used by another "
                                     "article.", path=path))
        article.path, article.published_on = path, issue.publication_date
        note = issue.label_zh
        if dates:
            note += str(_l("; date check overridden: %(reason)s", reason=date_override))
        advance(article.manuscript, Action.PUBLISH, actor, note=note)
        article_published.send(article)
    issue.state, issue.published_at = IssueState.PUBLISHED.value, utcnow()
    queue_issue_deposits(issue)
    # the issue's page tells the editor when its public pages are live
    request_site_build(start_job(SITE_BUILD, about=("issue", issue.id), started_by=actor.id,
                                 result_url=f"/issues/{issue.year}/{issue.number}/"))
    db.session.flush()
    return True
