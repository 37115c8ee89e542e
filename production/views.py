"""Production pages: a manuscript's production page (authors and editors), the editors'
overrides and proof uploads, the signed agreement's PDF and the proofs' files, the agreement's
text in the admin area; and the package's wiring (blueprint, console panel, the authors'
summary). The pages opened from mail links are in production.links."""

from io import BytesIO

from flask import (
    Flask,
    abort,
    flash,
    redirect,
    render_template,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from accounts.policy import can, permission_required
from core.extensions import db
from production import agreements, console, fees, progress, proofs  # noqa: F401 - console: a panel
from production.access import MANAGE, load_for_production
from production.blueprint import bp
from production.forms import AgreementTextForm, OverrideForm, ProofUploadForm
from production.models import AgreementDocument, ProofRound, Step
from submission import storage
from submission.states import ProductionStep


@bp.get("/production/manuscripts/<int:manuscript_id>")
@login_required
def manuscript(manuscript_id: int):
    manuscript = load_for_production(manuscript_id)
    return render_template(
        "production/manuscript.html", manuscript=manuscript,
        signatures=agreements.signatures_of(manuscript),
        document=db.session.get(AgreementDocument, manuscript.id),
        overrides=progress.overridden(manuscript), outstanding=progress.outstanding(manuscript),
        editing=can(current_user, MANAGE, manuscript), override_form=_override_form(manuscript),
        rounds=proofs.rounds_of(manuscript), upload_form=ProofUploadForm())


@bp.post("/production/manuscripts/<int:manuscript_id>/proofs")
@login_required
def upload_proof(manuscript_id: int):
    manuscript = load_for_production(manuscript_id, MANAGE)
    form = ProofUploadForm()
    if not form.validate_on_submit():
        flash(_("Choose the proof's PDF file."), "error")
        return redirect(url_for(".manuscript", manuscript_id=manuscript.id))
    proof = proofs.upload_proof(manuscript, current_user, form.proof.data.read())
    db.session.commit()
    flash(_("Proof round %(n)s is sent to the corresponding author.", n=proof.number), "success")
    return redirect(url_for(".manuscript", manuscript_id=manuscript.id))


@bp.get("/production/manuscripts/<int:manuscript_id>/proofs/<int:number>/"
        "<any(proof, annotated):kind>")
@login_required
def proof_file(manuscript_id: int, number: int, kind: str):
    """A round's proof or the author's annotated file, for the manuscript's editors and
    authors (downloaded, never shown inline here)."""
    manuscript = load_for_production(manuscript_id)
    proof = db.session.scalar(select(ProofRound).where(ProofRound.manuscript_id == manuscript.id,
                                                       ProofRound.number == number))
    digest = proof and (proof.sha256 if kind == "proof" else proof.annotated_sha256)
    if not digest:
        abort(404)
    mimetype = "application/pdf" if kind == "proof" else proof.annotated_mimetype
    extension = "pdf" if mimetype == "application/pdf" else "docx"
    return send_file(BytesIO(storage.read_bytes(digest)), mimetype=mimetype, as_attachment=True,
                     download_name=f"{manuscript.number}-{kind}-{number}.{extension}")


def _override_form(manuscript) -> OverrideForm:
    """The override form offers the steps still outstanding."""
    form = OverrideForm()
    form.step.choices = Step.choices(*progress.outstanding(manuscript))
    return form


@bp.post("/production/manuscripts/<int:manuscript_id>/override")
@login_required
def override(manuscript_id: int):
    manuscript = load_for_production(manuscript_id, MANAGE)
    form = OverrideForm()
    if not form.validate_on_submit():
        flash(_("Give the reason for going on without this step."), "error")
        return redirect(url_for(".manuscript", manuscript_id=manuscript.id))
    progress.override(manuscript, current_user, form.step.data, form.reason.data)
    db.session.commit()
    flash(_("The override and its reason are recorded."), "success")
    return redirect(url_for(".manuscript", manuscript_id=manuscript.id))


@bp.get("/production/manuscripts/<int:manuscript_id>/agreement.pdf")
@login_required
def agreement_pdf(manuscript_id: int):
    manuscript = load_for_production(manuscript_id)
    document = db.session.get(AgreementDocument, manuscript.id)
    if document is None:
        abort(404)
    return send_file(BytesIO(storage.read_bytes(document.sha256)), mimetype="application/pdf",
                     as_attachment=True, download_name=f"{manuscript.number}-agreement.pdf")


@bp.route("/admin/agreement", methods=["GET", "POST"])
@permission_required("production.edit_agreement")
def agreement_text():
    latest = agreements.latest_version()
    form = AgreementTextForm(
        body_zh=latest.body_zh if latest else agreements.DEFAULT_ZH,
        body_en=latest.body_en if latest else agreements.DEFAULT_EN)
    if form.validate_on_submit():
        version = agreements.save_text(current_user, form.body_zh.data, form.body_en.data)
        db.session.commit()
        flash(_("Saved as version %(n)s. Signatures already given keep the version they "
                "signed.", n=version.number), "success")
        return redirect(url_for(".agreement_text"))
    return render_template("production/agreement_text.html", form=form, latest=latest)


def init_app(app: Flask) -> None:
    from production import fee_views, links  # noqa: F401 - their pages are on this blueprint

    app.register_blueprint(bp)
    app.jinja_env.globals.update(production_signatures=agreements.signatures_of,
                                 production_fees=fees.fees_of,
                                 ProductionStep=ProductionStep)
