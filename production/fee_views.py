"""The fee pages: a manuscript's fees (the notice, the author's payment, the office's review,
the page count of a per-page fee), the ledger with its CSV and XLSX exports, and the fee
settings in the admin area."""

import csv
import io

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from openpyxl import Workbook

from accounts.policy import can, permission_required, require
from core.extensions import db
from core.i18n import current_locale
from production import fees
from production.access import MANAGE, load_fee, load_for_production
from production.blueprint import bp
from production.documents import fee_notice_pdf
from production.forms import FeeReviewForm, FeeSettingsForm, PagesForm, PaymentForm
from production.models import FeeState
from production.payments import PROVIDER
from submission import storage


@bp.get("/production/manuscripts/<int:manuscript_id>/fees")
@login_required
def fees_page(manuscript_id: int, payment: PaymentForm | None = None):
    manuscript = load_for_production(manuscript_id)
    return render_template(
        "production/fees.html", manuscript=manuscript, fees=fees.fees_of(manuscript),
        paying=can(current_user, "production.pay", manuscript),
        editing=can(current_user, MANAGE, manuscript), payment=payment or PaymentForm(),
        review_form=FeeReviewForm(), pages_form=PagesForm(),
        pay=PROVIDER.instructions(None, fees.settings()))


def _back(fee):
    return redirect(url_for(".fees_page", manuscript_id=fee.manuscript_id))


@bp.post("/production/fees/<int:fee_id>/payment")
@login_required
def record_payment(fee_id: int):
    fee, form = load_fee(fee_id), PaymentForm()
    if not form.validate_on_submit():  # the page again, with what was typed
        return fees_page(fee.manuscript_id, form), 400
    fees.record_payment(fee, current_user, paid_on=form.paid_on.data, payer=form.payer.data,
                        amount=form.amount.data, receipt=form.receipt.data.read(),
                        invoice_title=form.invoice_title.data,
                        taxpayer_id=form.taxpayer_id.data,
                        invoice_email=form.invoice_email.data)
    db.session.commit()
    flash(_("Your payment is recorded; the editorial office will confirm it."), "success")
    return _back(fee)


@bp.post("/production/fees/<int:fee_id>/review")
@login_required
def review_payment(fee_id: int):
    fee, form = load_fee(fee_id, MANAGE), FeeReviewForm()
    if not form.validate_on_submit():
        flash(_("Confirm the payment, or return it with a note."), "error")
        return _back(fee)
    fees.review_payment(fee, current_user, confirm=form.decision.data == "confirm",
                        note=form.note.data)
    db.session.commit()
    flash(_("The payment is %(state)s.", state=fee.state_title), "success")
    return _back(fee)


@bp.post("/production/fees/<int:fee_id>/pages")
@login_required
def set_pages(fee_id: int):
    fee, form = load_fee(fee_id, MANAGE), PagesForm()
    if not form.validate_on_submit():
        flash(_("Give the number of printed pages."), "error")
        return _back(fee)
    fees.set_pages(fee, current_user, form.pages.data)
    db.session.commit()
    flash(_("The amount is set and the notice is sent."), "success")
    return _back(fee)


@bp.get("/production/fees/<int:fee_id>/<any(notice, receipt):document>")
@login_required
def fee_document(fee_id: int, document: str):
    fee = load_fee(fee_id)
    number = fee.manuscript.number
    if document == "notice" and fee.amount is not None:
        data, mimetype, name = fee_notice_pdf(fee, current_locale()), \
            "application/pdf", f"{number}-{fee.kind}-fee.pdf"
    elif document == "receipt" and fee.receipt_sha256:
        data, mimetype = storage.read_bytes(fee.receipt_sha256), fee.receipt_mimetype
        name = f"{number}-{fee.kind}-receipt.{mimetype.rsplit('/', 1)[-1]}"
    else:
        abort(404)
    return send_file(io.BytesIO(data), mimetype=mimetype, as_attachment=True,
                     download_name=name)


# --------------------------------------------------------------------------- the ledger

HEADERS = (_l("Manuscript number"), _l("Fee"), _l("State"), _l("Amount"), _l("Pay by"),
           _l("Date of the transfer"), _l("Payer"), _l("Amount paid (yuan)"),
           _l("Invoice title (发票抬头)"), _l("Taxpayer identification number (纳税人识别号)"),
           _l("E-mail for the electronic invoice"))


def _rows(state: str | None) -> list[list]:
    return [[f.manuscript.number, f.kind_title, f.state_title,
             float(f.amount) if f.amount is not None else None, f.due_on, f.paid_on, f.payer,
             float(f.paid_amount) if f.paid_amount is not None else None, f.invoice_title,
             f.taxpayer_id, f.invoice_email] for f in fees.ledger(state)]


def _ledger_state() -> str | None:
    state = request.args.get("state") or None
    require(current_user, "production.ledger")
    return state if state in {s.value for s in FeeState} else None


@bp.get("/editor/fees")
@login_required
def ledger():
    state = _ledger_state()
    return render_template("production/ledger.html", fees=fees.ledger(state), state=state,
                           states=list(FeeState))


@bp.get("/editor/fees.<any(csv, xlsx):extension>")
@login_required
def ledger_export(extension: str):
    state, out = _ledger_state(), io.BytesIO()
    headers = [str(h) for h in HEADERS]
    if extension == "csv":
        text = io.StringIO()
        csv.writer(text).writerows([headers, *_rows(state)])
        out.write(text.getvalue().encode("utf-8-sig"))  # (a BOM: Excel reads it as UTF-8)
        mimetype = "text/csv"
    else:
        book = Workbook()
        sheet = book.active
        sheet.title = "fees"
        for row in [headers, *_rows(state)]:
            sheet.append(row)
        book.save(out)
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    out.seek(0)
    return send_file(out, mimetype=mimetype, as_attachment=True,
                     download_name=f"fees-{state or 'all'}.{extension}")


@bp.route("/admin/fees", methods=["GET", "POST"])
@permission_required("production.edit_agreement")
def fee_settings():
    current = fees.settings()
    form = FeeSettingsForm(obj=current)
    if form.validate_on_submit():
        fees.save_settings(current_user, **{name: getattr(form, name).data for name in (
            "review_mode", "review_amount", "page_mode", "page_amount", "due_days",
            "bank_name", "account_name", "account_number")})
        db.session.commit()
        flash(_("The fee settings are saved."), "success")
        return redirect(url_for(".fee_settings"))
    return render_template("production/fee_settings.html", form=form)
