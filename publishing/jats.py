"""A JATS (Journal Article Tag Suite 1.3, archiving) XML file for each article page, and its
front matter alone for OAI-PMH (publishing.oai_records).

Front matter comes from the site record; the body maps the sanitised full text onto JATS:
headings open sections, paragraphs, lists and tables keep their structure, footnotes go to
the back matter. Inline markup is reduced to text (bold, italic, sub/sup are kept).
"""

import re

import lxml.html
from lxml import etree as ET

DOCTYPE = ('<!DOCTYPE article PUBLIC "-//NLM//DTD JATS (Z39.96) Journal Archiving and '
           'Interchange DTD v1.3 20210610//EN" "JATS-archivearticle1-3.dtd">')
INLINE = {"b": "bold", "strong": "bold", "i": "italic", "em": "italic", "sub": "sub",
          "sup": "sup", "u": "underline"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
XLINK = "http://www.w3.org/1999/xlink"
NSMAP = {"xlink": XLINK}
# Characters XML 1.0 cannot carry (a pasted control character must not break the file).
NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text: str) -> str:
    return NOT_XML.sub("", text)


def _text(parent: ET._Element, tag: str, text: str, **attrs) -> ET._Element:
    el = ET.SubElement(parent, tag, attrs)
    el.text = xml_text(text)
    return el


def _inline(source, target: ET._Element) -> None:
    """Copy text and simple inline formatting of an HTML element into a JATS element."""
    target.text = (target.text or "") + xml_text(source.text or "")
    last = None
    for child in source:
        if not isinstance(child.tag, str):
            continue
        tag = INLINE.get(child.tag)
        if tag:
            last = ET.SubElement(target, tag)
            _inline(child, last)
        else:
            text = xml_text(child.text_content())
            if last is None:
                target.text += text
            else:
                last.tail = (last.tail or "") + text
        tail = xml_text(child.tail or "")
        if last is None:
            target.text += tail
        else:
            last.tail = (last.tail or "") + tail


def _block(node, parent: ET._Element) -> None:
    tag = node.tag
    if tag in ("p", "blockquote", "pre"):
        _inline(node, ET.SubElement(parent, "p"))
    elif tag in ("ul", "ol"):
        lst = ET.SubElement(parent, "list",
                            {"list-type": "order" if tag == "ol" else "bullet"})
        for li in node.findall("li"):
            _inline(li, ET.SubElement(ET.SubElement(lst, "list-item"), "p"))
    elif tag == "table":
        table = ET.SubElement(ET.SubElement(parent, "table-wrap"), "table")
        for tr in node.iter("tr"):
            row = ET.SubElement(table, "tr")
            for cell in tr:
                if cell.tag in ("td", "th"):
                    attrs = {k: cell.get(k) for k in ("colspan", "rowspan") if cell.get(k)}
                    _inline(cell, ET.SubElement(row, cell.tag, attrs))
    elif isinstance(tag, str) and node.text_content().strip():
        _inline(node, ET.SubElement(parent, "p"))


def _body(html: str, body: ET._Element, back: ET._Element) -> None:
    if not html.strip():
        return
    footnotes = None
    section = body
    for node in lxml.html.fragment_fromstring(html, create_parent="div"):
        if not isinstance(node.tag, str):
            continue
        if node.tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            section = ET.SubElement(body, "sec")
            _inline(node, ET.SubElement(section, "title"))
        elif node.tag == "ol" and any((li.get("id") or "").startswith("fn-")
                                      for li in node.findall("li")):
            footnotes = footnotes if footnotes is not None else ET.SubElement(back, "fn-group")
            for li in node.findall("li"):
                fn = ET.SubElement(footnotes, "fn", {"id": li.get("id") or "fn"})
                _inline(li, ET.SubElement(fn, "p"))
        else:
            _block(node, section)


def article_element(a: dict, issue: dict | None, journal: dict, body_html: str | None,
                    nsmap: dict = NSMAP):
    """The <article> element (`nsmap` lets a record inside another document, e.g. OAI-PMH,
    undo the default namespace around it). With `body_html` None, the front matter only,
    pointing to where the full text is: the site's JATS file and the PDF galley."""
    root = ET.Element("article", {"article-type": "research-article", "dtd-version": "1.3",
                                  XML_LANG: "zh"}, nsmap=nsmap)
    front = ET.SubElement(root, "front")
    jmeta = ET.SubElement(front, "journal-meta")
    _text(jmeta, "journal-id", "hbkjty", **{"journal-id-type": "publisher-id"})
    group = ET.SubElement(jmeta, "journal-title-group")
    _text(group, "journal-title", journal["name_zh"])
    if journal["name_en"]:
        _text(ET.SubElement(group, "trans-title-group", {XML_LANG: "en"}), "trans-title",
              journal["name_en"])
    if journal["issn"]:
        _text(jmeta, "issn", journal["issn"], **{"pub-type": "ppub"})
    _text(ET.SubElement(jmeta, "publisher"), "publisher-name",
          journal["sponsor_zh"] or journal["name_zh"])

    meta = ET.SubElement(front, "article-meta")
    _text(meta, "article-id", str(a["id"]), **{"pub-id-type": "publisher-id"})
    if a["doi"]:
        _text(meta, "article-id", a["doi"], **{"pub-id-type": "doi"})
    titles = ET.SubElement(meta, "title-group")
    _text(titles, "article-title", a["title_zh"])
    if a["title_en"]:
        _text(ET.SubElement(titles, "trans-title-group", {XML_LANG: "en"}), "trans-title",
              a["title_en"])
    contribs = ET.SubElement(meta, "contrib-group")
    for author in a["authors"]:
        contrib = ET.SubElement(contribs, "contrib", {"contrib-type": "author"}
                                | ({"corresp": "yes"} if author["corresponding"] else {}))
        if author["orcid"]:
            _text(contrib, "contrib-id", f"https://orcid.org/{author['orcid']}",
                  **{"contrib-id-type": "orcid"})
        _text(contrib, "string-name", author["name"])
        if author["pinyin"]:
            _text(contrib, "string-name", author["pinyin"], **{"name-style": "western",
                                                               XML_LANG: "en"})
        if author["aff"]:
            _text(contrib, "xref", str(author["aff"]), **{"ref-type": "aff",
                                                          "rid": f"aff{author['aff']}"})
    for n, aff in enumerate(a["affiliations"], 1):
        el = ET.SubElement(meta, "aff", {"id": f"aff{n}"})
        _text(el, "institution", aff["zh"])
        if aff["city"] or aff["postcode"]:
            _text(el, "addr-line", " ".join(filter(None, (aff["city"], aff["postcode"]))))
        if aff["en"]:
            _text(el, "institution", aff["en"], **{XML_LANG: "en"})
    year, month, day = a["published"].split("-")
    pub = ET.SubElement(meta, "pub-date", {"publication-format": "print",
                                           "date-type": "pub"})
    _text(pub, "day", day)
    _text(pub, "month", month)
    _text(pub, "year", year)
    if issue:
        _text(meta, "volume", str(issue["volume"]))
        _text(meta, "issue", str(issue["number"]))
    if a["page_start"] is not None:
        _text(meta, "fpage", str(a["page_start"]))
        _text(meta, "lpage", str(a["page_end"] if a["page_end"] is not None
                                 else a["page_start"]))
    history = ET.SubElement(meta, "history")
    for kind, value in (("received", a["received"]), ("accepted", a["accepted"])):
        if value:
            y, m, d = value.split("-")
            date = ET.SubElement(history, "date", {"date-type": kind})
            _text(date, "day", d)
            _text(date, "month", m)
            _text(date, "year", y)
    ET.SubElement(meta, "self-uri", {f"{{{XLINK}}}href": journal["base_url"] + a["url"]})
    if body_html is None:
        for kind, ext, present in (("application/jats+xml", "xml", True),
                                   ("application/pdf", "pdf", a["galley"])):
            if present:
                ET.SubElement(meta, "self-uri", {"content-type": kind, f"{{{XLINK}}}href":
                                                 f"{journal['base_url']}{a['base']}.{ext}"})
    _text(ET.SubElement(meta, "abstract"), "p", a["abstract_zh"])
    if a["abstract_en"]:
        _text(ET.SubElement(meta, "trans-abstract", {XML_LANG: "en"}), "p", a["abstract_en"])
    for lang, words in (("zh", a["keywords_zh"]), ("en", a["keywords_en"])):
        if words:
            group = ET.SubElement(meta, "kwd-group", {XML_LANG: lang})
            for word in words:
                _text(group, "kwd", word)
    if a["funding"]:
        _text(ET.SubElement(meta, "funding-group"), "funding-statement", a["funding"])
    if body_html is not None:
        body = ET.SubElement(root, "body")
        back = ET.SubElement(root, "back")
        _body(body_html, body, back)
        if not len(back):
            root.remove(back)
    return root


def article_xml(a: dict, issue: dict | None, journal: dict, body_html: str) -> bytes:
    root = article_element(a, issue, journal, body_html)
    ET.indent(root)
    xml = ET.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{DOCTYPE}\n{xml}\n'.encode()
