"""The revision's due date: the author asks for more time from the manuscript page, an editor
grants or refuses it in one click, the authors are told, and the reminders follow the date."""

from datetime import timedelta

from sqlalchemy import select

from core.clock import journal_day, local_date, utcnow
from core.extensions import db
from review.deadline_models import ExtensionState, RevisionExtension
from review.models import ReviewRound
from tests.review.conftest import from_page, refused
from tests.review.test_reminders import _run_days


def _revision_requested(review_flow, outbox):
    review_flow.two_reviews()
    review_flow.decide("major_revision")  # due in 30 days
    outbox.deliver()


def _due(app):
    with app.app_context():
        return db.session.scalar(select(ReviewRound.revision_due_at))


def _ask(client, scene, days_after_due: int, reason="出差一个月，需要补充实验。", due=None):
    day = journal_day(due) + timedelta(days=days_after_due)
    return client.post(f"/review/manuscripts/{scene.manuscript}/revision/extension",
                       data={"new_due": day.isoformat(), "reason": reason},
                       headers=from_page(f"/review/manuscripts/{scene.manuscript}/reviews"))


def test_ask_grant_and_one_open_request(app, client, login, outbox, review_flow, scene):
    _revision_requested(review_flow, outbox)
    due = _due(app)
    login(client, scene.author)
    detail = client.get(f"/manuscripts/{scene.manuscript}").get_data(as_text=True)
    assert 'id="ask-more-time"' in detail
    assert _ask(client, scene, 14, due=due).status_code == 302
    page = client.get(f"/review/manuscripts/{scene.manuscript}/reviews").get_data(as_text=True)
    assert 'id="extension-pending"' in page
    text = refused(client, _ask(client, scene, 20, due=due),
                   f"/review/manuscripts/{scene.manuscript}/reviews")
    assert "编辑部尚未答复" in text  # one open request at a time
    asked = [m for m in outbox.deliver() if "review-extension:" in m["X-Kanwu-Dedupe-Key"]]
    assert [m["To"] for m in asked] == ["editor@example.org"]
    assert "出差一个月" in asked[0].get_body(("plain",)).get_content()

    login(client, scene.editor)
    console = client.get(f"/desk/manuscripts/{scene.manuscript}").get_data(as_text=True)
    with app.app_context():
        extension = db.session.scalar(select(RevisionExtension))
    assert f"/review/extensions/{extension.id}/grant" in console
    assert client.post(f"/review/extensions/{extension.id}/grant").status_code == 302
    assert client.post(f"/review/extensions/{extension.id}/refuse").status_code == 409
    new_due = _due(app)
    assert journal_day(new_due) == journal_day(due) + timedelta(days=14)
    with app.app_context():
        assert db.session.get(RevisionExtension, extension.id).state == ExtensionState.GRANTED
    answers = [m for m in outbox.deliver() if "review-extension-answer" in m["X-Kanwu-Dedupe-Key"]]
    assert {m["To"] for m in answers} == {"zhangwei@hbu.example.org", "lina@hbu.example.org"}
    with app.test_request_context():
        assert local_date(new_due) in answers[0].get_body(("plain",)).get_content()
    login(client, scene.author)  # answered: the author may ask again
    assert _ask(client, scene, 7, due=new_due).status_code == 302


def test_refusal_keeps_the_date_and_tells_the_authors(app, client, login, outbox, review_flow,
                                                      scene):
    _revision_requested(review_flow, outbox)
    due = _due(app)
    login(client, scene.author)
    _ask(client, scene, 10, due=due)
    with app.app_context():
        extension_id = db.session.scalar(select(RevisionExtension.id))
    login(client, scene.editor)
    assert client.post(f"/review/extensions/{extension_id}/refuse").status_code == 302
    assert _due(app) == due
    answers = [m for m in outbox.deliver() if "review-extension-answer" in m["X-Kanwu-Dedupe-Key"]]
    assert answers and "不能" in answers[0].get_body(("plain",)).get_content()


def test_bad_requests_keep_the_reason(app, client, login, outbox, review_flow, scene):
    _revision_requested(review_flow, outbox)
    due = _due(app)
    login(client, scene.author)
    response = _ask(client, scene, -3, reason="家中有事，请宽限。", due=due)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "家中有事，请宽限。" in html and "必须晚于" in html
    response = _ask(client, scene, 5, reason="  ", due=due)
    assert response.status_code == 400 and "原因" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(RevisionExtension)) is None
    login(client, scene.editor)  # the editors answer requests; they do not make them
    assert _ask(client, scene, 5, due=due).status_code == 404


def test_reminders_follow_a_granted_date(app, client, login, outbox, review_flow, scene):
    _revision_requested(review_flow, outbox)
    start, due = utcnow(), _due(app)
    login(client, scene.author)
    _ask(client, scene, 14, due=due)  # due on day 44
    with app.app_context():
        extension_id = db.session.scalar(select(RevisionExtension.id))
    login(client, scene.editor)
    client.post(f"/review/extensions/{extension_id}/grant")
    outbox.deliver()
    sent = _run_days(outbox, start, 52)
    days = sorted({day for day, m in sent if ":revision:" in m["X-Kanwu-Dedupe-Key"]})
    assert days == [41, 44, 47, 51]  # 3 before, on the day, 3 and 7 after the new date


def test_extension_mails(app, client, login, outbox, review_flow, scene):
    from tests.review.test_emails import _check, _normalise

    _revision_requested(review_flow, outbox)
    login(client, scene.author)
    _ask(client, scene, 14, due=_due(app))
    with app.app_context():
        extension_id = db.session.scalar(select(RevisionExtension.id))
    login(client, scene.editor)
    client.post(f"/review/extensions/{extension_id}/grant")
    mails = outbox.deliver()
    for key, to, name in (("review-extension:", "editor@example.org", "extension_requested_zh"),
                          ("review-extension-answer", "zhangwei@hbu.example.org",
                           "extension_granted_zh")):
        mail = [m for m in mails if key in m["X-Kanwu-Dedupe-Key"] and m["To"] == to][-1]
        _check(f"{name}.txt", _normalise(f"Subject: {mail['Subject']}\n\n"
                                         f"{mail.get_body(('plain',)).get_content()}"))
