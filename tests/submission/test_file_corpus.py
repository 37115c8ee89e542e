"""Real files, made by several programs: the reading a person would give each PDF, and the
message each file we cannot take gets (in both languages), with nothing left behind."""

import io
import re
import zipfile
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from core.extensions import db
from submission import files
from submission.compliance import blocking_items, build_report, read_parts
from submission.models import ManuscriptFile
from submission.samples import sample_docx
from tests.submission import pdf_corpus
from tests.submission.helpers import ready_draft

LAYOUTS = ["word", "justified", "two-column"]
JOURNAL = SimpleNamespace(title_max_chars=20, abstract_min_chars=200, abstract_max_chars=300,
                          keywords_min=3, keywords_max=8, length_limit_chars=8000)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def pdfs():
    made = {layout: pdf_corpus.weasyprint_pdf(layout) for layout in LAYOUTS}
    made["handmade"] = pdf_corpus.handmade_pdf()
    return made


@pytest.mark.parametrize("layout", [*LAYOUTS, "handmade"])
def test_a_compliant_pdf_reads_as_a_person_reads_it(pdfs, layout):
    found = read_parts(files.pdf_paragraphs(pdfs[layout]))
    expected = pdf_corpus.EXPECTED
    assert found.title == expected["title_zh"]
    assert found.abstract == expected["abstract_zh"]  # whole, not its first line
    assert found.keywords == expected["keywords_zh"]
    assert found.abstract_en == expected["abstract_en"]
    assert found.keywords_en == expected["keywords_en"]
    assert (found.clc_number, found.document_code) == ("G250.7", "A")
    # six entries, split by their numbers, each read whole
    assert [squeeze(r) for r in found.references] == [squeeze(r) for r in expected["references"]]


@pytest.mark.parametrize("layout", [*LAYOUTS, "handmade"])
def test_a_compliant_pdf_passes_the_rules_a_compliant_word_file_passes(pdfs, layout):
    from submission.pdftext import pdf_paragraphs

    report = build_report(pdf_paragraphs(pdfs[layout]), JOURNAL, None, None)
    assert blocking_items(report) == []
    word = build_report(files.docx_paragraphs(sample_docx(references=pdf_corpus.REFERENCES)),
                        JOURNAL, None, None)
    outcome = {i["code"]: i["passed"] for i in report["items"]}
    assert outcome == {i["code"]: i["passed"] for i in word["items"]}


def test_running_heads_and_page_numbers_are_not_read_into_the_text():
    from weasyprint import HTML

    body = "".join(f"<p>[{n}] 王芳. 数据馆员研究[M]. 北京: 科学出版社, 2019.</p>"
                   for n in range(1, 80))
    data = HTML(string=f"""<html><head><style>@page {{ margin: 2cm;
        @top-center {{ content: "河北科技图苑"; }} @bottom-center {{ content: counter(page); }} }}
        body {{ font-family: "WenQuanYi Micro Hei"; }}</style></head>
        <body><p>参考文献</p>{body}</body></html>""").write_pdf()
    found = read_parts(files.pdf_paragraphs(data))
    assert len(found.references) == 79
    assert all(r.endswith("2019.") for r in found.references)
    assert not any("河北科技图苑" in p for p in files.pdf_paragraphs(data))


# --------------------------------------------------------------------------- files we refuse


def _docx_with(extra: dict[str, bytes], content_types: bytes | None = None) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(sample_docx()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "[Content_Types].xml" and content_types:
                data = data.replace(b"wordprocessingml.document.main+xml", content_types)
            target.writestr(item, data)
        for name, data in extra.items():
            target.writestr(name, data)
    return out.getvalue()


def _empty_docx() -> bytes:
    import docx

    out = io.BytesIO()
    docx.Document().save(out)
    return out.getvalue()


def _odt() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        z.writestr("content.xml", "<office:document-content/>")
    return out.getvalue()


def _encrypted_pdf(pdfs) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdfs["word"])))
    writer.encrypt(user_password="secret", owner_password="owner")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _scanned_pdf() -> bytes:
    from weasyprint import HTML

    return HTML(string='<div style="width:15cm;height:20cm;background:#ccc"></div>').write_pdf()


OLE2 = files.OLE2_MAGIC + bytes(504)
CASES = {
    "empty file": (lambda p: b"", files.EMPTY_FILE),
    "Word file with no text": (lambda p: _empty_docx(), files.EMPTY_TEXT),
    "macro-enabled Word file": (lambda p: _docx_with(
        {"word/vbaProject.bin": b"\0" * 64},
        b"ms-word.document.macroEnabled.main+xml"), files.MACRO_DOCX),
    "Word 97-2003 .doc": (lambda p: OLE2 + b"WordDocument".decode().encode("utf-16-le"),
                          files.OLD_DOC),
    "password-protected Word file": (lambda p: OLE2 + "EncryptedPackage".encode("utf-16-le"),
                                     files.ENCRYPTED_OFFICE),
    "truncated Word file": (lambda p: sample_docx()[:6000], files.TRUNCATED_DOCX),
    "OpenDocument text": (lambda p: _odt(), files.ODT),
    "Rich Text": (lambda p: b"{\\rtf1\\ansi hello}", files.RTF),
    "password-protected PDF": (_encrypted_pdf, files.ENCRYPTED_PDF),
    "scanned PDF": (lambda p: _scanned_pdf(), files.SCANNED_PDF),
    "damaged PDF": (lambda p: b"%PDF-1.7\n" + b"garbage " * 100, files.BROKEN_PDF),
    "PNG picture": (lambda p: b"\x89PNG\r\n\x1a\n" + bytes(100), files.NOT_ALLOWED),
}


@pytest.mark.parametrize("case", list(CASES))
def test_each_file_we_cannot_take_gets_the_message_that_fits_it(pdfs, case):
    build, message = CASES[case]
    with pytest.raises(files.FileRejected) as refused:
        data = build(pdfs)
        kind = files.classify(data)
        files.paragraphs_of(data, kind)
    assert refused.value.message is message


@pytest.mark.parametrize("case,lang,expected", [
    ("truncated Word file", "zh", "不完整或已损坏"),
    ("truncated Word file", "en", "incomplete or damaged"),
    ("macro-enabled Word file", "zh", "启用宏"),
    ("Word 97-2003 .doc", "en", "Word 97–2003"),
    ("scanned PDF", "zh", "没有文字层"),
])
def test_the_wizard_shows_the_message_and_keeps_nothing(app, client, login, quick_user, pdfs,
                                                        case, lang, expected):
    author = quick_user(name="张伟", email="zhangwei@example.org")
    with app.test_request_context("/"):
        manuscript_id = ready_draft(author).id
        db.session.commit()
    with app.app_context():
        before = db.session.scalar(select(func.count(ManuscriptFile.id)))
    login(client, author)
    response = client.post(f"/manuscripts/{manuscript_id}/wizard/files?lang={lang}",
                           data={"file": (io.BytesIO(CASES[case][0](pdfs)), "paper.docx"),
                                 "kind": "manuscript"},
                           content_type="multipart/form-data", follow_redirects=True)
    assert expected in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(ManuscriptFile.id))) == before
