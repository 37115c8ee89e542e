"""The mails of the submission moves, queued in the mover's transaction on the workflow's
`manuscript_advanced` signal, each rendered in its recipient's language."""

from flask import current_app

from core.i18n import LANGUAGES, name_in
from core.outbox import queue_email
from journal.models import get_journal
from submission.authorship import authorship_context
from submission.models import Manuscript
from submission.workflow import Action, manuscript_advanced

# action -> (template under emails/submission/, to every author?, attach the receipt PDF?)
MAILS = {
    Action.SUBMIT: ("acknowledgement", True, False),
    Action.RECEIVE: ("receipt", True, True),
    Action.RETURN_TO_AUTHOR: ("returned", False, False),
    Action.DESK_REJECT: ("desk_rejected", True, False),
    Action.WITHDRAW: ("withdrawn", True, False),
    Action.SUBMIT_REVISION: ("revision_received", True, False),
}


def recipients(manuscript: Manuscript, every_author: bool) -> list[tuple[str, str, str, dict]]:
    """(email, name, locale, extra context): the submitter, and every co-author when asked;
    one each. The journal informs every listed author, confirmed or not (a pending co-author's
    mail carries the link to confirm); one who declined is not written to again."""
    people = []
    submitter = manuscript.submitter
    own = next((a for a in manuscript.authors if a.user_id == submitter.id), None)
    people.append((submitter.email, submitter, own.locale if own else submitter.locale, {}))
    if every_author:
        people += [(a.email, a, a.locale, authorship_context(a))
                   for a in manuscript.authors if a.email and a.declined_at is None]
    seen, unique = set(), []
    for email, person, locale, extra in people:
        if email.lower() not in seen:
            seen.add(email.lower())
            locale = locale if locale in LANGUAGES else "zh_CN"
            unique.append((email, name_in(person, locale), locale, extra))
    return unique


def manuscript_link(manuscript: Manuscript) -> str:
    return f"{current_app.config['BASE_URL'].rstrip('/')}/manuscripts/{manuscript.id}"


@manuscript_advanced.connect
def queue_submission_mails(manuscript: Manuscript, event, actor, context, **_):
    if Action(event.action) not in MAILS or manuscript.number is None:
        return  # a draft that was never submitted has nobody to tell
    template, every_author, attach_receipt = MAILS[Action(event.action)]
    for email, name, locale, extra in recipients(manuscript, every_author):
        attachments = ([{"builder": "submission.receipt",
                         "args": {"manuscript_id": manuscript.id, "locale": locale}}]
                       if attach_receipt else [])
        queue_email(
            to=email, template=f"submission/{template}", locale=locale,
            context={"manuscript": manuscript, "name": name, "note": event.note,
                     "journal": get_journal(), "link": manuscript_link(manuscript),
                     "event": event, "locale": locale, **extra},
            dedupe_key=f"manuscript-{manuscript.id}-event-{event.id}-{email.lower()}",
            attachments=attachments, about=("manuscript", manuscript.id),
        )
