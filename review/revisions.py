"""The author's revision: the revised manuscript and a response letter start the next round.

A revision uploaded after the due date is ACCEPTED, with a note on the audit trail and in the
editor's mail saying how late it is: refusing it would throw away the author's work, while the
editor, who sees the note, can still reject the manuscript.

The revised manuscript is read and format-checked like the first upload: a file we cannot read
at all is refused with the message that fits it (submission.files), and the new report replaces
the old one, shown to the author and to the editor. Its "must fix" items do not refuse the
revision (it answers the reviewers, and the editor judges the rest).
"""

from flask_babel import gettext as _

from accounts.policy import require
from core.clock import journal_day, utcnow
from core.extensions import db
from journal.models import get_journal
from review.anonymise import detect_type
from review.errors import ReviewError, ReviewInputError
from review.events import revision_submitted
from review.rounds import current_round
from submission.compliance import build_report
from submission.files import NOT_ALLOWED, FileRejected, classify, paragraphs_of
from submission.models import FileKind, Manuscript, ManuscriptFile
from submission.storage import save_bytes
from submission.workflow import Action, State, advance

EXTENSIONS = {"application/pdf": "pdf",
              "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx"}


def _store(manuscript: Manuscript, actor, kind: FileKind, version: int, data: bytes,
           label: str) -> ManuscriptFile:
    if not data:
        raise ReviewInputError(_("Upload the %(what)s.", what=label))
    mimetype = detect_type(data)
    if mimetype is None:
        raise ReviewInputError(_("The %(what)s must be a PDF or a Word (.docx) file.",
                                 what=label))
    stored = ManuscriptFile(
        manuscript=manuscript, kind=kind.value, version=version,
        original_name=f"{kind.value}-v{version}.{EXTENSIONS[mimetype]}",
        sha256=save_bytes(data), size=len(data), mimetype=mimetype, uploaded_by_id=actor.id)
    db.session.add(stored)
    return stored


def _read_revised(data: bytes) -> list[str]:
    """The paragraphs of the revised manuscript, or ReviewInputError saying why it cannot be
    read."""
    if not data:
        raise ReviewInputError(_("Upload the %(what)s.", what=_("revised manuscript")))
    try:
        kind = classify(data)
        if kind not in get_journal().allowed_extensions:  # the journal's rule, as at submission
            raise FileRejected(NOT_ALLOWED)
        return paragraphs_of(data, kind)
    except FileRejected as exc:
        raise ReviewInputError(_("The revised manuscript was not accepted: %(reason)s",
                                 reason=str(exc.message))) from exc


def submit_revision(manuscript: Manuscript, actor, *, revised: bytes, response_letter: bytes,
                    expected_version: int | None = None) -> ManuscriptFile:
    require(actor, "review.author_view", manuscript)
    require(actor, "manuscript.edit", manuscript)  # co-authors read; the submitter acts
    if manuscript.state != State.REVISION_REQUESTED:
        raise ReviewError(_("No revision has been requested for this manuscript."))
    review_round = current_round(manuscript)
    version = review_round.number + 1
    paragraphs = _read_revised(revised)
    manuscript_file = _store(manuscript, actor, FileKind.REVISION, version, revised,
                             _("revised manuscript"))
    letter = _store(manuscript, actor, FileKind.RESPONSE_LETTER, version, response_letter,
                    _("response letter"))
    now = utcnow()
    late_days = (journal_day(now) - journal_day(review_round.revision_due_at)).days \
        if review_round.revision_due_at else 0
    note = _("Submitted %(days)s day(s) after the due date.", days=late_days) \
        if late_days > 0 else ""
    review_round.revision_submitted_at = now
    db.session.flush()
    advance(manuscript, Action.SUBMIT_REVISION, actor, note=note,
            expected_version=expected_version, response_letter=letter)
    # After the move: its version check must see the author's copy, not this change.
    manuscript.compliance_report = build_report(paragraphs, get_journal(), manuscript.column,
                                                manuscript_file.id)
    db.session.flush()
    revision_submitted.send(review_round, version=version, late_days=late_days)
    return manuscript_file
