"""Mail transports: .eml files (embedded default), SMTP (production), memory (tests)."""

import smtplib
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from flask import current_app

SENT_IN_MEMORY: list[EmailMessage] = []


def build_message(row, attachments: list[tuple[str, str, bytes]]) -> EmailMessage:
    msg = EmailMessage()
    msg["Subject"] = row.subject
    msg["From"] = current_app.config["MAIL_FROM"]
    msg["To"] = row.to_addr
    msg["Date"] = formatdate(localtime=False)
    msg["Message-ID"] = make_msgid(idstring=f"outbox-{row.id}", domain="kanwu.localhost")
    msg["X-Kanwu-Outbox-Id"] = str(row.id)
    msg["X-Kanwu-Dedupe-Key"] = row.dedupe_key
    msg["Content-Language"] = row.locale.replace("_", "-")
    msg.set_content(row.body_text)
    if row.body_html:
        msg.add_alternative(row.body_html, subtype="html")
    for filename, mimetype, content in attachments:
        maintype, _, subtype = mimetype.partition("/")
        msg.add_attachment(content, maintype=maintype, subtype=subtype, filename=filename)
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
