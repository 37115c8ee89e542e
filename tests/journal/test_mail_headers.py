"""Line breaks and control characters never reach a mail header: every field that can (names,
letter subjects, titles) refuses them at input with a clear message, and the outbox strips
them again when it builds the headers, so an old row still goes out instead of failing."""

import pytest
from sqlalchemy import select

from accounts.models import User
from core import outbox as ob
from core.extensions import db

INJECTED = "决定通知\r\nBcc: everyone@evil.example"


def test_a_row_with_a_broken_subject_is_still_delivered(app_ctx, outbox):
    row = ob.OutboxEmail(dedupe_key="legacy", to_addr=" li@example.org\r\n", locale="zh_CN",
                         template="review/decision_letter", subject=INJECTED,
                         body_text="正文\n", body_html="")
    db.session.add(row)
    db.session.commit()
    assert ob.deliver(row.id) == ob.MailState.SENT
    message = outbox.messages[-1]
    assert message["Subject"] == "决定通知 Bcc: everyone@evil.example"
    assert message["Bcc"] is None and message["To"] == "li@example.org"


def test_queue_email_keeps_subjects_on_one_line(app_ctx):
    row = ob.queue_email(to="li@example.org", template="review/decision_letter",
                         context={"letter_subject": INJECTED, "letter_body": "正文", "url": "x"},
                         locale="zh_CN", dedupe_key="one-line")
    assert row.subject == "决定通知 Bcc: everyone@evil.example"


# --------------------------------------------------------------------------- at input

ONE_LINE = "请在一行内填写"


# (a NUL never reaches a form: it is removed from every input first, see core/inputs.py)
@pytest.mark.parametrize("value", ["张伟\r\nBcc: x@evil.example", "张伟\n", "张\x0b伟",
                                   "张\u2028伟"])
def test_profile_name_refuses_line_breaks(app, client, login, make_user, value):
    uid = make_user(email="prof@example.org", name="王芳")
    login(client, uid)
    response = client.post("/account/profile", data={"name": value, "locale": "zh_CN"})
    assert response.status_code == 200 and ONE_LINE in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(User, uid).name == "王芳"


def test_registration_name_refuses_line_breaks(app, client):
    response = client.post("/account/register", data={
        "email": "li.hua@example.org", "password": "shelf mark catalogue",
        "name": "李华\r\nBcc: x@evil.example", "affiliation": "河北大学图书馆"})
    assert ONE_LINE in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(User).where(User.email == "li.hua@example.org")) is None


def test_messages_in_english_too(client, login, make_user):
    login(client, make_user(locale="en"))
    client.get("/?lang=en")
    html = client.post("/account/profile", data={"name": "A\nB", "locale": "en"}).get_data(
        as_text=True)
    assert "Please write this on one line" in html


def test_a_coauthors_name_refuses_line_breaks(app, client, login, make_user):
    from submission.models import ManuscriptAuthor
    from tests.factories import make_manuscript

    uid = make_user(email="zhangwei@example.org")
    with app.app_context():
        manuscript_id = make_manuscript(uid).id
        db.session.commit()
    login(client, uid)
    response = client.post(f"/manuscripts/{manuscript_id}/wizard/authors", data={
        "name": "李娜\r\nBcc: x@evil.example", "email": "lina@example.org",
        "affiliation": "河北师范大学"})
    assert ONE_LINE in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(ManuscriptAuthor).where(
            ManuscriptAuthor.email == "lina@example.org")) is None


