"""Compliance checks on real .docx files built with python-docx, and the content sniffing."""

import io
import zipfile

import pytest

from journal.models import Journal
from submission import files
from submission.compliance import blocking_items, build_report, read_parts, warning_items
from submission.samples import REFERENCES, sample_docx, sample_docx_of_length

RULES = Journal(title_max_chars=20, abstract_min_chars=200, abstract_max_chars=300,
                keywords_min=3, keywords_max=8, length_limit_chars=8000)


class ColumnLimit:
    def __init__(self, limit):
        self.length_limit_chars = limit


def report_for(data: bytes, column=None) -> dict:
    return build_report(files.docx_paragraphs(data), RULES, column, file_id=1)


def failing(report) -> set[str]:
    return {i["code"] for i in blocking_items(report)}


def test_good_manuscript_passes_every_hard_rule():
    report = report_for(sample_docx())
    assert failing(report) == set()
    assert warning_items(report) == []
    found = report["found"]
    assert found["title_zh"] == "高校图书馆数据服务研究"
    assert found["keywords_zh"] == ["数据服务", "高校图书馆", "数据馆员", "科研数据"]
    assert found["abstract_zh"].startswith("目的：")
    assert found["title_en"] == "Data Services in University Libraries"
    assert found["keywords_en"] == ["data services", "university library", "data librarian"]
    assert (found["clc_number"], found["document_code"]) == ("G250.7", "A")


def test_too_long_for_the_column_blocks():
    data = sample_docx_of_length(7000)
    assert failing(report_for(data, ColumnLimit(8000))) == set()
    report = report_for(data, ColumnLimit(3000))
    assert failing(report) == {"length"}
    item = blocking_items(report)[0]
    assert item["params"]["limit"] == 3000 and item["params"]["actual"] > 3000


def test_no_keywords_blocks():
    assert failing(report_for(sample_docx(keywords=None))) == {"keywords_count"}


def test_too_many_keywords_blocks():
    assert failing(report_for(sample_docx(keywords="；".join("一二三四五六七八九")))) == \
        {"keywords_count"}


def test_no_references_blocks():
    assert failing(report_for(sample_docx(references=[]))) == {"references_present"}


def test_references_out_of_order_block():
    report = report_for(sample_docx(references=[REFERENCES[0], REFERENCES[2]]))
    assert failing(report) == {"references_numbered"}
    assert blocking_items(report)[0]["params"]["position"] == 2


def test_reference_without_type_code_only_warns():
    report = report_for(sample_docx(references=["[1] 张伟. 某书. 北京: 出版社, 2019."]))
    assert failing(report) == set()
    assert {i["code"] for i in warning_items(report)} == {"references_type"}


def test_long_title_and_short_abstract_only_warn():
    long_title = "高校图书馆科研数据服务体系建设的理论与实践路径研究"
    report = report_for(sample_docx(title=long_title, abstract="很短。"))
    assert failing(report) == set()
    assert {i["code"] for i in warning_items(report)} == {"title_length", "abstract_length"}


def test_no_abstract_blocks():
    assert "abstract_present" in failing(report_for(sample_docx(abstract=None)))


def test_labels_in_brackets_and_spaces_are_recognised():
    found = read_parts(["题名", "【摘 要】本文研究……", "[关键词] 图书馆, 服务；数据",
                        "参 考 文 献：", "[1] 文献[J]."])
    assert found.abstract == "本文研究……"
    assert found.keywords == ["图书馆", "服务", "数据"]
    assert found.references == ["[1] 文献[J]."]


# --------------------------------------------------------------------------- file types


def test_docx_and_pdf_detected_by_content():
    assert files.detect_type(sample_docx()) == "docx"
    assert files.detect_type(b"%PDF-1.7\n...") == "pdf"


@pytest.mark.parametrize("data", [
    b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 100,  # a Windows executable renamed .docx
    b"\x89PNG\r\n\x1a\n" + b"\x00" * 100,  # an image renamed .docx
    b"PK\x03\x04not really a zip",
], ids=["exe", "png", "fake-zip"])
def test_other_content_is_not_a_manuscript(data):
    assert files.detect_type(data) is None


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_broken_word_file_is_refused_with_a_message():
    data = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<not-xml"})
    assert files.detect_type(data) == "docx"
    with pytest.raises(files.FileRejected) as refused:
        files.docx_paragraphs(data)
    assert "could not be opened" in str(refused.value.message)


def test_zip_bomb_is_refused_without_unpacking_it(monkeypatch):
    monkeypatch.setattr(files, "MAX_UNCOMPRESSED_BYTES", 5 * 2**20)
    bomb = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>",
                 "word/media/huge.bin": b"\0" * (20 * 2**20)})
    assert len(bomb) < 100_000
    with pytest.raises(files.FileRejected) as refused:
        files.docx_paragraphs(bomb)
    assert "expand" in str(refused.value.message)
