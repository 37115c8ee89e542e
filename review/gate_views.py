"""Pages of the anonymity gate: the editor's four resolutions of a held reviewers' copy, and
the authors' upload link (no login: the link is the capability for that one file)."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from review import gate
from review.access import load_review_file
from review.blueprint import bp
from review.models import FileState

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
    review_file = load_review_file(file_id, "manuscript.view")  # each resolution asks who may
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
    flash(message, "success" if review_file.state == FileState.READY or action == "ask-authors"
          else "warning")
    return redirect(url_for("review.manage", manuscript_id=review_file.round.manuscript_id)
                    + "#gate")


@bp.route("/anonymised-file/<token>", methods=["GET", "POST"])
def gate_upload(token: str):
    """The authors' upload of an anonymised file, from the link in the office's mail."""
    review_file = gate.file_for_upload_token(token)
    done = gate.author_upload(token, _uploaded_bytes()) if request.method == "POST" else None
    return render_template("review/gate_upload.html", review_file=review_file, done=done,
                           manuscript=review_file.round.manuscript, token=token)
