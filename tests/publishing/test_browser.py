"""A reader's journey on the public site."""

import pytest

from core.extensions import db
from publishing import services
from publishing.build import build_site

pytestmark = pytest.mark.browser


def test_a_reader_finds_cites_and_searches(page, live_server, app, editor, publish):
    issue = publish(n=3, columns=2)
    article = issue.articles[1]
    services.update_metadata(article, editor, {"title_zh": "区块链技术在高校图书馆的应用",
                                               "keywords_zh": ["区块链", "高校图书馆"]},
                             note_zh="题名更正")
    db.session.commit()
    build_site()
    page.context.grant_permissions(["clipboard-read", "clipboard-write"],
                                   origin=live_server.url)

    page.goto("/")
    assert page.locator("h2#latest").inner_text() == "期刊导读"
    page.get_by_role("link", name="2026年第1期（第39卷）").first.click()
    assert page.url.endswith("/issues/2026/1/")
    page.get_by_role("link", name="区块链技术在高校图书馆的应用").click()
    assert page.url.endswith("/" + article.path)
    assert page.locator("h1").inner_text() == "区块链技术在高校图书馆的应用"

    page.locator("button[data-copy='cite-gbt7714']").click()
    page.locator(".copied").first.wait_for(state="visible")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == (f"张伟, 李娜. 区块链技术在高校图书馆的应用[J]. 河北科技图苑, 2026, 39(1): "
                      f"{article.page_start}-{article.page_end}.")

    page.get_by_label("检索文章").fill("区块链")
    page.get_by_role("button", name="检索").click()
    results = page.locator(".search-results li")
    assert results.count() == 1
    assert "区块链技术在高校图书馆的应用" in results.first.inner_text()
    results.first.get_by_role("link").click()
    assert page.url.endswith("/" + article.path)

    page.get_by_role("link", name="English").click()
    assert page.url.endswith("/en/" + article.path)
    assert page.locator("h2#cite-title").inner_text() == "How to cite"
