"""Submission services: they own manuscript state; views call one of them (the request
commits).

Every function takes the acting user explicitly, asks the policy, checks the state, changes,
flushes. State changes go through submission.workflow.advance only.
"""

from flask import current_app, has_request_context, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, union
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.routing import BuildError

from accounts.models import normalise_email
from accounts.policy import require
from accounts.services import suggest_pinyin
from core.clock import journal_today, utcnow
from core.extensions import db
from journal.models import Column, get_journal
from submission import files as filetypes
from submission import (
    permissions,  # noqa: F401 - registers the manuscript rules
    storage,
)
from submission.compliance import blocking_items, build_report
from submission.duplicates import flag_duplicates
from submission.models import FileKind, Manuscript, ManuscriptAuthor, ManuscriptFile
from submission.numbering import allocate_number
from submission.workflow import DECISIONS, Action, State, TransitionError, advance, is_stale

STEPS = ["column", "checklist", "metadata", "authors", "files", "review"]

NOT_EDITABLE = _l("This manuscript is “%(state)s” and can no longer be changed here.")
NEEDS_NOTE = _l("Please write the letter or note for the author.")
DECIDED_ELSEWHERE = _l("“%(action)s” is a decision: make it on the manuscript's decision page "
                       "(%(url)s), which checks the reviews and writes to every author.")


class SubmissionError(TransitionError):
    """A refused change with a message for the user (HTTP 409)."""


class AlreadySubmitted(SubmissionError):
    """Another request submitted this draft first (a double click, two tabs): the author is
    sent to the manuscript page, where its number is."""

    category = "info"

    def __init__(self, manuscript_id: int):
        super().__init__(_l("This manuscript has already been submitted."),
                         back_url=_path("submission.detail", manuscript_id=manuscript_id))


def require_draft(manuscript: Manuscript, actor) -> None:
    require(actor, "manuscript.edit", manuscript)
    if manuscript.state != State.DRAFT:
        raise SubmissionError(str(NOT_EDITABLE % {"state": State(manuscript.state).title}))


def _reached(manuscript: Manuscript, step: str) -> None:
    """Remember the furthest step the author reached, to resume the wizard there."""
    if STEPS.index(step) > STEPS.index(manuscript.wizard_step or "column"):
        manuscript.wizard_step = step


# --------------------------------------------------------------------------- the wizard


def start_submission(actor, column: Column) -> Manuscript:
    require(actor, "manuscript.submit")
    manuscript = Manuscript(submitter_id=actor.id, column=column, state=State.DRAFT,
                            wizard_step="checklist")
    manuscript.authors.append(ManuscriptAuthor(
        position=0, user_id=actor.id, name=actor.name,
        name_pinyin=actor.name_pinyin or suggest_pinyin(actor.name), email=actor.email,
        affiliation=actor.affiliation, orcid=actor.orcid, corresponding=True,
        locale=actor.locale, confirmed_at=utcnow(),
    ))
    db.session.add(manuscript)
    db.session.flush()
    return manuscript


def choose_column(manuscript: Manuscript, actor, column: Column) -> None:
    require_draft(manuscript, actor)
    manuscript.column = column
    _reached(manuscript, "checklist")
    db.session.flush()


def confirm_checklist(manuscript: Manuscript, actor) -> None:
    require_draft(manuscript, actor)
    manuscript.checklist_confirmed = manuscript.declaration_accepted = True
    _reached(manuscript, "metadata")
    db.session.flush()


METADATA_FIELDS = ("title_zh", "title_en", "abstract_zh", "abstract_en", "keywords_zh",
                   "keywords_en", "clc_number", "document_code", "grants", "cover_letter",
                   "competing_interests", "suggested_reviewers", "opposed_reviewers")


def funding_statement(grants: list[dict]) -> str:
    return "；".join(f"{g['funder']}（{g['number']}）" if g.get("number") else g["funder"]
                    for g in grants)


def save_metadata(manuscript: Manuscript, actor, **fields) -> None:
    require_draft(manuscript, actor)
    for name in METADATA_FIELDS:
        if name in fields:
            setattr(manuscript, name, fields[name])
    manuscript.funding = funding_statement(manuscript.grants or [])
    _reached(manuscript, "authors")
    db.session.flush()


def add_author(manuscript: Manuscript, actor, **fields) -> ManuscriptAuthor:
    """List a co-author. The row links no account: whoever owns the address gains access only
    by confirming from the link mailed at submission (submission.authorship)."""
    require_draft(manuscript, actor)
    author = ManuscriptAuthor(position=len(manuscript.authors))
    manuscript.authors.append(author)
    _fill_author(manuscript, author, actor, fields)
    return author


def update_author(manuscript: Manuscript, actor, author_id: int, **fields) -> ManuscriptAuthor:
    """Correct an author's row in place. A row that speaks for an account (the submitter's own)
    keeps that account's address: access follows the account, not what is typed here."""
    require_draft(manuscript, actor)
    author = _author(manuscript, author_id)
    if author.user_id is not None and \
            normalise_email(fields.get("email") or "") != normalise_email(author.email):
        raise SubmissionError(str(_l("This row is the account of %(name)s: its address is the "
                                     "account's and cannot be changed here.", name=author.name)))
    _fill_author(manuscript, author, actor, fields)
    return author


def _fill_author(manuscript: Manuscript, author: ManuscriptAuthor, actor, fields: dict) -> None:
    """A row's fields as given: the pinyin suggested when left empty, the row linked to the
    actor's account when it is the actor's own address, and one corresponding author."""
    fields["name_pinyin"] = fields.get("name_pinyin") or suggest_pinyin(fields["name"])
    for name, value in fields.items():
        setattr(author, name, value)
    if author.user_id is None and \
            normalise_email(author.email or "") == normalise_email(actor.email):
        author.user_id, author.confirmed_at = actor.id, utcnow()
    if author.corresponding:
        _only_corresponding(manuscript, author)
    manuscript.updated_at = utcnow()
    db.session.flush()


def _only_corresponding(manuscript: Manuscript, chosen: ManuscriptAuthor) -> None:
    for author in manuscript.authors:
        author.corresponding = author is chosen


def _author(manuscript: Manuscript, author_id: int) -> ManuscriptAuthor:
    for author in manuscript.authors:
        if author.id == author_id:
            return author
    raise SubmissionError(str(_l("This author is not on the manuscript any more.")))


def _renumber(manuscript: Manuscript, ordered: list[ManuscriptAuthor]) -> None:
    for position, author in enumerate(ordered):
        author.position = position
    manuscript.authors[:] = ordered
    manuscript.updated_at = utcnow()


def remove_author(manuscript: Manuscript, actor, author_id: int) -> None:
    require_draft(manuscript, actor)
    author = _author(manuscript, author_id)
    if author.user_id == manuscript.submitter_id:
        raise SubmissionError(str(_l("The submitting author cannot be removed.")))
    _renumber(manuscript, [a for a in manuscript.authors if a is not author])
    db.session.flush()


def move_author(manuscript: Manuscript, actor, author_id: int, offset: int) -> None:
    require_draft(manuscript, actor)
    ordered = list(manuscript.authors)
    author = _author(manuscript, author_id)
    index = ordered.index(author)
    target = min(max(index + offset, 0), len(ordered) - 1)
    ordered.insert(target, ordered.pop(index))
    _renumber(manuscript, ordered)
    db.session.flush()


def set_corresponding(manuscript: Manuscript, actor, author_id: int) -> None:
    require_draft(manuscript, actor)
    _only_corresponding(manuscript, _author(manuscript, author_id))
    manuscript.updated_at = utcnow()
    db.session.flush()


def confirm_authors(manuscript: Manuscript, actor) -> None:
    require_draft(manuscript, actor)
    _reached(manuscript, "files")
    db.session.flush()


def upload_file(manuscript: Manuscript, actor, *, filename: str, data: bytes,
                kind: str = FileKind.MANUSCRIPT) -> ManuscriptFile:
    """Check the file by content, store it under its sha256 and record it; a manuscript file
    is read and checked against the journal's rules. A failure leaves no row and no file."""
    require_draft(manuscript, actor)
    journal = get_journal()
    limit = journal.max_file_mb * 1024 * 1024
    if len(data) > limit:
        raise filetypes.FileRejected(_l("The file is %(size).1f MB; the journal accepts files "
                                        "up to %(limit)s MB.", size=len(data) / 2**20,
                                        limit=journal.max_file_mb))
    kind_found = filetypes.classify(data)  # raises with the message that fits the file
    if kind_found not in journal.allowed_extensions:
        raise filetypes.FileRejected(filetypes.NOT_ALLOWED)
    paragraphs = filetypes.paragraphs_of(data, kind_found)  # raises on a broken or bomb file
    existed = storage.path_for_digest_exists(data)
    digest = storage.save_bytes(data)
    try:
        record = ManuscriptFile(
            manuscript=manuscript, kind=kind,
            version=1 + sum(1 for f in manuscript.files if f.kind == kind),
            original_name=safe_display_name(filename, kind_found), sha256=digest,
            size=len(data), mimetype=filetypes.MIMETYPES[kind_found], uploaded_by_id=actor.id,
        )
        db.session.add(record)
        db.session.flush()
        if kind == FileKind.MANUSCRIPT:
            manuscript.compliance_report = build_report(paragraphs, journal, manuscript.column,
                                                        record.id)
        _reached(manuscript, "review")
        manuscript.updated_at = utcnow()
        db.session.flush()
    except BaseException:
        if not existed:
            storage.discard(digest)
        raise
    return record


def safe_display_name(filename: str, kind: str) -> str:
    """The name shown to people (files are stored under their digest, never this name)."""
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    name = "".join(ch for ch in name if ch.isprintable())[:200]
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return f"{stem or 'manuscript'}.{kind}"


def recheck_compliance(manuscript: Manuscript, actor) -> None:
    """Check the latest manuscript file again (after a column change or a rule change)."""
    require(actor, "manuscript.view", manuscript)
    latest = manuscript.latest_file(FileKind.MANUSCRIPT, FileKind.REVISION)
    if latest is None:
        return
    data = storage.read_bytes(latest.sha256)
    paragraphs = filetypes.paragraphs_of(data, filetypes.detect_type(data))
    manuscript.compliance_report = build_report(paragraphs, get_journal(), manuscript.column,
                                                latest.id)
    db.session.flush()


def prefill_from_file(manuscript: Manuscript, actor) -> list[str]:
    """Copy title, abstract, keywords and codes found in the file into empty fields."""
    require_draft(manuscript, actor)
    found = (manuscript.compliance_report or {}).get("found", {})
    filled = []
    for name, value in found.items():
        if value and not getattr(manuscript, name):
            setattr(manuscript, name, value)
            filled.append(name)
    manuscript.updated_at = utcnow()
    db.session.flush()
    return filled


REQUIRED = [
    ("column", "column_id", _l("Choose a column.")),
    ("checklist", "checklist_confirmed", _l("Confirm the checklist and the declaration.")),
    ("metadata", "title_zh", _l("Enter the Chinese title.")),
    ("metadata", "title_en", _l("Enter the English title.")),
    ("metadata", "abstract_zh", _l("Enter the Chinese abstract.")),
    ("metadata", "abstract_en", _l("Enter the English abstract.")),
    ("metadata", "keywords_zh", _l("Enter the Chinese keywords.")),
    ("metadata", "keywords_en", _l("Enter the English keywords.")),
    ("metadata", "clc_number", _l("Enter the CLC number (中图分类号).")),
]


def missing_for_submit(manuscript: Manuscript) -> list[tuple[str, str]]:
    """(step, message) for everything that still stops the submission."""
    missing = [(step, str(msg)) for step, attr, msg in REQUIRED if not getattr(manuscript, attr)]
    if not manuscript.authors:
        missing.append(("authors", str(_l("Add at least one author."))))
    elif not any(a.corresponding for a in manuscript.authors):
        missing.append(("authors", str(_l("Mark one author as the corresponding author."))))
    if any(not a.email for a in manuscript.authors):
        missing.append(("authors", str(_l("Every author needs an email address."))))
    if manuscript.latest_file(FileKind.MANUSCRIPT) is None:
        missing.append(("files", str(_l("Upload the manuscript file."))))
    elif blocking_items(manuscript.compliance_report or {}):
        missing.append(("files", str(_l("The manuscript file breaks a rule of the journal "
                                        "(see the format check)."))))
    return missing


def submit_manuscript(manuscript: Manuscript, actor, expected_version: int | None = None):
    """Submit (or resubmit after a return): number, duplicate check, acknowledgement mails."""
    require(actor, "manuscript.edit", manuscript)
    # Serialise concurrent submits of this manuscript (a double click) on PostgreSQL.
    db.session.execute(select(Manuscript.id).where(Manuscript.id == manuscript.id)
                       .with_for_update())
    db.session.refresh(manuscript)
    if manuscript.state == State.SUBMITTED and manuscript.number:
        raise AlreadySubmitted(manuscript.id)
    if manuscript.state != State.DRAFT:
        raise SubmissionError(str(NOT_EDITABLE % {"state": State(manuscript.state).title}))
    missing = missing_for_submit(manuscript)
    if missing:
        raise SubmissionError("; ".join(message for _step, message in missing))
    if is_stale(expected_version, manuscript):
        from submission.workflow import STALE_MESSAGE, StaleManuscriptError

        raise StaleManuscriptError(str(STALE_MESSAGE))
    manuscript_id = manuscript.id
    try:
        flag_duplicates(manuscript)  # its flush is the first write to the manuscript's row
    except StaleDataError as exc:  # without row locks (SQLite) another submit won the race
        db.session.rollback()
        raise AlreadySubmitted(manuscript_id) from exc
    # Last: the year's counter row stays locked from here to the commit, so concurrent submits
    # wait only for each other's few remaining statements, not for the duplicate check.
    if manuscript.number is None:
        year = journal_today().year
        manuscript.number = allocate_number(get_journal().number_prefix, year)
        manuscript.number_year = year
    manuscript.wizard_step = "review"
    return advance(manuscript, Action.SUBMIT, actor)


def withdraw_manuscript(manuscript: Manuscript, actor, reason: str,
                        expected_version: int | None = None):
    require(actor, "manuscript.edit", manuscript)
    if not reason.strip():
        raise SubmissionError(str(_l("Please give a reason for the withdrawal.")))
    return advance(manuscript, Action.WITHDRAW, actor, note=reason.strip(),
                   expected_version=expected_version)


NOTE_REQUIRED = {Action.RETURN_TO_AUTHOR}


def move_manuscript(manuscript: Manuscript, action: Action, actor, note: str = "",
                    expected_version: int | None = None, **context):
    """An editor's move from the console (receipt, return to the author, or any other move
    the table allows and no package handles itself). Decisions are refused here. Its caller,
    the desk's console, has loaded the manuscript for manuscript.manage."""
    if action in DECISIONS:
        raise SubmissionError(str(DECIDED_ELSEWHERE % {"action": Action(action).title,
                                                       "url": _decision_page(manuscript)}))
    if action in NOTE_REQUIRED and not note.strip():
        raise SubmissionError(str(NEEDS_NOTE))
    return advance(manuscript, action, actor, note=note.strip(),
                   expected_version=expected_version, **context)


def _decision_page(manuscript: Manuscript) -> str:
    """The address of the decision page (the review package's), for the refusal message."""
    return _path("review.decision", manuscript_id=manuscript.id)


def _path(endpoint: str, **values) -> str:
    """A page's address for a refusal (its message, or where it sends the form back to), in
    a request or outside one; empty if the page's package is not installed."""
    try:
        if has_request_context():
            return url_for(endpoint, **values)
        return current_app.url_map.bind("localhost").build(endpoint, values)
    except BuildError:
        return ""


# --------------------------------------------------------------------------- queries


def manuscripts_of(user) -> list[Manuscript]:
    """The manuscripts a person submitted or co-authors, newest first."""
    # A union of two indexed lookups: an OR across the two tables would scan every manuscript.
    mine = union(
        select(Manuscript.id).where(Manuscript.submitter_id == user.id),
        select(ManuscriptAuthor.manuscript_id).where(ManuscriptAuthor.user_id == user.id,
                                                     ManuscriptAuthor.confirmed_at.is_not(None)))
    return list(db.session.scalars(
        select(Manuscript)
        .where(Manuscript.id.in_(mine))
        .order_by(func.coalesce(Manuscript.submitted_at, Manuscript.created_at).desc(),
                  Manuscript.id.desc())
    ))
