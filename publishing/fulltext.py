"""The full text of an article: the final docx converted by mammoth, then sanitised with nh3.

Headings, lists, tables, footnotes and embedded raster images are kept; anything executable
(scripts, event handlers, javascript: links, iframes, objects, styles) and every external
resource (linked images, remote image sources) is dropped.
"""

import base64
import io
import re
import zipfile
from dataclasses import dataclass

import mammoth
import nh3

from journal.markup import ALLOWED_TAGS

# Images embedded in the docx are inlined as data URIs; other formats (EMF, WMF, SVG...) are not.
IMAGE_TYPES = {"image/png", "image/jpeg", "image/gif"}
MAX_IMAGE_BYTES = 2 * 1024 * 1024
DATA_IMAGE = re.compile(r"^data:image/(png|jpeg|gif);base64,[A-Za-z0-9+/=]+$")

STYLE_MAP = """
p[style-name='Title'] => h2:fresh
p[style-name='Heading 1'] => h2:fresh
p[style-name='Heading 2'] => h3:fresh
p[style-name='Heading 3'] => h4:fresh
p[style-name='Heading 4'] => h5:fresh
"""

FULLTEXT_TAGS = (ALLOWED_TAGS - {"div", "span"}) | {"img", "section"}


class DocxError(ValueError):
    """The file is not a readable Word document."""


@dataclass(frozen=True)
class Conversion:
    html: str
    messages: list[str]


def is_docx(data: bytes) -> bool:
    """A docx by content: a zip holding word/document.xml."""
    if not data.startswith(b"PK"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def _inline_image(image):
    if image.content_type not in IMAGE_TYPES:
        return {}
    with image.open() as fh:
        data = fh.read(MAX_IMAGE_BYTES + 1)
    if len(data) > MAX_IMAGE_BYTES:
        return {}
    encoded = base64.b64encode(data).decode("ascii")
    return {"src": f"data:{image.content_type};base64,{encoded}", "alt": image.alt_text or ""}


def _keep_attribute(element: str, attribute: str, value: str) -> str | None:
    if element == "img" and attribute == "src":
        return value if DATA_IMAGE.match(value) else None
    if element == "a" and attribute == "href" and value.lower().startswith("data:"):
        return None
    return value


def clean_fulltext(html: str) -> str:
    """Sanitise converted (or imported) full-text HTML; the allow-list is the only way in."""
    cleaned = nh3.clean(
        html,
        tags=FULLTEXT_TAGS,
        clean_content_tags={"script", "style", "iframe", "object", "embed", "noscript", "svg",
                            "math", "template"},
        attributes={"a": {"href", "title"}, "img": {"src", "alt"},
                    "td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan"}, "*": {"id"}},
        url_schemes={"http", "https", "mailto", "data"},
        attribute_filter=_keep_attribute,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    # An <img> whose source was refused carries nothing worth showing.
    return re.sub(r"<img(?![^>]*\ssrc=)[^>]*>", "", cleaned)


def convert_docx(data: bytes) -> Conversion:
    if not is_docx(data):
        raise DocxError("not a docx")
    try:
        result = mammoth.convert_to_html(
            io.BytesIO(data),
            style_map=STYLE_MAP,
            convert_image=mammoth.images.img_element(_inline_image),
            id_prefix="fn-",
        )
    except Exception as exc:  # mammoth raises many kinds of errors on a damaged file
        raise DocxError(str(exc)) from exc
    messages = sorted({m.message for m in result.messages})
    return Conversion(html=clean_fulltext(result.value), messages=messages)
