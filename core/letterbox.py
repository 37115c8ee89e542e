"""Who may read which mail: the letters shown on a page, chosen by the person looking.

A mail is shown to the person it was addressed to, and to whoever the owning package says may
read every mail about the object (for a manuscript: its editors, never its authors). Anyone
but the recipient sees the mail with its one-time links redacted: a link in a mail can be a
capability (answer an invitation, reset a password), and reading it must not grant it.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import parse_qsl, quote, unquote, urlsplit, urlunsplit

from flask import current_app
from sqlalchemy import func, select
from werkzeug.exceptions import HTTPException

from core.extensions import db
from core.outbox import OutboxEmail

# subject_type -> fn(viewer, subject_id) -> True when the viewer may read every mail about it.
READERS_OF_ALL: dict[str, Callable[..., bool]] = {}

REDACTED = "[…]"
# A token is long; a slug, a number or a language code is not. Anything this long in a link's
# path or query is treated as a secret, whatever the route calls it.
SECRET_LENGTH = 16
# Query parameters that never carry a secret; every other value is redacted.
PLAIN_QUERY_KEYS = {"answer", "lang", "page", "state"}
_URL = re.compile(r"https?://[^\s<>\"'\u0080-\uffff]+")
_TRAILING = ".,;:!?)]}'\""


def mail_readers(subject_type: str):
    """Register `fn(viewer, subject_id) -> bool`: may the viewer read all mail about it?"""

    def register(fn: Callable[..., bool]) -> Callable[..., bool]:
        READERS_OF_ALL[subject_type] = fn
        return fn

    return register


@dataclass(frozen=True)
class ShownMail:
    """A mail as one viewer may see it (never the outbox row: pages must not change it)."""

    id: int
    created_at: datetime
    to_addr: str
    subject: str
    body_text: str
    state: str
    addressed_to_viewer: bool


def emails_about(viewer, subject_type: str, subject_id: int) -> list[ShownMail]:
    """The mails about one object that `viewer` may read, oldest first."""
    email = (getattr(viewer, "email", "") or "").strip().lower()
    if not getattr(viewer, "is_authenticated", False) or not email:
        return []
    reads_all = READERS_OF_ALL.get(subject_type, lambda _viewer, _id: False)
    query = (select(OutboxEmail)
             .where(OutboxEmail.subject_type == subject_type, OutboxEmail.subject_id == subject_id)
             .order_by(OutboxEmail.created_at, OutboxEmail.id))
    if not reads_all(viewer, subject_id):
        query = query.where(func.lower(OutboxEmail.to_addr) == email)
    shown = []
    for row in db.session.scalars(query):
        own = row.to_addr.strip().lower() == email
        shown.append(ShownMail(row.id, row.created_at, row.to_addr, row.subject,
                               row.body_text if own else redact_links(row.body_text),
                               row.state, own))
    return shown


# --------------------------------------------------------------------------- redaction


def redact_links(text: str) -> str:
    """`text` with the secret parts of every link replaced by REDACTED."""
    return _URL.sub(lambda m: _redact_url(m.group(0)), text or "")


def _redact_url(url: str) -> str:
    tail = ""
    while url and url[-1] in _TRAILING:
        url, tail = url[:-1], url[-1] + tail
    parts = urlsplit(url)
    secrets = _route_secrets(parts.path)
    segments = [REDACTED if unquote(s) in secrets or _opaque(unquote(s)) else s
                for s in parts.path.split("/")]
    query = "&".join(f"{quote(key)}={_query_value(key, value)}"
                     for key, value in parse_qsl(parts.query, keep_blank_values=True))
    return urlunsplit((parts.scheme, parts.netloc, "/".join(segments), query, "")) + tail


def _query_value(key: str, value: str) -> str:
    if key in PLAIN_QUERY_KEYS and len(value) < SECRET_LENGTH:
        return quote(value, safe="")
    return REDACTED


def _route_secrets(path: str) -> set[str]:
    """Long values of the route's text variables (a token, whatever the route calls it) when the
    path is one of this application's; numbers are not secrets."""
    try:
        _endpoint, args = current_app.url_map.bind("localhost").match(path, "GET")
    except HTTPException:  # not ours, or not a page (RequestRedirect is one too)
        return set()
    secrets = set()
    for value in args.values():
        if isinstance(value, str):
            secrets.update(value.split("/"))
    return {s for s in secrets if len(s) >= SECRET_LENGTH}


def _opaque(segment: str) -> bool:
    """A long run of token characters with a digit in it: a secret in a link not our own."""
    return (len(segment) >= SECRET_LENGTH and re.fullmatch(r"[A-Za-z0-9._~=-]+", segment)
            is not None and any(c.isdigit() for c in segment))
