"""Invitations: links (signed, single-use, expiring), answers, resend/cancel/extend, guards."""

import io
from datetime import timedelta

import time_machine
from sqlalchemy import select

from accounts.models import Role, User
from core.clock import utcnow
from core.extensions import db
from review.models import ReviewAssignment
from tests.review.conftest import links_in, make_docx


def _assignment(app, assignment_id):
    with app.app_context():
        a = db.session.get(ReviewAssignment, assignment_id)
        db.session.expunge(a)
        return a


def test_invitation_mail_has_links_dates_and_no_author(app, outbox, review_flow, scene):
    review_flow.start()
    review_flow.invite(scene.reviewers[0])
    mail = [m for m in outbox.deliver() if m["To"] == "rev1@example.org"][0]
    body = mail.get_body(("plain",)).get_content()
    assert "稿件 HBKJTY" in mail["Subject"] and "审稿邀请" in mail["Subject"]
    assert "高校图书馆数据服务研究" in body and "目的：探讨高校图书馆数据服务" in body
    assert "请于" in body and "前答复" in body
    accept, decline = links_in(mail)[:2]
    assert "answer=accept" in accept and "answer=decline" in decline
    assert "张伟" not in body and "Zhang Wei" not in body


def test_new_reviewer_accepts_sets_password_and_can_log_in(app, client, login, outbox,
                                                          review_flow, scene):
    review_flow.start()
    login(client, scene.editor)
    client.post(f"/review/manuscripts/{scene.manuscript}/invite",
                data={"email": "newexpert@example.org", "name": "王专家"})
    accept, _ = review_flow.invitation_links("newexpert@example.org")
    review_flow.sign_out()
    page = client.get(accept).get_data(as_text=True)
    assert "设置密码" in page
    response = client.post(accept, data={"a-declaration": "y", "a-password": "long-enough-pw",
                                          "a-password_confirm": "long-enough-pw",
                                          "a-competing_interests": "曾与作者所在单位合作"})
    assert response.status_code == 302 and "/review/assignments/" in response.location
    assert client.get(response.location).status_code == 200  # this one review, no login
    with client.session_transaction() as sess:
        assert "_user_id" not in sess
    login_page = client.post("/account/login", data={"email": "newexpert@example.org",
                                                     "password": "long-enough-pw"})
    assert login_page.status_code == 302  # the chosen password works like any other
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "newexpert@example.org"))
        assert user.password_hash and user.has_role("reviewer")
        a = db.session.scalar(
            select(ReviewAssignment).where(ReviewAssignment.reviewer_id == user.id))
        assert a.state == "accepted" and a.competing_interests == "曾与作者所在单位合作"


def test_accept_needs_the_declaration(client, login, review_flow, scene):
    review_flow.start()
    review_flow.invite(scene.reviewers[0])
    accept, _ = review_flow.invitation_links("rev1@example.org")
    review_flow.sign_out()
    response = client.post(accept, data={"a-competing_interests": ""})
    assert response.status_code == 200  # the form again, nothing accepted
    assert "我已在上方声明" in response.get_data(as_text=True)


def test_used_forged_and_expired_links(app, client, review_flow, scene):
    review_flow.start()
    assignment_id = review_flow.invite(scene.reviewers[0])
    accept, decline = review_flow.invitation_links("rev1@example.org")
    forged = accept.replace("/invitation/", "/invitation/x")
    response = client.get(forged)
    assert response.status_code == 410 and "链接无效" in response.get_data(as_text=True)
    with time_machine.travel(utcnow() + timedelta(days=8), tick=False):
        response = client.get(accept)
        assert response.status_code == 410 and "已过期" in response.get_data(as_text=True)
    review_flow.accept(scene.reviewers[0], "rev1@example.org")
    response = client.get(decline)
    assert response.status_code == 410 and "已使用过" in response.get_data(as_text=True)
    assert _assignment(app, assignment_id).state == "accepted"


def test_decline_with_a_suggestion_tells_the_editor(app, client, outbox, review_flow, scene):
    review_flow.start()
    assignment_id = review_flow.invite(scene.reviewers[0])
    _, decline = review_flow.invitation_links("rev1@example.org")
    review_flow.sign_out()
    client.get(decline)
    response = client.post(decline, data={"d-reason": "近期出差",
                                          "d-suggestion": "孙老师 sun@example.org"})
    assert "感谢您的答复" in response.get_data(as_text=True)
    a = _assignment(app, assignment_id)
    assert a.state == "declined" and a.suggested_reviewer == "孙老师 sun@example.org"
    mail = [m for m in outbox.deliver() if m["To"] == "editor@example.org"][-1]
    assert "孙老师 sun@example.org" in mail.get_body(("plain",)).get_content()


def test_resend_rotates_the_links_cancel_and_extend(app, client, login, outbox, review_flow,
                                                  scene):
    review_flow.start()
    assignment_id = review_flow.invite(scene.reviewers[0])
    old_accept, _ = review_flow.invitation_links("rev1@example.org")
    login(client, scene.editor)
    client.post(f"/review/assignments/{assignment_id}/resend")
    new_accept, _ = review_flow.invitation_links("rev1@example.org")
    assert new_accept != old_accept
    review_flow.sign_out()
    assert client.get(old_accept).status_code == 410
    assert client.get(new_accept).status_code == 200
    login(client, scene.editor)
    due = (utcnow() + timedelta(days=60)).date().isoformat()
    client.post(f"/review/assignments/{assignment_id}/extend", data={"review_due": due})
    stored = _assignment(app, assignment_id).review_due_at  # the day's end in Beijing, in UTC
    assert stored.isoformat() == f"{due}T15:59:59"
    manage = client.get(f"/review/manuscripts/{scene.manuscript}").get_data(as_text=True)
    assert f'name="review_due" value="{due}"' in manage  # shown as the day that was typed
    client.post(f"/review/assignments/{assignment_id}/cancel")
    assert _assignment(app, assignment_id).state == "cancelled"
    assert client.get(new_accept).status_code == 410
    subjects = [m["Subject"] for m in outbox.deliver() if m["To"] == "rev1@example.org"]
    assert any("截止日期已调整" in s for s in subjects)
    assert any("无需继续审稿" in s for s in subjects)


def test_search_shows_workload_and_guards(app, client, login, make_user, review_flow, scene):
    review_flow.two_reviews()
    same_place = make_user(email="colleague@example.org", roles=("reviewer",), name="同事审稿人",
                           affiliation="河北大学图书馆")
    with app.app_context():
        db.session.get(User, same_place).expertise = "数据服务"
        author = db.session.get(User, scene.author)
        author.grant(Role.REVIEWER)
        author.expertise = "数据服务"
        db.session.commit()
    login(client, scene.editor)
    html = client.get(f"/review/manuscripts/{scene.manuscript}?q=数据服务").get_data(as_text=True)
    assert "审稿人陈晓明" in html and "同事审稿人" in html
    assert "与作者同单位" in html
    assert "稿件作者不能审阅自己的稿件" in html
    response = client.post(f"/review/manuscripts/{scene.manuscript}/invite",
                           data={"reviewer_id": scene.author})
    assert "稿件作者不能审阅自己的稿件" in client.get(response.location).get_data(as_text=True)
    from review.candidates import reviewer_stats

    with app.app_context():
        stats = reviewer_stats([scene.reviewers[0]])[scene.reviewers[0]]
        assert stats["completed"] == 1 and stats["open_load"] == 0
        assert stats["median_days"] is not None


def test_editor_cannot_run_the_review_of_their_own_manuscript(app, client, login, make_user,
                                                             scene):
    from tests.factories import make_manuscript

    with app.app_context():
        own = make_manuscript(scene.editor, state="received").id
        db.session.commit()
    login(client, scene.editor)
    assert client.get(f"/review/manuscripts/{own}").status_code == 404
    assert client.post(f"/review/manuscripts/{own}/start").status_code == 404


def test_reinvite_previous_reviewers_in_one_click(app, client, login, outbox, review_flow,
                                                 scene):
    review_flow.two_reviews()
    review_flow.decide("major_revision")
    login(client, scene.author)
    response = client.post(f"/review/manuscripts/{scene.manuscript}/revision", data={
        "revised": (io.BytesIO(make_docx("修改稿")), "r.docx"),
        "response_letter": (io.BytesIO(make_docx("修改说明")), "l.docx")},
        content_type="multipart/form-data")
    assert response.status_code == 302
    login(client, scene.editor)
    client.post(f"/review/manuscripts/{scene.manuscript}/reinvite")
    with app.app_context():
        rows = db.session.scalars(select(ReviewAssignment).order_by(ReviewAssignment.id)).all()
        assert [(a.round.number, a.state) for a in rows] == [
            (1, "submitted"), (1, "submitted"), (2, "invited"), (2, "invited")]
