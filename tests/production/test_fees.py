"""Fees: the settings decide what is charged and when; the notice; the author's payment (once,
its receipt checked by content); the office's confirmation or return; the gates on review and
scheduling with their overrides; the ledger and its exports."""

import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from PIL import Image
from pypdf import PdfReader
from weasyprint import HTML

from core.extensions import db
from core.outbox import OutboxEmail
from core.refusals import Conflict, Invalid
from production import fees, progress
from production.documents import fee_notice_pdf
from production.models import FeeKind, Step
from publishing import services
from submission.states import ProductionStep
from submission.workflow import Action, advance
from tests.factories import make_column, make_manuscript


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (2, 2), "white").save(out, "PNG")
    return out.getvalue()


PNG = _png()


@pytest.fixture
def charging(editor):
    fees.save_settings(editor, review_mode="fixed", review_amount=Decimal("200"),
                       page_mode="per_page", page_amount=Decimal("300"), due_days=20,
                       bank_name="中国银行石家庄分行", account_name="河北科技图苑编辑部",
                       account_number="1234 5678 9012")
    db.session.commit()


def _pay(fee, actor, **overrides):
    values = dict(paid_on=date(2026, 12, 1), payer="张伟", amount=fee.amount or Decimal("1"),
                  receipt=PNG, invoice_title="河北大学", taxpayer_id="12130000401700000X",
                  invoice_email="zhangwei@example.org")
    values.update(overrides)
    return fees.record_payment(fee, actor, **values)


def _received(author_id, editor):
    manuscript = make_manuscript(author_id, state="submitted", authors=[
        {"name": "张伟", "email": "zhangwei@example.org", "corresponding": True,
         "user_id": author_id}])
    advance(manuscript, Action.RECEIVE, editor)
    return manuscript


def test_nothing_is_charged_by_default(accepted):
    manuscript = accepted()
    assert fees.fees_of(manuscript) == []


def test_the_review_fee_comes_after_the_desk_check_and_gates_review(charging, editor,
                                                                    author_id):
    manuscript = _received(author_id, editor)
    (fee,) = fees.fees_of(manuscript)
    assert (fee.kind, fee.state, fee.amount) == ("review", "due", Decimal("200"))
    assert manuscript.production_step == ProductionStep.FEE
    notice = db.session.scalars(db.select(OutboxEmail).where(
        OutboxEmail.template == "production/fee_notice")).one()
    assert notice.attachments[0]["builder"] == "production.fee_notice"
    with pytest.raises(progress.NotReady, match="review fee"):
        advance(manuscript, Action.SEND_TO_REVIEW, editor)
    author = db.session.get(type(editor), author_id)
    _pay(fee, author)
    fees.review_payment(fee, editor, confirm=True)
    assert manuscript.production_step is None
    advance(manuscript, Action.SEND_TO_REVIEW, editor)


def test_the_review_fee_can_be_overridden(charging, editor, author_id):
    manuscript = _received(author_id, editor)
    progress.override(manuscript, editor, Step.REVIEW_FEE, "作者所在单位免收审稿费")
    advance(manuscript, Action.SEND_TO_REVIEW, editor)
    assert manuscript.state == "under_review"


def test_a_payment_is_recorded_once_and_returned_with_a_note(charging, editor, author_id):
    manuscript = _received(author_id, editor)
    fee, author = fees.fees_of(manuscript)[0], db.session.get(type(editor), author_id)
    with pytest.raises(Invalid, match="receipt"):
        _pay(fee, author, receipt=b"not an image")
    with pytest.raises(Invalid):
        _pay(fee, author, payer=" ")
    _pay(fee, author)
    with pytest.raises(Conflict):  # the same form posted twice
        _pay(fee, author)
    with pytest.raises(Invalid):
        fees.review_payment(fee, editor, confirm=False)
    fees.review_payment(fee, editor, confirm=False, note="金额不符，请核对。")
    assert fee.state == "returned"
    _pay(fee, author, amount=Decimal("200"))
    fees.review_payment(fee, editor, confirm=True)
    assert fee.state == "confirmed"
    with pytest.raises(Conflict):
        fees.review_payment(fee, editor, confirm=True)


def test_the_page_fee_per_page_gates_scheduling(charging, accepted, editor, author_id):
    manuscript = accepted(column=make_column())
    fee = next(f for f in fees.fees_of(manuscript) if f.kind == FeeKind.PAGE)
    assert fee.state == "awaiting_amount" and fee.amount is None
    fees.set_pages(fee, editor, 6)
    assert fee.amount == Decimal("1800") and fee.state == "due"
    progress.override(manuscript, editor, Step.AGREEMENT, "纸质协议已收到")
    progress.override(manuscript, editor, Step.PROOF, "编辑部校对")
    assert manuscript.production_step == ProductionStep.FEE
    issue = services.create_issue(editor, year=2026, number=5, volume=39)
    with pytest.raises(progress.NotReady, match="page fee"):
        services.schedule(manuscript, issue, editor)
    _pay(fee, db.session.get(type(editor), author_id))
    fees.review_payment(fee, editor, confirm=True)
    assert manuscript.production_step == ProductionStep.READY
    services.schedule(manuscript, issue, editor)


def test_the_notice_names_number_amount_bank_and_deadline(charging, editor, author_id):
    fee = fees.fees_of(_received(author_id, editor))[0]
    text = PdfReader(io.BytesIO(fee_notice_pdf(fee))).pages[0].extract_text()
    for expected in (fee.manuscript.number, "200", "中国银行石家庄分行", "1234 5678 9012",
                     str(fee.due_on)):
        assert expected in text


def test_the_ledger_lists_and_exports_fees_by_state(charging, client, sign_in, editor,
                                                    author_id):
    first = fees.fees_of(_received(author_id, editor))[0]
    second = fees.fees_of(_received(author_id, editor))[0]
    _pay(second, db.session.get(type(editor), author_id))
    db.session.commit()
    sign_in(client, editor.id)
    page = client.get("/editor/fees?state=reported")
    assert page.text.count('class="ledger-row"') == 1
    book = load_workbook(io.BytesIO(client.get("/editor/fees.xlsx").data))
    rows = list(book.active.values)
    assert len(rows) == 3 and {r[0] for r in rows[1:]} == {first.manuscript.number,
                                                            second.manuscript.number}
    exported = client.get("/editor/fees.csv?state=due").data.decode("utf-8-sig")
    assert first.manuscript.number in exported and second.manuscript.number not in exported


def test_the_author_records_a_payment_on_the_fee_page(charging, client, sign_in, editor,
                                                      author_id):
    fee = fees.fees_of(_received(author_id, editor))[0]
    db.session.commit()
    sign_in(client, author_id)
    page = client.get(f"/production/manuscripts/{fee.manuscript_id}/fees?lang=en")
    assert "Record your payment" in page.text
    form = {"paid_on": "2026-12-01", "payer": "张伟", "amount": "200",
            "invoice_title": "河北大学", "taxpayer_id": "12130000401700000X",
            "invoice_email": "not-an-address"}
    kept = client.post(f"/production/fees/{fee.id}/payment",
                       data={**form, "receipt": (io.BytesIO(PNG), "receipt.png")})
    assert kept.status_code == 400 and "12130000401700000X" in kept.text  # nothing lost
    form["invoice_email"] = "zhangwei@example.org"
    done = client.post(f"/production/fees/{fee.id}/payment",
                       data={**form, "receipt": (io.BytesIO(HTML(string="<p>回单</p>")
                                                            .write_pdf()), "回单.pdf")})
    assert done.status_code == 302
    assert client.get(f"/production/fees/{fee.id}/receipt").mimetype == "application/pdf"
    assert client.get(f"/production/fees/{fee.id}/notice").mimetype == "application/pdf"
    detail = client.get(f"/manuscripts/{fee.manuscript_id}?lang=en")  # the manuscript page
    assert "Payment reported" in detail.text and f"/production/fees/{fee.id}/notice" in detail.text
