"""Transactional mail outbox.

Mail is queued only by the receivers of domain events (each package's notifications.py; a test
keeps it so): `queue_email(...)` renders the mail in the recipient's language and writes an
outbox row in the caller's transaction. After the commit a Celery task delivers each new row;
a beat sweep redelivers rows left pending (broker or SMTP outage) or whose claim lapsed.

Delivery of a row, in three short transactions and none across the send: claim it with a
conditional UPDATE (a lease of CLAIM_LEASE that the sender renews while it works, so only a dead
sender's row is taken over), send, then mark it sent, retrying that write on its own (never the
send). A copy can only arise if the sender dies, or loses the database for good, between the
mail server's acceptance and the "sent" write; it carries the same Message-ID (core.mail).
"""

import logging
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager
from datetime import datetime, timedelta

from flask import Flask, current_app, render_template
from flask_babel import force_locale
from sqlalchemy import JSON, Integer, String, Text, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from core.aftercommit import run_after_commit
from core.clock import utcnow
from core.extensions import db
from core.mail import one_line

log = logging.getLogger(__name__)


class MailState:
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"


MAX_ATTEMPTS = 8
# A claim lapses this long after its last renewal; the sender renews it every third of it.
# With the sweep every 10 s, a mail claimed by a killed worker leaves again within a minute.
CLAIM_LEASE = timedelta(seconds=45)
MARK_SENT_TRIES = 6  # the "sent" write, retried over about half a minute (pauses double)
MARK_SENT_PAUSE = 0.5


def retry_delay(attempts: int) -> timedelta:
    """The one retry schedule of a mail: 10 s after the first failure, doubling, at most 1 h."""
    return timedelta(seconds=min(3600, 5 * 2**attempts))


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
    # core.letterbox allows: never every letter to everyone).
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
    """The one way to write an absolute link for a mail, on the public address (BASE_URL), the
    same in a request and in the worker (reminders are written without one): a view's
    endpoint with its values, or a path of the public site ("/qikandaodu/...", an article page
    the site builder wrote, which no view serves)."""
    path = endpoint if endpoint.startswith("/") else \
        current_app.url_map.bind("localhost").build(endpoint, values)
    return current_app.config["BASE_URL"].rstrip("/") + path


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


# The Celery task that sends one mail (core/tasks.py), looked up by this name so that the
# outbox (which the task uses) need not import the task module.
SEND_TASK = "core.tasks.send_email"


def _send_after_commit(row: OutboxEmail) -> None:
    run_after_commit(SEND_TASK, row.id, switch="MAIL_DISPATCH_AFTER_COMMIT")


def claim(outbox_id: int) -> OutboxEmail | None:
    """Claim a row for sending; None when another sender holds a live lease or it is done."""
    now = utcnow()
    result = db.session.execute(
        update(OutboxEmail)
        .where(
            OutboxEmail.id == outbox_id,
            (OutboxEmail.state == MailState.PENDING)
            | (
                (OutboxEmail.state == MailState.SENDING)
                & (OutboxEmail.claimed_at < now - CLAIM_LEASE)
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
    """Send one outbox row now. Returns the row's state afterwards (or 'skipped'); a failed send
    is recorded on the row (retry_delay) and raised."""
    from core import mail

    row = claim(outbox_id)
    if row is None:
        return "skipped"
    try:
        attachments = [_build_attachment(a) for a in row.attachments or []]
    except Exception as exc:  # counts as a failed attempt, or the row would wait for its lease
        _record_failure(outbox_id, exc)
        raise
    claimed_at = row.claimed_at
    db.session.expunge(row)  # keeps its loaded values; the commit ends the read transaction
    db.session.commit()  # and gives the connection back: nothing is held across the send
    with _lease_renewed(outbox_id, claimed_at):
        try:
            mail.send_message(row, attachments)
        except Exception as exc:
            _record_failure(outbox_id, exc)
            raise
        _mark_sent(outbox_id)
    return MailState.SENT


@contextmanager
def _lease_renewed(outbox_id: int, claimed_at: datetime):
    """Renew the claim from a side thread while the caller sends, so that the sweep takes
    over only the rows of senders that died. Renewal stops if another sender took the row."""
    stop, engine = threading.Event(), db.engine
    table = OutboxEmail.__table__

    def renew():
        token = claimed_at
        while not stop.wait(CLAIM_LEASE.total_seconds() / 3):
            now = utcnow()
            try:
                with engine.begin() as conn:
                    done = conn.execute(
                        update(table)
                        .where(table.c.id == outbox_id, table.c.state == MailState.SENDING,
                               table.c.claimed_at == token)
                        .values(claimed_at=now)
                    ).rowcount
            except DBAPIError:
                log.warning("mail %s: lease not renewed", outbox_id, exc_info=True)
                continue
            if done != 1:
                return
            token = now

    thread = threading.Thread(target=renew, name=f"outbox-lease-{outbox_id}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def _mark_sent(outbox_id: int) -> None:
    """The mail server has the mail: record it, retrying only this write (a lost connection)."""
    for attempt in range(MARK_SENT_TRIES):
        try:
            db.session.execute(
                update(OutboxEmail)
                .where(OutboxEmail.id == outbox_id)
                .values(state=MailState.SENT, sent_at=utcnow(), last_error="")
                .execution_options(synchronize_session=False)
            )
            db.session.commit()
            return
        except DBAPIError:
            db.session.rollback()
            if attempt == MARK_SENT_TRIES - 1:
                log.error("mail %s sent but not marked sent; it may go out twice", outbox_id)
                raise
            log.warning("mail %s sent; marking it sent again", outbox_id, exc_info=True)
            time.sleep(MARK_SENT_PAUSE * 2**attempt)


def _record_failure(outbox_id: int, exc: Exception) -> None:
    db.session.rollback()
    row = db.session.get(OutboxEmail, outbox_id)
    row.last_error = f"{exc.__class__.__name__}: {exc}"[:2000]
    row.state = MailState.FAILED if row.attempts >= MAX_ATTEMPTS else MailState.PENDING
    row.next_attempt_at = utcnow() + retry_delay(row.attempts)
    db.session.commit()


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
                    & (OutboxEmail.claimed_at < now - CLAIM_LEASE)
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
