"""Anonymous reviewer copies of manuscript files: the cleaner, the masker and the detector.

`clean(data, mimetype, identities)` makes the reviewer copy: a Word file keeps its scholarly
text and loses every author identity (byline and affiliation block, names, pinyin, e-mail
addresses and affiliations anywhere → 【作者】/【单位】/【邮箱】, acknowledgement, funding and
biography statements, tracked changes, comments, properties, customXml, people, external
relationships); a PDF loses metadata, attachments, annotations, forms and scripts (see
`review.anonymise_docx` and `review.anonymise_pdf`).

`find_identities(data, mimetype, identities)` searches a copy, text and every part, for the
authors' identities and returns each `Hit` with its place and context: the gate holds a
copy with any hit. `mask` replaces every occurrence in a Word file; a PDF cannot be masked.

Hit kinds: "name", "email", "affiliation" for an identity in the text; "metadata" for one in
document properties, customXml, people, settings or PDF metadata; "embedded" for one in an
attachment, an embedded file or a part's name; "unreadable" for a PDF page whose text could
not be extracted (it cannot be said to be clean).
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from review.anonymise_docx import BrokenDocx, clean_docx, find_in_docx
from review.anonymise_pdf import BrokenPdf, clean_pdf, find_in_pdf
from review.identities import Identities, Matcher

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_MIME = "application/pdf"
__all__ = ["DOCX_MIME", "PDF_MIME", "AnonymiseError", "Hit", "Identities", "anonymise",
           "clean", "detect_type", "find_identities", "mask", "names_in", "text_of"]


class AnonymiseError(Exception):
    """A file that cannot be cleaned or masked; str() is a reason fit to show the user."""


@dataclass(frozen=True)
class Hit:
    """One place where an author identity was found in a copy."""

    kind: str      # "name" | "email" | "affiliation" | "metadata" | "embedded" | "unreadable"
    value: str     # the text found
    where: str     # "word/document.xml", "docProps/core.xml: title", "PDF page 3", ...
    context: str   # about 30 characters either side, for the editor


def _refused(exc: Exception, mimetype: str) -> AnonymiseError:
    if isinstance(exc, BrokenPdf) and str(exc) == "encrypted":
        return AnonymiseError(_l("The PDF is encrypted; upload a copy without a password."))
    if mimetype == PDF_MIME:
        return AnonymiseError(_l("The PDF could not be read; it may be damaged."))
    return AnonymiseError(_l("The Word file could not be read; it may be damaged."))


def _unsupported(mimetype: str) -> AnonymiseError:
    return AnonymiseError(_l("Only Word (.docx) and PDF files can be anonymised."))


def clean(data: bytes, mimetype: str, identities: Identities) -> bytes:
    """The reviewer copy of a file (see the module docstring)."""
    try:
        if mimetype == DOCX_MIME:
            return clean_docx(data, Matcher.of(identities, True), Matcher.of(identities))
        if mimetype == PDF_MIME:
            return clean_pdf(data, masker=Matcher.of(identities, True))
    except (BrokenDocx, BrokenPdf) as exc:
        raise _refused(exc, mimetype) from exc
    raise _unsupported(mimetype)


def mask(data: bytes, mimetype: str, identities: Identities) -> bytes:
    """Every occurrence of an identity replaced by 【作者】/【单位】/【邮箱】 (Word files)."""
    if mimetype == PDF_MIME:
        raise AnonymiseError(_l(
            "A PDF cannot be masked automatically; upload a cleaned copy or ask the authors."))
    return clean(data, mimetype, identities)  # cleaning a Word file masks every occurrence


def find_identities(data: bytes, mimetype: str, identities: Identities) -> list[Hit]:
    """Each occurrence of an author identity in the copy, in the order found, without
    repeating the same value at the same place with the same context."""
    matcher = Matcher.of(identities)
    try:
        if mimetype == DOCX_MIME:
            hits = find_in_docx(data, matcher, Hit)
        elif mimetype == PDF_MIME:
            hits = find_in_pdf(data, matcher, Hit)
        else:
            raise _unsupported(mimetype)
    except (BrokenDocx, BrokenPdf) as exc:
        raise _refused(exc, mimetype) from exc
    return list(dict.fromkeys(hits))


def anonymise(data: bytes, mimetype: str) -> bytes:
    """A reviewer's own annotated file: properties, people, attachments and scripts go, while
    comments, tracked changes and notes stay with their authors made neutral."""
    try:
        if mimetype == DOCX_MIME:
            empty = Matcher.of(Identities())
            return clean_docx(data, empty, empty, keep_annotations=True)
        if mimetype == PDF_MIME:
            return clean_pdf(data, keep_annotations=True)
    except (BrokenDocx, BrokenPdf) as exc:
        raise _refused(exc, mimetype) from exc
    raise _unsupported(mimetype)


def text_of(data: bytes, mimetype: str) -> str:
    """The visible text (and any metadata left), for a plain name check."""
    if mimetype == DOCX_MIME:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            parts = [n for n in z.namelist() if n.endswith(".xml")]
            return "\n".join(
                re.sub(r"<[^>]+>", "", z.read(n).decode("utf-8", "replace")) for n in parts)
    if mimetype == PDF_MIME:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data))
        meta = " ".join(str(v) for v in (reader.metadata or {}).values())
        return meta + "\n" + "\n".join(page.extract_text() or "" for page in reader.pages)
    return data.decode("utf-8", "replace")


def names_in(text: str, names: list[str]) -> list[str]:
    """Those of `names` that occur in `text` (case-insensitive, whitespace-tolerant)."""
    squeezed = re.sub(r"\s+", "", text).lower()
    return sorted({n for n in names if n and re.sub(r"\s+", "", n).lower() in squeezed})


def detect_type(data: bytes) -> str | None:
    """The file's type by its content (never by its name): PDF or Word .docx, else None."""
    if data.startswith(b"%PDF-"):
        return PDF_MIME
    if data.startswith(b"PK"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                if "word/document.xml" in z.namelist():
                    return DOCX_MIME
        except zipfile.BadZipFile:
            return None
    return None
