"""Word reviewer copies: one manuscript per hiding place, each clean after `clean`.

For every case of the corpus the detector finds the authors in the original, and in the
cleaned copy neither the detector nor a raw search of every part finds them, while the
scholarly text survives and python-docx and mammoth still read the file.
"""

import io
import zipfile
from types import SimpleNamespace

import mammoth
import pytest
from docx import Document

from review.anonymise import DOCX_MIME, AnonymiseError, clean, find_identities, mask
from review.identities import Identities
from tests.review.conftest import AUTHORS
from tests.review.corpus_docx import BODY, IDENTITY_STRINGS, TITLE, unlisted_coauthor
from tests.review.corpus_docx_package import DOCX_CASES
from tests.review.corpus_office import libreoffice_docx, soffice

IDENTITIES = Identities.from_people([SimpleNamespace(**a) for a in AUTHORS])


def raw_leaks(data: bytes) -> dict[str, list[str]]:
    """Identity strings found by a plain search of every part (no parsing)."""
    leaks = {}
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for name in package.namelist():
            text = package.read(name).decode("utf-8", "replace").lower()
            found = [s for s in IDENTITY_STRINGS if s.lower() in text or s.lower() in name.lower()]
            if found:
                leaks[name] = found
    return leaks


def readable(data: bytes) -> str:
    """The text as python-docx reads it (the copy must open)."""
    return "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)


@pytest.mark.parametrize("case", sorted(DOCX_CASES))
def test_every_hiding_place_is_found_then_cleaned(case):
    original = DOCX_CASES[case]()
    assert find_identities(original, DOCX_MIME, IDENTITIES), "the case hides nothing"
    copy = clean(original, DOCX_MIME, IDENTITIES)
    assert find_identities(copy, DOCX_MIME, IDENTITIES) == []
    assert raw_leaks(copy) == {}
    text = readable(copy)
    assert BODY in text and TITLE in text


@pytest.mark.parametrize("case", ["byline block", "footnote", "endnote", "tracked deletion",
                                  "comment", "external image", "javascript: hyperlink",
                                  "settings attachedTemplate", "customXml item"])
def test_mammoth_reads_the_copies_of_structural_cases(case):
    """mammoth (the reviewers' HTML view) reads the parts python-docx ignores."""
    copy = clean(DOCX_CASES[case](), DOCX_MIME, IDENTITIES)
    result = mammoth.convert_to_html(io.BytesIO(copy))
    assert BODY in result.value and TITLE in result.value


def test_byline_block_becomes_one_neutral_mark_and_abstract_stays():
    copy = clean(DOCX_CASES["byline block"](), DOCX_MIME, IDENTITIES)
    paragraphs = [p.text for p in Document(io.BytesIO(copy)).paragraphs]
    assert paragraphs[:4] == [TITLE, "【作者】", "【作者】",
                              "摘要：本文以问卷调查分析高校图书馆数据服务的现状。"]


def test_unlisted_coauthor_in_byline_goes_with_the_line():
    copy = clean(unlisted_coauthor(), DOCX_MIME, IDENTITIES)
    text = readable(copy)
    assert "王芳" not in text and "赵强" not in text and "【作者】" in text


def test_occurrences_in_the_body_become_marks():
    copy = clean(DOCX_CASES["body sentence"](), DOCX_MIME, IDENTITIES)
    assert "笔者（【作者】）在前期研究中指出，服务需要评估。" in readable(copy)
    copy = clean(DOCX_CASES["e-mail address"](), DOCX_MIME, IDENTITIES)
    assert "数据可向作者索取：【邮箱】。" in readable(copy)
    copy = clean(DOCX_CASES["table cell"](), DOCX_MIME, IDENTITIES)
    cells = [c.text for row in Document(io.BytesIO(copy)).tables[0].rows for c in row.cells]
    assert cells == ["调查员", "", "【作者】", "【单位】管理学院"] or "【单位】" in cells[-1]


def test_statements_are_masked_not_deleted():
    text = readable(clean(DOCX_CASES["acknowledgement"](), DOCX_MIME, IDENTITIES))
    assert "致谢" in text and "【致谢已隐去】" in text and "各位同事" not in text
    text = readable(clean(DOCX_CASES["funding line"](), DOCX_MIME, IDENTITIES))
    assert "【基金项目已隐去】" in text and "HB20TQ001" not in text


def test_tracked_changes_are_resolved():
    text = readable(clean(DOCX_CASES["tracked insertion"](), DOCX_MIME, IDENTITIES))
    assert "修订时新增的论证段落。" in text
    copy = clean(DOCX_CASES["tracked deletion"](), DOCX_MIME, IDENTITIES)
    assert "本段保留。" in readable(copy)
    with zipfile.ZipFile(io.BytesIO(copy)) as package:
        document = package.read("word/document.xml").decode()
    assert "w:del " not in document and "w:delText" not in document and "w:author" not in document


def test_comments_and_their_parts_are_gone():
    copy = clean(DOCX_CASES["comment"](), DOCX_MIME, IDENTITIES)
    with zipfile.ZipFile(io.BytesIO(copy)) as package:
        names = package.namelist()
        document = package.read("word/document.xml").decode()
        rels = package.read("word/_rels/document.xml.rels").decode()
        types = package.read("[Content_Types].xml").decode()
    assert not [n for n in names if "comments" in n]
    assert "comment" not in document and "comments" not in rels and "comments" not in types


@pytest.mark.parametrize("case", ["settings attachedTemplate", "javascript: hyperlink",
                                  "data: hyperlink", "vbscript: hyperlink", "external image",
                                  "settings mail merge data source"])
def test_no_external_relationship_and_no_dangling_id(case):
    copy = clean(DOCX_CASES[case](), DOCX_MIME, IDENTITIES)
    with zipfile.ZipFile(io.BytesIO(copy)) as package:
        parts = {n: package.read(n).decode("utf-8", "replace") for n in package.namelist()}
    assert not [n for n, x in parts.items() if n.endswith(".rels") and "External" in x]
    for rid in ("rIdTpl", "rIdLink", "rIdImg", "rIdMerge"):
        assert not [n for n, x in parts.items() if rid in x]
    everything = "".join(parts.values())
    assert not [s for s in ("javascript:", "data:text", "vbscript:", "mailMerge", "ZhangWei")
                if s in everything]


def test_hyperlink_text_stays_when_the_link_goes():
    text = readable(clean(DOCX_CASES["javascript: hyperlink"](), DOCX_MIME, IDENTITIES))
    assert "点击查看附录" in text


def test_every_property_is_emptied():
    copy = clean(DOCX_CASES["core property title"](), DOCX_MIME, IDENTITIES)
    properties = Document(io.BytesIO(copy)).core_properties
    assert (properties.author, properties.title, properties.last_modified_by) == ("", "", "")


def test_mask_is_clean_for_word_and_refused_for_pdf():
    original = DOCX_CASES["body sentence"]()
    assert find_identities(mask(original, DOCX_MIME, IDENTITIES), DOCX_MIME, IDENTITIES) == []
    with pytest.raises(AnonymiseError, match="PDF cannot be masked"):
        mask(b"%PDF-1.7", "application/pdf", IDENTITIES)


@pytest.mark.parametrize("data", [b"PK\x03\x04 broken", b"not a zip at all", b""])
def test_broken_word_file_is_refused_with_a_reason(data):
    with pytest.raises(AnonymiseError, match="could not be read"):
        clean(data, DOCX_MIME, IDENTITIES)
    with pytest.raises(AnonymiseError, match="could not be read"):
        find_identities(data, DOCX_MIME, IDENTITIES)


@pytest.mark.skipif(soffice() is None, reason="LibreOffice is not installed")
def test_a_docx_saved_by_libreoffice_comes_out_clean(tmp_path):
    original = libreoffice_docx(tmp_path)
    where = {h.where for h in find_identities(original, DOCX_MIME, IDENTITIES)}
    assert {"word/document.xml", "word/header1.xml", "word/footer1.xml",
            "word/footnotes.xml", "docProps/core.xml: creator"} <= where
    copy = clean(original, DOCX_MIME, IDENTITIES)
    assert find_identities(copy, DOCX_MIME, IDENTITIES) == [] and raw_leaks(copy) == {}
    text = readable(copy)
    assert BODY in text and "前人研究表明 【作者】 的结论成立。" in text
    assert BODY in mammoth.convert_to_html(io.BytesIO(copy)).value


@pytest.mark.parametrize("case", ["JPEG picture EXIF and comment", "PNG picture text chunks"])
def test_pictures_keep_their_pixels_and_lose_their_metadata(case):
    from PIL import Image

    copy = clean(DOCX_CASES[case](), DOCX_MIME, IDENTITIES)
    with zipfile.ZipFile(io.BytesIO(copy)) as package:
        media = [package.read(n) for n in package.namelist() if n.startswith("word/media/")]
    assert len(media) == 1
    image = Image.open(io.BytesIO(media[0]))
    image.load()
    assert image.size == (8, 8) and not image.getexif()
    assert not {"comment", "Author", "Comment", "exif"} & set(image.info)
