"""An invitation link grants one assignment, never an account.

The holder of the link may answer that invitation and, once accepted, work on that one review
(form, autosave, files, certificate) through a grant kept in their browser session or the
link of the "accepted" mail. It never signs anyone in, and whoever is signed in as somebody
else is refused before anything changes.
"""

import re
from datetime import timedelta

import pytest
import time_machine
from sqlalchemy import select, update
from werkzeug.exceptions import NotFound

from accounts.models import User
from core.clock import utcnow
from core.extensions import db
from review import invitations
from review.errors import ReviewError
from review.models import ReviewAssignment
from review.tokens import LinkHolder
from tests.conftest import PASSWORD
from tests.review.conftest import from_page, links_in, path_of

NEW = "newexpert@example.org"
ACCEPT = {"a-declaration": "y", "a-competing_interests": ""}


def _state(app, assignment_id) -> str:
    with app.app_context():
        return db.session.get(ReviewAssignment, assignment_id).state


def _user(app, email) -> User:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        db.session.expunge(user)
        return user


def _signed_in_as(client):
    """The account id of the session (its value is "id:session token:login time")."""
    with client.session_transaction() as sess:
        value = sess.get("_user_id")
        return value.split(":")[0] if value else None


def _invite_new(client, login, review_flow, scene) -> tuple[int, str, str]:
    """Invite a person with no account yet (no password); their accept and decline links."""
    review_flow.start()
    login(client, scene.editor)
    client.post(f"/review/manuscripts/{scene.manuscript}/invite",
                data={"email": NEW, "name": "王专家"})
    accept, decline = review_flow.invitation_links(NEW)
    client.post("/account/logout")
    with client.session_transaction() as sess:
        sess.clear()
    return review_flow.assignment_of(_user(client.application, NEW).id), accept, decline


def _status(client, url) -> int:
    response = client.get(url)
    response.close()  # a file download is streamed
    return response.status_code


def _work_link(outbox, email) -> str:
    mail = [m for m in outbox.deliver() if m["To"] == email
            and "review-accepted" in m["X-Kanwu-Dedupe-Key"]][-1]
    return path_of(links_in(mail)[0])


# --------------------------------------------------------------------------- the copied link


def test_author_signed_in_cannot_answer_with_a_copied_link(app, client, login, review_flow,
                                                           scene):
    assignment_id, accept, decline = _invite_new(client, login, review_flow, scene)
    login(client, scene.author)
    page = client.get(accept)
    assert page.status_code == 403
    assert "另一个账户" in page.get_data(as_text=True)
    response = client.post(accept, data=ACCEPT | {"a-password": "a-brand-new-pass",
                                                   "a-password_confirm": "a-brand-new-pass"})
    assert response.status_code == 403 and "另一个账户" in response.get_data(as_text=True)
    response = client.post(decline, data={"d-reason": "不想审"})
    assert response.status_code == 403
    assert _signed_in_as(client) == str(scene.author)  # no switch to the reviewer
    assert _state(app, assignment_id) == "invited"
    reviewer = _user(app, NEW)
    assert not reviewer.password_hash and reviewer.email_confirmed_at is None
    assert client.get(f"/review/assignments/{assignment_id}").status_code == 404
    # The link itself still works for its owner: nothing was used up.
    client.post("/account/logout")
    with client.session_transaction() as sess:
        sess.clear()
    assert client.get(accept).status_code == 200


def test_refusal_is_in_english_for_an_english_user(app, client, login, make_user, review_flow,
                                                   scene):
    _assignment_id, accept, _ = _invite_new(client, login, review_flow, scene)
    other = make_user(email="other@example.org", locale="en")
    login(client, other)
    text = client.get(accept).get_data(as_text=True)
    assert "signed in with another account" in text


def test_invited_reviewer_signed_in_answers_and_stays_themselves(app, client, login, outbox,
                                                                 review_flow, scene):
    review_flow.start()
    assignment_id = review_flow.invite(scene.reviewers[0])
    accept, _ = review_flow.invitation_links("rev1@example.org")
    login(client, scene.reviewers[0])
    response = client.post(accept, data=ACCEPT)
    assert response.status_code == 302
    assert response.location.endswith(f"/review/assignments/{assignment_id}")
    assert _signed_in_as(client) == str(scene.reviewers[0])
    assert client.get(response.location).status_code == 200


# --------------------------------------------------------------------------- anonymous holder


def test_anonymous_accept_works_on_that_review_but_is_no_login(app, client, login, outbox,
                                                               review_flow, scene):
    assignment_id, accept, _ = _invite_new(client, login, review_flow, scene)
    response = client.post(accept, data=ACCEPT)
    assert response.status_code == 302
    assert response.location.endswith(f"/review/assignments/{assignment_id}")
    assert _signed_in_as(client) is None
    assert _state(app, assignment_id) == "accepted"
    form = client.get(response.location)
    assert "请使用我们刚发给您的邮件中的链接" in form.get_data(as_text=True)
    assert form.status_code == 200 and "审稿意见" in form.get_data(as_text=True)
    files = re.findall(r'href="(/review/assignments/\d+/files/\d+)"', form.get_data(as_text=True))
    assert files and _status(client, files[0]) == 200
    saved = client.post(f"/review/assignments/{assignment_id}/autosave",
                        json={"comments_to_author": "草稿"})
    assert saved.status_code == 200 and saved.json["saved"] is True
    # No account pages: the grant is not a login.
    assert client.get("/review/mine").status_code == 302
    assert "/account/login" in client.get("/review/mine").location
    assert _signed_in_as(client) is None
    reviewer = _user(app, NEW)
    assert not reviewer.password_hash  # no password was chosen, none was set


def test_grant_for_one_assignment_opens_no_other(app, client, login, make_user, outbox,
                                                 review_flow, scene):
    assignment_id, accept, _ = _invite_new(client, login, review_flow, scene)
    other = review_flow.invite(scene.reviewers[0])
    review_flow.accept(scene.reviewers[0], "rev1@example.org")
    client.post("/account/logout")
    with client.session_transaction() as sess:
        sess.clear()
    assert client.post(accept, data=ACCEPT).status_code == 302
    assert client.get(f"/review/assignments/{assignment_id}").status_code == 200
    for url in (f"/review/assignments/{other}", f"/review/assignments/{other}/certificate.pdf"):
        assert client.get(url).status_code in (302, 404), url
    assert client.post(f"/review/assignments/{other}/autosave",
                       json={"comments_to_author": "x"}).status_code in (302, 404)
    with app.app_context():
        assert db.session.get(ReviewAssignment, other).comments_to_author == ""
    # Signing in as somebody else makes the grant worthless: it is not theirs.
    login(client, scene.author)
    assert client.get(f"/review/assignments/{assignment_id}").status_code == 404


def test_used_link_cannot_be_posted_twice(app, client, login, review_flow, scene):
    assignment_id, accept, decline = _invite_new(client, login, review_flow, scene)
    assert client.post(accept, data=ACCEPT).status_code == 302
    again = client.post(accept, data=ACCEPT, headers=from_page(accept))
    assert again.status_code == 303 and path_of(again.location) == accept  # back to its page
    page = client.get(again.location)
    assert page.status_code == 410 and "已使用过" in page.get_data(as_text=True)
    late = client.post(decline, data={"d-reason": "x"}, headers=from_page(decline))
    assert late.status_code == 303 and client.get(late.location).status_code == 410
    assert _state(app, assignment_id) == "accepted"


# --------------------------------------------------------------------------- the password


def test_password_from_an_invitation_follows_the_registration_rules(app, client, login,
                                                                    review_flow, scene):
    assignment_id, accept, _ = _invite_new(client, login, review_flow, scene)
    short = client.post(accept, data=ACCEPT | {"a-password": "short", "a-password_confirm":
                                               "short"})
    assert short.status_code == 200 and "至少" in short.get_data(as_text=True)
    mismatch = client.post(accept, data=ACCEPT | {"a-password": "a-long-enough-pass",
                                                  "a-password_confirm": "another-long-pass"})
    assert mismatch.status_code == 200 and "不一致" in mismatch.get_data(as_text=True)
    weak = client.post(accept, data=ACCEPT | {"a-password": "1234567890",
                                              "a-password_confirm": "1234567890"})
    assert weak.status_code == 200 and "容易被猜到" in weak.get_data(as_text=True)
    assert _state(app, assignment_id) == "invited" and not _user(app, NEW).password_hash
    good = client.post(accept, data=ACCEPT | {"a-password": "a-long-enough-pass",
                                              "a-password_confirm": "a-long-enough-pass"})
    assert good.status_code == 302 and _signed_in_as(client) is None
    reviewer = _user(app, NEW)
    assert reviewer.password_hash and reviewer.email_confirmed_at is not None
    # They can now log in like anyone else.
    client.post("/account/logout")
    response = client.post("/account/login", data={"email": NEW,
                                                   "password": "a-long-enough-pass"})
    assert response.status_code == 302 and _signed_in_as(client) == str(reviewer.id)


def test_address_is_confirmed_only_when_the_mail_went_to_it(app, client, login, review_flow,
                                                            scene):
    assignment_id, accept, _ = _invite_new(client, login, review_flow, scene)
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == NEW))
        user.email = "changed@example.org"
        db.session.commit()
    assert client.post(accept, data=ACCEPT).status_code == 302
    assert _state(app, assignment_id) == "accepted"
    assert _user(app, "changed@example.org").email_confirmed_at is None


# --------------------------------------------------------------------------- the work link


def test_accepted_mail_link_reopens_that_review_in_another_browser(app, client, login, outbox,
                                                                   review_flow, scene):
    assignment_id, accept, _ = _invite_new(client, login, review_flow, scene)
    assert client.post(accept, data=ACCEPT).status_code == 302
    work = _work_link(outbox, NEW)
    assert "/review/assignments/" not in work  # a capability, not the login-only page
    fresh = app.test_client()
    assert fresh.get(f"/review/assignments/{assignment_id}").status_code == 302  # to login
    response = fresh.get(work)
    assert response.status_code == 302
    assert response.location.endswith(f"/review/assignments/{assignment_id}")
    with fresh.session_transaction() as sess:
        assert sess.get("_user_id") is None
    data = {f"score-c{i}": "4" for i in range(1, 5)}
    data.update(recommendation="minor_revision", comments_to_author="建议小修。",
                action="submit")
    assert fresh.post(f"/review/assignments/{assignment_id}", data=data).status_code == 302
    assert _state(app, assignment_id) == "submitted"
    thanks = [m for m in outbox.deliver() if m["To"] == NEW
              and "review-thanks" in m["X-Kanwu-Dedupe-Key"]][-1]
    certificate_link = path_of(links_in(thanks)[0])
    third = app.test_client()
    response = third.get(certificate_link)
    assert response.status_code == 302 and response.location.endswith("/certificate.pdf")
    pdf = third.get(response.location)
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")


def test_work_link_refused_to_another_account_and_dead_after_cancel(app, client, login,
                                                                     outbox, review_flow,
                                                                     scene):
    assignment_id, accept, _ = _invite_new(client, login, review_flow, scene)
    client.post(accept, data=ACCEPT)
    work = _work_link(outbox, NEW)
    login(client, scene.author)
    refused = client.get(work)
    assert refused.status_code == 403 and "另一个账户" in refused.get_data(as_text=True)
    login(client, scene.editor)
    client.post(f"/review/assignments/{assignment_id}/cancel")
    fresh = app.test_client()
    gone = fresh.get(work)
    assert gone.status_code == 410 and "不再有效" in gone.get_data(as_text=True)
    assert fresh.get(f"/review/assignments/{assignment_id}").status_code in (302, 404)


def test_links_are_not_interchangeable(app, client, login, outbox, review_flow, scene):
    """An invitation token does not open the work route, nor a work token the answer route."""
    assignment_id, accept, _ = _invite_new(client, login, review_flow, scene)
    token = accept.split("/invitation/")[1].split("?")[0]
    assert client.get(f"/review/work/{token}").status_code == 410
    assert _signed_in_as(client) is None
    client.post(accept, data=ACCEPT)
    work_token = _work_link(outbox, NEW).split("/work/")[1].split("?")[0]
    fresh = app.test_client()
    refused = fresh.post(f"/review/invitation/{work_token}?answer=decline",
                         data={"d-reason": "x"})
    assert refused.status_code == 303 and fresh.get(refused.location).status_code == 410
    assert _state(app, assignment_id) == "accepted"


def test_declined_reviewer_has_no_review_page(app, client, login, review_flow, scene):
    review_flow.start()
    assignment_id = review_flow.invite(scene.reviewers[0])
    _, decline = review_flow.invitation_links("rev1@example.org")
    login(client, scene.reviewers[0])
    client.post(decline, data={"d-reason": "出差"})
    response = client.get(f"/review/assignments/{assignment_id}")
    assert response.status_code == 302 and response.location.endswith("/review/mine")
    assert "您已谢绝此邀请" in client.get(response.location).get_data(as_text=True)


def test_work_link_expires(app, client, login, outbox, review_flow, scene):
    _assignment_id, accept, _ = _invite_new(client, login, review_flow, scene)
    client.post(accept, data=ACCEPT)
    work = _work_link(outbox, NEW)
    with time_machine.travel(utcnow() + timedelta(days=400), tick=False):
        response = app.test_client().get(work)
    assert response.status_code == 410 and "已过期" in response.get_data(as_text=True)


# --------------------------------------------------------------------------- the files


def _file_url(app, assignment_id) -> str:
    from review.models import ReviewFile

    with app.app_context():
        assignment = db.session.get(ReviewAssignment, assignment_id)
        review_file = db.session.scalar(select(ReviewFile).where(
            ReviewFile.round_id == assignment.round_id))
        return f"/review/assignments/{assignment_id}/files/{review_file.id}"


def test_files_only_from_acceptance_until_submission(app, client, login, review_flow, scene):
    review_flow.start()
    reviewer = scene.reviewers[0]
    assignment_id = review_flow.invite(reviewer)
    url = _file_url(app, assignment_id)
    login(client, reviewer)
    assert _status(client, url) == 404  # invited, not yet accepted
    review_flow.accept(reviewer, "rev1@example.org")
    login(client, reviewer)
    assert _status(client, url) == 200
    assert review_flow.review(reviewer, assignment_id).status_code == 302
    login(client, reviewer)
    assert _status(client, url) == 404  # submitted: the work is done
    page = client.get(f"/review/assignments/{assignment_id}").get_data(as_text=True)
    assert "/files/" not in page


def test_declined_and_cancelled_reviewers_get_no_file(app, client, login, review_flow, scene):
    review_flow.start()
    declined = review_flow.invite(scene.reviewers[0])
    _, decline = review_flow.invitation_links("rev1@example.org")
    login(client, scene.reviewers[0])
    client.post(decline, data={"d-reason": "出差"})
    assert _state(app, declined) == "declined"
    assert _status(client, _file_url(app, declined)) == 404
    cancelled = review_flow.invite(scene.reviewers[1])
    review_flow.accept(scene.reviewers[1], "rev2@example.org")
    login(client, scene.editor)
    client.post(f"/review/assignments/{cancelled}/cancel")
    assert _state(app, cancelled) == "cancelled"
    login(client, scene.reviewers[1])
    assert _status(client, _file_url(app, cancelled)) == 404


def test_no_file_once_the_round_is_decided(app, client, login, review_flow, scene):
    first, _second = review_flow.two_reviews()
    with app.app_context():  # an accepted review left open when the round was decided
        from review.models import ReviewRound

        assignment = db.session.get(ReviewAssignment, first)
        db.session.get(ReviewRound, assignment.round_id).decided_at = utcnow()
        assignment.state = "accepted"
        assignment.submitted_at = None
        db.session.commit()
    login(client, scene.reviewers[0])
    assert _status(client, _file_url(app, first)) == 404


def test_password_login_still_works_for_reviewers(app, client, review_flow, scene):
    """A reviewer with a password keeps the ordinary way in: log in, my reviews."""
    review_flow.start()
    review_flow.invite(scene.reviewers[0])
    review_flow.accept(scene.reviewers[0], "rev1@example.org")
    fresh = app.test_client()
    fresh.post("/account/login", data={"email": "rev1@example.org", "password": PASSWORD})
    page = fresh.get("/review/mine").get_data(as_text=True)
    assert "继续审稿" in page


def test_only_the_link_answers_not_an_account(app, review_flow, scene):
    """The services take the link's holder as actor: no account, the reviewer's own included,
    answers without the link, and a holder of a used (rotated) link cannot answer again."""
    review_flow.start()
    assignment_id = review_flow.invite(scene.reviewers[0])
    with app.test_request_context():
        assignment = db.session.get(ReviewAssignment, assignment_id)
        for actor in (db.session.get(User, scene.author), db.session.get(User, scene.editor),
                      db.session.get(User, scene.reviewers[0]),
                      LinkHolder(assignment.id, "0" * 32)):
            with pytest.raises(NotFound):
                invitations.accept(assignment, actor, competing_interests="")
            with pytest.raises(NotFound):
                invitations.decline(assignment, actor, reason="", suggestion="")
        used = LinkHolder.of(assignment)
        invitations.accept(assignment, used, competing_interests="")
        with pytest.raises(NotFound):
            invitations.decline(assignment, used, reason="", suggestion="")
        assert assignment.state == "accepted"
        db.session.rollback()


def test_two_answers_posted_at_once_make_one(app, review_flow, scene):
    """The second of two simultaneous answers finds the invitation answered: its page still
    showed "invited" when it started, but the database decides."""
    review_flow.start()
    assignment_id = review_flow.invite(scene.reviewers[0])
    with app.test_request_context():
        assignment = db.session.get(ReviewAssignment, assignment_id)
        holder = LinkHolder.of(assignment)
        with db.engine.begin() as other_request:  # the first post wins meanwhile
            other_request.execute(update(ReviewAssignment).where(
                ReviewAssignment.id == assignment_id).values(state="declined"))
        with pytest.raises(ReviewError):
            invitations.accept(assignment, holder, competing_interests="")
        db.session.rollback()
    assert _state(app, assignment_id) == "declined"


def test_invitation_tabs_and_declaration_say_what_they_mean(client, login, review_flow, scene):
    _assignment_id, accept, _ = _invite_new(client, login, review_flow, scene)
    html = client.get(accept).get_data(as_text=True)
    tabs = html[html.index('<ul class="nav nav-tabs'):html.index("</ul>", html.index("nav-tabs"))]
    assert "接受邀请" in tabs and "谢绝邀请" in tabs and "录用" not in tabs
    # The competing-interests box comes first, so the declaration points up to it.
    assert html.index('name="a-competing_interests"') < html.index('name="a-declaration"')
    assert "我已在上方声明" in html and "下方" not in html
