"""The publish step: rendered pages, their metadata, and an incremental, atomic build."""

import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

from core.aftercommit import pending_after_commit
from core.extensions import db
from journal.models import GuidelinePage, get_journal
from publishing import services
from publishing.build import BuildBusy, build_lock, build_site
from publishing.models import Article
from publishing.tasks import render_site
from tests.factories import make_column
from tests.publishing.conftest import accepted, ready_article

SNAPSHOTS = Path(__file__).parent / "snapshots"
PROJECT_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def site(app, app_ctx):
    root = Path(app.config["SITE_DIR"])
    shutil.rmtree(root, ignore_errors=True)
    yield root
    shutil.rmtree(root, ignore_errors=True)


def files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and ".build" not in p.parts}


class Meta(HTMLParser):
    def __init__(self):
        super().__init__()
        self.meta: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and "name" in attrs:
            self.meta.append((attrs["name"], attrs.get("content", "")))

    def values(self, name):
        return [v for n, v in self.meta if n == name]


def snapshot_issue(editor, author_id):
    get_journal().doi_prefix = "10.12345"
    column = make_column(slug="theory", name_zh="理论研究", name_en="Theory")
    issue = services.create_issue(editor, year=2026, number=1, volume=39,
                                  publication_date=date(2026, 1, 1))
    manuscript = accepted(author_id, column=column, title_zh="高校图书馆数据服务研究",
                          title_en="Data Services in University Libraries",
                          abstract_zh="目的：探讨高校图书馆数据服务。",
                          abstract_en="Purpose: data services.",
                          keywords_zh=["数据服务", "高校图书馆"],
                          keywords_en=["data services", "library"],
                          funding="河北省社科基金（HB26TQ001）")
    ready_article(manuscript, issue, editor, pages=(12, 18))
    services.publish_issue(issue, editor)
    db.session.commit()
    return issue


def test_article_page_snapshot_and_meta_tags(site, editor, author_id):
    snapshot_issue(editor, author_id)
    build_site()
    page = (site / "qikandaodu/2026/0101/1.html").read_text()
    snapshot = SNAPSHOTS / "article_zh.html"
    if os.environ.get("UPDATE_SNAPSHOTS") or not snapshot.exists():
        snapshot.write_text(page)
    assert page == snapshot.read_text()

    meta = Meta()
    meta.feed(page)
    article = db.session.get(Article, 1)
    assert meta.values("citation_title")[0] == article.title_zh
    assert meta.values("citation_author") == [a["name"] for a in article.authors]
    assert meta.values("citation_author_institution") == ["河北大学图书馆", "河北大学图书馆"]
    assert meta.values("citation_publication_date") == ["2026/01/01"]
    assert meta.values("citation_journal_title") == ["河北科技图苑"]
    assert meta.values("citation_volume") == ["39"] and meta.values("citation_issue") == ["1"]
    assert meta.values("citation_firstpage") == ["12"]
    assert meta.values("citation_lastpage") == ["18"]
    assert meta.values("citation_keywords") == ["数据服务; 高校图书馆"]
    assert meta.values("DC.creator") == ["张伟", "李娜"]
    assert meta.values("DC.date") == ["2026-01-01"]
    assert meta.values("DC.identifier")[0].endswith("/qikandaodu/2026/0101/1.html")
    assert not meta.values("citation_pdf_url")  # no galley
    assert "文章来源：《河北科技图苑》2026年第1期，第12-18页" in page
    assert ("张伟, 李娜. 高校图书馆数据服务研究[J]. 河北科技图苑, 2026, 39(1): 12-18. "
            "DOI:10.12345/hbkjty.2026.1.001") in page
    assert meta.values("citation_doi") == ["10.12345/hbkjty.2026.1.001"]
    assert meta.values("DC.identifier")[1] == "https://doi.org/10.12345/hbkjty.2026.1.001"
    assert "<table>" in page and "<ol>" in page and "<h2>1 引言</h2>" in page
    english = (site / "en/qikandaodu/2026/0101/1.html").read_text()
    assert ('<h1 class="h3 article-title" lang="en">Data Services in University Libraries</h1>'
            in english)
    assert "Zhang Wei<sup>1</sup>" in english


def test_galley_is_linked_and_copied(site, editor, author_id, publish):
    import io

    from pypdf import PdfWriter

    issue = publish(n=1)
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    pdf = io.BytesIO()
    writer.write(pdf)
    services.attach_galley(issue.articles[0], editor, pdf.getvalue(), "galley.pdf")
    db.session.commit()
    build_site()
    base = issue.articles[0].path.removesuffix(".html")
    assert (site / f"{base}.pdf").read_bytes() == pdf.getvalue()
    meta = Meta()
    meta.feed((site / issue.articles[0].path).read_text())
    assert meta.values("citation_pdf_url")[0].endswith(f"/{base}.pdf")


def test_sitemap_feed_robots_and_jats(site, publish):
    issue = publish(n=2)
    build_site()
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    sitemap = ET.parse(site / "sitemap.xml").getroot()
    locs = [u.findtext("s:loc", namespaces=ns) for u in sitemap.findall("s:url", ns)]
    for article in issue.articles:
        assert any(loc.endswith("/" + article.path) for loc in locs)
        assert any(loc.endswith("/en/" + article.path) for loc in locs)
    assert any(loc.endswith("/issues/2026/1/") for loc in locs)

    atom = {"a": "http://www.w3.org/2005/Atom"}
    feed = ET.parse(site / "feed.xml").getroot()
    entries = feed.findall("a:entry", atom)
    assert len(entries) == 2
    assert {e.findtext("a:title", namespaces=atom) for e in entries} == {
        a.title_zh for a in issue.articles}
    assert feed.findtext("a:updated", namespaces=atom) == "2026-01-01T00:00:00Z"
    assert "Sitemap:" in (site / "robots.txt").read_text()

    article = issue.articles[0]
    root = ET.parse(site / article.path.replace(".html", ".xml")).getroot()
    assert root.tag == "article" and root.get("dtd-version") == "1.3"
    assert [child.tag for child in root] == ["front", "body"]
    meta = root.find("front/article-meta")
    order = [child.tag for child in meta]
    expected = ["article-id", "title-group", "contrib-group", "aff", "pub-date", "volume",
                "issue", "fpage", "lpage", "history", "self-uri", "abstract", "trans-abstract",
                "kwd-group"]
    assert [t for t in order if t in expected] == sorted(
        [t for t in order if t in expected], key=expected.index)
    assert meta.findtext("title-group/article-title") == article.title_zh
    assert [c.findtext("string-name") for c in meta.findall("contrib-group/contrib")] == [
        "张伟", "李娜"]
    assert meta.find("contrib-group/contrib/xref").get("rid") == "aff1"
    assert meta.find("aff").get("id") == "aff1"
    assert meta.findtext("fpage") == "1" and meta.findtext("lpage") == "8"
    assert [k.text for k in meta.findall("kwd-group/kwd")][:3] == article.keywords_zh
    body = root.find("body")
    assert [s.findtext("title") for s in body.findall("sec")] == ["1 引言", "2 方法"]
    assert body.find("sec/list").get("list-type") == "order"
    assert body.find("sec/table-wrap/table/tr/td").text == "指标"
    ris = (site / article.path.replace(".html", ".ris")).read_text()
    assert ris.startswith("TY  - JOUR") and "AU  - 张伟" in ris and ris.rstrip().endswith("ER  -")
    bib = (site / article.path.replace(".html", ".bib")).read_text()
    assert bib.startswith("@article{hbkjty2026_") and "author = {张伟 and 李娜}" in bib


def test_build_is_deterministic_and_a_second_build_writes_nothing(site, app, publish):
    publish(n=3, columns=2)
    first = build_site()
    assert first.written
    before = files(site)
    second = build_site()
    assert second.written == [] and second.rendered == 0
    full = build_site(full=True)
    assert full.written == [] and full.rendered == full.pages
    shutil.rmtree(site)
    build_site()
    assert files(site) == before  # same data, same bytes


def test_a_change_to_one_article_rewrites_only_the_pages_that_show_it(site, editor, publish):
    issue = publish(n=4, columns=2)
    build_site()
    article = issue.articles[0]
    services.update_metadata(article, editor, {"title_zh": "更正后的题名"},
                             note_zh="题名有误，已更正。", note_en="The title was corrected.")
    db.session.commit()
    report = build_site()
    base = article.path.removesuffix(".html")
    column_slug = article.column.slug
    # English listings show the English title, which did not change; the feed is the home
    # page's feed.
    expected = {article.path, f"en/{article.path}", f"{base}.xml", f"{base}.ris", f"{base}.bib",
                "issues/2026/1/index.html", f"columns/{column_slug}/index.html", "index.html",
                "feed.xml"}
    assert set(report.written) == expected
    page = (site / article.path).read_text()
    assert "更正后的题名" in page
    assert re.search(r"\d{4}-\d{2}-\d{2}.{0,40}</strong>: 题名有误，已更正。", page)


def test_editing_a_guideline_page_republishes_it(site, publish):
    publish(n=1)
    db.session.add(GuidelinePage(slug="aims", title_zh="刊物宗旨", title_en="Aims", body_zh="旧"))
    db.session.commit()
    build_site()
    page = db.session.query(GuidelinePage).one()
    page.body_zh = "新的办刊宗旨"
    db.session.commit()
    report = build_site()
    assert set(report.written) == {"pages/aims.html", "en/pages/aims.html"}
    assert "新的办刊宗旨" in (site / "pages/aims.html").read_text()


def test_a_second_build_is_refused_or_waits(site, app):
    state = site / ".build"
    with build_lock(state, wait=True):
        with pytest.raises(BuildBusy):
            build_site(wait=False)
        # a build in another process waits for the lock: it is still running after a while
        proc = subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "wsgi", "site", "build"],
            cwd=PROJECT_ROOT, env=_env(app), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        with pytest.raises(subprocess.TimeoutExpired):
            proc.wait(timeout=3)
        refused = subprocess.run(
            [sys.executable, "-m", "flask", "--app", "wsgi", "site", "build", "--no-wait"],
            cwd=PROJECT_ROOT, env=_env(app), capture_output=True, text=True, timeout=60)
        assert refused.returncode != 0 and "another site build is running" in refused.stderr
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert b"written=" in out
    assert (site / "index.html").exists()


def _env(app):
    env = dict(os.environ)
    env.update(DATABASE_URL=app.config["SQLALCHEMY_DATABASE_URI"], SITE_DIR=app.config["SITE_DIR"],
               UPLOAD_DIR=app.config["UPLOAD_DIR"], CELERY_BROKER_URL="memory://",
               SECRET_KEY="test-secret",
               # the same public address as the test's app (not a running install's)
               BASE_URL=app.config["BASE_URL"])
    return env


KILLER = """
import os, signal, sys
from publishing import build
real = build.write_atomic
count = {"n": 0}
def dying(target, content):
    count["n"] += 1
    if count["n"] == int(sys.argv[1]):
        # die in the middle of writing: half the temporary file is on disk
        import tempfile
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        os.write(fd, content[: len(content) // 2])
        os.kill(os.getpid(), signal.SIGKILL)
    real(target, content)
build.write_atomic = dying
from wsgi import app
with app.app_context():
    build.build_site()
"""


def test_a_build_killed_midway_leaves_every_page_old_or_new(site, app, editor, publish):
    issue = publish(n=3)
    build_site()
    old = files(site)
    for article in issue.articles:
        services.update_metadata(article, editor, {"title_zh": article.title_zh + "（修订）"},
                                 note_zh="题名修订。")
    db.session.commit()
    killed = subprocess.run([sys.executable, "-c", KILLER, "4"], cwd=PROJECT_ROOT,
                            env=_env(app), capture_output=True, timeout=120)
    assert killed.returncode == -9
    after_kill = files(site)
    assert any(p.endswith(".tmp") for p in map(str, site.rglob(".*.tmp")))
    build_site()
    new = files(site)
    assert set(old) <= set(new)
    changed_somewhere = False
    for path, content in after_kill.items():
        if path.split("/")[-1].startswith("."):
            continue  # the half-written temporary file, never served
        assert content in (old.get(path), new.get(path)), path
        changed_somewhere |= content != old.get(path)
    assert changed_somewhere  # the killed build had replaced some pages
    assert not list(site.rglob(".*.tmp"))  # the next build cleaned up
    assert "（修订）" in (site / issue.articles[0].path).read_text()


def test_a_parallel_build_writes_the_same_bytes(site, app, publish, monkeypatch):
    from publishing import build

    publish(n=3, columns=2)
    build_site()
    sequential = files(site)
    shutil.rmtree(site)
    monkeypatch.setattr(build, "PARALLEL_FROM", 1)
    monkeypatch.setitem(app.config, "SITE_BUILD_WORKERS", 2)
    report = build_site()
    assert files(site) == sequential and len(report.written) == len(sequential)
    assert db.session.get(Article, 1).title_zh  # the parent's connection still works


def test_admin_edits_ask_for_a_site_build(app, editor):
    from accounts.models import Role
    from journal.admin_services import save_column, update_guideline_page

    editor.grant(Role.ADMIN)
    page = GuidelinePage(slug="aims", title_zh="刊物宗旨", title_en="Aims")
    db.session.add(page)
    db.session.commit()
    update_guideline_page(page, {"body_zh": "新宗旨"}, actor=editor)
    assert pending_after_commit() == [(render_site.name, ())]
    db.session.rollback()
    save_column(None, {"name_zh": "新栏目", "name_en": "New"}, actor=editor)
    assert pending_after_commit() == [(render_site.name, ())]
    db.session.rollback()


def test_article_page_shows_the_front_matter_once(site, editor, author_id):
    """The final file carries title, byline, abstracts and codes like every manuscript; the
    page shows them from the metadata and its full text starts at the body."""
    from submission.samples import sample_docx

    column = make_column(slug="theory", name_zh="理论研究", name_en="Theory")
    issue = services.create_issue(editor, year=2026, number=1, volume=39,
                                  publication_date=date(2026, 1, 1))
    manuscript = accepted(author_id, column=column, title_zh="高校图书馆数据服务研究",
                          title_en="Data Services in University Libraries",
                          abstract_en="Purpose: data services.",
                          keywords_en=["data services", "library"],
                          abstract_zh="目的：探讨高校图书馆开展科研数据服务的路径。",
                          keywords_zh=["数据服务", "高校图书馆"])
    article = services.schedule(manuscript, issue, editor)
    services.arrange(article, editor, position=article.position, page_start=1, page_end=8)
    services.attach_final(article, editor, sample_docx(), "final.docx")
    services.publish_issue(issue, editor)
    db.session.commit()
    build_site()
    page = (site / "qikandaodu/2026/0101/1.html").read_text()
    snapshot = SNAPSHOTS / "article_front_matter_zh.html"
    if os.environ.get("UPDATE_SNAPSHOTS") or not snapshot.exists():
        snapshot.write_text(page)
    assert page == snapshot.read_text()
    body = page.split("<body", 1)[1]  # the meta tags in <head> carry the abstract too
    assert body.count("目的：探讨高校图书馆开展科研数据服务的路径") == 1
    assert body.count("<h1") == 1 and body.count("高校图书馆数据服务研究</") == 1
    assert "张伟（河北大学图书馆" not in body
    assert body.count("中图分类号") == 1 and "Key words:" not in body
