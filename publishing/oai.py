"""OAI-PMH 2.0 at /oai: the published articles for harvesters.

All six verbs; records in oai_dc and JATS front matter (publishing.oai_records); sets per column
(column:<slug>) and per issue (issue:<year>-<number>); selective harvesting by datestamp, in
UTC to the second. A record's datestamp is its article's last change (updated_at).

Lists are read in (datestamp, id) order, one page per request in a constant number of
queries. A resumption token carries the request and the last (datestamp, id) sent, never an
offset: an article published between two pages comes at the end of the list and shifts
nothing. Tokens are signed, so a made-up one is a badResumptionToken.

The request's arguments and the tokens are read by publishing.oai_requests.

Deleted records: an article once published whose manuscript is withdrawn stays in the lists
as a deleted record. No move of today's workflow leads from published to withdrawn; when one
is added, its articles are reported deleted with no change here.
"""

import re
from dataclasses import replace
from datetime import datetime
from email.utils import parseaddr
from urllib.parse import urlsplit

from flask import current_app
from lxml import etree
from sqlalchemy import and_, func, or_, select

from core.clock import utcnow
from core.extensions import db
from journal.models import Column, get_journal
from publishing import oai_requests
from publishing.models import Article, Issue, IssueState
from publishing.oai_records import FORMATS, OAI, XSI, add_record_metadata, sub
from publishing.oai_requests import OaiError, arguments
from publishing.sitedata import (
    article_record,
    column_record,
    issue_record,
    journal_record,
    public_articles,
)
from submission.models import Manuscript
from submission.states import State

GRANULARITY = "YYYY-MM-DDThh:mm:ssZ"
PAGE_SIZE = 100


def stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def base_url() -> str:
    return current_app.config["BASE_URL"].rstrip("/") + "/oai"


def repository_id() -> str:
    return urlsplit(current_app.config["BASE_URL"]).hostname or "localhost"


def identifier(article_id: int) -> str:
    return f"oai:{repository_id()}:article/{article_id}"


# --------------------------------------------------------------------------- records


class Catalogue:
    """The journal, its columns and its published issues (or those of `issue_ids`) as site
    records, a query each; the public articles as rows with their manuscript's state."""

    def __init__(self, issue_ids: set[int] | None = None):
        self.journal = journal_record()
        self.columns = {c.id: column_record(c) for c in db.session.scalars(
            select(Column).order_by(Column.position, Column.id))}
        issues = select(Issue).where(Issue.state == IssueState.PUBLISHED.value)
        if issue_ids is not None:
            issues = issues.where(Issue.id.in_(issue_ids))
        self.issues = {i.id: issue_record(i) for i in db.session.scalars(
            issues.order_by(Issue.year, Issue.number))}

    @staticmethod
    def articles(*conditions):
        return (public_articles().add_columns(Manuscript.state.label("manuscript_state"))
                .outerjoin(Manuscript, Article.manuscript_id == Manuscript.id)
                .where(*conditions))

    def set_specs(self, row) -> list[str]:
        specs = []
        if row.column_id in self.columns:
            specs.append(f"column:{self.columns[row.column_id]['slug']}")
        if row.issue_id in self.issues:
            issue = self.issues[row.issue_id]
            specs.append(f"issue:{issue['year']}-{issue['number']}")
        return specs

    def header(self, parent, row) -> None:
        deleted = row.manuscript_state == State.WITHDRAWN.value
        header = sub(parent, "header", **({"status": "deleted"} if deleted else {}))
        sub(header, "identifier", identifier(row.id))
        sub(header, "datestamp", stamp(row.updated_at))
        for spec in self.set_specs(row):
            sub(header, "setSpec", spec)

    def record(self, parent, row, prefix: str) -> None:
        record = sub(parent, "record")
        self.header(record, row)
        if row.manuscript_state != State.WITHDRAWN.value:
            add_record_metadata(sub(record, "metadata"), prefix, article_record(row, []),
                                self.issues.get(row.issue_id), self.journal)


def _set_condition(spec: str | None):
    """The articles of a set: column, column:<slug>, issue or issue:<year>-<number>."""
    if spec is None:
        return None
    kind, _, name = spec.partition(":")
    if kind == "column" and not name:
        return Article.column_id.is_not(None)
    if kind == "issue" and not name:
        return Article.issue_id.is_not(None)
    found = None
    if kind == "column":
        found = db.session.scalar(select(Column.id).where(Column.slug == name))
    elif kind == "issue" and re.fullmatch(r"\d{4}-\d{1,2}", name):
        year, number = map(int, name.split("-"))
        found = db.session.scalar(select(Issue.id).where(
            Issue.year == year, Issue.number == number,
            Issue.state == IssueState.PUBLISHED.value))
    if found is None:
        raise OaiError("noRecordsMatch", f"there is no set {spec}")
    return (Article.column_id if kind == "column" else Article.issue_id) == found


def _row(article_id_text: str):
    """The public article an OAI identifier names (idDoesNotExist otherwise)."""
    prefix = identifier(0).removesuffix("0")
    number = article_id_text.removeprefix(prefix) if article_id_text.startswith(prefix) else ""
    row = db.session.execute(Catalogue.articles(Article.id == int(number))).first() \
        if number.isascii() and number.isdigit() else None
    if row is None:
        raise OaiError("idDoesNotExist", f"there is no record {article_id_text}")
    return row


def _format(prefix: str) -> str:
    if prefix not in FORMATS:
        raise OaiError("cannotDisseminateFormat", f"{prefix} is not a metadata format here: "
                                                  f"use {' or '.join(FORMATS)}")
    return prefix


# --------------------------------------------------------------------------- verbs


def identify(answer, _args) -> None:
    journal = get_journal()
    earliest = db.session.scalar(select(func.min(public_articles().subquery().c.updated_at)))
    for tag, text in (("repositoryName", f"{journal.name_zh} {journal.name_en}".strip()),
                      ("baseURL", base_url()), ("protocolVersion", "2.0"),
                      ("adminEmail", journal.contact_email
                       or parseaddr(current_app.config["MAIL_FROM"])[1]),
                      ("earliestDatestamp", stamp(earliest or utcnow())),
                      ("deletedRecord", "persistent"), ("granularity", GRANULARITY)):
        sub(answer, tag, text)
    scheme = "http://www.openarchives.org/OAI/2.0/oai-identifier"
    described = etree.SubElement(sub(answer, "description"), f"{{{scheme}}}oai-identifier",
                                 nsmap={None: scheme, "xsi": XSI})
    described.set(f"{{{XSI}}}schemaLocation", f"{scheme} {scheme}.xsd")
    for tag, text in (("scheme", "oai"), ("repositoryIdentifier", repository_id()),
                      ("delimiter", ":"), ("sampleIdentifier", identifier(1))):
        etree.SubElement(described, f"{{{scheme}}}{tag}").text = text


def list_metadata_formats(answer, args) -> None:
    if "identifier" in args:
        _row(args["identifier"])
    for prefix, (schema, namespace) in FORMATS.items():
        fmt = sub(answer, "metadataFormat")
        sub(fmt, "metadataPrefix", prefix)
        sub(fmt, "schema", schema)
        sub(fmt, "metadataNamespace", namespace)


def list_sets(answer, args) -> None:
    if "resumptionToken" in args:  # the sets fit on one page: no token is ever given
        raise OaiError("badResumptionToken", "ListSets gives no resumption tokens")
    catalogue = Catalogue()
    sets = [("column", "栏目 Columns"), ("issue", "期次 Issues")]
    sets += [(f"column:{c['slug']}", f"{c['name_zh']} {c['name_en']}".strip())
             for c in catalogue.columns.values()]
    sets += [(f"issue:{i['year']}-{i['number']}",
              f"{i['year']}年第{i['number']}期 Vol. {i['volume']}, No. {i['number']}")
             for i in catalogue.issues.values()]
    for spec, name in sets:
        element = sub(answer, "set")
        sub(element, "setSpec", spec)
        sub(element, "setName", name)


def list_records(answer, args) -> None:
    """ListIdentifiers and ListRecords: one page of the selection, and the token for the
    next (empty on the last page of a list that took more than one)."""
    selection = args["selection"]
    prefix = _format(selection.prefix)
    conditions = [c for c in (
        _set_condition(selection.set),
        Article.updated_at >= selection.start if selection.start else None,
        Article.updated_at < selection.end if selection.end else None) if c is not None]
    after = [] if selection.after is None else [or_(
        Article.updated_at > selection.after[0],
        and_(Article.updated_at == selection.after[0], Article.id > selection.after[1]))]
    size = current_app.config.get("OAI_PAGE_SIZE", PAGE_SIZE)
    rows = db.session.execute(Catalogue.articles(*conditions, *after)
                              .order_by(Article.updated_at, Article.id).limit(size + 1)).all()
    if not rows:
        raise OaiError("noRecordsMatch", "no records match the request")
    more, rows = len(rows) > size, rows[:size]
    catalogue = Catalogue({r.issue_id for r in rows if r.issue_id})
    if selection.verb == "ListIdentifiers":
        for row in rows:
            catalogue.header(answer, row)
    else:
        for row in rows:
            catalogue.record(answer, row, prefix)
    if more and selection.total is None:  # counted once, on the first page of a long list
        selection = replace(selection, total=db.session.scalar(select(func.count()).select_from(
            Catalogue.articles(*conditions).subquery())))
    if more or selection.after is not None:
        token = sub(answer, "resumptionToken", completeListSize=str(selection.total),
                    cursor=str(selection.cursor))
        if more:
            token.text = oai_requests.token(replace(selection, cursor=selection.cursor + len(rows)),
                                rows[-1])


def get_record(answer, args) -> None:
    prefix = _format(args["metadataPrefix"])
    row = _row(args["identifier"])
    Catalogue({row.issue_id} if row.issue_id else set()).record(answer, row, prefix)


HANDLERS = {"Identify": identify, "ListMetadataFormats": list_metadata_formats,
            "ListSets": list_sets, "ListIdentifiers": list_records,
            "ListRecords": list_records, "GetRecord": get_record}


def respond(params) -> bytes:
    """The OAI-PMH response to a request's arguments (a MultiDict), errors included."""
    root = etree.Element(f"{{{OAI}}}OAI-PMH", nsmap={None: OAI, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", f"{OAI} http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd")
    sub(root, "responseDate", stamp(utcnow()))
    request = sub(root, "request", base_url())
    try:
        verb, args = arguments(params)
        for key in ("verb", *sorted(k for k in args if k != "selection")):
            request.set(key, verb if key == "verb" else args[key])
        answer = etree.Element(f"{{{OAI}}}{verb}")
        HANDLERS[verb](answer, args)
        root.append(answer)
    except OaiError as error:
        sub(root, "error", error.message, code=error.code)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")
