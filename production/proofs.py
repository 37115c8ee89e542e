"""Proofs (校样): up to three rounds (一校, 二校, 三校).

An editor uploads a round's typeset PDF, checked by its content (a PDF that opens, has text,
and carries no script or automatic action, since the author's browser shows it inline). The
corresponding authors get a link to read it and answer by DUE_DAYS: approve it, or send
corrections (rows of page, line, was → should, and/or an annotated file). One conditional
UPDATE takes one answer, however many identical posts arrive. A next round follows an answered
one. Reminders go REMIND_BEFORE the due date and every REMIND_AFTER once it has passed.
Scheduling waits for the approval of the last round (production.progress).
"""

import io
from datetime import datetime, timedelta

import pikepdf
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from accounts.policy import require
from core.clock import utcnow
from core.extensions import db
from core.refusals import Conflict, Invalid
from production import progress
from production.events import proof_answered, proof_due, proof_sent
from production.models import ProofRound, ProofState
from production.tokens import new_nonce
from submission import files, storage
from submission.models import Manuscript
from submission.workflow import State

MAX_ROUNDS = 3
DUE_DAYS = 3
REMIND_BEFORE = timedelta(days=1)
REMIND_AFTER = timedelta(days=2)
OPEN_STATES = (State.ACCEPTED.value, State.SCHEDULED.value)

NOT_A_PROOF = _l("The proof must be a PDF file (its content was checked, not its name).")
SCRIPTED = _l("This PDF contains scripts or automatic actions, which the journal does not "
              "send to authors. Please export it again without them (e.g. “PDF/A”).")


def rounds_of(manuscript: Manuscript) -> list[ProofRound]:
    return list(db.session.scalars(select(ProofRound).where(
        ProofRound.manuscript_id == manuscript.id).order_by(ProofRound.number)))


def _has_script(data: bytes) -> bool:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        if "/OpenAction" in pdf.Root or "/AA" in pdf.Root:
            return True
        names = pdf.Root.get("/Names")
        if names is not None and "/JavaScript" in names:
            return True
        return any(isinstance(obj, pikepdf.Dictionary) and (
            "/JS" in obj or obj.get("/S") in ("/JavaScript", "/Launch")) for obj in pdf.objects)


def check_proof(data: bytes) -> None:
    if files.classify(data) != files.PDF:
        raise files.FileRejected(NOT_A_PROOF)
    files.pdf_paragraphs(data)  # damaged, encrypted or scanned: its own message
    try:
        scripted = _has_script(data)
    except pikepdf.PdfError as exc:
        raise files.FileRejected(files.BROKEN_PDF) from exc
    if scripted:
        raise files.FileRejected(SCRIPTED)


def upload_proof(manuscript: Manuscript, actor, data: bytes) -> ProofRound:
    """The next round's proof, sent to the corresponding authors."""
    require(actor, "production.manage", manuscript)
    if manuscript.state not in OPEN_STATES:
        raise Conflict(_l("Proofs are sent for an accepted or scheduled manuscript only."))
    rounds = rounds_of(manuscript)
    if rounds and not rounds[-1].answered:
        raise Conflict(_l("Proof round %(n)s still waits for the author's answer.",
                          n=rounds[-1].number))
    if len(rounds) >= MAX_ROUNDS:
        raise Conflict(_l("All three proof rounds have been sent."))
    check_proof(data)
    now = utcnow()
    proof = ProofRound(manuscript_id=manuscript.id, number=len(rounds) + 1,
                       sha256=storage.save_bytes(data), size=len(data), uploaded_by_id=actor.id,
                       uploaded_at=now, due_at=now + timedelta(days=DUE_DAYS), nonce=new_nonce())
    db.session.add(proof)
    db.session.flush()
    progress.refresh(manuscript)
    proof_sent.send(proof)
    return proof


def clean_rows(rows: list[dict]) -> list[dict]:
    """The correction rows the author filled in (blank rows dropped)."""
    keys = ("page", "line", "was", "should")
    kept = [{k: " ".join(str(row.get(k) or "").split()) for k in keys} for row in rows]
    return [row for row in kept if row["was"] or row["should"]]


def answer(proof: ProofRound, actor, *, approve: bool, rows: list[dict] | None = None,
           annotated: bytes = b"", note: str = "") -> ProofRound:
    """Approve the proof, or send corrections; one answer per round."""
    require(actor, "production.proof", proof)
    rows = clean_rows(rows or [])
    values = {"state": ProofState.APPROVED.value, "answered_at": utcnow(),
              "note": (note or "").strip()}
    if not approve:
        if not rows and not annotated:
            raise Invalid(_l("List at least one correction (what the text says and what it "
                             "should say), or attach an annotated file."))
        values.update(state=ProofState.CORRECTIONS.value, corrections=rows)
        if annotated:
            kind = files.classify(annotated)
            values.update(annotated_sha256=storage.save_bytes(annotated),
                          annotated_mimetype=files.MIMETYPES[kind])
    done = db.session.execute(
        update(ProofRound).where(ProofRound.id == proof.id,
                                 ProofRound.state == ProofState.SENT.value,
                                 ProofRound.nonce == actor.nonce)
        .values(**values).execution_options(synchronize_session=False)).rowcount
    if done != 1:
        raise Conflict(_l("This proof has already been answered."))
    db.session.refresh(proof)
    progress.refresh(proof.manuscript)
    proof_answered.send(proof)
    return proof


def remind_due(now: datetime | None = None) -> int:
    """Remind the authors of proofs due tomorrow, and of overdue ones every REMIND_AFTER."""
    now = now or utcnow()
    waiting = db.session.scalars(
        select(ProofRound).join(Manuscript, Manuscript.id == ProofRound.manuscript_id)
        .where(ProofRound.state == ProofState.SENT.value, Manuscript.state.in_(OPEN_STATES),
               ProofRound.due_at <= now + REMIND_BEFORE))
    count = 0
    for proof in waiting:
        if proof.due_at <= now:
            if proof.reminded_after_at is not None and proof.reminded_after_at > now - \
                    REMIND_AFTER:
                continue
            proof.reminded_after_at = now
        elif proof.due_at - REMIND_BEFORE <= now and proof.reminded_before_at is None:
            proof.reminded_before_at = now
        else:
            continue
        proof_due.send(proof, overdue=proof.due_at <= now, at=now)
        count += 1
    db.session.flush()
    return count
