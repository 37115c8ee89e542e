"""OAI-PMH 2.0 at /oai: a real harvester (Sickle) against a live server gets exactly the
published articles in every format and set, through resumption tokens that survive changes
between pages; every protocol error comes with its code; every response parses with lxml.

Two error codes cannot occur here: noMetadataFormats (every record has both formats) and
noSetHierarchy (the repository has sets)."""

from datetime import UTC, datetime

import pytest
import time_machine
from lxml import etree
from sickle import Sickle, oaiexceptions
from sqlalchemy import event

from core.extensions import db
from publishing import services
from publishing.models import Article
from tests.publishing.conftest import accepted, galley_pdf, ready_article

NS = {"o": "http://www.openarchives.org/OAI/2.0/", "dc": "http://purl.org/dc/elements/1.1/"}


def oai(client, method="GET", **params):
    """The parsed response (lxml) to a request with these arguments."""
    response = (client.post("/oai", data=params) if method == "POST"
                else client.get("/oai", query_string=params))
    assert response.status_code == 200
    assert response.content_type == "text/xml; charset=utf-8"
    return etree.fromstring(response.data)


def error(root) -> str:
    return root.find("o:error", NS).get("code")


def ids(root) -> list[str]:
    return [i.text for i in root.iterfind(".//o:header/o:identifier", NS)]


def oai_id(article) -> str:
    return f"oai:127.0.0.1:article/{article.id}"


@pytest.fixture
def repository(app, editor, author_id, publish):
    """Two published issues (two columns each), a legacy article in no issue, and an article
    scheduled into an issue that is not published (never harvested)."""
    with time_machine.travel(datetime(2026, 1, 1, 8, 0, 0, tzinfo=UTC), tick=False):
        first = publish(n=3, columns=2, number=1)
    with time_machine.travel(datetime(2026, 3, 1, 8, 0, 0, tzinfo=UTC), tick=False):
        second = publish(n=2, columns=2, number=2)
        legacy = Article(path="qikandaodu/2019/0301/7.html", legacy=True, title_zh="旧站文章",
                         published_on=datetime(2019, 3, 1).date(), authors=[])
        db.session.add(legacy)
        planned = services.create_issue(editor, year=2026, number=3, volume=39)
        services.schedule(accepted(author_id), planned, editor)
        db.session.commit()
    return {"first": first, "second": second, "legacy": legacy}


def published(repository) -> set[str]:
    return ({oai_id(a) for key in ("first", "second") for a in repository[key].articles}
            | {oai_id(repository["legacy"])})


# --------------------------------------------------------------------------- the harvester


@pytest.fixture
def sickle(app, live_server):
    app.config["OAI_PAGE_SIZE"] = 2  # several pages, each asked for with its token
    yield Sickle(f"{live_server.url}/oai")
    app.config.pop("OAI_PAGE_SIZE")


def _harvest(sickle, prefix: str, spec: str) -> list[str]:
    try:
        return [r.header.identifier for r in sickle.ListRecords(metadataPrefix=prefix, set=spec)]
    except oaiexceptions.NoRecordsMatch:
        return []


def test_sickle_harvests_exactly_the_published_articles_in_every_format_and_set(
        sickle, repository):
    everything = published(repository)
    for prefix in ("oai_dc", "jats"):
        records = list(sickle.ListRecords(metadataPrefix=prefix, ignore_deleted=False))
        assert sorted(r.header.identifier for r in records) == sorted(everything)
        for record in records:  # each carries its metadata in the format asked for
            metadata = record.xml.find("o:metadata", NS)
            assert metadata[0].tag == ("{http://www.openarchives.org/OAI/2.0/oai_dc/}dc"
                                       if prefix == "oai_dc" else "article")
        headers = list(sickle.ListIdentifiers(metadataPrefix=prefix))
        assert sorted(h.identifier for h in headers) == sorted(everything)
    expected = {"column": set(), "issue": set()}
    for key in ("first", "second"):
        issue = repository[key]
        spec = f"issue:{issue.year}-{issue.number}"
        expected[spec] = {oai_id(a) for a in issue.articles}
        expected["issue"] |= expected[spec]
        for article in issue.articles:
            column = f"column:{article.column.slug}"
            expected.setdefault(column, set()).add(oai_id(article))
            expected["column"].add(oai_id(article))
    sets = {s.setSpec for s in sickle.ListSets()}
    assert set(expected) <= sets  # and the column of the scheduled article, still empty
    for spec in sets:
        for prefix in ("oai_dc", "jats"):
            assert sorted(_harvest(sickle, prefix, spec)) == sorted(expected.get(spec, ())), spec
    record = sickle.GetRecord(identifier=oai_id(repository["legacy"]), metadataPrefix="oai_dc")
    assert record.metadata["title"] == ["旧站文章"]


def test_a_token_survives_publications_and_corrections_between_pages(sickle, repository,
                                                                      editor, author_id):
    before = published(repository)
    pages = sickle.ListIdentifiers(metadataPrefix="oai_dc")
    harvested = [next(pages).identifier, next(pages).identifier]  # the first page
    corrected = db.session.scalar(db.select(Article).where(
        Article.path.is_not(None)).order_by(Article.updated_at, Article.id).limit(1))
    assert oai_id(corrected) == harvested[0]
    services.update_metadata(corrected, editor, {"title_zh": "更正后的题名"},
                             note_zh="题名更正。")
    issue = services.create_issue(editor, year=2026, number=4, volume=39)
    new = ready_article(accepted(author_id), issue, editor)
    services.publish_issue(issue, editor)
    db.session.commit()
    harvested += [header.identifier for header in pages]
    # nothing skipped, the new article at the end, the corrected one once more
    assert set(harvested) == before | {oai_id(new)}
    assert harvested[-1] == oai_id(new)
    assert harvested.count(oai_id(corrected)) == 2 and len(harvested) == len(before) + 2


# --------------------------------------------------------------------------- selective


def test_from_and_until_select_by_second_in_utc(client, repository):
    first, second = ({oai_id(a) for a in repository[k].articles} for k in ("first", "second"))
    legacy = oai_id(repository["legacy"])

    def harvest(**dates):
        return set(ids(oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc", **dates)))

    assert harvest(until="2026-01-01T08:00:00Z") == first
    assert harvest(until="2026-01-01T07:59:59Z") == set()  # noRecordsMatch
    assert harvest(**{"from": "2026-01-01T08:00:01Z"}) == second | {legacy}
    assert harvest(**{"from": "2026-03-01T08:00:00Z", "until": "2026-03-01T08:00:00Z"}) == \
        second | {legacy}
    assert harvest(**{"from": "2026-01-01", "until": "2026-01-01"}) == first
    stamps = {d.text for d in oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc")
              .iterfind(".//o:datestamp", NS)}
    assert stamps == {"2026-01-01T08:00:00Z", "2026-03-01T08:00:00Z"}
    identify = oai(client, verb="Identify").find("o:Identify", NS)
    assert identify.findtext("o:earliestDatestamp", namespaces=NS) == "2026-01-01T08:00:00Z"
    assert identify.findtext("o:granularity", namespaces=NS) == "YYYY-MM-DDThh:mm:ssZ"
    assert identify.findtext("o:deletedRecord", namespaces=NS) == "persistent"


def test_a_withdrawn_article_stays_as_a_deleted_record(client, repository):
    article = repository["first"].articles[0]
    article.manuscript.state = "withdrawn"  # a fixture shortcut: no move leads there yet
    article.updated_at = datetime(2026, 5, 1, 8, 0, 0)
    db.session.commit()
    root = oai(client, verb="ListRecords", metadataPrefix="oai_dc", **{"from": "2026-05-01"})
    record = root.find(".//o:record", NS)
    assert record.find("o:header", NS).get("status") == "deleted"
    assert record.find("o:metadata", NS) is None
    got = oai(client, verb="GetRecord", metadataPrefix="jats", identifier=oai_id(article))
    assert got.find(".//o:header", NS).get("status") == "deleted"
    assert set(ids(oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc"))) == \
        published(repository)


def test_a_jats_record_is_the_front_matter_with_links_to_the_full_text(client, repository,
                                                                      editor):
    article = repository["first"].articles[0]
    services.attach_galley(article, editor, galley_pdf(), "galley.pdf")
    db.session.commit()
    got = oai(client, verb="GetRecord", metadataPrefix="jats", identifier=oai_id(article))
    jats = got.find(".//o:metadata/article", NS)
    assert [child.tag for child in jats] == ["front"]  # no <body>, no <back>
    meta = jats.find("front/article-meta")
    assert meta.findtext("title-group/article-title") == article.title_zh
    href = "{http://www.w3.org/1999/xlink}href"
    base = f"{client.application.config['BASE_URL'].rstrip('/')}/{article.path[:-5]}"
    assert [(uri.get("content-type"), uri.get(href)) for uri in meta.iterfind("self-uri")] == [
        (None, f"{base}.html"), ("application/jats+xml", f"{base}.xml"),
        ("application/pdf", f"{base}.pdf")]


# --------------------------------------------------------------------------- errors


@pytest.fixture
def legacy_article(app_ctx):
    """One article in the repository (a legacy one: no manuscript, no issue, no column)."""
    db.session.add(Article(path="qikandaodu/2019/0301/1.html", legacy=True, title_zh="旧站文章",
                           published_on=datetime(2019, 3, 1).date(), authors=[]))
    db.session.commit()


@pytest.mark.parametrize(("params", "code"), [
    ({}, "badVerb"),
    ({"verb": "Harvest"}, "badVerb"),
    ({"verb": ["Identify", "Identify"]}, "badVerb"),
    ({"verb": "Identify", "set": "column"}, "badArgument"),
    ({"verb": "ListRecords"}, "badArgument"),
    ({"verb": "GetRecord", "metadataPrefix": "oai_dc"}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": ["oai_dc", "jats"]}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2026-13-01"}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2026-01-01T08:00Z"},
     "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2026-01-01",
      "until": "2026-02-01T00:00:00Z"}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2026-02-01",
      "until": "2026-01-01"}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "resumptionToken": "x"},
     "badArgument"),
    ({"verb": "ListRecords", "resumptionToken": "made-up"}, "badResumptionToken"),
    ({"verb": "ListSets", "resumptionToken": "made-up"}, "badResumptionToken"),
    ({"verb": "ListRecords", "metadataPrefix": "marc21"}, "cannotDisseminateFormat"),
    ({"verb": "GetRecord", "metadataPrefix": "marc21", "identifier": "oai:127.0.0.1:article/1"},
     "cannotDisseminateFormat"),
    ({"verb": "GetRecord", "metadataPrefix": "oai_dc", "identifier": "oai:127.0.0.1:article/999"},
     "idDoesNotExist"),
    ({"verb": "GetRecord", "metadataPrefix": "oai_dc", "identifier": "article/1"},
     "idDoesNotExist"),
    ({"verb": "ListMetadataFormats", "identifier": "oai:elsewhere.org:article/1"},
     "idDoesNotExist"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2030-01-01"},
     "noRecordsMatch"),
    ({"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "set": "column:nothing"},
     "noRecordsMatch"),
])
def test_each_error_has_its_code(client, legacy_article, params, code):
    for method in ("GET", "POST"):
        root = oai(client, method, **params)
        assert error(root) == code
        if code in ("badVerb", "badArgument"):  # the request is echoed without arguments
            assert root.find("o:request", NS).attrib == {}


def test_unpublished_articles_do_not_exist(client, repository):
    scheduled = db.session.scalar(db.select(Article).where(Article.path.is_(None)))
    assert error(oai(client, verb="GetRecord", metadataPrefix="oai_dc",
                     identifier=oai_id(scheduled))) == "idDoesNotExist"


def test_a_token_belongs_to_its_verb(app, client, repository):
    app.config["OAI_PAGE_SIZE"] = 2
    try:
        root = oai(client, verb="ListRecords", metadataPrefix="oai_dc")
        token = root.findtext(".//o:resumptionToken", namespaces=NS)
        assert root.find(".//o:resumptionToken", NS).get("completeListSize") == "6"
        assert error(oai(client, verb="ListIdentifiers", resumptionToken=token)) == \
            "badResumptionToken"
        assert error(oai(client, verb="ListRecords", resumptionToken=token[:-2])) == \
            "badResumptionToken"
    finally:
        app.config.pop("OAI_PAGE_SIZE")


def test_sickle_raises_the_protocol_errors(sickle, repository):
    with pytest.raises(oaiexceptions.CannotDisseminateFormat):
        list(sickle.ListRecords(metadataPrefix="marc21"))
    with pytest.raises(oaiexceptions.NoRecordsMatch):
        list(sickle.ListRecords(metadataPrefix="oai_dc", set="issue:1999-1"))


# --------------------------------------------------------------------------- cost


def _queries(app, client, **params) -> int:
    statements = []
    engine = db.engine

    def count(*_args, **_kwargs):
        statements.append(1)

    event.listen(engine, "before_cursor_execute", count)
    try:
        root = oai(client, **params)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert root.find("o:error", NS) is None
    return len(statements)


@pytest.mark.parametrize("prefix", ["oai_dc", "jats"])
def test_a_page_costs_the_same_queries_for_any_number_of_records(app, client, repository,
                                                                  prefix):
    counts = []
    for size in (1, 5):
        app.config["OAI_PAGE_SIZE"] = size
        try:
            counts.append(_queries(app, client, verb="ListRecords", metadataPrefix=prefix))
        finally:
            app.config.pop("OAI_PAGE_SIZE")
    assert counts[0] == counts[1]
