"""The app serves the built site at the public URLs, with validators and cache headers."""

import shutil
from pathlib import Path

import pytest

from publishing.build import build_site


@pytest.fixture
def built(app, publish):
    root = Path(app.config["SITE_DIR"])
    shutil.rmtree(root, ignore_errors=True)
    issue = publish(n=2)
    build_site()
    yield issue
    shutil.rmtree(root, ignore_errors=True)


def test_public_urls_come_from_the_built_site(client, built):
    article = built.articles[0]
    page = client.get(f"/{article.path}")
    assert page.status_code == 200 and page.content_type == "text/html; charset=utf-8"
    assert article.title_zh in page.get_data(as_text=True)
    assert page.headers["Cache-Control"] == "public, max-age=300"
    for url in ("/", "/en/", "/issues/2026/1/", "/archive/", "/archive/2026/", "/sitemap.xml",
                "/robots.txt", f"/columns/{article.column.slug}/",
                f"/{article.path.replace('.html', '.xml')}"):
        assert client.get(url).status_code == 200, url
    assert client.get("/feed.xml").content_type == "application/atom+xml; charset=utf-8"
    assert "期刊导读" in client.get("/").get_data(as_text=True)


def test_conditional_requests(client, built):
    url = f"/{built.articles[0].path}"
    first = client.get(url)
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    assert client.get(url, headers={"If-Modified-Since": modified}).status_code == 304
    assert client.get(url, headers={"If-None-Match": '"other"'}).status_code == 200
    head = client.head(url)
    assert head.status_code == 200 and head.get_data() == b""


def test_language_links_and_redirects(client, built):
    url = f"/{built.articles[0].path}"
    assert client.get(url + "?lang=en").headers["Location"] == "/en" + url
    assert client.get("/en" + url + "?lang=zh_CN").headers["Location"] == url
    assert client.get("/lang/en?next=/").headers["Location"] == "/en/"
    back = client.get("/lang/zh_CN?next=/en/issues/2026/1/")
    assert back.headers["Location"] == "/issues/2026/1/"


def test_hidden_files_and_unknown_paths_go_to_the_app(client, built, app):
    assert client.get("/.build/manifest.json").status_code == 404
    assert client.get("/../wsgi.py").status_code == 404
    assert client.get("/qikandaodu/2026/0101/999.html").status_code == 404
    assert client.get("/healthz").status_code == 200
    assert client.post("/").status_code == 405


def test_without_a_built_site_the_app_home_is_shown(client, app):
    shutil.rmtree(app.config["SITE_DIR"], ignore_errors=True)
    assert "河北科技图苑" in client.get("/").get_data(as_text=True)


def test_a_rebuilt_page_is_served_new_at_once(client, built, editor):
    from core.extensions import db
    from publishing import services

    article = built.articles[0]
    first = client.get(f"/{article.path}")
    services.add_correction(article, editor, "补充说明：图1有误。")
    db.session.commit()
    build_site()
    second = client.get(f"/{article.path}", headers={"If-None-Match": first.headers["ETag"]})
    assert second.status_code == 200 and "补充说明：图1有误。" in second.get_data(as_text=True)
