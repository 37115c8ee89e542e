"""Fees (审稿费, 版面费): what the journal charges (`FeeSettings`, edited in the admin area), the
fee raised for a manuscript, the notice (缴费通知, a PDF mailed and shown on its fee page), the
payment the author reports and the office's confirmation or return.

The review fee is raised when the manuscript passes the desk check (received); the page fee at
acceptance, a fixed amount at once or, per page, once an editor enters the printed pages.
Review waits for the review fee and scheduling for the page fee (production.progress), unless
an editor overrides with a reason. Reporting and reviewing a payment are each one conditional
UPDATE, so a double-posted form records one payment.
"""

import io
from datetime import date, timedelta
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from accounts.policy import require
from core.clock import journal_today, utcnow
from core.extensions import db
from core.refusals import Conflict, Invalid
from production import progress
from production.events import fee_due, fee_reported, fee_reviewed
from production.models import Fee, FeeKind, FeeMode, FeeSettings, FeeState
from submission import storage
from submission.models import Manuscript
from submission.workflow import Action, manuscript_advanced

RAISED_AT = {Action.RECEIVE.value: FeeKind.REVIEW, Action.ACCEPT.value: FeeKind.PAGE}
OPEN = (FeeState.DUE.value, FeeState.RETURNED.value)


def settings() -> FeeSettings:
    """The journal's fee settings; until an editor saves some, nothing is charged."""
    return db.session.get(FeeSettings, 1) or FeeSettings(
        id=1, review_mode=FeeMode.NONE.value, review_amount=Decimal("0"),
        page_mode=FeeMode.NONE.value, page_amount=Decimal("0"), due_days=30, bank_name="",
        account_name="", account_number="")


def save_settings(actor, **values) -> FeeSettings:
    require(actor, "production.edit_agreement")
    found = settings()
    if found not in db.session:
        db.session.add(found)
    for name, value in values.items():
        setattr(found, name, value)
    db.session.flush()
    return found


def fees_of(manuscript: Manuscript) -> list[Fee]:
    return list(db.session.scalars(select(Fee).where(Fee.manuscript_id == manuscript.id)
                                   .order_by(Fee.id)))


@manuscript_advanced.connect
def _raise_fee(manuscript: Manuscript, event, **_kwargs) -> None:
    kind = RAISED_AT.get(event.action)
    if kind is not None:
        raise_fee(manuscript, kind)


def raise_fee(manuscript: Manuscript, kind: FeeKind) -> Fee | None:
    """The fee of this kind if the journal charges it (once per manuscript)."""
    rules = settings()
    mode, amount = ((rules.review_mode, rules.review_amount) if kind == FeeKind.REVIEW
                    else (rules.page_mode, rules.page_amount))
    existing = db.session.scalar(select(Fee).where(Fee.manuscript_id == manuscript.id,
                                                   Fee.kind == kind.value))
    if mode == FeeMode.NONE or existing is not None:
        return existing
    fee = Fee(manuscript_id=manuscript.id, kind=kind.value,
              state=FeeState.AWAITING_AMOUNT.value if mode == FeeMode.PER_PAGE
              else FeeState.DUE.value)
    db.session.add(fee)
    if mode == FeeMode.FIXED:
        _due(fee, Decimal(amount))
    db.session.flush()
    progress.refresh(manuscript)
    return fee


def _due(fee: Fee, amount: Decimal) -> None:
    fee.amount, fee.state = amount, FeeState.DUE.value
    fee.due_on = journal_today() + timedelta(days=settings().due_days)
    db.session.flush()
    fee_due.send(fee)


def set_pages(fee: Fee, actor, pages: int) -> Fee:
    """The printed pages of a per-page page fee: its amount, and the notice."""
    require(actor, "production.manage", fee.manuscript)
    if fee.state != FeeState.AWAITING_AMOUNT or not pages or pages < 1:
        raise Conflict(_l("The amount of this fee is already set."))
    fee.pages = pages
    _due(fee, Decimal(settings().page_amount) * pages)
    return fee


RECEIPT_TYPES = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg",
                 b"%PDF-": "application/pdf"}
NOT_A_RECEIPT = _l("The transfer receipt must be a photo (PNG or JPEG) or a PDF that opens; "
                   "its content was checked, not its name.")


def receipt_type(data: bytes) -> str:
    """The receipt's type from its content (an image Pillow can read, or a PDF pypdf opens)."""
    mimetype = next((t for magic, t in RECEIPT_TYPES.items() if data.startswith(magic)), None)
    try:
        if mimetype == "application/pdf":
            from pypdf import PdfReader

            PdfReader(io.BytesIO(data)).pages[0]  # noqa: B018 - raises on a broken file
        elif mimetype is not None:
            from PIL import Image

            Image.open(io.BytesIO(data)).verify()
    except Exception as exc:  # noqa: BLE001 - a damaged file fails in many ways
        raise Invalid(NOT_A_RECEIPT) from exc
    if mimetype is None:
        raise Invalid(NOT_A_RECEIPT)
    return mimetype


def record_payment(fee: Fee, actor, *, paid_on: date, payer: str, amount: Decimal,
                   receipt: bytes, invoice_title: str = "", taxpayer_id: str = "",
                   invoice_email: str = "") -> Fee:
    """The author reports a transfer; one report per notice (or per return)."""
    require(actor, "production.pay", fee.manuscript)
    if fee.state not in OPEN:
        raise Conflict(_l("This fee's payment has already been recorded."))
    payer, invoice_title, taxpayer_id, invoice_email = (
        (text or "").strip() for text in (payer, invoice_title, taxpayer_id, invoice_email))
    if amount is None or amount <= 0 or not payer or paid_on is None:
        raise Invalid(_l("Give the date, the payer and the amount paid."))
    if invoice_title and not invoice_email:
        raise Invalid(_l("Give the e-mail address for the electronic invoice."))
    values = dict(state=FeeState.REPORTED.value, paid_on=paid_on, payer=payer,
                  paid_amount=amount, receipt_mimetype=receipt_type(receipt),
                  invoice_title=invoice_title, taxpayer_id=taxpayer_id,
                  invoice_email=invoice_email, reported_at=utcnow())
    values["receipt_sha256"] = storage.save_bytes(receipt)
    done = db.session.execute(update(Fee).where(Fee.id == fee.id, Fee.state.in_(OPEN))
                              .values(**values).execution_options(synchronize_session=False))
    if done.rowcount != 1:
        raise Conflict(_l("This fee's payment has already been recorded."))
    db.session.refresh(fee)
    fee_reported.send(fee)
    return fee


def review_payment(fee: Fee, actor, *, confirm: bool, note: str = "") -> Fee:
    """The office confirms the reported payment, or returns it with a note."""
    require(actor, "production.manage", fee.manuscript)
    if not confirm and not note.strip():
        raise Invalid(_l("Say why the payment is returned."))
    state = FeeState.CONFIRMED if confirm else FeeState.RETURNED
    done = db.session.execute(
        update(Fee).where(Fee.id == fee.id, Fee.state == FeeState.REPORTED.value)
        .values(state=state.value, reviewed_by_id=actor.id, reviewed_at=utcnow(),
                review_note=note.strip()).execution_options(synchronize_session=False))
    if done.rowcount != 1:
        raise Conflict(_l("There is no reported payment to review."))
    db.session.refresh(fee)
    progress.refresh(fee.manuscript)
    fee_reviewed.send(fee)
    return fee


def ledger(state: str | None = None) -> list[Fee]:
    query = select(Fee).order_by(Fee.id.desc())
    if state:
        query = query.where(Fee.state == state)
    return list(db.session.scalars(query))
