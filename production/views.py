"""Production pages: a manuscript's production page (authors and editors), the editors'
overrides, the signed agreement's PDF, the author's signing link, the agreement's text in the
admin area; and the package's wiring (blueprint, console panel, the authors' summary)."""

from io import BytesIO

from flask import (
    Blueprint,
    Flask,
    abort,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from accounts.policy import can, permission_required
from core.extensions import db
from production import agreements, console, progress  # noqa: F401 - console registers a panel
from production.access import MANAGE, load_for_production, load_signature_link
from production.forms import AgreementTextForm, OverrideForm, SignForm
from production.models import AgreementDocument
from submission import storage
from submission.states import ProductionStep

bp = Blueprint("production", __name__)


@bp.get("/production/manuscripts/<int:manuscript_id>")
@login_required
def manuscript(manuscript_id: int):
    manuscript = load_for_production(manuscript_id)
    return render_template(
        "production/manuscript.html", manuscript=manuscript,
        signatures=agreements.signatures_of(manuscript),
        document=db.session.get(AgreementDocument, manuscript.id),
        overrides=progress.overridden(manuscript), outstanding=progress.outstanding(manuscript),
        editing=can(current_user, MANAGE, manuscript), override_form=OverrideForm())


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
    app.register_blueprint(bp)
    app.jinja_env.globals.update(production_signatures=agreements.signatures_of,
                                 ProductionStep=ProductionStep)
