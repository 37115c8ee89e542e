"""The production mails, queued on production's events, each in its recipient's language:
an author's own agreement link (at acceptance and in each reminder), the editors' notice that
every author has signed; a proof round's link to the corresponding authors (when sent, before
and after its due date), and the editors' notice of their answer; a fee's notice (its PDF
attached) and the office's answer to the authors, a reported payment to the editors."""

from core.outbox import external_url, queue_email
from journal.models import get_journal
from production.events import (
    agreement_completed,
    agreement_requested,
    fee_due,
    fee_reported,
    fee_reviewed,
    proof_answered,
    proof_due,
    proof_sent,
)
from production.models import Fee, ProofRound, Signature
from production.tokens import LINK_DAYS, make_token
from submission.models import Manuscript
from submission.recipients import Audience, Recipient, recipient, recipients


def _mail(person: Recipient, template: str, key: str, manuscript: Manuscript, **context):
    queue_email(to=person.email, template=f"production/{template}", locale=person.locale,
                dedupe_key=key, about=("manuscript", manuscript.id),
                context={"name": person.name, "manuscript": manuscript,
                         "journal": get_journal(), **context})


@agreement_requested.connect
def _ask_to_sign(signature: Signature, reminder: bool, **_):
    stamp = (signature.reminded_at if reminder else signature.requested_at).isoformat()
    _mail(recipient(signature.author), "agreement_request",
          f"agreement:{signature.id}:{stamp}", signature.manuscript, reminder=reminder,
          days=LINK_DAYS, url=external_url("production.sign", token=make_token(signature)))


@agreement_completed.connect
def _all_signed(manuscript: Manuscript, **_):
    for person in recipients(manuscript, Audience.EDITORS):
        _mail(person, "agreement_signed", f"agreement-signed:{manuscript.id}:"
              f"{person.email.lower()}", manuscript,
              url=external_url("production.manuscript", manuscript_id=manuscript.id))


def _proof_mail(proof: ProofRound, template: str, key: str, **context) -> None:
    url = external_url("production.proof", token=make_token(proof))
    for person in recipients(proof.manuscript, Audience.RESPONSIBLE):
        _mail(person, template, f"{key}:{person.email.lower()}", proof.manuscript, proof=proof,
              url=url, **context)


@proof_sent.connect
def _send_proof(proof: ProofRound, **_):
    _proof_mail(proof, "proof_sent", f"proof:{proof.id}")


@proof_due.connect
def _remind_proof(proof: ProofRound, overdue: bool, at, **_):
    _proof_mail(proof, "proof_reminder", f"proof-due:{proof.id}:{at.isoformat()}",
                overdue=overdue)


@proof_answered.connect
def _proof_answered(proof: ProofRound, **_):
    manuscript = proof.manuscript
    for person in recipients(manuscript, Audience.EDITORS):
        _mail(person, "proof_answered", f"proof-answered:{proof.id}:{person.email.lower()}",
              manuscript, proof=proof,
              url=external_url("production.manuscript", manuscript_id=manuscript.id))


def _fees_url(fee: Fee) -> str:
    return external_url("production.fees_page", manuscript_id=fee.manuscript_id)


@fee_due.connect
def _fee_notice(fee: Fee, **_):
    for person in recipients(fee.manuscript, Audience.RESPONSIBLE):
        queue_email(to=person.email, template="production/fee_notice", locale=person.locale,
                    dedupe_key=f"fee-notice:{fee.id}:{person.email.lower()}",
                    about=("manuscript", fee.manuscript_id),
                    attachments=[{"builder": "production.fee_notice",
                                  "args": {"fee_id": fee.id, "locale": person.locale}}],
                    context={"name": person.name, "manuscript": fee.manuscript, "fee": fee,
                             "journal": get_journal(), "url": _fees_url(fee)})


@fee_reported.connect
def _payment_reported(fee: Fee, **_):
    for person in recipients(fee.manuscript, Audience.EDITORS):
        _mail(person, "fee_reported", f"fee-reported:{fee.id}:{fee.reported_at.isoformat()}:"
              f"{person.email.lower()}", fee.manuscript, fee=fee, url=_fees_url(fee))


@fee_reviewed.connect
def _payment_reviewed(fee: Fee, **_):
    for person in recipients(fee.manuscript, Audience.RESPONSIBLE):
        _mail(person, "fee_reviewed", f"fee-reviewed:{fee.id}:{fee.reviewed_at.isoformat()}:"
              f"{person.email.lower()}", fee.manuscript, fee=fee, url=_fees_url(fee))
