"""Browser journeys (Playwright on Chromium, CSRF on): a new author registers, confirms the
address from the mail, logs in and switches language; an editor rewrites a guideline page."""

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def path_of_link(message) -> str:
    body = message.get_body(("plain",)).get_content()
    link = next(word for word in body.split() if word.startswith("http"))
    return urlsplit(link).path


def log_in(page, email, password):
    page.goto("/account/login")
    page.get_by_label("电子邮箱").fill(email)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()


def test_author_registers_confirms_logs_in_and_switches_language(page, outbox, journal_pages):
    page.goto("/")
    page.get_by_role("link", name="注册").first.click()
    page.get_by_label("电子邮箱").fill("zhou.min@example.org")
    page.get_by_label("密码").fill("reading room at dawn")
    page.get_by_label("姓名", exact=True).fill("周敏")
    expect(page.get_by_label("姓名汉语拼音")).to_have_value("Zhou Min")  # suggested as typed
    page.get_by_label("工作单位").fill("河北工业大学图书馆")
    page.get_by_role("button", name="创建账号").click()
    expect(page.get_by_role("alert")).to_contain_text("确认链接")

    [mail] = outbox.deliver()
    page.goto(path_of_link(mail))
    expect(page.get_by_role("alert")).to_contain_text("已确认")

    log_in(page, "zhou.min@example.org", "reading room at dawn")
    expect(page.get_by_role("button", name="周敏")).to_be_visible()

    page.locator("#lang-menu").click()
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("link", name="Aims and Scope").first).to_be_visible()
    page.goto("/pages/receipt")  # remembered for this user on the next pages
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="Receipt of Manuscripts")).to_be_visible()


def test_editor_rewrites_a_guideline_page(page, make_user, journal_pages):
    make_user(email="bian.ji@example.org", roles=("editor",), name="编辑甲")
    log_in(page, "bian.ji@example.org", PASSWORD)
    page.goto("/pages/how-to-submit")
    page.get_by_role("link", name="编辑此页").click()
    page.get_by_label("正文（中文，Markdown）").fill(
        "## 在线投稿\n\n请登录后点击**投稿**。<script>document.title='x'</script>")
    page.get_by_role("button", name="预览").click()
    expect(page.get_by_role("heading", name="预览（尚未保存）")).to_be_visible()
    expect(page.locator(".prose h2").first).to_have_text("在线投稿")
    page.get_by_role("button", name="保存页面").click()

    expect(page).to_have_url(re.compile(r"/pages/how-to-submit$"))
    expect(page.get_by_role("heading", name="在线投稿")).to_be_visible()
    expect(page.locator("article strong")).to_have_text("投稿")
    assert page.title() != "x"  # the script was removed, not run
