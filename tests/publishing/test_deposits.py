"""Crossref deposits: the 5.3.1 deposit file, queued when an issue is published, posted to a
local HTTP server standing in for Crossref (success, refusal, no answer and its backoff), the
result asked for, and the editors' page that lists deposits and sends one again."""

import threading
from datetime import timedelta
from email import message_from_bytes
from email.policy import default as email_policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from flask import g
from lxml import etree

from core.aftercommit import pending_after_commit
from core.clock import utcnow
from core.extensions import db
from journal.models import get_journal
from publishing import deposits, services
from publishing.crossref import CROSSREF, JATS
from publishing.models import CrossrefDeposit
from tests.publishing.conftest import accepted, ready_article

CR = {"c": CROSSREF, "j": JATS}
SUCCESS = "<html><body><h2>SUCCESS</h2><p>Your batch submission was successfully received.</p>"
RESULT = ('<doi_batch_diagnostic status="completed"><batch_id>{batch}</batch_id><batch_data>'
          '<record_count>1</record_count><success_count>{ok}</success_count>'
          '<failure_count>{failed}</failure_count></batch_data></doi_batch_diagnostic>')


class Crossref(BaseHTTPRequestHandler):
    """Answers each request with the next answer of its kind; keeps what it was sent."""

    def do_POST(self):  # noqa: N802 - http.server's name
        body = self.rfile.read(int(self.headers["Content-Length"]))
        message = message_from_bytes(
            f"Content-Type: {self.headers['Content-Type']}\r\n\r\n".encode() + body,
            policy=email_policy)
        self.server.posted.append({part.get_param("name", header="content-disposition"):
                                   part.get_content() for part in message.iter_parts()})
        self._answer(self.server.deposit_answers.pop(0))

    def do_GET(self):  # noqa: N802
        query = parse_qs(urlsplit(self.path).query)
        self.server.asked.append(query)
        status, body = self.server.result_answers.pop(0)
        self._answer((status, body.format(batch=query["doi_batch_id"][0])))

    def _answer(self, answer):
        status, body = answer
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.end_headers()
        self.wfile.write(body.encode())

    def log_message(self, *_args):
        pass


@pytest.fixture
def crossref(app):
    server = ThreadingHTTPServer(("127.0.0.1", 0), Crossref)
    server.posted, server.asked, server.deposit_answers, server.result_answers = [], [], [], []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_port}/servlet"
    app.config.update(CROSSREF_DEPOSIT_URL=f"{url}/deposit",
                      CROSSREF_RESULT_URL=f"{url}/submissionDownload",
                      CROSSREF_LOGIN_ID="hbkjty", CROSSREF_PASSWORD="secret",  # noqa: S106
                      CROSSREF_AFTER_COMMIT=False)
    yield server
    app.config.update(CROSSREF_DEPOSIT_URL="", CROSSREF_RESULT_URL="", CROSSREF_AFTER_COMMIT=True)
    server.shutdown()
    server.server_close()


@pytest.fixture
def published(app_ctx, author_id, publish):
    get_journal().doi_prefix = "10.12345"
    db.session.commit()
    return publish(n=1)


def test_publishing_queues_a_deposit_per_article(crossref, app_ctx, author_id, editor):
    get_journal().doi_prefix = "10.12345"
    db.session.commit()
    issue = services.create_issue(editor, year=2026, number=2, volume=39)
    for _ in range(2):
        ready_article(accepted(author_id), issue, editor)
    services.publish_issue(issue, editor)
    queued = [args for name, args in pending_after_commit() if name.endswith("send_deposit")]
    db.session.commit()
    rows = db.session.scalars(db.select(CrossrefDeposit).order_by(CrossrefDeposit.id)).all()
    assert [(r.article_id, r.state) for r in rows] == [(a.id, "pending") for a in issue.articles]
    assert sorted(queued) == sorted((r.id,) for r in rows)


def test_no_deposits_without_a_deposit_address(published):
    assert db.session.scalars(db.select(CrossrefDeposit)).all() == []


def test_the_deposit_file_follows_crossref_5_3_1(crossref, published):
    deposit = db.session.scalars(db.select(CrossrefDeposit)).first()
    crossref.deposit_answers.append((200, SUCCESS))
    assert deposits.send(deposit.id) == "submitted"
    sent = crossref.posted[0]
    assert (sent["operation"], sent["login_id"], sent["login_passwd"]) == (
        "doMDUpload", "hbkjty", "secret")
    root = etree.fromstring(sent["fname"])
    assert root.tag == f"{{{CROSSREF}}}doi_batch" and root.get("version") == "5.3.1"
    assert root.findtext("c:head/c:doi_batch_id", namespaces=CR) == deposit.batch_id
    assert root.findtext("c:head/c:timestamp", namespaces=CR).isdigit()
    article = root.find("c:body/c:journal/c:journal_article", CR)
    assert [etree.QName(c).localname for c in article] == [
        "titles", "contributors", "abstract", "abstract", "publication_date", "pages", "doi_data"]
    assert article.findtext("c:doi_data/c:doi", namespaces=CR) == deposit.article.doi
    assert article.findtext("c:doi_data/c:resource", namespaces=CR).endswith(
        "/" + deposit.article.path)
    first = article.find("c:contributors/c:person_name", CR)
    assert (first.get("sequence"), first.findtext("c:surname", namespaces=CR),
            first.findtext("c:given_name", namespaces=CR)) == ("first", "Zhang", "Wei")
    assert first.findtext("c:ORCID", namespaces=CR) == "https://orcid.org/0000-0002-1825-0097"
    issue = root.find("c:body/c:journal/c:journal_issue", CR)
    assert issue.findtext("c:journal_volume/c:volume", namespaces=CR) == "39"


def test_a_deposit_crossref_takes_is_registered_once_its_result_says_so(crossref, published):
    deposit_id = db.session.scalars(db.select(CrossrefDeposit.id)).first()
    crossref.deposit_answers.append((200, SUCCESS))
    crossref.result_answers += [(200, '<doi_batch_diagnostic status="in_process"/>'),
                                (200, RESULT.replace("{ok}", "1").replace("{failed}", "0"))]
    assert deposits.send(deposit_id) == "submitted"
    with time_machine.travel(utcnow() + timedelta(minutes=1)):
        assert deposits.sweep() == 1  # asked: still in process
    deposit = db.session.get(CrossrefDeposit, deposit_id)
    assert deposit.state == "submitted" and deposit.attempts == 1
    with time_machine.travel(utcnow() + timedelta(minutes=5)):
        deposits.sweep()
    db.session.refresh(deposit)
    assert deposit.state == "registered" and "<success_count>1" in deposit.response
    assert crossref.asked[-1]["doi_batch_id"] == [deposit.batch_id]
    assert crossref.asked[-1]["usr"] == ["hbkjty"] and crossref.asked[-1]["type"] == ["result"]


def test_a_deposit_with_no_answer_is_tried_again_with_backoff_then_fails(crossref, published):
    deposit_id = db.session.scalars(db.select(CrossrefDeposit.id)).first()
    crossref.deposit_answers += [(503, "busy")] * deposits.MAX_ATTEMPTS
    assert deposits.send(deposit_id) == "pending"
    deposit = db.session.get(CrossrefDeposit, deposit_id)
    first_wait = deposit.next_attempt_at - utcnow()
    assert deposit.attempts == 1 and "HTTP 503" in deposit.response
    assert deposits.sweep() == 0  # not due yet
    waits = [first_wait]
    while deposit.state == "pending":
        with time_machine.travel(deposit.next_attempt_at + timedelta(seconds=1)):
            deposits.sweep()
        db.session.refresh(deposit)
        if deposit.next_attempt_at:
            waits.append(deposit.next_attempt_at - utcnow())
    assert deposit.state == "failed" and deposit.attempts == deposits.MAX_ATTEMPTS
    assert len(crossref.posted) == deposits.MAX_ATTEMPTS
    assert waits[-1] > waits[0] * 4  # the waits grow


@pytest.mark.parametrize("refusal", [(400, "bad request"), (200, "<h2>FAILURE</h2>")])
def test_a_refused_deposit_fails_with_crossrefs_answer(crossref, published, refusal):
    deposit_id = db.session.scalars(db.select(CrossrefDeposit.id)).first()
    crossref.deposit_answers.append(refusal)
    assert deposits.send(deposit_id) == "failed"
    assert refusal[1] in db.session.get(CrossrefDeposit, deposit_id).response


def test_a_batch_with_failures_fails(crossref, published):
    deposit_id = db.session.scalars(db.select(CrossrefDeposit.id)).first()
    crossref.deposit_answers.append((200, SUCCESS))
    crossref.result_answers.append((200, RESULT.replace("{ok}", "0").replace("{failed}", "1")))
    deposits.send(deposit_id)
    assert deposits.check(deposit_id) == "failed"


def test_editors_see_the_deposits_and_send_one_again(crossref, client, login, editor,
                                                     published):
    deposit = db.session.scalars(db.select(CrossrefDeposit)).first()
    crossref.deposit_answers.append((400, "bad request"))
    deposits.send(deposit.id)
    g.pop("_login_user", None)  # the mails of publishing were rendered here for nobody
    login(client, editor.id)
    page = client.get("/editor/deposits").get_data(as_text=True)
    assert deposit.article.doi in page and "bad request" in page
    response = client.post(f"/editor/deposits/{deposit.id}/resend")
    assert response.status_code == 302
    db.session.refresh(deposit)
    assert deposit.state == "pending" and deposit.attempts == 0
