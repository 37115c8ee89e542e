"""DOAJ's article XML (the "doajArticles" import format) for a batch of published articles.

One <record> per article, its elements in the order of DOAJ's schema. The article is in
Chinese with an English title, abstract and keywords, so titles, abstracts and keyword groups
come twice, each with its ISO 639-2/B language (chi, eng). DOAJ is searched in Latin script:
authors are named by their pinyin and affiliations in English where the journal has them,
the Chinese otherwise.
"""

from lxml import etree

from publishing.jats import xml_text

SCHEMA = "https://doaj.org/static/doaj/doajArticles.xsd"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
LANGUAGES = {"zh": "chi", "en": "eng"}


def _text(parent, tag: str, text: str, **attrs) -> None:
    if text:
        etree.SubElement(parent, tag, attrs).text = xml_text(str(text))


def _record(records, a: dict, issue: dict | None, journal: dict) -> None:
    record = etree.SubElement(records, "record")
    _text(record, "language", LANGUAGES["zh"])
    _text(record, "publisher", journal["sponsor_en"] or journal["sponsor_zh"]
          or journal["name_zh"])
    _text(record, "journalTitle", journal["name_zh"])
    _text(record, "issn", journal["issn"])
    _text(record, "publicationDate", a["published"])
    if issue:
        _text(record, "volume", issue["volume"])
        _text(record, "issue", issue["number"])
    if a["page_start"] is not None:
        _text(record, "startPage", a["page_start"])
        _text(record, "endPage", a["page_end"] if a["page_end"] is not None
              else a["page_start"])
    _text(record, "doi", a["doi"])
    _text(record, "publisherRecordId", a["id"])
    _text(record, "documentType", "article")
    for lang in ("zh", "en"):
        _text(record, "title", a[f"title_{lang}"], language=LANGUAGES[lang])
    authors = etree.SubElement(record, "authors")
    for author in a["authors"]:
        element = etree.SubElement(authors, "author")
        _text(element, "name", author["pinyin"] or author["name"])
        _text(element, "affiliationId", author["aff"] or "")
        if author["orcid"]:
            _text(element, "orcid_id", f"https://orcid.org/{author['orcid']}")
    affiliations = etree.SubElement(record, "affiliationsList")
    for n, aff in enumerate(a["affiliations"], 1):
        _text(affiliations, "affiliationName", aff["en"] or aff["zh"], affiliationId=str(n))
    for lang in ("zh", "en"):
        _text(record, "abstract", a[f"abstract_{lang}"], language=LANGUAGES[lang])
    _text(record, "fullTextUrl", journal["base_url"] + a["url"], format="html")
    for lang in ("zh", "en"):
        if a[f"keywords_{lang}"]:
            keywords = etree.SubElement(record, "keywords", language=LANGUAGES[lang])
            for word in a[f"keywords_{lang}"]:
                _text(keywords, "keyword", word)


def doaj_xml(articles: list[dict], issues: dict[int, dict], journal: dict) -> bytes:
    """The <records> file of `articles` (site records, publishing.sitedata)."""
    records = etree.Element("records", nsmap={"xsi": XSI})
    records.set(f"{{{XSI}}}noNamespaceSchemaLocation", SCHEMA)
    for a in articles:
        _record(records, a, issues.get(a["issue_id"]), journal)
    etree.indent(records)
    return etree.tostring(records, xml_declaration=True, encoding="UTF-8")
