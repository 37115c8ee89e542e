"""Mail transports: .eml files (embedded default), SMTP (production), memory (tests)."""

import re
import smtplib
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from flask import current_app

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
    msg["Message-ID"] = make_msgid(idstring=f"outbox-{row.id}", domain="kanwu.localhost")
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


def send_message(row, attachments: list[tuple[str, str, bytes]]) -> None:
    msg = build_message(row, attachments)
    backend = current_app.config["MAIL_BACKEND"]
    if backend == "file":
        folder = Path(current_app.config["MAIL_DIR"])
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{row.id:08d}-{row.template.replace('/', '-')}.eml"
        tmp = target.with_suffix(".tmp")
        tmp.write_bytes(bytes(msg))
        tmp.replace(target)
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
