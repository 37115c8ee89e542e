"""The review mails, queued on the review events (review.events) and on the authors'
withdrawal, each in its recipient's language. Mails to reviewers never name authors."""

from collections.abc import Callable

from flask_babel import force_locale

from core.outbox import external_url, queue_email
from journal.models import get_journal
from review import gate
from review.decisions import summary
from review.events import (
    assignment_ended,
    authors_asked,
    copy_held,
    copy_released,
    decision_made,
    decision_recommended,
    digest_due,
    due_dates_changed,
    extension_answered,
    extension_requested,
    invitation_answered,
    message_posted,
    review_submitted,
    reviewer_invited,
    reviewer_reminder_due,
    revision_reminder_due,
    revision_submitted,
    upload_by_authors,
)
from review.message_models import Side
from review.models import AssignmentState, FileState, ReviewAssignment, ReviewFile, Verdict
from review.outcome import others_comments
from review.rounds import current_round
from review.tokens import make_token, make_work_token
from submission.models import Manuscript
from submission.recipients import Audience, Recipient, recipient, recipients
from submission.workflow import Action, manuscript_advanced

S = AssignmentState


def _mail(person: Recipient, template: str, key: str, about: Manuscript | None,
          attachments: list[dict] | None = None, **context) -> None:
    """One mail about a manuscript (`about`, for its letters' page) or about none."""
    queue_email(to=person.email, template=f"review/{template}", locale=person.locale,
                dedupe_key=key, attachments=attachments,
                context={"recipient_name": person.name, **context},
                about=("manuscript", about.id) if about is not None else None)


def _mail_authors(manuscript: Manuscript, template: str, key: str,
                  attachments: list[dict] | None = None,
                  context_for: Callable[[Recipient], dict] | None = None, **context) -> None:
    """Every author, each with their own copy of a printable attachment in their language
    (and what `context_for` gives that person, such as the letter in their language)."""
    for person in recipients(manuscript, Audience.AUTHORS):
        own = [dict(a, args={**a.get("args", {}), "locale": person.locale})
               for a in attachments or []]
        _mail(person, template, f"{key}:{person.email.lower()}", manuscript, attachments=own,
              manuscript=manuscript, **context, **(context_for(person) if context_for else {}))


def _editors(manuscript: Manuscript, review_round=None) -> list[Recipient]:
    """Who looks after a manuscript: its round's editor, or, before anyone took it on, every
    editor of the journal who is not one of its authors."""
    if review_round is not None and review_round.editor is not None:
        return [recipient(review_round.editor)]
    return recipients(manuscript, Audience.EDITORS)


def _manage_url(manuscript: Manuscript) -> str:
    return external_url("review.manage", manuscript_id=manuscript.id)


def _answer_url(assignment: ReviewAssignment) -> str:
    """The invitation link, to accept (or decline) without logging in."""
    return external_url("review.invitation", token=make_token(assignment), answer="accept")


def _work_url(assignment: ReviewAssignment, to: str | None = None) -> str:
    """The link in a reviewer's mail that reopens this one review (no login needed)."""
    values = {"to": to} if to else {}
    return external_url("review.work", token=make_work_token(assignment), **values)


# --------------------------------------------------------------------------- reviewers


@reviewer_invited.connect
def _invitation(assignment: ReviewAssignment, resent: bool, **_):
    manuscript, token = assignment.round.manuscript, make_token(assignment)
    _mail(recipient(assignment.reviewer), "invitation",
          f"review-invitation:{assignment.id}:{assignment.token_nonce}", manuscript,
          resent=resent, number=manuscript.number, round_number=assignment.round.number,
          title_zh=manuscript.title_zh, title_en=manuscript.title_en,
          abstract_zh=manuscript.abstract_zh, abstract_en=manuscript.abstract_en,
          response_due=assignment.response_due_at, review_due=assignment.review_due_at,
          accept_url=external_url("review.invitation", token=token, answer="accept"),
          decline_url=external_url("review.invitation", token=token, answer="decline"),
          needs_password=not assignment.reviewer.password_hash)


@invitation_answered.connect
def _answered(assignment: ReviewAssignment, accepted: bool, **_):
    manuscript = assignment.round.manuscript
    if accepted:
        _mail(recipient(assignment.reviewer), "accepted", f"review-accepted:{assignment.id}",
              manuscript, number=manuscript.number, review_due=assignment.review_due_at,
              url=_work_url(assignment))
    editor = assignment.round.editor
    if editor is not None:
        _mail(recipient(editor), "reviewer_answered",
              f"review-reviewer_answered:{assignment.id}:{assignment.state}", manuscript,
              number=manuscript.number, title=manuscript.display_title,
              reviewer_name=assignment.reviewer.name, assignment=assignment,
              url=_manage_url(manuscript), accepted=accepted)


@due_dates_changed.connect
def _due_changed(assignment: ReviewAssignment, **_):
    manuscript = assignment.round.manuscript
    _mail(recipient(assignment.reviewer), "due_changed",
          f"review-due:{assignment.id}:{assignment.review_due_at.isoformat()}:"
          f"{assignment.response_due_at.isoformat()}", manuscript,
          number=manuscript.number, invited=assignment.state == S.INVITED.value,
          response_due=assignment.response_due_at, review_due=assignment.review_due_at,
          url=_work_url(assignment) if assignment.state == S.ACCEPTED.value
          else _answer_url(assignment))


@assignment_ended.connect
def _ended(assignment: ReviewAssignment, decision_id: int | None, **_):
    manuscript = assignment.round.manuscript
    if decision_id is None:
        _mail(recipient(assignment.reviewer), "cancelled",
              f"review-cancelled:{assignment.id}:{assignment.cancelled_at.isoformat()}",
              manuscript, number=manuscript.number)
    else:
        _mail(recipient(assignment.reviewer), "closed_by_decision",
              f"review-closed:{assignment.id}:{decision_id}", manuscript,
              number=manuscript.number, accepted=assignment.responded_at is not None)


@review_submitted.connect
def _submitted(assignment: ReviewAssignment, **_):
    manuscript = assignment.round.manuscript
    _mail(recipient(assignment.reviewer), "thanks", f"review-thanks:{assignment.id}", manuscript,
          number=manuscript.number, certificate_url=_work_url(assignment, to="certificate"))
    editor = assignment.round.editor
    if editor is not None:
        _mail(recipient(editor), "review_submitted", f"review-submitted:{assignment.id}",
              manuscript, number=manuscript.number, title=manuscript.display_title,
              reviewer_name=assignment.reviewer.name,
              recommendation=assignment.recommendation,
              url=external_url("review.decision", manuscript_id=manuscript.id))


@reviewer_reminder_due.connect
def _reviewer_reminder(assignment: ReviewAssignment, kind: str, due, delta: int, **_):
    manuscript = assignment.round.manuscript
    _mail(recipient(assignment.reviewer), f"reminder_{kind}",
          f"review-reminder:{assignment.id}:{kind}:{delta}", manuscript,
          number=manuscript.number, due=due, delta=delta,
          url=_answer_url(assignment) if kind == "response" else _work_url(assignment))
    editor = assignment.round.editor
    if kind == "review" and delta > 0 and editor is not None:
        # Escalate once: the first reminder after the due date also goes to the editor.
        _mail(recipient(editor), "overdue", f"review-overdue:{assignment.id}", manuscript,
              number=manuscript.number, title=manuscript.display_title,
              reviewer_name=assignment.reviewer.name, due=due, url=_manage_url(manuscript))


# --------------------------------------------------------------------------- the gate


@copy_held.connect
def _held(review_file: ReviewFile, **_):
    editor, manuscript = review_file.round.editor, review_file.round.manuscript
    if editor is not None:
        _mail(recipient(editor), "gate_held", f"review-gate-held:{review_file.id}", manuscript,
              number=manuscript.number, filename=review_file.filename,
              hits=len(review_file.hits), url=_manage_url(manuscript))


@authors_asked.connect
def _ask_authors(review_file: ReviewFile, recipients: list[Recipient], **_):
    manuscript = review_file.round.manuscript
    url = external_url("review.gate_upload", token=gate.upload_token(review_file))
    places = sorted({hit["where"] for hit in review_file.hits})
    for person in recipients:
        _mail(person, "gate_request",
              f"review-gate-request:{review_file.id}:{review_file.upload_nonce}:"
              f"{person.email.lower()}", manuscript,
              number=manuscript.number, title=manuscript.display_title, url=url,
              places=places, days=gate.UPLOAD_LINK_DAYS,
              unreadable=review_file.state == FileState.FAILED)


@upload_by_authors.connect
def _uploaded(review_file: ReviewFile, held: bool, **_):
    """The round's editor, or the editor who asked the authors, hears of their upload."""
    asks = [e for e in review_file.events if e.action == gate.Action.ASK_AUTHORS and e.actor]
    editor = review_file.round.editor or (asks[-1].actor if asks else None)
    if editor is not None:
        manuscript = review_file.round.manuscript
        _mail(recipient(editor), "gate_uploaded",
              f"review-gate-uploaded:{review_file.id}:{len(review_file.events)}", manuscript,
              number=manuscript.number, held=held, url=_manage_url(manuscript))


@copy_released.connect
def _released(review_file: ReviewFile, **_):
    """Reviewers already at work are told the file they were waiting for is there."""
    manuscript = review_file.round.manuscript
    for assignment in review_file.round.assignments:
        if assignment.state == S.ACCEPTED.value:
            _mail(recipient(assignment.reviewer), "file_ready",
                  f"review-file-ready:{review_file.id}:{assignment.id}", manuscript,
                  number=manuscript.number,
                  url=external_url("review.review_form", assignment_id=assignment.id))


# --------------------------------------------------------------------------- authors, editors


@decision_made.connect
def _decided(decision, **_):
    review_round = decision.round
    manuscript = review_round.manuscript
    notice = {"builder": "review.acceptance_notice", "args": {"manuscript_id": manuscript.id}}
    _mail_authors(manuscript, "decision_letter", f"review-decision:{decision.id}",
                  attachments=[notice] if decision.verdict == Verdict.ACCEPT else None,
                  context_for=lambda person: dict(zip(("letter_subject", "letter_body"),
                                                      decision.letter_in(person.locale),
                                                      strict=True)),
                  url=external_url("review.author_reviews", manuscript_id=manuscript.id))
    if get_journal().tell_reviewers_outcome:
        reviews = summary(review_round).reviews
        for review in reviews:
            with force_locale(recipient(review.reviewer).locale):  # the labels' language
                others = others_comments(review, reviews)
            _mail(recipient(review.reviewer), "outcome",
                  f"review-outcome:{decision.id}:{review.id}", manuscript,
                  number=manuscript.number, verdict=Verdict(decision.verdict).value,
                  others=others)


@decision_recommended.connect
def _recommended(decision, **_):
    """The chief editors (but the one recommending) are asked for the final decision."""
    manuscript = decision.round.manuscript
    for chief in recipients(manuscript, Audience.CHIEF_EDITORS):
        if chief.person.id != decision.actor_id:
            _mail(chief, "recommendation",
                  f"review-recommendation:{decision.id}:{chief.person.id}", manuscript,
                  number=manuscript.number, title=manuscript.display_title,
                  editor_name=decision.actor.name, verdict=Verdict(decision.verdict).value,
                  note=decision.note,
                  url=external_url("review.decision", manuscript_id=manuscript.id))


@revision_submitted.connect
def _revision(review_round, version: int, late_days: int, **_):
    manuscript = review_round.manuscript
    if review_round.editor is not None:
        _mail(recipient(review_round.editor), "revision_received",
              f"review-revision:{manuscript.id}:{version}", manuscript,
              number=manuscript.number, title=manuscript.display_title, late_days=late_days,
              url=_manage_url(manuscript))


@revision_reminder_due.connect
def _revision_reminder(review_round, due, delta: int, **_):
    manuscript = review_round.manuscript
    _mail_authors(manuscript, "reminder_revision",
                  f"review-reminder:round{review_round.id}:revision:{due:%Y%m%d}:{delta}", due=due,
                  delta=delta,
                  url=external_url("review.author_reviews", manuscript_id=manuscript.id))


@manuscript_advanced.connect
def _withdrawn(manuscript: Manuscript, event, **_):
    """The notice the withdrawal page promises the editorial office, with the authors'
    reason (a draft, never submitted, concerns nobody at the journal)."""
    if event.action != Action.WITHDRAW.value or manuscript.number is None:
        return
    for editor in _editors(manuscript, current_round(manuscript)):
        _mail(editor, "withdrawn", f"review-withdrawn:{event.id}:{editor.person.id}", manuscript,
              number=manuscript.number, title=manuscript.display_title, reason=event.note,
              url=external_url("submission.detail", manuscript_id=manuscript.id))


@digest_due.connect
def _digest(editor, week: str, waiting: dict, **_):
    _mail(recipient(editor), "digest", f"review-digest:{editor.id}:{week}", None,
          url=external_url("editorial.desk", queue="in_review"), **waiting)


# --------------------------------------------------------------------------- messages


@message_posted.connect
def _message(message, **_):
    """The other side of the thread hears of a new message (never who wrote it, if an editor,
    nor its text: it is read on the thread's page)."""
    thread, manuscript = message.thread, message.thread.manuscript
    assignment, key = thread.assignment, f"review-message:{message.id}"
    if message.side == Side.EDITORS and assignment is not None:
        _mail(recipient(assignment.reviewer), "message_to_reviewer", key, manuscript,
              number=manuscript.number, url=_work_url(assignment, to="messages"))
    elif message.side == Side.EDITORS:
        _mail_authors(manuscript, "message_to_authors", key, number=manuscript.number,
                      url=external_url("review.author_messages", manuscript_id=manuscript.id))
    else:
        for editor in _editors(manuscript, assignment.round if assignment
                               else current_round(manuscript)):
            _mail(editor, "message_to_editors", f"{key}:{editor.email.lower()}", manuscript,
                  number=manuscript.number, title=manuscript.display_title,
                  reviewer_label=assignment.label if assignment else None,
                  url=external_url("review.reviewer_messages", assignment_id=assignment.id)
                  if assignment else external_url("review.author_messages",
                                                  manuscript_id=manuscript.id))


# --------------------------------------------------------------------------- revision due date


@extension_requested.connect
def _extension_asked(extension, **_):
    manuscript = extension.round.manuscript
    for editor in _editors(manuscript, extension.round):
        _mail(editor, "extension_requested",
              f"review-extension:{extension.id}:{editor.email.lower()}", manuscript,
              number=manuscript.number, title=manuscript.display_title, due=extension.due_at,
              requested_due=extension.requested_due_at, reason=extension.reason,
              url=external_url("editorial.console", manuscript_id=manuscript.id))


@extension_answered.connect
def _extension_answered(extension, **_):
    manuscript = extension.round.manuscript
    _mail_authors(manuscript, "extension_answered", f"review-extension-answer:{extension.id}",
                  number=manuscript.number, granted=extension.state == "granted",
                  due=extension.round.revision_due_at,
                  url=external_url("review.author_reviews", manuscript_id=manuscript.id))
