"""Who gets which review mail, in their own language. Mails to reviewers never name authors."""

from flask import current_app

from journal.i18n import name_in
from journal.outbox import queue_email
from submission.models import Manuscript


def absolute_url(endpoint: str, **values) -> str:
    """A link for a mail (no request needed: mails are also written by beat tasks)."""
    path = current_app.url_map.bind("localhost").build(endpoint, values)
    return current_app.config["BASE_URL"].rstrip("/") + path


def mail_user(user, template: str, key: str, manuscript_id: int | None = None, **context):
    locale = user.locale or "zh_CN"
    return queue_email(
        to=user.email, template=f"review/{template}", locale=locale,
        dedupe_key=key, context={"recipient_name": name_in(user, locale), **context},
        about=("manuscript", manuscript_id) if manuscript_id else None,
    )


def author_recipients(manuscript: Manuscript) -> list[tuple[str, str, str]]:
    """(email, name, locale) of every author with an address, the submitter included; not a
    listed co-author who declined ("I am not an author of this paper")."""
    seen, people = set(), []
    submitter = manuscript.submitter
    candidates = [(a.email, a, a.locale) for a in manuscript.authors if a.declined_at is None]
    if submitter is not None:
        candidates.insert(0, (submitter.email, submitter, submitter.locale))
    for email, person, locale in candidates:
        if email and email.lower() not in seen:
            seen.add(email.lower())
            locale = locale or "zh_CN"
            people.append((email, name_in(person, locale), locale))
    return people


def _in_language(attachments: list[dict] | None, locale: str) -> list[dict] | None:
    """Each author's copy of a printable attachment is in that author's language."""
    if not attachments:
        return attachments
    return [dict(a, args={**a.get("args", {}), "locale": locale}) for a in attachments]


def mail_authors(manuscript: Manuscript, template: str, key: str, attachments=None, **context):
    for email, name, locale in author_recipients(manuscript):
        queue_email(
            to=email, template=f"review/{template}", locale=locale,
            dedupe_key=f"{key}:{email.lower()}", attachments=_in_language(attachments, locale),
            context={"recipient_name": name, "manuscript": manuscript, **context},
            about=("manuscript", manuscript.id),
        )
