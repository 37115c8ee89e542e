"""The Crossref deposit of one article: a doi_batch in Crossref's metadata deposit schema
5.3.1 (https://www.crossref.org/schemas/crossref5.3.1.xsd), built from its site record.

The title is given in English when the article has one, with the Chinese title as the
original-language title; authors are named by their pinyin (surname first, as Chinese names
are written) and carry their ORCID iD and affiliation.
"""

from lxml import etree

from publishing.jats import xml_text

CROSSREF = "http://www.crossref.org/schema/5.3.1"
SCHEMA = "https://www.crossref.org/schemas/crossref5.3.1.xsd"
JATS = "http://www.ncbi.nlm.nih.gov/JATS1"
XSI = "http://www.w3.org/2001/XMLSchema-instance"


def _el(parent, tag: str, text: str | None = None, **attrs):
    element = etree.SubElement(parent, f"{{{CROSSREF}}}{tag}", attrs)
    if text is not None:
        element.text = xml_text(str(text))
    return element


def _date(parent, tag: str, iso: str, **attrs) -> None:
    year, month, day = iso.split("-")
    date = _el(parent, tag, **attrs)
    _el(date, "month", month)
    _el(date, "day", day)
    _el(date, "year", year)


def _person(parent, author: dict, first: bool, affiliations: list[dict]) -> None:
    person = _el(parent, "person_name", sequence="first" if first else "additional",
                 contributor_role="author")
    surname, _, given = (author["pinyin"] or "").partition(" ")
    if given:
        _el(person, "given_name", given)
        _el(person, "surname", surname)
    else:  # no pinyin: the name as written
        _el(person, "surname", author["name"])
    if author["aff"]:
        aff = affiliations[author["aff"] - 1]
        institution = _el(_el(person, "affiliations"), "institution")
        _el(institution, "institution_name", aff["en"] or aff["zh"])
    if author["orcid"]:
        _el(person, "ORCID", f"https://orcid.org/{author['orcid']}", authenticated="false")


def deposit_xml(a: dict, issue: dict | None, journal: dict, *, batch_id: str,
                timestamp: int, depositor_email: str) -> bytes:
    """The doi_batch registering article `a` (a site record with a DOI)."""
    root = etree.Element(f"{{{CROSSREF}}}doi_batch", {"version": "5.3.1"},
                         nsmap={None: CROSSREF, "xsi": XSI, "jats": JATS})
    root.set(f"{{{XSI}}}schemaLocation", f"{CROSSREF} {SCHEMA}")
    head = _el(root, "head")
    _el(head, "doi_batch_id", batch_id)
    _el(head, "timestamp", str(timestamp))
    depositor = _el(head, "depositor")
    _el(depositor, "depositor_name", journal["name_en"] or journal["name_zh"])
    _el(depositor, "email_address", depositor_email)
    _el(head, "registrant", journal["sponsor_en"] or journal["sponsor_zh"] or journal["name_zh"])

    journal_el = _el(_el(root, "body"), "journal")
    meta = _el(journal_el, "journal_metadata", language="zh")
    _el(meta, "full_title", journal["name_zh"])
    if journal["name_en"]:
        _el(meta, "full_title", journal["name_en"])
    if journal["issn"]:
        _el(meta, "issn", journal["issn"], media_type="print")
    if issue:
        issue_el = _el(journal_el, "journal_issue")
        _date(issue_el, "publication_date", issue["date"], media_type="print")
        _el(_el(issue_el, "journal_volume"), "volume", issue["volume"])
        _el(issue_el, "issue", issue["number"])

    article = _el(journal_el, "journal_article", publication_type="full_text", language="zh")
    titles = _el(article, "titles")
    _el(titles, "title", a["title_en"] or a["title_zh"])
    if a["title_en"]:
        _el(titles, "original_language_title", a["title_zh"], language="zh")
    if a["authors"]:
        contributors = _el(article, "contributors")
        for n, author in enumerate(a["authors"]):
            _person(contributors, author, n == 0, a["affiliations"])
    for lang in ("zh", "en"):
        if a[f"abstract_{lang}"]:
            abstract = etree.SubElement(article, f"{{{JATS}}}abstract",
                                        {"{http://www.w3.org/XML/1998/namespace}lang": lang})
            etree.SubElement(abstract, f"{{{JATS}}}p").text = xml_text(a[f"abstract_{lang}"])
    _date(article, "publication_date", a["published"], media_type="print")
    if a["page_start"] is not None:
        pages = _el(article, "pages")
        _el(pages, "first_page", a["page_start"])
        if a["page_end"] is not None:
            _el(pages, "last_page", a["page_end"])
    doi_data = _el(article, "doi_data")
    _el(doi_data, "doi", a["doi"])
    _el(doi_data, "resource", journal["base_url"] + a["url"])
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
