"""Article DOIs: given when an article is scheduled (by its place in the issue), frozen at
publication, imported with legacy articles, and shown wherever the article is described."""

import json
import xml.etree.ElementTree as ET

import pytest
from lxml import etree

from core.extensions import db
from journal.models import get_journal
from publishing import services
from publishing.build import build_site
from publishing.dois import DoiTaken
from publishing.legacy import LegacyImportError, import_file
from publishing.models import Article
from tests.factories import make_column
from tests.publishing.conftest import accepted
from tests.publishing.test_build import Meta, site  # noqa: F401 - fixture

DOI1, DOI2 = "10.12345/hbkjty.2026.1.001", "10.12345/hbkjty.2026.1.002"


@pytest.fixture
def prefix(app_ctx, author_id):
    get_journal().doi_prefix = "10.12345"
    db.session.commit()


@pytest.fixture
def issue(editor):
    return services.create_issue(editor, year=2026, number=1, volume=39)


def test_no_prefix_no_dois(editor, author_id, issue):
    assert services.schedule(accepted(author_id), issue, editor).doi is None


def test_scheduling_numbers_the_issue_and_the_order_renumbers_it(prefix, editor, author_id,
                                                                 issue):
    first = services.schedule(accepted(author_id), issue, editor)
    second = services.schedule(accepted(author_id), issue, editor)
    assert (first.doi, second.doi) == (DOI1, DOI2)
    services.arrange(first, editor, position=9, page_start=None, page_end=None)
    assert (first.doi, second.doi) == (DOI2, DOI1)  # swapped in one go, unique all along
    services.unschedule(second, editor)
    assert second.doi is None and first.doi == DOI1


def test_publication_freezes_the_doi(prefix, editor, publish):
    issue = publish(n=2)
    dois = [a.doi for a in issue.articles]
    assert dois == [DOI1, DOI2]
    journal = get_journal()
    journal.doi_prefix, journal.doi_suffix_pattern = "10.99999", "x.{id}"
    article = issue.articles[0]
    services.update_metadata(article, editor, {"title_zh": "改"}, note_zh="更正题名。")
    services.add_correction(article, editor, "再次更正。")
    db.session.commit()
    assert [a.doi for a in issue.articles] == dois


def test_a_doi_another_article_has_is_refused(prefix, editor, author_id, issue):
    db.session.add(Article(path="qikandaodu/2020/0720/1.html", legacy=True, title_zh="旧",
                           doi=DOI1))
    db.session.flush()
    with pytest.raises(DoiTaken, match="10.12345/hbkjty.2026.1.001"):
        services.schedule(accepted(author_id), issue, editor)


def test_the_doi_is_everywhere_the_article_is_described(site, prefix, publish):  # noqa: F811
    article = publish(n=1).articles[0]
    build_site()
    base = site / article.path.removesuffix(".html")
    page = (site / article.path).read_text()
    meta = Meta()
    meta.feed(page)
    assert meta.values("citation_doi") == [DOI1]
    assert f"https://doi.org/{DOI1}" in meta.values("DC.identifier")
    assert f'DOI: <a href="https://doi.org/{DOI1}">' in page
    assert f"39(1): 1-8. DOI:{DOI1}</p>" in page  # GB/T 7714
    assert f"1–8. https://doi.org/{DOI1}</p>" in page  # APA
    assert f"  doi = {{{DOI1}}}," in (site / f"{base}.bib").read_text()
    assert f"DO  - {DOI1}\r\n" in (site / f"{base}.ris").read_bytes().decode()
    jats = etree.parse(str(site / f"{base}.xml")).getroot()
    assert jats.xpath("front/article-meta/article-id[@pub-id-type='doi']/text()") == [DOI1]
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9",
          "dc": "http://purl.org/dc/elements/1.1/"}
    sitemap = ET.parse(site / "sitemap.xml").getroot()
    entry = next(u for u in sitemap.findall("s:url", ns)
                 if u.findtext("s:loc", namespaces=ns).endswith("/" + article.path))
    assert entry.findtext("dc:identifier", namespaces=ns) == f"https://doi.org/{DOI1}"


ROW = {"url": "/qikandaodu/2020/0720/345.html", "title_zh": "旧站文章",
       "doi": "https://doi.org/10.12345/hbkjty.2020.4.007"}


def _import(tmp_path, rows):
    source = tmp_path / "old.json"
    source.write_text(json.dumps(rows, ensure_ascii=False))
    return import_file(str(source))


def test_legacy_articles_bring_their_doi(app_ctx, tmp_path):
    _import(tmp_path, [ROW])
    assert db.session.query(Article).one().doi == "10.12345/hbkjty.2020.4.007"
    with pytest.raises(LegacyImportError, match="row 1: doi must look like"):
        _import(tmp_path, [ROW | {"doi": "not a doi"}])
    with pytest.raises(LegacyImportError, match="row 2: the DOI 10.12345/hbkjty.2020.4.007"):
        _import(tmp_path, [ROW, ROW | {"url": "/qikandaodu/2020/0720/346.html"}])


def test_the_editors_pages_show_the_doi(client, login, prefix, editor, author_id, issue):
    login(client, editor.id)
    article = services.schedule(accepted(author_id, column=make_column()), issue, editor)
    db.session.commit()
    assert DOI1 in client.get(f"/editor/issues/{issue.id}").get_data(as_text=True)
    assert DOI1 in client.get(f"/editor/articles/{article.id}").get_data(as_text=True)
