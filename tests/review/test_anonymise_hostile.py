"""Hostile and unusual Word files: entities, zip bombs, a byline between filing lines, a
Chinese and an English block, paragraphs that only look like statements."""

import io
import zipfile
from types import SimpleNamespace

import pytest
from docx import Document

from review import anonymise_docx
from review.anonymise import DOCX_MIME, AnonymiseError, clean, find_identities
from review.identities import Identities
from tests.review.conftest import AUTHORS
from tests.review.corpus_docx import BODY, TITLE, edit, paper, save

IDENTITIES = Identities.from_people([SimpleNamespace(**a) for a in AUTHORS])


def texts(data: bytes) -> list[str]:
    return [p.text for p in Document(io.BytesIO(data)).paragraphs]


def test_external_entities_are_never_resolved(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-4711")

    def with_entity(xml: str) -> str:
        declaration = f'<!DOCTYPE w:document [<!ENTITY leak SYSTEM "file://{secret}">]>'
        xml = xml.replace("?>", "?>" + declaration, 1)
        return xml.replace(BODY, "&leak;" + BODY, 1)

    original = edit(save(paper()), {"word/document.xml": with_entity})
    copy = clean(original, DOCX_MIME, IDENTITIES)
    with zipfile.ZipFile(io.BytesIO(copy)) as package:
        document = package.read("word/document.xml").decode()
    assert "SECRET-4711" not in document and "&leak;" not in document and "DOCTYPE" not in document
    assert BODY in texts(copy)


def test_a_zip_bomb_is_refused(monkeypatch):
    monkeypatch.setattr(anonymise_docx, "MAX_UNPACKED", 10_000)
    with pytest.raises(AnonymiseError, match="could not be read"):
        clean(save(paper()), DOCX_MIME, IDENTITIES)


def test_a_broken_part_is_refused_not_passed_through():
    broken = edit(save(paper()), {"word/document.xml": "<w:document><w:body>"})
    with pytest.raises(AnonymiseError, match="could not be read"):
        clean(broken, DOCX_MIME, IDENTITIES)


def test_byline_between_filing_lines_and_in_both_languages():
    document = Document()
    for text in (TITLE, "张伟¹，李娜²", "（1. 河北大学图书馆，河北 保定 071002）",
                 "中图分类号：G250  文献标识码：A", "摘要：本文研究数据服务。", "关键词：数据服务",
                 "Practice of Data Services", "ZHANG Wei1, WANG Fang2",
                 "(1. Library of Hebei University, Baoding 071002, China)",
                 "Abstract: A survey.", "Key words: data services", BODY):
        document.add_paragraph(text)
    assert texts(clean(save(document), DOCX_MIME, IDENTITIES)) == [
        TITLE, "【作者】", "【作者】", "中图分类号：G250  文献标识码：A",
        "摘要：本文研究数据服务。", "关键词：数据服务",
        "Practice of Data Services", "【作者】", "【作者】",
        "Abstract: A survey.", "Key words: data services", BODY]


def test_body_paragraphs_that_only_resemble_statements_are_kept():
    kept = ["基金会图书馆的数据服务尚不成熟。", "Funding for public libraries has declined.",
            "Grant programmes are discussed below.", "致力于数据服务的图书馆越来越多。"]
    copy = clean(save(paper(body=kept)), DOCX_MIME, IDENTITIES)
    assert all(text in texts(copy) for text in kept)


def test_short_headings_after_the_abstract_are_not_a_byline():
    copy = clean(save(paper(body=["研究方法", "结论"])), DOCX_MIME, IDENTITIES)
    assert "研究方法" in texts(copy) and "结论" in texts(copy)


def test_without_identities_the_structure_is_still_cleaned():
    from tests.review.corpus_docx_package import DOCX_CASES

    copy = clean(DOCX_CASES["comment"](), DOCX_MIME, Identities())
    with zipfile.ZipFile(io.BytesIO(copy)) as package:
        assert not [n for n in package.namelist() if "comments" in n]
    assert find_identities(copy, DOCX_MIME, Identities()) == []
