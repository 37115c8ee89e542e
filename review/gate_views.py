"""Pages of the anonymity gate: the editor's four resolutions of a held reviewers' copy, and
the authors' upload link (no login: the link is the capability for that one file)."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from core.errors import render_error
from core.extensions import db
from review import gate
from review.blueprint import bp
from review.invitations import ReviewError
from review.models import FileState, ReviewFile
from submission.access import load_manuscript

RESOLUTIONS = '"mask", "replace", "ask-authors", "send-anyway"'


def _uploaded_bytes() -> bytes:
    upload = request.files.get("file")
    return upload.read() if upload and upload.filename else b""


def _outcome_message(state: str) -> str:
    if state == FileState.READY:
        return _("The reviewers' copy is now anonymous and available to the reviewers.")
    return _("The copy still names an author in the places listed; it stays held.")


@bp.post(f"/files/<int:file_id>/<any({RESOLUTIONS}):action>")
@login_required
def gate_resolve(file_id: int, action: str):
    review_file = db.session.get(ReviewFile, file_id) or abort(404)
    manuscript = load_manuscript(review_file.round.manuscript_id, "review.manage")
    back = redirect(url_for("review.manage", manuscript_id=manuscript.id) + "#gate")
    try:
        if action == "mask":
            message = _outcome_message(gate.mask_hits(review_file, current_user))
        elif action == "replace":
            message = _outcome_message(gate.replace_copy(review_file, current_user,
                                                         _uploaded_bytes()))
        elif action == "ask-authors":
            sent_to = gate.ask_authors(review_file, current_user)
            message = _("The authors have been asked for an anonymised file (%(to)s). You will "
                        "be told when they upload it.", to=", ".join(sent_to))
        else:
            gate.send_anyway(review_file, current_user, request.form.get("reason", ""))
            message = _("The copy has been released to the reviewers; your reason is recorded.")
        db.session.commit()
    except ReviewError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return back
    flash(message, "success" if review_file.state == FileState.READY or action == "ask-authors"
          else "warning")
    return back


@bp.route("/anonymised-file/<token>", methods=["GET", "POST"])
def gate_upload(token: str):
    """The authors' upload of an anonymised file, from the link in the office's mail."""
    try:
        review_file = gate.file_for_upload_token(token)
    except ReviewError as exc:
        return render_error(410, exc.message)
    done = None
    if request.method == "POST":
        try:
            done = gate.author_upload(token, _uploaded_bytes())
            db.session.commit()
        except ReviewError as exc:
            db.session.rollback()
            flash(exc.message, "error")
    return render_template("review/gate_upload.html", review_file=review_file, done=done,
                           manuscript=review_file.round.manuscript, token=token)
