"""Proofs: content-checked uploads, rounds one to three, the author's answer through the link
(once), the reminders before and after the due date, and the gate on scheduling."""

import io
from datetime import timedelta

import pikepdf
import pytest
import time_machine
from weasyprint import HTML

from core.clock import utcnow
from core.extensions import db
from core.outbox import OutboxEmail
from core.refusals import Conflict, Invalid
from production import agreements, progress, proofs
from production.models import ProofRound, Step
from production.tokens import LinkHolder, make_token
from publishing import services
from submission.files import FileRejected
from submission.samples import sample_docx
from submission.states import ProductionStep
from tests.factories import make_column


def proof_pdf(text="第一页：高校图书馆数据服务研究，校样正文。" * 5) -> bytes:
    return HTML(string=f"<p>{text}</p>").write_pdf()


def scripted_pdf() -> bytes:
    pdf = pikepdf.open(io.BytesIO(proof_pdf()))
    pdf.Root.OpenAction = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS="app.alert(1)")
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def _signed(manuscript):
    for signature in agreements.signatures_of(manuscript):
        agreements.sign(signature, LinkHolder(signature), typed_name=signature.author.name,
                        declared=True, version_id=agreements.latest_version().id,
                        client_address="127.0.0.1")


def test_uploads_are_checked_by_content(accepted, editor):
    manuscript = accepted()
    with pytest.raises(FileRejected):
        proofs.upload_proof(manuscript, editor, sample_docx())
    with pytest.raises(FileRejected, match="scripts"):
        proofs.upload_proof(manuscript, editor, scripted_pdf())
    with pytest.raises(FileRejected):
        proofs.upload_proof(manuscript, editor, b"%PDF-1.4 broken")
    assert proofs.rounds_of(manuscript) == []


def test_rounds_follow_answers_up_to_three(accepted, editor):
    manuscript = accepted()
    first = proofs.upload_proof(manuscript, editor, proof_pdf())
    with pytest.raises(Conflict, match="waits"):
        proofs.upload_proof(manuscript, editor, proof_pdf())
    for number in (1, 2):
        proof = proofs.rounds_of(manuscript)[-1]
        proofs.answer(proof, LinkHolder(proof), approve=False,
                      rows=[{"page": "3", "line": "12", "was": "图书管", "should": "图书馆"}])
        proofs.upload_proof(manuscript, editor, proof_pdf())
    assert [p.number for p in proofs.rounds_of(manuscript)] == [1, 2, 3]
    proofs.answer(proofs.rounds_of(manuscript)[-1], LinkHolder(proofs.rounds_of(manuscript)[-1]),
                  approve=True)
    with pytest.raises(Conflict, match="three"):
        proofs.upload_proof(manuscript, editor, proof_pdf())
    assert first.corrections == [{"page": "3", "line": "12", "was": "图书管",
                                  "should": "图书馆"}]


def test_corrections_need_content_and_one_answer_only(accepted, editor):
    manuscript = accepted()
    proof = proofs.upload_proof(manuscript, editor, proof_pdf())
    holder = LinkHolder(proof)
    with pytest.raises(Invalid):
        proofs.answer(proof, holder, approve=False, rows=[{"page": "1"}])
    proofs.answer(proof, holder, approve=False, annotated=sample_docx(), note="见批注")
    assert proof.annotated_sha256 and proof.state == "corrections"
    with pytest.raises(Conflict):
        proofs.answer(proof, holder, approve=True)


def test_scheduling_needs_the_last_rounds_approval_or_an_override(accepted, editor):
    manuscript = accepted(column=make_column())
    _signed(manuscript)
    issue = services.create_issue(editor, year=2026, number=4, volume=39)
    assert manuscript.production_step == ProductionStep.PROOF
    with pytest.raises(progress.NotReady, match="proof"):
        services.schedule(manuscript, issue, editor)
    proof = proofs.upload_proof(manuscript, editor, proof_pdf())
    proofs.answer(proof, LinkHolder(proof), approve=True)
    assert manuscript.production_step == ProductionStep.READY
    second = proofs.upload_proof(manuscript, editor, proof_pdf())  # a further round reopens it
    assert manuscript.production_step == ProductionStep.PROOF
    progress.override(manuscript, editor, Step.PROOF, "二校由编辑部核对")
    services.schedule(manuscript, issue, editor)
    assert manuscript.state == "scheduled" and not second.answered


def test_reminders_before_and_after_the_due_date(accepted, editor):
    manuscript = accepted()
    proof = proofs.upload_proof(manuscript, editor, proof_pdf())
    db.session.commit()
    assert proofs.remind_due() == 0
    start = utcnow()
    with time_machine.travel(start + timedelta(days=proofs.DUE_DAYS - 1, hours=1)):
        assert proofs.remind_due() == 1  # due tomorrow
        assert proofs.remind_due() == 0
    with time_machine.travel(start + timedelta(days=proofs.DUE_DAYS, hours=1)):
        assert proofs.remind_due() == 1  # overdue
    with time_machine.travel(start + timedelta(days=proofs.DUE_DAYS + 1, hours=1)):
        assert proofs.remind_due() == 0
    with time_machine.travel(start + timedelta(days=proofs.DUE_DAYS + 2, hours=2)):
        assert proofs.remind_due() == 1
    proofs.answer(proof, LinkHolder(proof), approve=True)
    with time_machine.travel(start + timedelta(days=30)):
        assert proofs.remind_due() == 0
    subjects = [m.subject for m in db.session.scalars(db.select(OutboxEmail).where(
        OutboxEmail.template == "production/proof_reminder", OutboxEmail.locale == "zh_CN"))]
    assert len(subjects) == 3 and sum("逾期" in s for s in subjects) == 2


def test_the_author_reads_and_answers_through_the_link(app, client, accepted, editor):
    manuscript = accepted()
    proof = proofs.upload_proof(manuscript, editor, proof_pdf())
    db.session.commit()
    token = make_token(proof)
    page = client.get(f"/proof/{token}?lang=en")
    assert page.status_code == 200 and "Read the proof" in page.text
    pdf = client.get(f"/proof/{token}/proof.pdf")
    assert pdf.mimetype == "application/pdf" and "inline" in pdf.headers["Content-Disposition"]
    assert pdf.headers["X-Content-Type-Options"] == "nosniff"
    assert "script-src 'self'" in pdf.headers["Content-Security-Policy"]
    # a refused annotated file comes back with the rows still filled in
    refused = client.post(f"/proof/{token}/corrections", data={
        "rows-0-page": "2", "rows-0-was": "错字", "rows-0-should": "正字",
        "annotated": (io.BytesIO(b"not a document"), "notes.txt")})
    assert refused.status_code == 400 and "错字" in refused.text
    sent = client.post(f"/proof/{token}/corrections", data={
        "rows-0-page": "2", "rows-0-line": "5", "rows-0-was": "错字", "rows-0-should": "正字"})
    assert sent.status_code == 200 and "Thank you" in sent.text
    again = client.post(f"/proof/{token}/approve")  # the same link again: no second answer
    assert again.status_code == 200
    db.session.expire_all()
    answered = db.session.get(ProofRound, proof.id)
    assert answered.state == "corrections" and answered.corrections[0]["should"] == "正字"
    assert client.get("/proof/forged").status_code == 410
    editors = db.session.scalars(db.select(OutboxEmail).where(
        OutboxEmail.template == "production/proof_answered")).all()
    assert [m.to_addr for m in editors] == ["ed@example.org"]


def test_editors_upload_and_see_each_round(client, accepted, editor, sign_in, author_id):
    manuscript = accepted()
    sign_in(client, editor.id)
    answer = client.post(f"/production/manuscripts/{manuscript.id}/proofs",
                         data={"proof": (io.BytesIO(proof_pdf()), "proof.pdf")})
    assert answer.status_code == 302
    page = client.get(f"/production/manuscripts/{manuscript.id}?lang=en")
    assert 'data-state="sent"' in page.text
    assert client.get(f"/production/manuscripts/{manuscript.id}/proofs/1/proof").status_code \
        == 200
    assert client.get(f"/production/manuscripts/{manuscript.id}/proofs/1/annotated") \
        .status_code == 404
    mails = db.session.scalars(db.select(OutboxEmail).where(
        OutboxEmail.template == "production/proof_sent")).all()
    assert {m.to_addr for m in mails} == {"zhangwei@example.org"}  # the corresponding author
    desk = client.get("/desk/?queue=in_proof")
    assert manuscript.number not in desk.text  # still awaiting the agreement first
