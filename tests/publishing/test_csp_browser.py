"""Under the Content-Security-Policy, the public site and the app's pages still work in a real
browser, and the browser reports no blocked script, style or request on them."""

import pytest
from playwright.sync_api import expect

from core.extensions import db
from publishing.build import build_site
from tests.accounts.test_browser import log_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def watch_for_violations(page) -> list[str]:
    seen: list[str] = []
    page.on("console", lambda message: seen.append(message.text)
            if "Content Security Policy" in message.text else None)
    return seen


def test_site_and_app_pages_work_and_nothing_is_blocked(page, live_server, app, publish,
                                                       make_user, journal_pages):
    issue = publish(n=2)
    db.session.commit()
    build_site()
    article = issue.articles[0]
    blocked = watch_for_violations(page)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"],
                                   origin=live_server.url)

    page.goto("/" + article.path)  # the static site, served under the same policy
    page.locator("button[data-copy='cite-gbt7714']").click()
    page.locator(".copied").first.wait_for(state="visible")  # site.js ran

    page.goto("/account/register")
    page.get_by_label("姓名", exact=True).fill("周敏")
    expect(page.get_by_label("姓名汉语拼音")).to_have_value("Zhou Min")  # pinyin.js fetched

    make_user(email="reader@example.org", name="读者甲")
    log_in(page, "reader@example.org", PASSWORD)
    page.goto("/account/profile")  # "/" is the built site now, which has no account menu
    page.get_by_role("button", name="读者甲").click()  # Bootstrap's dropdown (its own script)
    expect(page.get_by_role("link", name="个人资料")).to_be_visible()
    for path in ("/", "/pages/aims", "/account/profile", "/no/such/page"):
        page.goto(path)
    assert blocked == []
