"""Element-level cleaning of WordprocessingML parts (document, headers, footers, notes).

Tracked changes are resolved as if accepted (insertions kept, deletions gone), comment
anchors dropped, elements that use a dropped relationship removed (hyperlinks unwrapped, so
their text stays), fields that fetch or run something from outside blanked, and paragraphs
that only say who the authors are (byline, affiliations, biography, acknowledgement,
funding) replaced by a neutral mark. What is left is masked occurrence by occurrence, across
the runs Word splits a name into.
"""

import re

from lxml import etree

from review.identities import MARKS, UNIT_WORD, Matcher

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def w(name: str) -> str:
    return f"{{{W}}}{name}"


UNWRAPPED = {w("ins"), w("moveTo")}
REMOVED = {w(n) for n in (
    "del", "moveFrom", "moveFromRangeStart", "moveFromRangeEnd", "moveToRangeStart",
    "moveToRangeEnd", "rPrChange", "pPrChange", "sectPrChange", "tblPrChange", "trPrChange",
    "tcPrChange", "tblGridChange", "numberingChange", "cellIns", "cellDel", "cellMerge",
    "customXmlInsRangeStart", "customXmlInsRangeEnd", "customXmlDelRangeStart",
    "customXmlDelRangeEnd", "customXmlMoveFromRangeStart", "customXmlMoveFromRangeEnd",
    "customXmlMoveToRangeStart", "customXmlMoveToRangeEnd", "commentRangeStart",
    "commentRangeEnd", "dataBinding", "attachedTemplate", "mailMerge", "docVars")}
PICTURE_HOLDERS = {w("drawing"), w("pict"), w("object")}
# Fields that fetch from outside or run something; a HYPERLINK field to an anchor (\l) stays.
OUTSIDE_FIELD = re.compile(
    r"^\s*(INCLUDEPICTURE|INCLUDETEXT|LINK|DDE|DDEAUTO|IMPORT|DATABASE|MACROBUTTON|"
    r"HYPERLINK\s+\"?(?!\\l))", re.I)

OPEN = r"^\s*(?:\d+(?:\.\d+)*\s*)?[\[【〔(（*]?\s*"  # "5 致谢", "［摘要］", "*基金项目"
ABSTRACT = re.compile(OPEN + r"(摘\s*要|内容摘要|内容提要|提\s*要|Abstract|Summary)", re.I)
KEYWORDS = re.compile(OPEN + r"(关\s*键\s*词|Key\s*words)", re.I)
# Lines a journal template puts around the byline that say nothing about the authors.
FILING = re.compile(OPEN + r"(中图分类号|文献标识码|文献标志码|文章编号|DOI|CLC\s+number)", re.I)
BIOGRAPHY = re.compile(OPEN + r"(作者简介|通信作者|通讯作者|第一作者|作者单位|作者信息|"
                       r"About\s+the\s+authors?|Corresponding\s+author)", re.I)
FUNDING = re.compile(
    OPEN + r"(基\s*金\s*项\s*目|资助项目|项目基金|基金资助|Foundation\s+items?|"
    r"Fund(?:ing|s)?(?:\s+projects?)?\s*[:：]|Funded\s+by|Supported\s+by|Grants?\s*[:：])"
    r"|^\s*本(文|研究|论文|成果)(系|为|是|受|得到|获)[^。]{0,120}(项目|基金|资助)", re.I)
ACKNOWLEDGEMENT = re.compile(OPEN + r"(致\s*谢|谢\s*辞|鸣\s*谢|Acknowledge?ments?)", re.I)
SECTION_HEADING = re.compile(r"^\s*(参考文献|注释|附录|References|Notes|Appendix)", re.I)
NAME_LIST = re.compile(
    r"^\s*(?:[\u4e00-\u9fff·]{2,4}\s*[\d*,¹²³⁴⁵⁶⁷⁸⁹⁰†‡]*\s*[,，、;；\s]\s*)*"
    r"[\u4e00-\u9fff·]{2,4}\s*[\d*¹²³⁴⁵⁶⁷⁸⁹⁰†‡]*\s*$")
LATIN_NAME_LIST = re.compile(
    r"^\s*(?:[A-Z]{2,}(?:[\s-][A-Z][a-z]+)+\s*[\d*,]*\s*(?:,|;|and)?\s*)+$")
POSTCODE = re.compile(r"(?<!\d)\d{6}(?!\d)|邮编")
NUMBERED_UNIT = re.compile(r"^\s*[（(]?\s*1\s*[.．、]")
EMAIL_LIKE = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+\.[A-Za-z]")
MARK_AUTHORS = "【作者】"
MARK_BIOGRAPHY = "【作者信息已隐去】"
MARK_FUNDING = "【基金项目已隐去】"
MARK_ACKNOWLEDGEMENT = "【致谢已隐去】"
LOOKBACK = 8


def resolve_revisions(root) -> None:
    """Accept every tracked change and drop every trace of its author."""
    for element in list(root.iter(*REMOVED)):
        parent = element.getparent()
        if parent is None:
            continue  # already gone with an ancestor
        if element.tag == w("del") and parent.tag == w("trPr"):
            row = parent.getparent()  # a deleted table row
            if row is not None and row.getparent() is not None:
                row.getparent().remove(row)
            continue
        parent.remove(element)
    for element in list(root.iter(*UNWRAPPED)):
        parent = element.getparent()
        if parent is None:
            continue
        if parent.tag in (w("rPr"), w("trPr")):
            parent.remove(element)  # a marker "inserted", not a wrapper
        else:
            unwrap(element)
    for reference in list(root.iter(w("commentReference"))):
        run = reference.getparent()
        if run.tag == w("r") and all(c.tag in (w("rPr"), w("commentReference")) for c in run):
            run.getparent().remove(run)
        else:
            run.remove(reference)


def unwrap(element) -> None:
    """Put an element's children in its place."""
    parent = element.getparent()
    index = parent.index(element)
    for child in list(element):
        parent.insert(index, child)
        index += 1
    parent.remove(element)


def drop_references(root, dropped: set[str]) -> None:
    """Remove what uses a dropped relationship, so no r:id is left dangling."""
    if not dropped:
        return
    for element in list(root.iter()):
        if not isinstance(element.tag, str) or element.getparent() is None and element is not root:
            continue
        used = [a for a, v in element.attrib.items() if a.startswith(f"{{{R}}}") and v in dropped]
        if not used:
            continue
        local = etree.QName(element).localname
        if local == "hyperlink":
            unwrap(element)
        elif local == "blip" and all(a == f"{{{R}}}link" for a in used):
            for attribute in used:
                del element.attrib[attribute]  # the linked image goes, the embedded one stays
        else:
            holder = next((a for a in element.iterancestors() if a.tag in PICTURE_HOLDERS), None)
            target = holder if holder is not None else element
            if target.getparent() is not None:
                target.getparent().remove(target)


def blank_outside_fields(root) -> None:
    """Fields that fetch a picture or text from elsewhere, or link out, lose their code."""
    for simple in root.iter(w("fldSimple")):
        if OUTSIDE_FIELD.match(simple.get(w("instr"), "")):
            simple.set(w("instr"), "")
    for paragraph in root.iter(w("p")):
        codes = list(paragraph.iter(w("instrText")))
        if codes and OUTSIDE_FIELD.search("".join(c.text or "" for c in codes)):
            for code in codes:
                code.text = ""


def text_nodes(paragraph) -> list:
    """The w:t of a paragraph itself (not of text boxes nested in it), in order."""
    return [t for t in paragraph.iter(w("t"), w("delText"), w("instrText"))
            if next(t.iterancestors(w("p")), None) is paragraph]


def paragraph_text(paragraph) -> str:
    return "".join(t.text or "" for t in text_nodes(paragraph) if t.tag == w("t"))


def replace_paragraph(paragraph, mark: str) -> None:
    """Replace what a paragraph says by a mark, keeping its formatting and section break."""
    for child in list(paragraph):
        if child.tag != w("pPr"):
            paragraph.remove(child)
    run = etree.SubElement(paragraph, w("r"))
    etree.SubElement(run, w("t")).text = mark


def mask_paragraph(paragraph, matcher: Matcher) -> None:
    """Replace each occurrence by its mark, across the runs it is split into."""
    nodes = [t for t in text_nodes(paragraph) if t.tag == w("t")]
    text = "".join(t.text or "" for t in nodes)
    for found in reversed(matcher.find(text)):
        _splice(nodes, found.start, found.end, matcher_mark(found.kind))
    for code in (t for t in text_nodes(paragraph) if t.tag == w("instrText")):
        code.text = matcher.mask(code.text or "")


def matcher_mark(kind: str) -> str:
    return MARKS[kind]


def _splice(nodes, start: int, end: int, mark: str) -> None:
    offset = 0
    placed = False
    for node in nodes:
        text = node.text or ""
        low, high = offset, offset + len(text)
        offset = high
        if high <= start or low >= end:
            continue
        before = text[:max(0, start - low)]
        after = text[max(0, end - low):] if end < high else ""
        node.text = before + ("" if placed else mark) + after
        node.set(XML_SPACE, "preserve")
        placed = True


def mask_attributes(root, matcher: Matcher) -> None:
    """Alt text, titles, people and author attributes: masked where they name someone."""
    if not matcher.any_in(root):
        return
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        for attribute, value in element.attrib.items():
            masked = matcher.mask(value)
            if masked != value:
                element.set(attribute, masked)


def statement_paragraphs(texts: list[str]) -> dict[int, str]:
    """Biography, funding and acknowledgement paragraphs, with the mark each gets."""
    marks: dict[int, str] = {}
    in_acknowledgement = 0
    for index, text in enumerate(texts):
        stripped = text.strip()
        heading = ACKNOWLEDGEMENT.match(stripped)
        if heading:
            if not re.sub(r"[\W_]", "", stripped[heading.end():]):
                in_acknowledgement = 5  # the heading stays; what follows it is masked
                continue
            marks[index] = MARK_ACKNOWLEDGEMENT
        elif in_acknowledgement and stripped:
            if SECTION_HEADING.match(stripped):
                in_acknowledgement = 0
                continue
            marks[index] = MARK_ACKNOWLEDGEMENT
            in_acknowledgement -= 1
        elif BIOGRAPHY.match(stripped):
            marks[index] = MARK_BIOGRAPHY
        elif FUNDING.match(stripped):
            marks[index] = MARK_FUNDING
    return marks


def byline_paragraphs(texts: list[str], matcher: Matcher) -> set[int]:
    """The paragraphs under a title that name the authors or their affiliations: those
    between the title and each abstract (摘要/Abstract) that look like a byline."""
    abstracts = [i for i, t in enumerate(texts) if ABSTRACT.match(t)]
    title = next((i for i, t in enumerate(texts) if t.strip()), None)
    if not abstracts and title is not None:
        abstracts = [min(len(texts), title + LOOKBACK)]  # no abstract: just under the title
    found: set[int] = set()
    for abstract in abstracts:
        for index in range(abstract - 1, max(-1, abstract - LOOKBACK - 1), -1):
            text = texts[index].strip()
            if index in abstracts or KEYWORDS.match(text) or len(text) > 300:
                break
            if FILING.match(text):
                continue
            if text and index != title and is_byline(text, matcher):
                found.add(index)
    return found


def is_byline(text: str, matcher: Matcher) -> bool:
    """A paragraph that says who wrote the paper and where they work."""
    if NAME_LIST.match(text) or LATIN_NAME_LIST.match(text) or EMAIL_LIKE.search(text):
        return True
    if (POSTCODE.search(text) or NUMBERED_UNIT.match(text)) and UNIT_WORD.search(text):
        return True
    if re.match(r"^\s*(作者|作者单位|单位|Authors?|Affiliations?)\s*[:：]", text, re.I):
        return True
    occurrences = matcher.find(text)
    if not occurrences:
        return False
    rest = text
    for found in reversed(occurrences):
        rest = rest[:found.start] + rest[found.end:]
    left = re.sub(r"[\W\d_]|China|中国", "", rest)  # marks, punctuation, postcodes, country
    return len(left) <= max(6, len(re.sub(r"\W", "", text)) // 3)


def clean_text_part(root, matcher: Matcher, masker: Matcher, body: bool) -> None:
    """Statements, bylines (body only) and occurrences of a text part."""
    paragraphs = list(root.iter(w("p")))
    texts = [paragraph_text(p) for p in paragraphs]
    marks = statement_paragraphs(texts)
    if body:
        top = [i for i, p in enumerate(paragraphs) if p.getparent().tag == w("body")]
        for index in byline_paragraphs([texts[i] for i in top], matcher):
            marks.setdefault(top[index], MARK_AUTHORS)
    for index, paragraph in enumerate(paragraphs):
        if index in marks:
            replace_paragraph(paragraph, marks[index])
        else:
            mask_paragraph(paragraph, masker)
    mask_attributes(root, masker)
