"""PDF reviewer copies: metadata, attachments, annotations, forms and scripts go; names in
the page text cannot be taken out, so the detector reports them (and the gate holds)."""

import io
import re
from types import SimpleNamespace

import pikepdf
import pytest
from pypdf import PageObject

from review.anonymise import PDF_MIME, AnonymiseError, anonymise, clean, find_identities, mask
from review.anonymise_pdf import page_texts
from review.identities import Identities
from tests.review.conftest import AUTHORS
from tests.review.corpus_docx import IDENTITY_STRINGS
from tests.review.corpus_pdf import BODY_PDF, PDF_CASES, annotation, page_text, rendered

IDENTITIES = Identities.from_people([SimpleNamespace(**a) for a in AUTHORS])


def raw_leaks(data: bytes) -> list[str]:
    """Identity strings in the uncompressed file, in every encoding a PDF string may use."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        out = io.BytesIO()
        pdf.save(out, compress_streams=False,
                 stream_decode_level=pikepdf.StreamDecodeLevel.generalized,
                 object_stream_mode=pikepdf.ObjectStreamMode.disable)
    raw = out.getvalue().lower()

    def forms(s: str) -> list[bytes]:
        encoded = [s.encode("utf-8"), s.encode("utf-16-be")]
        return encoded + [e.hex().encode() for e in encoded]  # qpdf writes <hex> strings

    return [s for s in IDENTITY_STRINGS
            if any(f.lower() in raw for f in forms(s) + forms(s.lower()))]


def text(data: bytes) -> str:
    return re.sub(r"\s+", "", "".join(t or "" for t in page_texts(data)))


@pytest.mark.parametrize("case", sorted(PDF_CASES))
def test_every_hiding_place_is_found_then_cleaned(case):
    original = PDF_CASES[case]()
    assert find_identities(original, PDF_MIME, IDENTITIES), "the case hides nothing"
    assert raw_leaks(original)
    copy = clean(original, PDF_MIME, IDENTITIES)
    assert find_identities(copy, PDF_MIME, IDENTITIES) == []
    assert raw_leaks(copy) == []
    assert BODY_PDF in text(copy)


def test_the_copy_carries_no_metadata_attachment_annotation_form_or_script():
    everything = rendered()
    for case in PDF_CASES.values():
        everything = case()
        copy = clean(everything, PDF_MIME, IDENTITIES)
        with pikepdf.open(io.BytesIO(copy)) as pdf:
            assert "/Info" not in pdf.trailer and "/Metadata" not in pdf.Root
            assert not pdf.attachments
            for key in ("/OpenAction", "/AcroForm", "/AA"):
                assert key not in pdf.Root
            assert "/JavaScript" not in (pdf.Root.get("/Names") or {})
            assert all("/Annots" not in p.obj and "/AA" not in p.obj for p in pdf.pages)


def test_names_in_the_page_text_are_reported_with_page_and_context():
    copy = clean(page_text(), PDF_MIME, IDENTITIES)
    hits = find_identities(copy, PDF_MIME, IDENTITIES)
    assert {(h.kind, h.value, h.where) for h in hits} >= {
        ("name", "张伟", "PDF page 1"), ("name", "李娜", "PDF page 1"),
        ("affiliation", "河北大学图书馆", "PDF page 1")}
    assert all(h.context and h.value in h.context for h in hits)


def test_metadata_hits_say_where():
    hits = find_identities(PDF_CASES["Info"](), PDF_MIME, IDENTITIES)
    assert ("metadata", "张伟", "PDF metadata /Author") in {(h.kind, h.value, h.where)
                                                          for h in hits}
    hits = find_identities(PDF_CASES["embedded file"](), PDF_MIME, IDENTITIES)
    assert any(h.kind == "embedded" and h.value == "张伟" for h in hits)


def test_a_pdf_cannot_be_masked():
    with pytest.raises(AnonymiseError) as refused:
        mask(page_text(), PDF_MIME, IDENTITIES)
    assert "upload a cleaned copy or ask the authors" in str(refused.value)


@pytest.mark.parametrize("data", [b"%PDF-1.7\n garbage", b"", b"%PDF-"])
def test_broken_pdf_is_refused_with_a_reason(data):
    with pytest.raises(AnonymiseError, match="could not be read"):
        clean(data, PDF_MIME, IDENTITIES)


def test_encrypted_pdf_is_refused_with_its_own_reason():
    with pikepdf.open(io.BytesIO(rendered())) as pdf:
        out = io.BytesIO()
        pdf.save(out, encryption=pikepdf.Encryption(owner="o", user="secret"))
    with pytest.raises(AnonymiseError, match="encrypted"):
        clean(out.getvalue(), PDF_MIME, IDENTITIES)


def test_a_reviewers_annotated_pdf_keeps_its_notes_without_the_reviewers_name():
    with pikepdf.open(io.BytesIO(rendered())) as pdf:
        annotation(pdf)
        out = io.BytesIO()
        pdf.save(out)
    with pikepdf.open(io.BytesIO(anonymise(out.getvalue(), PDF_MIME))) as pdf:
        notes = list(pdf.pages[0].obj.Annots)
        assert [str(n.T) for n in notes] == ["Anonymous"]
        assert "/Info" not in pdf.trailer


def test_kangxi_radicals_and_full_width_letters_are_read_as_the_name(monkeypatch):
    monkeypatch.setattr(PageObject, "extract_text",
                        lambda self, *a, **k: "作者：⾥娜 与 Ｚｈａｎｇ Ｗｅｉ")
    hits = find_identities(rendered(), PDF_MIME, Identities(names=("里娜",),
                                                           pinyin=("Zhang Wei",)))
    assert {(h.value, h.where) for h in hits} == {("里娜", "PDF page 1"),
                                                  ("Zhang Wei", "PDF page 1")}


def test_a_page_whose_text_cannot_be_read_holds_the_copy(monkeypatch):
    def broken(self, *args, **kwargs):
        raise KeyError("/Font")

    monkeypatch.setattr(PageObject, "extract_text", broken)
    hits = find_identities(rendered(), PDF_MIME, IDENTITIES)
    assert [(h.kind, h.where) for h in hits] == [("unreadable", "PDF page 1")]
