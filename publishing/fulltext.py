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

from core.markup import ALLOWED_TAGS
from core.refusals import Invalid

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


class DocxError(Invalid):
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


def front_matter_blocks(data: bytes) -> int:
    """How many of the converted blocks are front matter that the article page already shows
    from the metadata: the docx is read as the compliance check reads it."""
    import docx

    from submission.compliance import body_start

    paragraphs = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs if p.text.strip()]
    return body_start(paragraphs)


def without_leading_blocks(html: str, count: int) -> str:
    """`html` less its first `count` top-level paragraphs and headings (mammoth writes one
    block per non-empty paragraph)."""
    if count <= 0 or not html.strip():
        return html
    from lxml import html as lxml_html

    blocks = lxml_html.fragments_fromstring(html)
    kept, dropped = [], 0
    for block in blocks:
        if isinstance(block, str):
            kept.append(block)
        elif dropped < count and block.tag in {"p", "h1", "h2", "h3", "h4", "h5", "h6"}:
            dropped += 1
        else:
            kept.append(lxml_html.tostring(block, encoding="unicode"))
    return "".join(kept)


def convert_docx(data: bytes) -> Conversion:
    """The article's full text from the final docx, starting after its front matter."""
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
    try:
        front = front_matter_blocks(data)
    except Exception as exc:  # noqa: BLE001 - python-docx fails in many ways on a damaged file
        raise DocxError(str(exc)) from exc
    return Conversion(html=clean_fulltext(without_leading_blocks(result.value, front)),
                      messages=messages)
