"""PDF: the reviewer copy, and where author identities hide in one.

The copy loses what mat2's PDF parser clears (Info fields, XMP, annotation authors) and the
other carriers of identity or active content pikepdf reaches: the document Info dictionary
and XMP metadata (of the document and of every object, images included), piece info,
embedded files, every annotation (file attachments, notes with their /T author and
/Contents, links, widgets), the form (AcroForm), JavaScript, open and additional actions,
associated files (/AF), and the EXIF of JPEG images. Identities in the strings that remain
(bookmarks, alternative texts) are masked. The text drawn on the pages cannot be masked
reliably; the detector reports names found there, so the gate holds the copy. (mat2
rasterises the pages instead; a reviewer needs the text, and the detector reads it.)
"""

import io
import re
import unicodedata

import pikepdf

from review.anonymise_media import image_metadata_text, strip_image_metadata
from review.identities import Matcher, context

# Keys of the document catalogue that carry metadata, attachments or actions.
CATALOG_DROPPED = ("/Metadata", "/OpenAction", "/AA", "/AcroForm", "/PieceInfo", "/Perms", "/AF",
                   "/Collection", "/Threads", "/SpiderInfo", "/URI", "/Legal")
NAMES_DROPPED = ("/EmbeddedFiles", "/JavaScript", "/URLS", "/AlternatePresentations")
# /AF: PDF 2.0 "associated files", attachments hung on the catalogue, a page or any object.
OBJECT_DROPPED = ("/Metadata", "/PieceInfo", "/AA", "/AF")
PAGE_DROPPED = ("/Annots", "/AA", "/Metadata", "/PieceInfo", "/Thumb", "/B", "/AF")


class BrokenPdf(Exception):
    """Raised with a reason the facade turns into a user-facing AnonymiseError."""


def open_pdf(data: bytes) -> pikepdf.Pdf:
    try:
        return pikepdf.open(io.BytesIO(data))
    except pikepdf.PasswordError as exc:
        raise BrokenPdf("encrypted") from exc
    except (pikepdf.PdfError, ValueError) as exc:
        raise BrokenPdf("not a readable PDF") from exc


def clean_pdf(data: bytes, keep_annotations: bool = False, masker: Matcher | None = None) -> bytes:
    """The reviewer copy of a PDF (see the module docstring). With keep_annotations (a
    reviewer's own annotated file) notes stay, their authors neutral, attachments gone. With
    a masker, identities in the strings left (bookmarks, alternative texts) are masked."""
    with open_pdf(data) as pdf:
        if "/Info" in pdf.trailer:
            del pdf.trailer["/Info"]
        root = pdf.Root
        for key in CATALOG_DROPPED:
            if key in root:
                del root[key]
        names = root.get("/Names")
        if isinstance(names, pikepdf.Dictionary):
            for key in NAMES_DROPPED:
                if key in names:
                    del names[key]
        for page in pdf.pages:
            if keep_annotations:
                _neutral_annotations(page)
            for key in PAGE_DROPPED if not keep_annotations else PAGE_DROPPED[1:]:
                if key in page.obj:
                    del page.obj[key]
        for obj in pdf.objects:
            if isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)):
                for key in OBJECT_DROPPED:
                    if key in obj:
                        del obj[key]
        _strip_jpeg_metadata(pdf)
        _drop_outline_actions(root)
        if masker:
            for obj in pdf.objects:
                _mask_strings(obj, masker, depth=0)
        out = io.BytesIO()
        # Rewritten whole: earlier revisions and unreachable objects are not carried over.
        pdf.save(out, fix_metadata_version=False, deterministic_id=True)
    return out.getvalue()


def _mask_strings(obj, masker: Matcher, depth: int) -> None:
    """Strings of a dictionary or array (and of the direct objects in it), masked; the text
    drawn on the pages is not a string here and stays as it is."""
    if depth > 12:
        return
    if isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)):
        items = list(obj.items())
    elif isinstance(obj, pikepdf.Array):
        items = list(enumerate(obj))
    else:
        return
    for key, value in items:
        if isinstance(value, pikepdf.String):
            text = str(value)
            masked = masker.mask(text)
            if masked != text:
                obj[key] = pikepdf.String(masked)
        elif not getattr(value, "is_indirect", False):
            _mask_strings(value, masker, depth + 1)


def _neutral_annotations(page) -> None:
    annotations = page.obj.get("/Annots")
    if not isinstance(annotations, pikepdf.Array):
        return
    kept = pikepdf.Array()
    for annotation in annotations:
        if not isinstance(annotation, pikepdf.Dictionary):
            continue
        if annotation.get("/Subtype") in ("/FileAttachment", "/Widget", "/Screen", "/Movie"):
            continue
        for key in ("/AA", "/A", "/RC"):
            if key in annotation:
                del annotation[key]
        if "/T" in annotation:
            annotation["/T"] = pikepdf.String("Anonymous")
        kept.append(annotation)
    page.obj["/Annots"] = kept


def _jpegs(pdf):
    """Images stored as JPEG as they are (DCTDecode alone): their EXIF travels inside."""
    for obj in pdf.objects:
        if (isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Image"
                and obj.get("/Filter") in ("/DCTDecode", pikepdf.Array([pikepdf.Name.DCTDecode]))):
            yield obj


def _strip_jpeg_metadata(pdf) -> None:
    for image in _jpegs(pdf):
        raw = image.read_raw_bytes()
        stripped = strip_image_metadata(raw)
        if stripped != raw:
            image.write(stripped, filter=pikepdf.Name.DCTDecode)


def _drop_outline_actions(root) -> None:
    """Bookmarks stay (they are the paper's headings) but run nothing."""
    outlines = root.get("/Outlines")
    stack = [outlines.get("/First")] if isinstance(outlines, pikepdf.Dictionary) else []
    seen = set()
    while stack:
        item = stack.pop()
        if not isinstance(item, pikepdf.Dictionary) or item.objgen in seen:
            continue
        seen.add(item.objgen)
        action = item.get("/A")
        if isinstance(action, pikepdf.Dictionary) and action.get("/S") != "/GoTo":
            del item["/A"]
        stack += [item.get("/Next"), item.get("/First")]


def page_texts(data: bytes) -> list[str | None]:
    """The text of each page, as pypdf extracts it (CJK through the fonts' ToUnicode maps),
    NFKC-normalised: Word's PDFs often map 用 to the Kangxi radical ⽤, and full-width Ｚｈａｎｇ
    is Zhang. None for a page whose text could not be extracted."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        pages = PdfReader(io.BytesIO(data)).pages
    except (PyPdfError, ValueError, KeyError):
        return []
    texts: list[str | None] = []
    for page in pages:
        try:
            texts.append(unicodedata.normalize("NFKC", page.extract_text() or ""))
        except Exception:  # noqa: BLE001 - pypdf raises many kinds; the page is reported
            texts.append(None)
    return texts


def _decode(raw: bytes) -> str:
    for encoding in ("utf-8", "utf-16"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")


def find_in_pdf(data: bytes, matcher: Matcher, make_hit) -> list:
    """Identities in the page text, the metadata, and every string and text stream left in
    the file (annotations, form values, bookmarks, attachments and their names, scripts)."""
    hits = []
    for number, text in enumerate(page_texts(data), start=1):
        if text is None:  # unread is not clean: the gate holds the copy for the editor
            hits.append(make_hit("unreadable", "", f"PDF page {number}",
                                 "the text of this page could not be read"))
            continue
        for found in matcher.find(text):
            hits.append(make_hit(found.kind, found.value, f"PDF page {number}",
                                 context(text, found)))
    with open_pdf(data) as pdf:
        info = pdf.trailer.get("/Info")
        if isinstance(info, pikepdf.Dictionary):
            for key, value in info.items():
                hits += _find_in_string(str(value), matcher, make_hit, "metadata",
                                        f"PDF metadata {key}")
        for obj in pdf.objects:
            hits += _find_in_object(obj, matcher, make_hit)
        for image in _jpegs(pdf):
            hits += _find_in_string(image_metadata_text(image.read_raw_bytes()), matcher,
                                    make_hit, "metadata", f"PDF image {image.objgen[0]} metadata")
        if "/EmbeddedFiles" in (pdf.Root.get("/Names") or {}) or pdf.attachments:
            for name in pdf.attachments:
                hits.append(make_hit("embedded", name, "PDF embedded file", name))
    return hits


def _find_in_object(obj, matcher, make_hit) -> list:
    hits = []
    where = f"PDF object {obj.objgen[0]}" if obj.is_indirect else "PDF object"
    if isinstance(obj, pikepdf.Stream):
        kind = str(obj.get("/Type", ""))
        if kind in ("/Metadata", "/EmbeddedFile") or "/JS" in str(obj.get("/S", "")):
            try:
                text = _decode(obj.read_bytes())
            except pikepdf.PdfError:
                return hits
            label = "metadata" if kind == "/Metadata" else "embedded"
            hits += _find_in_string(text, matcher, make_hit, label,
                                    "PDF XMP metadata" if kind == "/Metadata" else where)
    hits += _find_in_values(obj, matcher, make_hit, where, "", depth=0)
    return hits


def _find_in_values(obj, matcher, make_hit, where: str, key: str, depth: int) -> list:
    """Strings in a dictionary or array and in the direct objects nested in it."""
    if depth > 12:
        return []
    if isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)):
        children = list(obj.items())
    elif isinstance(obj, pikepdf.Array):
        children = [(key, value) for value in obj]
    else:
        return []
    hits = []
    for child_key, value in children:
        if isinstance(value, pikepdf.String):
            label = "embedded" if child_key in ("/F", "/UF", "/Desc", "/EmbeddedFiles") else None
            hits += _find_in_string(str(value), matcher, make_hit, label, f"{where} {child_key}")
        elif not getattr(value, "is_indirect", False):
            hits += _find_in_values(value, matcher, make_hit, where, child_key, depth + 1)
    return hits


def _find_in_string(text: str, matcher: Matcher, make_hit, kind, where: str) -> list:
    text = re.sub(r"\x00", "", text)
    return [make_hit(kind or found.kind, found.value, where, context(text, found))
            for found in matcher.find(text)]
