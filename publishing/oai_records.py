"""The metadata of an OAI-PMH record, from the article's site record: simple Dublin Core
(oai_dc) and JATS.

A JATS record is the front matter of the site's .xml file (<front>, no <body>), with links to
the full text: the .xml file itself and the PDF galley. Harvesters index metadata and fetch
full text from its links; converting every article's full text on each page of a harvest
made a page of 100 JATS records about twice the time of the front matter alone, and 1.5 MB
instead of 330 kB."""

from lxml import etree

from publishing import jats

OAI = "http://www.openarchives.org/OAI/2.0/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC = "http://purl.org/dc/elements/1.1/"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# prefix: (schema, namespace)
FORMATS = {
    "oai_dc": ("http://www.openarchives.org/OAI/2.0/oai_dc.xsd", OAI_DC),
    "jats": ("https://jats.nlm.nih.gov/archiving/1.3/xsd/JATS-archivearticle1-3.xsd",
             "http://jats.nlm.nih.gov"),
}


def sub(parent, tag: str, text: str | None = None, **attrs):
    """An element of the OAI-PMH namespace."""
    element = etree.SubElement(parent, f"{{{OAI}}}{tag}", attrs)
    element.text = text
    return element


def _dc(parent, tag: str, text: str, lang: str | None = None) -> None:
    if text:
        element = etree.SubElement(parent, f"{{{DC}}}{tag}", {XML_LANG: lang} if lang else {})
        element.text = jats.xml_text(text)


def dublin_core(parent, a: dict, issue: dict | None, journal: dict) -> None:
    dc = etree.SubElement(parent, f"{{{OAI_DC}}}dc",
                          nsmap={"oai_dc": OAI_DC, "dc": DC, "xsi": XSI})
    dc.set(f"{{{XSI}}}schemaLocation", f"{OAI_DC} {FORMATS['oai_dc'][0]}")
    _dc(dc, "title", a["title_zh"], "zh")
    _dc(dc, "title", a["title_en"], "en")
    for author in a["authors"]:
        _dc(dc, "creator", author["name"])
    for lang in ("zh", "en"):
        for word in a[f"keywords_{lang}"]:
            _dc(dc, "subject", word, lang)
    _dc(dc, "description", a["abstract_zh"], "zh")
    _dc(dc, "description", a["abstract_en"], "en")
    _dc(dc, "publisher", journal["sponsor_zh"] or journal["name_zh"])
    _dc(dc, "date", a["published"])
    _dc(dc, "type", "Text")
    _dc(dc, "type", "info:eu-repo/semantics/article")
    _dc(dc, "format", "text/html")
    _dc(dc, "identifier", journal["base_url"] + a["url"])
    if a["doi"]:
        _dc(dc, "identifier", f"https://doi.org/{a['doi']}")
    where = f", {issue['year']}, {issue['volume']}({issue['number']})" if issue else ""
    pages = f": {a['pages']}" if a["pages"] else ""
    _dc(dc, "source", f"{journal['name_zh']}{where}{pages}")
    if journal["issn"]:
        _dc(dc, "source", f"ISSN {journal['issn']}")
    _dc(dc, "language", "zh")


def add_record_metadata(metadata, prefix: str, a: dict, issue: dict | None,
                        journal: dict) -> None:
    if prefix == "oai_dc":
        dublin_core(metadata, a, issue, journal)
    else:  # JATS is in no namespace: its root undoes the envelope's default one
        metadata.append(jats.article_element(a, issue, journal, None,
                                             nsmap={None: "", **jats.NSMAP}))
