"""What an uploaded file really is, judged by its content (never by its name), how to open a
Word file without letting a zip bomb decompress without limit, and the message that fits each
file we cannot take (empty, macro-enabled, old .doc, damaged, password-protected, scanned)."""

import io
import zipfile

from flask_babel import lazy_gettext as _l

from core.refusals import Invalid

DOCX = "docx"
PDF = "pdf"
MIMETYPES = {
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    PDF: "application/pdf",
}
# Limits when opening a docx: a real manuscript is far below them.
MAX_ZIP_ENTRIES = 2000
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
CHUNK = 1024 * 1024


class FileRejected(Invalid):
    """An uploaded file that cannot be accepted; `message` tells the user why."""


NOT_ALLOWED = _l("This file is neither a Word document (.docx) nor a PDF. Its content was "
                 "checked, not its name: please upload a .docx or .pdf file.")
BROKEN_DOCX = _l("This Word file could not be opened; it may be damaged or in an old format. "
                 "Please save it again in Word as .docx and upload it again.")
ZIP_BOMB = _l("This Word file would expand to more than %(limit)s MB when opened and was "
              "refused. Please check the file and upload it again.")
BROKEN_PDF = _l("This PDF file could not be read; it may be damaged. Please export it again.")
EMPTY_FILE = _l("The file is empty (0 bytes). Please choose the file again and upload it.")
EMPTY_TEXT = _l("This file contains no text. Please check that you chose the manuscript "
                "itself, not an empty or template file, and upload it again.")
MACRO_DOCX = _l("This is a macro-enabled Word file (.docm). For safety the journal does not "
                "accept macros: in Word choose File → Save As → “Word Document (.docx)” and "
                "upload that file.")
OLD_DOC = _l("This is a Word 97–2003 document (.doc) or another old Office format. Please open "
             "it in Word or WPS, choose File → Save As → “Word Document (.docx)”, and upload "
             "the .docx file.")
ENCRYPTED_OFFICE = _l("This Word file is protected by a password, so it cannot be read. Please "
                      "remove the password (File → Info → Protect Document), save it and upload "
                      "it again.")
TRUNCATED_DOCX = _l("This Word file is incomplete or damaged: it may have been cut off while "
                    "copying or uploading. Please open it in Word to check it, save it again as "
                    ".docx and upload it again.")
ODT = _l("This is an OpenDocument text file (.odt). Please save it as a Word document (.docx) "
         "in LibreOffice or WPS (File → Save As) and upload that file.")
RTF = _l("This is a Rich Text file (.rtf). Please save it as a Word document (.docx) and upload "
         "that file.")
ENCRYPTED_PDF = _l("This PDF is protected by a password, so it cannot be read. Please export it "
                   "again without a password, or upload the Word file.")
SCANNED_PDF = _l("This PDF contains no text layer (it looks like a scan or an image). The "
                 "journal needs the text: please upload the Word file, or a PDF exported from "
                 "your word processor.")
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MIN_PDF_TEXT = 20  # characters: below this a PDF has no usable text layer


def detect_type(data: bytes) -> str | None:
    """"docx", "pdf" or None, from the bytes themselves."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except (zipfile.BadZipFile, ValueError, OSError):
            return None
        if "[Content_Types].xml" in names and "word/document.xml" in names:
            return DOCX
    return None


def classify(data: bytes) -> str:
    """"docx" or "pdf", or FileRejected with the message that fits what the file is."""
    if not data:
        raise FileRejected(EMPTY_FILE)
    kind = detect_type(data)
    if kind == DOCX:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        types = zipfile.ZipFile(io.BytesIO(data)).read("[Content_Types].xml")
        if "word/vbaProject.bin" in names or b"macroEnabled" in types:
            raise FileRejected(MACRO_DOCX)
        return kind
    if kind is not None:
        return kind
    if data.startswith(OLE2_MAGIC):
        encrypted = "EncryptedPackage".encode("utf-16-le") in data
        raise FileRejected(ENCRYPTED_OFFICE if encrypted else OLD_DOC)
    if data.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except (zipfile.BadZipFile, ValueError, OSError) as exc:
            raise FileRejected(TRUNCATED_DOCX) from exc
        if "content.xml" in names and "mimetype" in names:
            raise FileRejected(ODT)
        if any(n.startswith("word/") for n in names):
            raise FileRejected(TRUNCATED_DOCX)
    if data.lstrip()[:5] == b"{\\rtf":
        raise FileRejected(RTF)
    raise FileRejected(NOT_ALLOWED)


def check_zip_limits(data: bytes) -> None:
    """Decompress every member with a running budget: the sizes a zip declares can lie."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
        if len(members) > MAX_ZIP_ENTRIES:
            raise FileRejected(ZIP_BOMB % {"limit": MAX_UNCOMPRESSED_BYTES // 2**20})
        budget = MAX_UNCOMPRESSED_BYTES
        for info in members:
            with archive.open(info) as member:
                while chunk := member.read(CHUNK):
                    budget -= len(chunk)
                    if budget < 0:
                        raise FileRejected(ZIP_BOMB % {"limit": MAX_UNCOMPRESSED_BYTES // 2**20})
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
        raise FileRejected(BROKEN_DOCX) from exc


def docx_paragraphs(data: bytes) -> list[str]:
    """The text of a Word file, one string per paragraph (tables included), safely opened."""
    import docx

    check_zip_limits(data)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - a corrupt part fails anywhere in python-docx/lxml
        raise FileRejected(BROKEN_DOCX) from exc
    paragraphs = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            paragraphs.extend(cell.text for cell in row.cells)
    if not "".join("".join(paragraphs).split()):
        raise FileRejected(EMPTY_TEXT)
    return paragraphs


def pdf_paragraphs(data: bytes) -> list[str]:
    """The paragraphs of a PDF from its layout (submission.pdftext), after the checks that
    give a password-protected, damaged or scanned PDF its own message."""
    from pypdf import PdfReader

    from submission.pdftext import pdf_paragraphs as read

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise FileRejected(ENCRYPTED_PDF)
        if not reader.pages:
            raise FileRejected(BROKEN_PDF)
        paragraphs = read(data)
    except FileRejected:
        raise
    except Exception as exc:  # noqa: BLE001 - pypdf and pdfminer fail in many ways on bad files
        raise FileRejected(BROKEN_PDF) from exc
    if len("".join("".join(paragraphs).split())) < MIN_PDF_TEXT:
        raise FileRejected(SCANNED_PDF)
    return paragraphs


def paragraphs_of(data: bytes, kind: str) -> list[str]:
    return docx_paragraphs(data) if kind == DOCX else pdf_paragraphs(data)
