"""The production mails, queued on production's events, each in its recipient's language:
an author's own agreement link (at acceptance and in each reminder), and the editors' notice
that every author has signed."""

from core.outbox import external_url, queue_email
from journal.models import get_journal
from production.events import agreement_completed, agreement_requested
from production.models import Signature
from production.tokens import LINK_DAYS, make_token
from submission.models import Manuscript
from submission.recipients import Audience, Recipient, recipient, recipients


def _mail(person: Recipient, template: str, key: str, manuscript: Manuscript, **context):
    queue_email(to=person.email, template=f"production/{template}", locale=person.locale,
                dedupe_key=key, about=("manuscript", manuscript.id),
                context={"name": person.name, "manuscript": manuscript,
                         "journal": get_journal(), **context})


@agreement_requested.connect
def _ask_to_sign(signature: Signature, reminder: bool, **_):
    stamp = (signature.reminded_at if reminder else signature.requested_at).isoformat()
    _mail(recipient(signature.author), "agreement_request",
          f"agreement:{signature.id}:{stamp}", signature.manuscript, reminder=reminder,
          days=LINK_DAYS, url=external_url("production.sign", token=make_token(signature)))


@agreement_completed.connect
def _all_signed(manuscript: Manuscript, **_):
    for person in recipients(manuscript, Audience.EDITORS):
        _mail(person, "agreement_signed", f"agreement-signed:{manuscript.id}:"
              f"{person.email.lower()}", manuscript,
              url=external_url("production.manuscript", manuscript_id=manuscript.id))
