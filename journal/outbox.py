"""Transactional mail outbox.

Services call `queue_email(...)`, which renders the mail in the recipient's language and writes
an outbox row in the caller's transaction. After the commit a Celery task delivers each new row;
a beat sweep redelivers rows left pending (broker or SMTP outage). A row is claimed with a
conditional UPDATE before it is sent, and the dedupe key is unique, so a mail is never doubled.
"""

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from flask import Flask, current_app, has_request_context, render_template, url_for
from flask_babel import force_locale
from sqlalchemy import JSON, Integer, String, Text, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from journal.aftercommit import run_after_commit
from journal.clock import utcnow
from journal.extensions import db
from journal.mail import one_line

log = logging.getLogger(__name__)


class MailState:
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"


MAX_ATTEMPTS = 8
CLAIM_TIMEOUT = timedelta(minutes=5)


class OutboxEmail(db.Model):
    __tablename__ = "outbox_emails"

    id: Mapped[int] = mapped_column(primary_key=True)
    dedupe_key: Mapped[str] = mapped_column(String(255), unique=True)
    to_addr: Mapped[str] = mapped_column(String(255))
    locale: Mapped[str] = mapped_column(String(10))
    template: Mapped[str] = mapped_column(String(100))
    subject: Mapped[str] = mapped_column(String(500))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text, default="")
    attachments: Mapped[list] = mapped_column(JSON, default=list)
    # What the mail is about, so pages can list the letters about an object (to the viewers
    # journal.letterbox allows: never every letter to everyone).
    subject_type: Mapped[str | None] = mapped_column(String(50), nullable=True, index=True)
    subject_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    state: Mapped[str] = mapped_column(String(20), default=MailState.PENDING, index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    claimed_at: Mapped[datetime | None] = mapped_column(nullable=True)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(nullable=True)


# Attachments are built when the mail is delivered (e.g. a PDF receipt), by name.
ATTACHMENT_BUILDERS: dict[str, Callable[..., tuple[str, str, bytes]]] = {}


def attachment_builder(name: str):
    """Register `fn(**args) -> (filename, mimetype, content)` under `name`."""

    def register(fn):
        ATTACHMENT_BUILDERS[name] = fn
        return fn

    return register


def render_email(template: str, context: dict, locale: str) -> tuple[str, str, str]:
    """Render `emails/<template>.txt` (which sets `subject`) and `.html` in `locale`."""
    with force_locale(locale):
        env = current_app.jinja_env
        context = dict(context)  # never leak the layout's globals into the caller's dict
        current_app.update_template_context(context)
        txt = env.get_template(f"emails/{template}.txt")
        module = txt.make_module(context)
        subject = str(getattr(module, "subject", "")).strip()
        text = str(module).strip() + "\n"
        try:
            html = render_template(f"emails/{template}.html", **context)
        except Exception as exc:  # a template without an HTML part sends text only
            if exc.__class__.__name__ != "TemplateNotFound":
                raise
            html = ""
    return subject, text, html


def external_url(endpoint: str, **values) -> str:
    """An absolute link for a mail, on the public address (BASE_URL), inside or outside a
    request (the worker renders reminders without one)."""
    base = current_app.config["BASE_URL"].rstrip("/")
    if has_request_context():
        return base + url_for(endpoint, **values)
    return base + current_app.url_map.bind("localhost").build(endpoint, values)


def queue_email(
    *,
    to: str,
    template: str,
    context: dict,
    locale: str,
    dedupe_key: str,
    attachments: list[dict] | None = None,
    about: tuple[str, int] | None = None,
) -> OutboxEmail:
    """Write a mail to the outbox in the caller's transaction; it is sent after commit.

    `attachments` is a list of {"builder": name, "args": {...}}; `about` is (type, id) of the
    object the mail concerns. A second call with the same dedupe key returns the first row.
    """
    existing = _by_dedupe_key(dedupe_key)
    if existing is not None:
        return existing
    subject, text, html = render_email(template, context, locale)
    row = OutboxEmail(
        dedupe_key=dedupe_key,
        to_addr=to,
        locale=locale,
        template=template,
        subject=one_line(subject)[:500],
        body_text=text,
        body_html=html,
        attachments=attachments or [],
        subject_type=about[0] if about else None,
        subject_id=about[1] if about else None,
    )
    try:
        with db.session.begin_nested():  # a concurrent twin wins the unique key, not an error
            db.session.add(row)
    except IntegrityError:
        return _by_dedupe_key(dedupe_key)
    _send_after_commit(row)
    return row


def _by_dedupe_key(dedupe_key: str) -> OutboxEmail | None:
    return db.session.scalar(select(OutboxEmail).where(OutboxEmail.dedupe_key == dedupe_key))


def _send_after_commit(row: OutboxEmail) -> None:
    from journal.tasks import send_email

    run_after_commit(send_email, row.id, switch="MAIL_DISPATCH_AFTER_COMMIT")


def claim(outbox_id: int) -> OutboxEmail | None:
    """Claim a pending row for sending; None when another worker has it or it is done."""
    now = utcnow()
    result = db.session.execute(
        update(OutboxEmail)
        .where(
            OutboxEmail.id == outbox_id,
            (OutboxEmail.state == MailState.PENDING)
            | (
                (OutboxEmail.state == MailState.SENDING)
                & (OutboxEmail.claimed_at < now - CLAIM_TIMEOUT)
            ),
        )
        .values(state=MailState.SENDING, claimed_at=now, attempts=OutboxEmail.attempts + 1)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    if result.rowcount != 1:
        return None
    return db.session.get(OutboxEmail, outbox_id)


def deliver(outbox_id: int) -> str:
    """Send one outbox row now. Returns the row's state afterwards (or 'skipped')."""
    from journal.mail import send_message

    row = claim(outbox_id)
    if row is None:
        return "skipped"
    try:
        send_message(row, [_build_attachment(a) for a in row.attachments or []])
    except Exception as exc:
        db.session.rollback()
        row = db.session.get(OutboxEmail, outbox_id)
        row.last_error = f"{exc.__class__.__name__}: {exc}"[:2000]
        row.state = MailState.FAILED if row.attempts >= MAX_ATTEMPTS else MailState.PENDING
        row.next_attempt_at = utcnow() + timedelta(seconds=min(3600, 2 ** row.attempts * 5))
        db.session.commit()
        raise
    row.state = MailState.SENT
    row.sent_at = utcnow()
    row.last_error = ""
    db.session.commit()
    return row.state


def _build_attachment(spec: dict) -> tuple[str, str, bytes]:
    return ATTACHMENT_BUILDERS[spec["builder"]](**spec.get("args", {}))


def due_for_redelivery(limit: int = 200) -> list[int]:
    now = utcnow()
    return list(
        db.session.scalars(
            select(OutboxEmail.id)
            .where(
                ((OutboxEmail.state == MailState.PENDING) & (OutboxEmail.next_attempt_at <= now))
                | (
                    (OutboxEmail.state == MailState.SENDING)
                    & (OutboxEmail.claimed_at < now - CLAIM_TIMEOUT)
                )
            )
            .order_by(OutboxEmail.id)
            .limit(limit)
        )
    )


def retry_failed(row: OutboxEmail) -> None:
    """An admin asks to try a failed (or stuck) mail again."""
    row.state = MailState.PENDING
    row.next_attempt_at = utcnow()
    row.attempts = 0
    _send_after_commit(row)


def init_app(app: Flask) -> None:
    app.config.setdefault("MAIL_DISPATCH_AFTER_COMMIT", True)
