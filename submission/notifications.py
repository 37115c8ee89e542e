"""The submission mails, queued in the mover's transaction on the workflow's
`manuscript_advanced` signal and on the co-authors' answers, each rendered in its recipient's
language."""

from core.clock import utcnow
from core.outbox import external_url, queue_email
from journal.models import get_journal
from submission.authorship import link_for, max_age, needs_link
from submission.events import coauthor_declined, coauthor_link_resent
from submission.models import Manuscript, ManuscriptAuthor
from submission.recipients import Audience, Recipient, recipient, recipients
from submission.workflow import Action, manuscript_advanced

# action -> (template under emails/submission/, audience, attach the receipt PDF?)
MAILS = {
    Action.SUBMIT: ("acknowledgement", Audience.AUTHORS, False),
    Action.RECEIVE: ("receipt", Audience.AUTHORS, True),
    Action.RETURN_TO_AUTHOR: ("returned", Audience.SUBMITTER, False),
    Action.DESK_REJECT: ("desk_rejected", Audience.AUTHORS, False),
    Action.WITHDRAW: ("withdrawn", Audience.AUTHORS, False),
    Action.SUBMIT_REVISION: ("revision_received", Audience.AUTHORS, False),
}


def authorship_context(person) -> dict:
    """What a mail to a listed author adds: the link, while the authorship is pending."""
    if not isinstance(person, ManuscriptAuthor) or not needs_link(person):
        return {}
    return {"authorship_link": link_for(person), "authorship_days": max_age() // 86400}


@manuscript_advanced.connect
def queue_submission_mails(manuscript: Manuscript, event, actor, context, **_):
    if Action(event.action) not in MAILS or manuscript.number is None:
        return  # a draft that was never submitted has nobody to tell
    template, audience, attach_receipt = MAILS[Action(event.action)]
    for person in recipients(manuscript, audience):
        attachments = ([{"builder": "submission.receipt",
                         "args": {"manuscript_id": manuscript.id, "locale": person.locale}}]
                       if attach_receipt else [])
        # (a mover may give the note in English too, for those who read English)
        note = context.get("note_en") if person.locale == "en" and context.get("note_en") \
            else event.note
        queue_email(
            to=person.email, template=f"submission/{template}", locale=person.locale,
            context={"manuscript": manuscript, "name": person.name, "note": note,
                     "journal": get_journal(),
                     "link": external_url("submission.detail", manuscript_id=manuscript.id),
                     "event": event, "locale": person.locale,
                     **authorship_context(person.person)},
            dedupe_key=f"manuscript-{manuscript.id}-event-{event.id}-{person.email.lower()}",
            attachments=attachments, about=("manuscript", manuscript.id),
        )


@coauthor_link_resent.connect
def _resent_link(author: ManuscriptAuthor, **_):
    _authorship_mail(recipient(author), "coauthor_invitation", author.manuscript,
                     key=f"authorship-{author.id}-resend-{utcnow():%Y%m%d%H%M}",
                     authorship_link=link_for(author))


@coauthor_declined.connect
def _declined(author: ManuscriptAuthor, **_):
    manuscript = author.manuscript
    for person in recipients(manuscript, Audience.SUBMITTER, Audience.EDITORS):
        _authorship_mail(person, "coauthor_declined", manuscript,
                         key=f"authorship-{author.id}-declined-{person.person.id}", author=author)


def _authorship_mail(person: Recipient, template: str, manuscript: Manuscript, key: str,
                     **context) -> None:
    queue_email(to=person.email, template=f"submission/{template}", locale=person.locale,
                dedupe_key=key,
                context={"manuscript": manuscript, "name": person.name, "journal": get_journal(),
                         "locale": person.locale, "authorship_days": max_age() // 86400,
                         "link": external_url("submission.detail", manuscript_id=manuscript.id),
                         **context},
                about=("manuscript", manuscript.id))
