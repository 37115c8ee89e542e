"""Anonymised copies: Word and PDF metadata stripped, names in the text found, types by content."""

import io
import zipfile

from review.anonymise import DOCX_MIME, anonymise, detect_type, names_in, text_of
from tests.review.conftest import make_docx, make_pdf


def test_docx_properties_and_comment_authors_are_removed():
    clean = anonymise(make_docx("正文", author="张伟", comment_author="李娜"), DOCX_MIME)
    with zipfile.ZipFile(io.BytesIO(clean)) as z:
        parts = {n: z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml")}
    assert "张伟" not in parts["docProps/core.xml"] and "李娜" not in parts["word/comments.xml"]
    assert 'w:author="Anonymous"' in parts["word/comments.xml"]
    assert "正文" in parts["word/document.xml"]  # the text itself is kept
    from docx import Document

    assert Document(io.BytesIO(clean)).core_properties.author == ""  # still a valid document


def test_pdf_metadata_is_removed():
    clean = anonymise(make_pdf("张伟"), "application/pdf")
    from pypdf import PdfReader

    assert not PdfReader(io.BytesIO(clean)).metadata
    assert "张伟" not in text_of(clean, "application/pdf")


def test_names_left_in_the_text_are_found():
    text = text_of(anonymise(make_docx("作者 Zhang  Wei 撰写"), DOCX_MIME), DOCX_MIME)
    assert names_in(text, ["张伟", "Zhang Wei", "李娜", ""]) == ["Zhang Wei"]


def test_type_is_detected_by_content_not_name():
    assert detect_type(make_docx()) == DOCX_MIME
    assert detect_type(make_pdf()) == "application/pdf"
    assert detect_type(b"PK\x03\x04 broken zip") is None
    assert detect_type(b"hello") is None
