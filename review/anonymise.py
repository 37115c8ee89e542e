"""Anonymised copies of manuscript files for reviewers.

Word (.docx): the package's metadata is cleared (author, last modified by, comments, company,
manager, custom properties) and every revision/comment author in the XML parts is replaced by a
neutral name. PDF: the document information and XMP metadata are dropped and annotation authors
cleared. Names of the authors still found in the text are reported, for the editor to see.
"""

import io
import re
import zipfile

from lxml import etree

NEUTRAL = "Anonymous"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W15_NS = "http://schemas.microsoft.com/office/word/2012/wordml"
CORE_CLEARED = {
    "{http://purl.org/dc/elements/1.1/}creator",
    "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}lastModifiedBy",
    "{http://purl.org/dc/elements/1.1/}description",
}
APP_CLEARED = {"Company", "Manager"}
AUTHOR_ATTRIBUTES = (f"{{{W_NS}}}author", f"{{{W_NS}}}initials", f"{{{W15_NS}}}author",
                     f"{{{W15_NS}}}userId")
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class AnonymiseError(Exception):
    pass


def anonymise(data: bytes, mimetype: str) -> bytes:
    if mimetype == DOCX_MIME:
        return anonymise_docx(data)
    if mimetype == "application/pdf":
        return anonymise_pdf(data)
    raise AnonymiseError(f"cannot anonymise {mimetype}")


def anonymise_docx(data: bytes) -> bytes:
    try:
        source = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise AnonymiseError("not a Word document") from exc
    out = io.BytesIO()
    with source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            name = item.filename
            if name == "docProps/custom.xml":
                continue  # custom properties often carry names; nothing needs them
            content = source.read(item)
            if name.endswith(".xml") or name.endswith(".rels"):
                content = _clean_part(name, content)
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, content)
    return out.getvalue()


def _clean_part(name: str, content: bytes) -> bytes:
    if name == "[Content_Types].xml":
        return content.replace(
            b'<Override PartName="/docProps/custom.xml" '
            b'ContentType="application/vnd.openxmlformats-officedocument.custom-properties+xml"/>',
            b"")
    if name == "_rels/.rels":
        return re.sub(rb"<Relationship [^>]*Target=\"docProps/custom.xml\"[^>]*/>", b"", content)
    if not (name.startswith("docProps/") or name.startswith("word/")):
        return content
    try:
        root = etree.fromstring(content, parser=etree.XMLParser(resolve_entities=False,
                                                                huge_tree=True))
    except etree.XMLSyntaxError as exc:
        raise AnonymiseError(f"broken part {name}") from exc
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        cleared = (name == "docProps/core.xml" and element.tag in CORE_CLEARED) or (
            name == "docProps/app.xml" and etree.QName(element).localname in APP_CLEARED)
        if cleared:
            element.text = ""
        for attribute in AUTHOR_ATTRIBUTES:
            if attribute in element.attrib:
                element.attrib[attribute] = NEUTRAL if attribute.endswith("author") else ""
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def anonymise_pdf(data: bytes) -> bytes:
    from pypdf import PdfReader, PdfWriter
    from pypdf.errors import PdfReadError
    from pypdf.generic import NameObject, TextStringObject

    try:
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    except (PdfReadError, ValueError) as exc:
        raise AnonymiseError("not a readable PDF") from exc
    writer.metadata = None
    writer._root_object.pop(NameObject("/Metadata"), None)  # XMP: dc:creator and friends
    for page in writer.pages:
        for ref in page.get("/Annots") or []:
            annot = ref.get_object()
            if "/T" in annot:
                annot[NameObject("/T")] = TextStringObject(NEUTRAL)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def text_of(data: bytes, mimetype: str) -> str:
    """The visible text (and any metadata left), for the name check."""
    if mimetype == DOCX_MIME:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            parts = [n for n in z.namelist() if n.endswith(".xml")]
            return "\n".join(
                re.sub(r"<[^>]+>", "", z.read(n).decode("utf-8", "replace")) for n in parts)
    if mimetype == "application/pdf":
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
        return "application/pdf"
    if data.startswith(b"PK"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                if "word/document.xml" in z.namelist():
                    return DOCX_MIME
        except zipfile.BadZipFile:
            return None
    return None
