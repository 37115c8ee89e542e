"""Word (.docx) packages: the reviewer copy, and where author identities hide in one.

The package keeps its scholarly text and loses every part that only says who made it:
properties (core, app, custom), customXml, comments and people, the thumbnail, macros;
every external relationship and every relationship to a dropped part goes too, with the
elements that use it. Pictures lose their EXIF/XMP/text chunks, embedded Office files their
properties. Text parts are cleaned by `review.anonymise_wordml`.
"""

import io
import posixpath
import re
import zipfile

from lxml import etree

from review import anonymise_wordml as wordml
from review.anonymise_media import image_metadata_text, strip_image_metadata
from review.identities import Matcher, context

MAX_UNPACKED = 300 * 1024 * 1024  # a zip bomb is refused, not unpacked
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
# As mat2's office parser omits them: parts that say who, where, or with what printer.
DROPPED_PARTS = re.compile(
    r"^(docProps/custom\.xml|docProps/thumbnail\.\w+|customXml/.*|word/comments\w*\.xml|"
    r"word/_rels/comments\w*\.xml\.rels|word/people\.xml|word/persons/.*|word/threadedComments/.*|"
    r"word/glossary/.*|word/_rels/glossary.*|word/printerSettings/.*|word/webSettings\.xml|"
    r"word/vbaProject\.bin|word/vbaData\.xml|word/_rels/vbaProject\.bin\.rels|\[trash\]/.*)$",
    re.I)
# app.xml keeps only counts and the program's name; Template, Company, Manager, titles go.
APP_KEPT = {"Application", "AppVersion", "DocSecurity", "Pages", "Words", "Characters",
            "CharactersWithSpaces", "Lines", "Paragraphs", "ScaleCrop", "LinksUpToDate",
            "SharedDoc", "HyperlinksChanged", "TotalTime"}
TEXT_PART = re.compile(r"^word/(document|header\d*|footer\d*|footnotes|endnotes|glossary/document)"
                       r"\.xml$")
METADATA_PART = re.compile(r"^(docProps/|customXml/|word/people\.xml|word/settings\.xml)")
COMMENT_PART = re.compile(r"^word/(_rels/)?comments\w*\.xml(\.rels)?$")
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
AUTHOR_ATTRIBUTES = (wordml.w("author"), wordml.w("initials"), f"{{{W15}}}author",
                     f"{{{W15}}}userId")
NEUTRAL = "Anonymous"
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True,
                         remove_blank_text=False)


class BrokenDocx(Exception):
    """Raised with a reason the facade turns into a user-facing AnonymiseError."""


def read_package(data: bytes) -> dict[str, bytes]:
    """The parts of a .docx, by name, in their order; refuses what is not one."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            if sum(i.file_size for i in package.infolist()) > MAX_UNPACKED:
                raise BrokenDocx("too large when unpacked")
            parts = {i.filename: package.read(i) for i in package.infolist() if not i.is_dir()}
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError) as exc:
        raise BrokenDocx("not a Word document") from exc
    if "word/document.xml" not in parts:
        raise BrokenDocx("not a Word document")
    return parts


def write_package(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    names = sorted(parts, key=lambda n: n != "[Content_Types].xml")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            package.writestr(info, parts[name])
    return out.getvalue()


def parse(name: str, content: bytes):
    """A part's tree; entity references (never resolved) are dropped with the DTD, so the
    copy is plain XML again."""
    try:
        root = etree.fromstring(content, parser=PARSER)
    except etree.XMLSyntaxError as exc:
        raise BrokenDocx(f"broken part {name}") from exc
    for entity in list(root.iter(etree.Entity)):
        parent, previous = entity.getparent(), entity.getprevious()
        if entity.tail:  # remove() would take the text after the entity with it
            if previous is not None:
                previous.tail = (previous.tail or "") + entity.tail
            else:
                parent.text = (parent.text or "") + entity.tail
        parent.remove(entity)
    return root


def serialise(root) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def source_of(rels_name: str) -> str:
    """'word/_rels/document.xml.rels' → 'word/document.xml'; '_rels/.rels' → ''."""
    folder, base = posixpath.split(rels_name)
    return posixpath.join(posixpath.dirname(folder), base[:-len(".rels")])


def target_of(source: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), target))


def clean_docx(data: bytes, masker: Matcher, matcher: Matcher,
               keep_annotations: bool = False) -> bytes:
    """The reviewer copy of a .docx (see the module docstring). With keep_annotations (a
    reviewer's own annotated file) comments and tracked changes stay, their authors blanked."""
    parts = read_package(data)
    dropped_parts = {n for n in parts if DROPPED_PARTS.match(n)
                     and not (keep_annotations and COMMENT_PART.match(n))}
    dropped_ids = _clean_relationships(parts, dropped_parts)
    for name in dropped_parts:
        parts.pop(name, None)
    for name in list(parts):
        if name == "[Content_Types].xml":
            parts[name] = _clean_content_types(parts[name], dropped_parts)
        elif name == "docProps/core.xml":
            root = parse(name, parts[name])
            for child in list(root):
                root.remove(child)  # every core property, title and dates included
            parts[name] = serialise(root)
        elif name == "docProps/app.xml":
            root = parse(name, parts[name])
            for child in list(root):
                if not isinstance(child.tag, str) or etree.QName(child).localname not in APP_KEPT:
                    root.remove(child)
            parts[name] = serialise(root)
        elif name.endswith(".xml") and name.startswith("word/"):
            parts[name] = _clean_word_part(name, parts[name], dropped_ids.get(name, set()),
                                           masker, matcher, keep_annotations)
        elif re.match(r"^word/embeddings/.+\.(docx|xlsx|pptx)$", name, re.I):
            parts[name] = strip_office_properties(parts[name])
        elif name.startswith("word/media/"):
            parts[name] = strip_image_metadata(parts[name])
    return write_package(parts)


def _clean_relationships(parts: dict[str, bytes], dropped_parts: set[str]) -> dict[str, set]:
    """Drop external relationships and those to dropped parts; the ids dropped, by source."""
    dropped_ids: dict[str, set] = {}
    for name in [n for n in parts if n.endswith(".rels") and n not in dropped_parts]:
        root = parse(name, parts[name])
        source = source_of(name)
        for relationship in list(root):
            target = relationship.get("Target", "")
            external = relationship.get("TargetMode", "").lower() == "external"
            if external or target_of(source, target) in dropped_parts:
                root.remove(relationship)
                dropped_ids.setdefault(source, set()).add(relationship.get("Id"))
        parts[name] = serialise(root)
    return dropped_ids


def _clean_content_types(content: bytes, dropped_parts: set[str]) -> bytes:
    root = parse("[Content_Types].xml", content)
    for override in list(root):
        if override.get("PartName", "").lstrip("/") in dropped_parts:
            root.remove(override)
    return serialise(root)


def _clean_word_part(name, content, dropped_ids, masker, matcher, keep_annotations) -> bytes:
    root = parse(name, content)
    if not keep_annotations:
        wordml.resolve_revisions(root)
    wordml.drop_references(root, dropped_ids)
    wordml.blank_outside_fields(root)
    for element in root.iter():
        for attribute in AUTHOR_ATTRIBUTES:
            if isinstance(element.tag, str) and attribute in element.attrib:
                element.set(attribute, NEUTRAL if attribute.endswith("author") else "")
    if TEXT_PART.match(name):
        wordml.clean_text_part(root, matcher, masker, body=name == "word/document.xml")
    elif masker.any_in(root):
        _mask_every_text(root, masker)
    return serialise(root)


def _mask_every_text(root, masker: Matcher) -> None:
    """Charts, settings, styles, numbering: masked text by text."""
    for element in root.iter():
        if isinstance(element.tag, str) and element.text:
            element.text = masker.mask(element.text)
    wordml.mask_attributes(root, masker)


def strip_office_properties(data: bytes) -> bytes:
    """An embedded Office file keeps its content but loses its core/app/custom properties."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            parts = {i.filename: package.read(i) for i in package.infolist() if not i.is_dir()}
    except (zipfile.BadZipFile, EOFError, ValueError):
        return data
    for name in ("docProps/core.xml", "docProps/app.xml", "docProps/custom.xml"):
        if name in parts:
            root = parse(name, parts[name])
            for child in list(root):
                root.remove(child)
            parts[name] = serialise(root)
    return write_package(parts)


def find_in_docx(data: bytes, matcher: Matcher, make_hit) -> list:
    """Every occurrence of an identity in any part of a .docx: text by paragraph, then every
    other text and attribute with the element that holds it."""
    hits = []
    for name, content in read_package(data).items():
        for found in matcher.find(name):
            hits.append(make_hit("embedded", found.value, f"part name {name}", name))
        if name.endswith((".xml", ".rels", ".vml")):
            hits += _find_in_xml(name, parse(name, content), matcher, make_hit)
        elif name.startswith("word/media/"):
            text = image_metadata_text(content)
            hits += [make_hit("metadata", f.value, f"{name}: image metadata", context(text, f))
                     for f in matcher.find(text)]
        elif re.match(r".+\.(docx|xlsx|pptx)$", name, re.I):
            try:
                hits += [make_hit("embedded", h.value, f"{name} → {h.where}", h.context)
                         for h in find_in_docx_like(content, matcher, make_hit)]
            except BrokenDocx:
                continue
    return hits


def find_in_docx_like(data: bytes, matcher: Matcher, make_hit) -> list:
    """Embedded Office files: their XML parts, whatever program made them."""
    hits = []
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for info in package.infolist():
            if info.filename.endswith(".xml"):
                hits += _find_in_xml(info.filename, parse(info.filename, package.read(info)),
                                     matcher, make_hit)
    return hits


def _find_in_xml(name, root, matcher: Matcher, make_hit) -> list:
    hits = []
    if not matcher.any_in(root):
        return hits
    metadata = bool(METADATA_PART.match(name))
    in_paragraphs = set()
    for paragraph in root.iter(wordml.w("p")):
        nodes = wordml.text_nodes(paragraph)
        in_paragraphs.update(nodes)
        text = "".join(n.text or "" for n in nodes)
        for found in matcher.find(text):
            hits.append(make_hit(found.kind, found.value, name, context(text, found)))
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        local = etree.QName(element).localname
        texts = [] if element in in_paragraphs else [(local, element.text or "")]
        texts += [(f"{local}/@{etree.QName(a).localname}", v) for a, v in element.attrib.items()]
        for label, text in texts:
            for found in matcher.find(text):
                kind = "metadata" if metadata else found.kind
                hits.append(make_hit(kind, found.value, f"{name}: {label}", context(text, found)))
    return hits
