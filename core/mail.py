"""Mail transports: .eml files (embedded default), SMTP (production), memory (tests)."""

import hashlib
import logging
import os
import re
import smtplib
from email.message import EmailMessage
from email.utils import formatdate, parseaddr
from pathlib import Path

from flask import current_app

log = logging.getLogger(__name__)
SENT_IN_MEMORY: list[EmailMessage] = []

# Line breaks (of any kind) and other control characters: in a header they end the header or
# are refused by the email package, and the mail would fail on every attempt.
_BREAKS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def has_line_breaks(value: str | None) -> bool:
    return bool(value) and _BREAKS.search(value) is not None


def one_line(value: str | None) -> str:
    """`value` fit for a mail header: each run of control characters becomes one space."""
    return _BREAKS.sub(" ", value or "").strip()


def build_message(row, attachments: list[tuple[str, str, bytes]]) -> EmailMessage:
    msg = EmailMessage()
    # Fields are checked at input; a row written before that (or by other code) still goes out.
    msg["Subject"] = one_line(row.subject)
    msg["From"] = current_app.config["MAIL_FROM"]
    msg["To"] = one_line(row.to_addr)
    msg["Date"] = formatdate(localtime=False)
    msg["Message-ID"] = message_id(row.dedupe_key)
    msg["X-Kanwu-Outbox-Id"] = str(row.id)
    msg["X-Kanwu-Dedupe-Key"] = one_line(row.dedupe_key)
    msg["Content-Language"] = row.locale.replace("_", "-")
    msg.set_content(row.body_text)
    if row.body_html:
        msg.add_alternative(row.body_html, subtype="html")
    for filename, mimetype, content in attachments:
        maintype, _, subtype = mimetype.partition("/")
        msg.add_attachment(content, maintype=maintype, subtype=subtype,
                           filename=one_line(filename))
    return msg


def message_id(dedupe_key: str) -> str:
    """The same Message-ID for every copy of one mail (from its dedupe key), so that a copy sent
    again after a crash can be recognised, by people and by mail programs, as the same message."""
    digest = hashlib.sha256(dedupe_key.encode()).hexdigest()[:40]
    domain = parseaddr(current_app.config["MAIL_FROM"])[1].rpartition("@")[2] or "kanwu.localhost"
    return f"<kanwu.{digest}@{domain}>"


def send_message(row, attachments: list[tuple[str, str, bytes]]) -> None:
    msg = build_message(row, attachments)
    backend = current_app.config["MAIL_BACKEND"]
    if backend == "file":
        folder = Path(current_app.config["MAIL_DIR"])
        folder.mkdir(parents=True, exist_ok=True)
        _write_new_file(folder, f"{row.id:08d}-{row.template.replace('/', '-')}", bytes(msg))
    elif backend == "smtp":
        cfg = current_app.config
        with smtplib.SMTP(cfg["SMTP_HOST"], cfg["SMTP_PORT"], timeout=cfg["SMTP_TIMEOUT"]) as smtp:
            if cfg["SMTP_STARTTLS"]:
                smtp.starttls()
            if cfg["SMTP_USER"]:
                smtp.login(cfg["SMTP_USER"], cfg["SMTP_PASSWORD"])
            smtp.send_message(msg)
    elif backend == "memory":
        SENT_IN_MEMORY.append(msg)
    else:
        raise RuntimeError(f"unknown MAIL_BACKEND {backend!r}")


def _write_new_file(folder: Path, stem: str, content: bytes) -> None:
    """Write `stem.eml` whole (a temp file, then a hard link, which fails if the name exists).
    The name comes from the outbox row, so an existing file is this very message, written by a
    sender that died before it could mark the row sent: like a mail system that knows the
    Message-ID, the folder keeps one copy, and the log says so."""
    tmp = folder / f".{stem}.{os.getpid()}.tmp"
    tmp.write_bytes(content)
    try:
        os.link(tmp, folder / f"{stem}.eml")
    except FileExistsError:
        log.warning("%s.eml is already in the mail folder (same Message-ID): not written again",
                    stem)
    finally:
        tmp.unlink()
