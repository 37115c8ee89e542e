"""Who gets which review mail, in their own language. Mails to reviewers never name authors."""

from flask import current_app
from sqlalchemy import select

from accounts.models import Role, User, UserRole
from core.extensions import db
from core.i18n import name_in
from core.outbox import queue_email
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


def manuscript_editors(manuscript: Manuscript, review_round=None) -> list:
    """Who looks after a manuscript: its round's editor, or, before anyone took it on, every
    active editor and chief editor who is not one of its authors."""
    if review_round is not None and review_round.editor is not None:
        return [review_round.editor]
    editors = db.session.scalars(select(User).join(UserRole).where(
        UserRole.role.in_([Role.EDITOR.value, Role.CHIEF_EDITOR.value]), User.active)
        .distinct().order_by(User.id))
    return [editor for editor in editors if not manuscript.is_author(editor)]


def tell_editors_withdrawn(manuscript: Manuscript, event, review_round=None) -> None:
    """The notice the withdrawal page promises the editorial office, with the authors' reason."""
    for editor in manuscript_editors(manuscript, review_round):
        mail_user(editor, "withdrawn", key=f"review-withdrawn:{event.id}:{editor.id}",
                  manuscript_id=manuscript.id, number=manuscript.number,
                  title=manuscript.display_title, reason=event.note,
                  url=absolute_url("submission.detail", manuscript_id=manuscript.id))
