"""One-time links are redacted when a mail is shown to anyone but its recipient: whatever the
route calls its token, in the path or in the query; ordinary links stay readable."""

from core.letterbox import REDACTED, emails_about, redact_links

TOKEN = "eyJhIjoxLCJuIjoiODBjOWRiNzQ1NjJiOWMwMzA0N2VhMjY5YjU5ODVmNjkifQ.aw_i5A.S0ovbZFk"


def test_invitation_and_account_tokens_are_redacted(app_ctx):
    text = (f"接受邀请：\nhttp://127.0.0.1:5000/review/invitation/{TOKEN}?answer=accept\n"
            f"Reset: https://journal.example.org/account/reset/{TOKEN}.\n"
            f"Confirm (http://127.0.0.1:5000/account/confirm/{TOKEN})")
    redacted = redact_links(text)
    assert TOKEN not in redacted
    assert f"/review/invitation/{REDACTED}?answer=accept\n" in redacted
    assert f"/account/reset/{REDACTED}.\n" in redacted  # the sentence's full stop stays
    assert f"/account/confirm/{REDACTED})" in redacted


def test_tokens_in_queries_and_foreign_links_are_redacted(app_ctx):
    text = (f"http://127.0.0.1:5000/review/manuscripts/12/reviews?token={TOKEN}&lang=en "
            f"https://other.example.org/a/b/{TOKEN}/c?code=123456 "
            "http://127.0.0.1:5000/review/x/k3y5ecretk3y5ecret12")
    redacted = redact_links(text)
    assert TOKEN not in redacted and "123456" not in redacted
    assert "k3y5ecretk3y5ecret12" not in redacted
    assert f"/review/manuscripts/12/reviews?token={REDACTED}&lang=en" in redacted
    assert f"https://other.example.org/a/b/{REDACTED}/c?code={REDACTED}" in redacted


def test_ordinary_links_stay_readable(app_ctx):
    text = ("稿件页面：http://127.0.0.1:5000/review/manuscripts/12/reviews，请查收。\n"
            "http://127.0.0.1:5000/pages/guidelines https://doi.org/10.1000/182 "
            "http://127.0.0.1:5000/qikandaodu/2026/0301/42.html")
    assert redact_links(text) == text


def test_nobody_anonymous_reads_mail(app_ctx):
    class Anonymous:
        is_authenticated = False
        email = "someone@example.org"

    assert emails_about(Anonymous(), "manuscript", 1) == []
    assert emails_about(None, "manuscript", 1) == []
