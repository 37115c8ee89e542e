"""The pages an author opens from a production mail, without logging in: signing the
agreement, and reading and answering a proof. The link is the capability (production.tokens);
once used, it shows what was done and does nothing twice."""

from io import BytesIO

from flask import render_template, request, send_file

from core.extensions import db
from production import agreements, proofs
from production.access import load_proof_link, load_signature_link
from production.blueprint import bp
from production.forms import ApproveForm, CorrectionsForm, SignForm
from submission import storage


@bp.route("/agreement/<token>", methods=["GET", "POST"])
def sign(token: str):
    signature, holder = load_signature_link(token)
    if signature.signed:  # the link used again, or a second click: nothing to do twice
        return render_template("production/signed.html", signature=signature)
    version = agreements.latest_version()
    form = SignForm(version=version.id if version else "")
    if form.validate_on_submit():
        agreements.sign(signature, holder, typed_name=form.name.data,
                        declared=form.declared.data, version_id=form.version.data,
                        client_address=request.remote_addr or "")
        db.session.commit()
        return render_template("production/signed.html", signature=signature)
    return render_template("production/sign.html", signature=signature, version=version,
                           form=form), 400 if form.errors else 200


def _proof_page(proof, corrections: CorrectionsForm | None = None, status: int = 200):
    return render_template("production/proof.html", proof=proof, approve_form=ApproveForm(),
                           form=corrections or CorrectionsForm(), token=request.view_args
                           ["token"]), status


@bp.get("/proof/<token>")
def proof(token: str):
    found, _holder = load_proof_link(token)
    return _proof_page(found)


@bp.get("/proof/<token>/proof.pdf")
def proof_pdf(token: str):
    """The proof inline in the browser: a PDF (checked at upload to carry no script), never
    sniffed as anything else (the app's nosniff and CSP headers apply)."""
    found, _holder = load_proof_link(token)
    return send_file(BytesIO(storage.read_bytes(found.sha256)), mimetype="application/pdf",
                     as_attachment=False,
                     download_name=f"{found.manuscript.number}-proof-{found.number}.pdf")


@bp.post("/proof/<token>/approve")
def approve_proof(token: str):
    found, holder = load_proof_link(token)
    if ApproveForm().validate_on_submit() and not found.answered:
        proofs.answer(found, holder, approve=True)
        db.session.commit()
    return _proof_page(found)


@bp.post("/proof/<token>/corrections")
def send_corrections(token: str):
    found, holder = load_proof_link(token)
    form = CorrectionsForm()
    if found.answered or not form.validate_on_submit():
        return _proof_page(found, form, 200 if found.answered else 400)
    proofs.answer(found, holder, approve=False, rows=[row.data for row in form.rows],
                  annotated=form.annotated.data.read() if form.annotated.data else b"",
                  note=form.note.data)
    db.session.commit()
    return _proof_page(found)

