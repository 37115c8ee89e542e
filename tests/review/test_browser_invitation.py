"""In Chromium: an invitation link opened while signed in as somebody else is refused, and
nothing changes; the reviewer, in their own browser, accepts and writes without an account."""

import pytest

from core.extensions import db
from review.models import ReviewAssignment
from tests.review.test_browser import _login, _prepare

pytestmark = pytest.mark.browser


def test_invitation_opened_by_another_signed_in_user_is_refused(app, browser, page,
                                                                live_server, outbox, scene):
    assignment_id, accept_link = _prepare(app, outbox, scene)

    author = _login(browser, live_server, "zhangwei@hbu.example.org")
    response = author.goto(accept_link)
    assert response.status == 403
    assert "您当前登录的是另一个账户" in author.content()
    assert author.locator("input[name='a-declaration']").count() == 0  # no form to post
    author.goto("/review/mine")  # still the author, not the reviewer
    assert "/account/login" not in author.url
    assert "审稿人陈晓明" not in author.content()
    with app.app_context():
        assert db.session.get(ReviewAssignment, assignment_id).state == "invited"

    # The reviewer, in their own browser and signed in nowhere, can still answer.
    page.goto(accept_link)
    page.get_by_label("我已在上方声明", exact=False).check()
    page.get_by_role("button", name="接受邀请").click()
    page.wait_for_url(f"**/review/assignments/{assignment_id}")
    assert page.locator("#review-form").count() == 1
    page.goto("/review/mine")
    assert "/account/login" in page.url  # the link opened one review, not an account
    author.context.close()
