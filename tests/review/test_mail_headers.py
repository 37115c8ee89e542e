"""Mail headers in peer review: a name or a subject with a line break never stops a notice or
the authors' decision letter, and the review forms refuse line breaks at input."""

from sqlalchemy import select

from accounts.models import User
from core import outbox as ob
from core.extensions import db
from tests.journal.test_mail_headers import INJECTED, ONE_LINE


def test_a_reviewer_name_with_a_line_break_does_not_stop_the_editors_notice(app, outbox,
                                                                            review_flow, scene):
    """Stored before names were checked: the notice naming the reviewer still goes out."""
    with app.app_context():
        db.session.get(User, scene.reviewers[0]).name = "审稿人陈晓明\r\nBcc: x@evil.example"
        db.session.commit()
    review_flow.start()
    review_flow.invite(scene.reviewers[0])
    review_flow.accept(scene.reviewers[0], "rev1@example.org")
    outbox.deliver()
    with app.app_context():
        assert db.session.scalar(select(ob.OutboxEmail.id).where(
            ob.OutboxEmail.state != ob.MailState.SENT)) is None
    answered = [m for m in outbox.messages if m["To"] == "editor@example.org"]
    assert answered and all("\n" not in m["Subject"] for m in answered)



def test_the_decision_letter_arrives_though_the_template_subject_names_a_broken_name(
        app, outbox, review_flow, scene):
    """A template saved before templates were checked puts the editor's name (stored with a
    line break) in the subject: the draft is one line and the authors get their decision."""
    from review.models import Verdict
    from tests.review.conftest import stored_default

    with app.app_context():
        stored_default(Verdict.MINOR_REVISION).subject_zh = "{{ number }} 退修 {{ editor }}"
        db.session.get(User, scene.editor).name = "编辑赵敏\r\nBcc: x@evil.example"
        db.session.commit()
    review_flow.two_reviews()
    assert review_flow.decide("minor_revision").status_code == 302
    letters = [m for m in outbox.deliver() if "review-decision" in m["X-Kanwu-Dedupe-Key"]]
    assert {m["To"] for m in letters} == {"zhangwei@hbu.example.org", "lina@hbu.example.org"}
    assert all(m["Subject"].endswith("退修 编辑赵敏 Bcc: x@evil.example") for m in letters)
    assert all(m["Bcc"] is None for m in letters)



def test_a_new_reviewers_name_refuses_line_breaks(app, client, login, review_flow, scene):
    review_flow.start()
    login(client, scene.editor)
    response = client.post(f"/review/manuscripts/{scene.manuscript}/invite", data={
        "email": "new.reviewer@example.org", "name": "新审稿人\r\nBcc: x@evil.example"},
        follow_redirects=True)
    assert ONE_LINE in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(User).where(
            User.email == "new.reviewer@example.org")) is None



def test_a_decision_letters_subject_refuses_line_breaks(app, client, login, review_flow, scene):
    from submission.models import Manuscript

    review_flow.two_reviews()
    login(client, scene.editor)
    response = client.post(f"/review/manuscripts/{scene.manuscript}/decision/send", data={
        "verdict": "accept", "letter_subject": INJECTED, "letter_body": "正文保留"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and ONE_LINE in html
    assert "正文保留" in html  # nothing the editor wrote is lost
    with app.app_context():
        assert db.session.get(Manuscript, scene.manuscript).state == "under_review"
