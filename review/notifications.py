"""Who gets which review mail, in their own language. Mails to reviewers never name authors."""

from flask import current_app

from journal.outbox import queue_email
from submission.models import Manuscript


def absolute_url(endpoint: str, **values) -> str:
    """A link for a mail (no request needed: mails are also written by beat tasks)."""
    path = current_app.url_map.bind("localhost").build(endpoint, values)
    return current_app.config["BASE_URL"].rstrip("/") + path


def mail_user(user, template: str, key: str, manuscript_id: int | None = None, **context):
    return queue_email(
        to=user.email, template=f"review/{template}", locale=user.locale or "zh_CN",
        dedupe_key=key, context={"recipient_name": user.name, **context},
        about=("manuscript", manuscript_id) if manuscript_id else None,
    )


def author_recipients(manuscript: Manuscript) -> list[tuple[str, str, str]]:
    """(email, name, locale) of every author with an address, the submitter included; not a
    listed co-author who declined ("I am not an author of this paper")."""
    seen, people = set(), []
    submitter = manuscript.submitter
    candidates = [(a.email, a.name, a.locale) for a in manuscript.authors
                  if a.declined_at is None]
    if submitter is not None:
        candidates.insert(0, (submitter.email, submitter.name, submitter.locale))
    for email, name, locale in candidates:
        if email and email.lower() not in seen:
            seen.add(email.lower())
            people.append((email, name, locale or "zh_CN"))
    return people


def mail_authors(manuscript: Manuscript, template: str, key: str, attachments=None, **context):
    for email, name, locale in author_recipients(manuscript):
        queue_email(
            to=email, template=f"review/{template}", locale=locale,
            dedupe_key=f"{key}:{email.lower()}", attachments=attachments,
            context={"recipient_name": name, "manuscript": manuscript, **context},
            about=("manuscript", manuscript.id),
        )
