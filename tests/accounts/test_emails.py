"""Snapshots of the account mails in both languages (UPDATE_SNAPSHOTS=1 rewrites them)."""

import os
from pathlib import Path

import pytest

from core.outbox import render_email

SNAPSHOTS = Path(__file__).parent / "snapshots"
CONTEXT = {"name": "李华", "link": "http://127.0.0.1:5000/account/confirm/TOKEN", "hours": 48,
           "login_link": "http://127.0.0.1:5000/account/login",
           "reset_link": "http://127.0.0.1:5000/account/reset"}


@pytest.mark.parametrize("template", ["accounts/confirm_email", "accounts/reset_password",
                                      "accounts/registration_attempt"])
@pytest.mark.parametrize("locale", ["zh_CN", "en"])
def test_account_mail_matches_snapshot(app_ctx, journal_pages, template, locale):
    subject, text, html = render_email(template, dict(CONTEXT), locale)
    rendered = f"Subject: {subject}\n\n{text}\n--- html ---\n{html}\n"
    snapshot = SNAPSHOTS / f"{template.split('/')[1]}.{locale}.txt"
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        snapshot.parent.mkdir(exist_ok=True)
        snapshot.write_text(rendered, encoding="utf-8")
    assert snapshot.exists(), f"no snapshot {snapshot.name}: run with UPDATE_SNAPSHOTS=1"
    assert rendered == snapshot.read_text(encoding="utf-8")
