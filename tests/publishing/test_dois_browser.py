"""A reader sees the article's DOI on its page and copies a citation that carries it."""

import pytest

from publishing.build import build_site
from tests.publishing.test_dois import DOI1, prefix  # noqa: F401 - the fixture

pytestmark = pytest.mark.browser


def test_the_doi_on_the_article_page_and_in_the_citations(page, live_server, prefix,  # noqa: F811
                                                           publish):
    article = publish(n=1).articles[0]
    build_site()
    page.context.grant_permissions(["clipboard-read", "clipboard-write"],
                                   origin=live_server.url)
    page.goto("/" + article.path)
    link = page.get_by_role("link", name=f"https://doi.org/{DOI1}").first
    assert link.is_visible() and link.get_attribute("href") == f"https://doi.org/{DOI1}"
    page.locator("button[data-copy='cite-gbt7714']").click()
    page.locator(".copied").first.wait_for(state="visible")
    assert page.evaluate("navigator.clipboard.readText()").endswith(
        f"39(1): 1-8. DOI:{DOI1}")
    page.goto("/en/" + article.path)
    assert f"https://doi.org/{DOI1}" in page.locator("#cite-apa").inner_text()
