"""DOI registration with Crossref: publishing an issue queues a deposit per article with a
DOI; a Celery task posts its file (publishing.crossref) to CROSSREF_DEPOSIT_URL, then asks
CROSSREF_RESULT_URL how the batch went.

States: pending (to send; after a failed attempt, again at next_attempt_at, on the outbox's
backoff schedule), submitted (Crossref took the file; its result is asked for on the same
schedule), registered, failed (refused by Crossref, or no answer after MAX_ATTEMPTS), each
with Crossref's last answer. The beat sweep sends and checks whatever is due, so a lost task
or a broker outage only delays a deposit. An editor may send any deposit again.
"""

from email.utils import parseaddr

import requests
from flask import current_app
from lxml import etree
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from accounts.policy import require
from core.aftercommit import run_after_commit
from core.clock import utcnow
from core.extensions import db
from core.outbox import retry_delay
from journal.models import get_journal
from publishing.crossref import deposit_xml
from publishing.models import CrossrefDeposit, DepositState, Issue
from publishing.sitedata import article_record, issue_record, journal_record

MAX_ATTEMPTS = 8
SEND_TASK = "publishing.tasks.send_deposit"
RETRYABLE = {408, 429, 500, 502, 503, 504}


def enabled() -> bool:
    return bool(current_app.config.get("CROSSREF_DEPOSIT_URL"))


def _queue(deposit: CrossrefDeposit) -> None:
    deposit.state, deposit.attempts = DepositState.PENDING.value, 0
    deposit.next_attempt_at, deposit.response = utcnow(), ""
    db.session.flush()
    run_after_commit(SEND_TASK, deposit.id, switch="CROSSREF_AFTER_COMMIT")


def queue_issue_deposits(issue: Issue) -> None:
    """A deposit for each article of the issue with a DOI (when deposits are configured)."""
    if not enabled():
        return
    known = {d.article_id: d for d in db.session.scalars(select(CrossrefDeposit).where(
        CrossrefDeposit.article_id.in_([a.id for a in issue.articles])))}
    for article in issue.articles:
        if article.doi:
            deposit = known.get(article.id) or CrossrefDeposit(article_id=article.id)
            db.session.add(deposit)
            _queue(deposit)


def resend(deposit: CrossrefDeposit, actor) -> None:
    require(actor, "publishing.manage")
    _queue(deposit)


def _payload(deposit: CrossrefDeposit) -> bytes:
    article = deposit.article
    record = article_record(article, [])
    issue = issue_record(article.issue) if article.issue else None
    now = utcnow()
    deposit.batch_id = f"hbkjty-{article.id}-{now:%Y%m%d%H%M%S%f}"
    journal = get_journal()
    email = journal.contact_email or parseaddr(current_app.config["MAIL_FROM"])[1]
    return deposit_xml(record, issue, journal_record(), batch_id=deposit.batch_id,
                       timestamp=int(f"{now:%Y%m%d%H%M%S%f}"), depositor_email=email)


def _failed_attempt(deposit: CrossrefDeposit, answer: str) -> None:
    """A try that may work later: again after the backoff, or failed after MAX_ATTEMPTS."""
    deposit.attempts += 1
    deposit.response = answer[:5000]
    if deposit.attempts >= MAX_ATTEMPTS:
        deposit.state, deposit.next_attempt_at = DepositState.FAILED.value, None
    else:
        deposit.next_attempt_at = utcnow() + retry_delay(deposit.attempts)


def _credentials() -> dict:
    config = current_app.config
    return {"login_id": config["CROSSREF_LOGIN_ID"], "login_passwd": config["CROSSREF_PASSWORD"]}


def send(deposit_id: int) -> str:
    """Post a pending deposit's file; returns its state afterwards (committed)."""
    deposit = db.session.get(CrossrefDeposit, deposit_id)
    if deposit is None or deposit.state != DepositState.PENDING:
        return "skipped"
    config = current_app.config
    xml = _payload(deposit)
    try:
        answer = requests.post(
            config["CROSSREF_DEPOSIT_URL"], data={"operation": "doMDUpload", **_credentials()},
            files={"fname": (f"{deposit.batch_id}.xml", xml, "application/xml")},
            timeout=config["CROSSREF_TIMEOUT"])
    except requests.RequestException as exc:
        _failed_attempt(deposit, f"no answer: {exc}")
    else:
        text = f"HTTP {answer.status_code}\n{answer.text}"
        if answer.ok and "SUCCESS" in answer.text:
            deposit.state, deposit.response = DepositState.SUBMITTED.value, text[:5000]
            deposit.attempts, deposit.next_attempt_at = 0, utcnow() + retry_delay(1)
        elif answer.status_code in RETRYABLE:
            _failed_attempt(deposit, text)
        else:
            deposit.state, deposit.response = DepositState.FAILED.value, text[:5000]
            deposit.next_attempt_at = None
    db.session.commit()
    return deposit.state


def check(deposit_id: int) -> str:
    """Ask Crossref how a submitted deposit's batch went; returns its state (committed)."""
    deposit = db.session.get(CrossrefDeposit, deposit_id)
    url = current_app.config.get("CROSSREF_RESULT_URL")
    if deposit is None or deposit.state != DepositState.SUBMITTED or not url:
        return "skipped"
    credentials = _credentials()
    try:
        answer = requests.get(url, params={
            "usr": credentials["login_id"], "pwd": credentials["login_passwd"],
            "doi_batch_id": deposit.batch_id, "type": "result"},
            timeout=current_app.config["CROSSREF_TIMEOUT"])
        diagnostic = etree.fromstring(answer.content)
    except (requests.RequestException, etree.XMLSyntaxError) as exc:
        _failed_attempt(deposit, f"no result: {exc}")
    else:
        if diagnostic.get("status") != "completed":  # queued or in process: ask again later
            _failed_attempt(deposit, answer.text)
        else:
            failures = int(diagnostic.findtext(".//failure_count") or "0")
            deposit.state = (DepositState.FAILED if failures else DepositState.REGISTERED).value
            deposit.response, deposit.next_attempt_at = answer.text[:5000], None
    db.session.commit()
    return deposit.state


def sweep() -> int:
    """Send and check every deposit that is due; returns how many were handled."""
    due = list(db.session.execute(select(CrossrefDeposit.id, CrossrefDeposit.state).where(
        CrossrefDeposit.state.in_([DepositState.PENDING.value, DepositState.SUBMITTED.value]),
        CrossrefDeposit.next_attempt_at <= utcnow()).order_by(CrossrefDeposit.id).limit(200)))
    for deposit_id, state in due:
        (send if state == DepositState.PENDING else check)(deposit_id)
    return len(due)


def listing() -> list[CrossrefDeposit]:
    """Every deposit, the newest change first, with its article (for the editors' page)."""
    return list(db.session.scalars(
        select(CrossrefDeposit).options(selectinload(CrossrefDeposit.article))
        .order_by(CrossrefDeposit.updated_at.desc(), CrossrefDeposit.id.desc())))
