"""What an uploaded file really is, judged by its content (never by its name), and how to
open a Word file without letting a zip bomb decompress without limit."""

import io
import zipfile

from flask_babel import lazy_gettext as _l

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


class FileRejected(Exception):
    """An uploaded file that cannot be accepted; `message` tells the user why."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


NOT_ALLOWED = _l("This file is neither a Word document (.docx) nor a PDF. Its content was "
                 "checked, not its name: please upload a .docx or .pdf file.")
BROKEN_DOCX = _l("This Word file could not be opened; it may be damaged or in an old format. "
                 "Please save it again in Word as .docx and upload it again.")
ZIP_BOMB = _l("This Word file would expand to more than %(limit)s MB when opened and was "
              "refused. Please check the file and upload it again.")
BROKEN_PDF = _l("This PDF file could not be read; it may be damaged. Please export it again.")


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
    return paragraphs


def pdf_paragraphs(data: bytes) -> list[str]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        text = "\n".join(page.extract_text() or "" for page in reader.pages)
    except (PdfReadError, ValueError, KeyError, OSError) as exc:
        raise FileRejected(BROKEN_PDF) from exc
    return text.splitlines()


def paragraphs_of(data: bytes, kind: str) -> list[str]:
    return docx_paragraphs(data) if kind == DOCX else pdf_paragraphs(data)
