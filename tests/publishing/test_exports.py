"""Exports for the indexing databases: DOAJ's article XML element by element, the vendors'
zip (metadata workbook and PDF galleys), their reproducibility, and the editors' downloads."""

import io
import zipfile
from datetime import date

import pytest
import time_machine
from flask import current_app, g
from lxml import etree
from openpyxl import load_workbook

from core.extensions import db
from journal.models import get_journal
from publishing import exports, services
from tests.publishing.conftest import accepted, galley_pdf, ready_article

ORCID = "0000-0002-1825-0097"


@pytest.fixture
def issue(app_ctx, editor, publish):
    journal = get_journal()
    journal.doi_prefix, journal.issn = "10.12345", "1234-5678"
    journal.sponsor_en = "Hebei Society for Library Science"
    db.session.commit()
    issue = publish(n=2, funding="河北省社会科学基金（HB25TQ001）",
                    keywords_zh=["科研数据", "高校图书馆"],
                    keywords_en=["research data", "library"])
    services.attach_galley(issue.articles[0], editor, galley_pdf(), "galley.pdf")
    db.session.commit()
    return issue


def test_doaj_records_carry_what_the_journal_fills(issue, editor):
    root = etree.fromstring(exports.doaj_file(exports.issue_batch(issue, editor)).data)
    assert root.tag == "records"
    records = root.findall("record")
    assert len(records) == 2
    record, article = records[0], issue.articles[0]
    assert [child.tag for child in record] == [
        "language", "publisher", "journalTitle", "issn", "publicationDate", "volume", "issue",
        "startPage", "endPage", "doi", "publisherRecordId", "documentType", "title", "title",
        "authors", "affiliationsList", "abstract", "abstract", "fullTextUrl", "keywords",
        "keywords"]
    text = {child.tag: child.text for child in record}
    assert text["language"] == "chi"
    assert text["publisher"] == "Hebei Society for Library Science"
    assert text["journalTitle"] == get_journal().name_zh
    assert text["issn"] == "1234-5678"
    assert text["publicationDate"] == "2026-01-01"
    assert (text["volume"], text["issue"], text["startPage"], text["endPage"]) == \
        ("39", "1", "1", "8")
    assert text["doi"] == article.doi == "10.12345/hbkjty.2026.1.001"
    assert text["publisherRecordId"] == str(article.id)
    assert text["documentType"] == "article"
    titles = record.findall("title")
    assert [(t.get("language"), t.text) for t in titles] == [
        ("chi", article.title_zh), ("eng", article.title_en)]
    assert [(a.get("language"), a.text) for a in record.findall("abstract")] == [
        ("chi", article.abstract_zh), ("eng", article.abstract_en)]
    authors = record.findall("authors/author")
    assert [[(c.tag, c.text) for c in a] for a in authors] == [
        [("name", "Zhang Wei"), ("affiliationId", "1"),
         ("orcid_id", f"https://orcid.org/{ORCID}")],
        [("name", "Li Na"), ("affiliationId", "1")]]
    affiliations = record.findall("affiliationsList/affiliationName")
    assert [(a.get("affiliationId"), a.text) for a in affiliations] == [
        ("1", "Hebei University Library")]
    url = record.find("fullTextUrl")
    assert url.get("format") == "html"
    assert url.text == f"{current_app.config['BASE_URL'].rstrip('/')}/{article.path}"
    keywords = record.findall("keywords")
    assert [(k.get("language"), [w.text for w in k]) for k in keywords] == [
        ("chi", ["科研数据", "高校图书馆"]), ("eng", ["research data", "library"])]
    assert root.get("{http://www.w3.org/2001/XMLSchema-instance}noNamespaceSchemaLocation") \
        .endswith("doajArticles.xsd")


def _unzip(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_the_vendors_zip_holds_the_workbook_and_the_pdfs(issue, editor):
    export = exports.metadata_zip(exports.issue_batch(issue, editor))
    assert export.filename == "metadata-2026-1.zip"
    files = _unzip(export.data)
    assert list(files) == ["metadata-2026-1.xlsx", "hbkjty.2026.1.001.pdf"]
    assert files["hbkjty.2026.1.001.pdf"] == galley_pdf()
    sheet = load_workbook(io.BytesIO(files["metadata-2026-1.xlsx"])).active
    rows = list(sheet.iter_rows(values_only=True))
    header, first, second = rows
    row = dict(zip(header, first, strict=True))
    article = issue.articles[0]
    assert row["中文题名 Title (zh)"] == article.title_zh
    assert row["英文题名 Title (en)"] == article.title_en
    assert row["作者 Authors"] == "张伟[1]；李娜[1]"
    assert row["作者单位 Affiliations"] == "[1]河北大学图书馆，保定 071002"
    assert row["英文作者 Authors (pinyin)"] == "Zhang Wei[1]; Li Na[1]"
    assert row["英文单位 Affiliations (en)"] == "[1]Hebei University Library, 保定 071002"
    assert row["中文摘要 Abstract (zh)"] == article.abstract_zh
    assert row["英文摘要 Abstract (en)"] == article.abstract_en
    assert row["中文关键词 Keywords (zh)"] == "科研数据；高校图书馆"
    assert row["英文关键词 Keywords (en)"] == "research data; library"
    assert row["中图分类号 CLC number"] == "G250"
    assert row["文献标识码 Document code"] == "A"
    assert row["基金项目 Funding"] == "河北省社会科学基金（HB25TQ001）"
    assert (row["年 Year"], row["卷 Volume"], row["期 Issue"], row["页码 Pages"]) == \
        (2026, 39, 1, "1-8")
    assert row["DOI"] == article.doi
    assert row["URL"].endswith(f"/{article.path}")
    assert row["PDF 文件 PDF file"] == "hbkjty.2026.1.001.pdf"
    assert dict(zip(header, second, strict=True))["PDF 文件 PDF file"] is None  # no galley


def test_an_export_is_the_same_bytes_for_the_same_data(issue, editor):
    def both():
        batch = exports.issue_batch(issue, editor)
        return exports.doaj_file(batch).data, exports.metadata_zip(batch).data

    first = both()
    with time_machine.travel("2031-05-06 07:08:09", tick=False):
        again = both()
    assert again == first
    moment = exports.issue_batch(issue, editor).moment  # the last change of its articles
    with zipfile.ZipFile(io.BytesIO(first[1])) as archive:
        for info in archive.infolist():
            assert info.external_attr >> 16 == 0o100644
            # (a zip keeps times to 2 seconds)
            assert info.date_time == (*moment.timetuple()[:5], moment.second // 2 * 2)
    with time_machine.travel("2031-05-06 07:08:09", tick=False):
        services.update_metadata(issue.articles[1], editor, {"title_en": "A corrected title"},
                                 note_en="The English title was corrected.")
        db.session.commit()
    changed = both()
    assert changed[0] != first[0] and changed[1] != first[1]
    props = load_workbook(io.BytesIO(_unzip(changed[1])["metadata-2026-1.xlsx"])).properties
    assert props.creator == get_journal().name_zh
    assert props.modified.year == props.created.year == 2031  # the last change, not "now"


def test_a_year_gathers_its_published_issues(issue, editor, author_id):
    later = services.create_issue(editor, year=2026, number=2, volume=39,
                                  publication_date=date(2026, 3, 1))
    ready_article(accepted(author_id, column=issue.articles[0].column), later, editor)
    db.session.commit()
    batch = exports.year_batch(2026, editor)
    assert [a["id"] for a in batch.articles] == [a.id for a in issue.articles]  # 2 is planned
    with pytest.raises(services.PublishingError, match="no published articles of 2026-2"):
        exports.issue_batch(later, editor)
    with pytest.raises(services.PublishingError, match="no published articles of 2025"):
        exports.year_batch(2025, editor)


def test_editors_download_from_the_issue_and_the_year(client, login, issue, editor):
    # the client's requests share the test's app context: forget who publishing ran as
    g.pop("_login_user", None)
    login(client, editor.id)
    page = client.get(f"/editor/issues/{issue.id}").get_data(as_text=True)
    assert f"/editor/issues/{issue.id}/doaj.xml" in page
    assert "/editor/years/2026" in client.get("/editor/issues").get_data(as_text=True)
    year = client.get("/editor/years/2026").get_data(as_text=True)
    assert "/editor/years/2026/metadata.zip" in year
    assert f"/editor/issues/{issue.id}/metadata.zip" in year
    for url, kind in (("/editor/years/2026/doaj.xml", "application/xml"),
                      (f"/editor/issues/{issue.id}/metadata.zip", "application/zip")):
        response = client.get(url)
        assert response.status_code == 200 and response.mimetype == kind
        assert response.headers["Content-Disposition"].startswith("attachment; filename=")
    assert client.get("/editor/years/2025/doaj.xml").status_code == 409
