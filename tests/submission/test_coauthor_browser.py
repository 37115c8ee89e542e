"""In the browser: a co-author opens the link from their mail, creates an account for that
address through it, logs in and finds the manuscript; the same link opened by another signed-in
account is refused with a message."""

import re

import pytest

from core.extensions import db
from tests.accounts.test_browser import log_in
from tests.conftest import PASSWORD
from tests.submission.helpers import submitted

pytestmark = pytest.mark.browser


def test_coauthor_registers_through_the_link_and_follows_the_manuscript(
        app, page, browser, live_server, make_user, outbox):
    author = make_user(email="zhangwei@example.org", name="张伟")
    make_user(email="wangwu@example.org", name="王五")
    with app.test_request_context("/"):
        manuscript = submitted(author, co_authors=[{"name": "李娜", "email": "lina@example.org"}])
        db.session.commit()
        number, title = manuscript.number, manuscript.title_zh
    [mail] = [m for m in outbox.deliver() if m["To"] == "lina@example.org"]
    link = re.search(r"https?://\S+(/authorship/\S+)", mail.get_body(("plain",)).get_content())[1]

    intruder = browser.new_context(base_url=live_server.url, locale="zh-CN").new_page()
    log_in(intruder, "wangwu@example.org", PASSWORD)
    intruder.goto(link)
    assert "您当前登录的是 wangwu@example.org" in intruder.content()
    intruder.context.close()

    page.goto(link)
    assert "lina@example.org" in page.content() and number in page.content()
    page.get_by_label("姓名", exact=True).fill("李娜")
    page.get_by_label("密码").fill(PASSWORD)
    page.click("button:has-text('注册账号并确认')")
    assert "作者身份已确认" in page.content()
    page.get_by_label("电子邮箱").fill("lina@example.org")  # the login page, back to the paper
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    assert page.locator("h1").inner_text() == title
    page.goto("/manuscripts/")
    assert number in page.content()
