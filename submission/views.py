"""The author's side: the submission wizard, my manuscripts, the manuscript page, withdrawal.

Views validate a form, call one service, flash and redirect; the request commits. A refused
change raises a refusal (core.refusals), which the one handler answers.
"""

from urllib.parse import quote

from flask import (
    Flask,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from accounts.policy import can
from core.i18n import current_locale
from core.letterbox import emails_about
from core.markup import render_markdown
from journal.access import load_column
from journal.models import Column, active_columns, get_journal, guideline_pages
from submission import compliance, receipt, services, storage
from submission.access import load_file, load_manuscript
from submission.blueprint import bp
from submission.forms import (
    AuthorForm,
    ChecklistForm,
    ColumnForm,
    MetadataForm,
    SubmitForm,
    UploadForm,
    WithdrawForm,
)
from submission.models import Manuscript
from submission.timeline import author_timeline
from submission.workflow import (
    AFTER_ACCEPTANCE,
    DECIDED,
    Action,
    State,
    allowed_moves,
)

STEP_TITLES = {
    "column": _l("Column"), "checklist": _l("Guidelines"), "metadata": _l("Details"),
    "authors": _l("Authors"), "files": _l("Files"), "review": _l("Review and submit"),
}


# Bootstrap colours of the state badges.
STATE_COLOURS = {State.DRAFT: "light", State.SUBMITTED: "primary", State.RECEIVED: "info",
                 State.UNDER_REVIEW: "warning", State.REVISION_REQUESTED: "warning",
                 State.ACCEPTED: "success", State.SCHEDULED: "success",
                 State.PUBLISHED: "dark", State.REJECTED: "danger", State.WITHDRAWN: "secondary"}


def wizard_page(step: str, manuscript: Manuscript | None, **context):
    return render_template(f"submission/wizard/{step}.html", step=step, steps=STEP_TITLES,
                           manuscript=manuscript, **context)


# --------------------------------------------------------------------------- wizard


def _column_choices(form: ColumnForm) -> list[Column]:
    columns = active_columns()
    form.column.choices = [SelectChoice(str(c.id), c.name_zh) for c in columns]
    return columns


@bp.route("/submit", methods=["GET", "POST"])
@login_required
def start():
    form = ColumnForm()
    columns = _column_choices(form)
    if form.validate_on_submit():
        manuscript = services.start_submission(current_user, load_column(form.column.data))
        return redirect(url_for(".checklist", manuscript_id=manuscript.id))
    return wizard_page("column", None, form=form, columns=columns)


@bp.route("/manuscripts/<int:manuscript_id>/wizard")
@login_required
def resume(manuscript_id: int):
    manuscript = load_manuscript(manuscript_id, "manuscript.edit")
    return redirect(url_for(f".{manuscript.wizard_step or 'column'}",
                            manuscript_id=manuscript.id))


@bp.route("/manuscripts/<int:manuscript_id>/wizard/column", methods=["GET", "POST"])
@login_required
def column(manuscript_id: int):
    manuscript = load_manuscript(manuscript_id, "manuscript.edit")
    form = ColumnForm(data={"column": manuscript.column_id})
    columns = _column_choices(form)
    if form.validate_on_submit():
        services.choose_column(manuscript, current_user, load_column(form.column.data))
        return redirect(url_for(".checklist", manuscript_id=manuscript.id))
    return wizard_page("column", manuscript, form=form, columns=columns)


@bp.route("/manuscripts/<int:manuscript_id>/wizard/checklist", methods=["GET", "POST"])
@login_required
def checklist(manuscript_id: int):
    manuscript = load_manuscript(manuscript_id, "manuscript.edit")
    form = ChecklistForm(data={"checklist": manuscript.checklist_confirmed,
                               "declaration": manuscript.declaration_accepted})
    if form.validate_on_submit():
        services.confirm_checklist(manuscript, current_user)
        return redirect(url_for(".metadata", manuscript_id=manuscript.id))
    if form.errors:
        flash(_("Please tick both boxes to continue."), "error")
    guidelines = next((p for p in guideline_pages() if p.slug == "guidelines"), None)
    return wizard_page("checklist", manuscript, form=form, guidelines=guidelines,
                       render_markdown=render_markdown,
                       rules_checked=compliance.rules_for(get_journal(), manuscript.column))


def _keywords(text: str) -> list[str]:
    return compliance._split_keywords(text or "")


def _grants(text: str) -> list[dict]:
    grants = []
    for line in (text or "").splitlines():
        funder, _sep, number = line.partition("|")
        if funder.strip():
            grants.append({"funder": funder.strip(), "number": number.strip()})
    return grants


@bp.route("/manuscripts/<int:manuscript_id>/wizard/metadata", methods=["GET", "POST"])
@login_required
def metadata(manuscript_id: int):
    manuscript = load_manuscript(manuscript_id, "manuscript.edit")
    form = MetadataForm(obj=manuscript if request.method == "GET" else None)
    if request.method == "GET":
        form.keywords_zh.data = "；".join(manuscript.keywords_zh or [])
        form.keywords_en.data = "; ".join(manuscript.keywords_en or [])
        form.grants.data = "\n".join(f"{g['funder']} | {g.get('number', '')}"
                                     for g in manuscript.grants or [])
    if form.validate_on_submit():
        fields = {name: (form[name].data or "").strip() for name in services.METADATA_FIELDS
                  if name not in ("keywords_zh", "keywords_en", "grants")}
        services.save_metadata(manuscript, current_user, **fields,
                               keywords_zh=_keywords(form.keywords_zh.data),
                               keywords_en=_keywords(form.keywords_en.data),
                               grants=_grants(form.grants.data))
        missing = [name for name in MetadataForm.REQUIRED if not (form[name].data or "").strip()]
        if not missing:
            return redirect(url_for(".authors", manuscript_id=manuscript.id))
        for name in missing:
            form[name].errors = [_("This field is required before you submit.")]
        flash(_("Saved as a draft. Fill in the marked fields before you submit."), "warning")
    return wizard_page("metadata", manuscript, form=form,
                       found=(manuscript.compliance_report or {}).get("found"))


@bp.route("/manuscripts/<int:manuscript_id>/wizard/authors", methods=["GET", "POST"])
@login_required
def authors(manuscript_id: int):
    manuscript = load_manuscript(manuscript_id, "manuscript.edit")
    form = AuthorForm()
    if form.validate_on_submit():
        services.add_author(manuscript, current_user, **_author_fields(form))
        flash(_("Author added."), "success")
        return redirect(url_for(".authors", manuscript_id=manuscript.id))
    return wizard_page("authors", manuscript, form=form)


def _author_fields(form: AuthorForm) -> dict:
    """An author form's values by field name (without the form's prefix)."""
    return {f.short_name: f.data for f in form if f.short_name not in ("submit", "csrf_token")}


@bp.route("/manuscripts/<int:manuscript_id>/authors/<int:author_id>/edit",
          methods=["GET", "POST"])
@login_required
def edit_author(manuscript_id: int, author_id: int):
    """The authors step with one row opened for correction in place."""
    manuscript = load_manuscript(manuscript_id, "manuscript.edit")
    author = next((a for a in manuscript.authors if a.id == author_id), None)
    if author is None:
        abort(404)
    form = AuthorForm(obj=author, prefix="edit")  # its fields beside the add form's
    if form.validate_on_submit():
        services.update_author(manuscript, current_user, author_id, **_author_fields(form))
        flash(_("Author saved."), "success")
        return redirect(url_for(".authors", manuscript_id=manuscript.id,
                                _anchor=f"author-{author_id}"))
    return wizard_page("authors", manuscript, form=AuthorForm(formdata=None), editing=author,
                       edit_form=form), 400 if form.is_submitted() else 200


@bp.post("/manuscripts/<int:manuscript_id>/authors/<int:author_id>/<any(remove, up, down, "
         "corresponding):change>")
@login_required
def change_author(manuscript_id: int, author_id: int, change: str):
    manuscript = load_manuscript(manuscript_id)  # the service asks to edit it
    if change == "remove":
        services.remove_author(manuscript, current_user, author_id)
    elif change == "corresponding":
        services.set_corresponding(manuscript, current_user, author_id)
    else:
        services.move_author(manuscript, current_user, author_id, -1 if change == "up" else 1)
    return redirect(url_for(".authors", manuscript_id=manuscript.id))


@bp.post("/manuscripts/<int:manuscript_id>/authors/done")
@login_required
def authors_done(manuscript_id: int):
    manuscript = load_manuscript(manuscript_id)  # the service asks to edit it
    services.confirm_authors(manuscript, current_user)
    return redirect(url_for(".files", manuscript_id=manuscript.id))


@bp.route("/manuscripts/<int:manuscript_id>/wizard/files", methods=["GET", "POST"])
@login_required
def files(manuscript_id: int):
    manuscript = load_manuscript(manuscript_id, "manuscript.edit")
    form = UploadForm()
    if form.validate_on_submit():
        upload = form.file.data
        services.upload_file(manuscript, current_user, filename=upload.filename or "",
                             data=upload.read(), kind=form.kind.data)
        flash(_("File uploaded and checked."), "success")
        return redirect(url_for(".files", manuscript_id=manuscript.id))
    return wizard_page("files", manuscript, form=form, report=manuscript.compliance_report,
                       describe=compliance.describe,
                       found=(manuscript.compliance_report or {}).get("found"))


@bp.post("/manuscripts/<int:manuscript_id>/prefill")
@login_required
def prefill(manuscript_id: int):
    manuscript = load_manuscript(manuscript_id)  # the service asks to edit it
    filled = services.prefill_from_file(manuscript, current_user)
    flash(_("Filled in from your file: %(n)s fields. Please check them.", n=len(filled))
          if filled else _("Nothing to fill in: those fields already have content."), "info")
    return redirect(url_for(".metadata", manuscript_id=manuscript.id))


@bp.route("/manuscripts/<int:manuscript_id>/wizard/review")
@login_required
def review(manuscript_id: int):
    manuscript = load_manuscript(manuscript_id, "manuscript.edit")
    form = SubmitForm(expected_version=manuscript.version_id)
    return wizard_page("review", manuscript, form=form,
                       missing=services.missing_for_submit(manuscript),
                       report=manuscript.compliance_report, describe=compliance.describe)


@bp.post("/manuscripts/<int:manuscript_id>/submit")
@login_required
def submit(manuscript_id: int):
    manuscript = load_manuscript(manuscript_id, "manuscript.edit")
    form = SubmitForm()
    if not form.validate_on_submit():
        return redirect(url_for(".review", manuscript_id=manuscript.id))
    services.submit_manuscript(manuscript, current_user, form.expected_version.data)
    flash(_("Thank you! Your manuscript has been submitted as %(number)s. A confirmation has "
            "been sent to every author.", number=manuscript.number), "success")
    return redirect(url_for(".detail", manuscript_id=manuscript.id))


# --------------------------------------------------------------------------- author pages


@bp.get("/manuscripts/")
@login_required
def my_manuscripts():
    return render_template("submission/mine.html",
                           manuscripts=services.manuscripts_of(current_user))


@bp.get("/manuscripts/<int:manuscript_id>")
@login_required
def detail(manuscript_id: int):
    manuscript = load_manuscript(manuscript_id)
    acts = can(current_user, "manuscript.edit", manuscript)  # co-authors read, not act
    moves = {m.action for m in allowed_moves(manuscript, current_user)} if acts else set()
    return render_template("submission/detail.html", manuscript=manuscript,
                           timeline=author_timeline(manuscript, current_user),
                           letters=emails_about(current_user, "manuscript", manuscript.id),
                           can_withdraw=Action.WITHDRAW in moves,
                           can_edit=acts and manuscript.state == State.DRAFT)


@bp.route("/manuscripts/<int:manuscript_id>/withdraw", methods=["GET", "POST"])
@login_required
def withdraw(manuscript_id: int):
    manuscript = load_manuscript(manuscript_id, "manuscript.edit")
    form = WithdrawForm(expected_version=manuscript.version_id)
    if form.validate_on_submit():
        services.withdraw_manuscript(manuscript, current_user, form.reason.data,
                                     form.expected_version.data)
        flash(_("The manuscript has been withdrawn."), "success")
        return redirect(url_for(".detail", manuscript_id=manuscript.id))
    return render_template("submission/withdraw.html", manuscript=manuscript, form=form)


@bp.get("/manuscripts/<int:manuscript_id>/files/<int:file_id>")
@login_required
def download(manuscript_id: int, file_id: int):
    record = load_file(manuscript_id, file_id)
    name = quote(record.original_name, safe="")
    return Response(storage.read_bytes(record.sha256), mimetype=record.mimetype, headers={
        "Content-Disposition": f"attachment; filename*=UTF-8''{name}",
        "X-Content-Type-Options": "nosniff",
    })


@bp.get("/manuscripts/<int:manuscript_id>/receipt.pdf")
@login_required
def receipt_pdf(manuscript_id: int):
    manuscript = load_manuscript(manuscript_id)
    return Response(receipt.receipt_pdf(manuscript, current_locale()), mimetype="application/pdf",
                    headers={"Content-Disposition":
                             f"inline; filename={receipt.receipt_filename(manuscript)}"})


def init_app(app: Flask) -> None:
    # demo registers itself; the co-author's link is on this bp.
    from submission import authorship_views, demo, home  # noqa: F401

    app.register_blueprint(bp)
    app.jinja_env.globals.update(State=State, AFTER_ACCEPTANCE=AFTER_ACCEPTANCE, DECIDED=DECIDED,
                                 state_title=lambda state: State(state).title,
                                 state_colour=lambda state: STATE_COLOURS.get(state, "secondary"),
                                 action_title=lambda action: Action(action).title)
