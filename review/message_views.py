"""Message pages: a thread for its authors, its reviewer and its editors; resolving a thread;
attachments and the editors' resolution of a held one."""

import secrets

from flask import flash, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from review import access, message_files, messaging
from review.blueprint import bp
from review.forms import MessageForm, ResolveAttachmentForm
from review.message_models import Side
from review.message_pages import thread_page, thread_url
from review.messaging import Place
from submission.access import load_manuscript
from submission.storage import path_for


@bp.route("/manuscripts/<int:manuscript_id>/messages", methods=["GET", "POST"])
@login_required
def author_messages(manuscript_id: int):
    """The thread between the editorial office and the authors."""
    manuscript = load_manuscript(manuscript_id, "review.author_messages")
    return _thread(Place(manuscript), current_user._get_current_object())


@bp.route("/assignments/<int:assignment_id>/messages", methods=["GET", "POST"])
def reviewer_messages(assignment_id: int):
    """One reviewer's thread with the editorial office (from the review page or the mail)."""
    assignment, actor = access.load_assignment(assignment_id, "review.reviewer_messages")
    return _thread(Place(assignment.round.manuscript, assignment), actor)


def _thread(place: Place, actor):
    form = MessageForm()
    form.place, form.actor = place, actor
    if form.validate_on_submit():
        messaging.post_message(actor, place, body=form.body.data, nonce=form.nonce.data or "",
                               files=form.uploads)
        flash(_("Your message has been sent."), "success")
        return redirect(thread_url(place))
    if not form.is_submitted():
        form.nonce.data = secrets.token_hex(16)
    return render_template("review/messages.html", form=form, resolve_form=ResolveAttachmentForm(),
                           **thread_page(place, actor)), 400 if form.is_submitted() else 200


@bp.post("/threads/<int:thread_id>/<any(resolve, reopen):action>")
@login_required
def resolve_thread(thread_id: int, action: str):
    thread, place, actor = access.load_thread(thread_id)  # set_resolved asks review.manage
    messaging.set_resolved(thread, actor, action == "resolve")
    flash(_("The thread is marked resolved.") if action == "resolve"
          else _("The thread is open again."), "success")
    return redirect(thread_url(place))


@bp.get("/message-attachments/<int:attachment_id>")
def message_attachment(attachment_id: int):
    attachment, side = access.load_message_attachment(attachment_id)
    name = (message_files.reviewer_name(attachment) if side == Side.REVIEWER
            else attachment.filename)
    return send_file(path_for(attachment.sha256), mimetype=attachment.mimetype,
                     as_attachment=True, download_name=name)


@bp.post('/message-attachments/<int:attachment_id>/<any("mask", "send-anyway"):action>')
@login_required
def resolve_attachment(attachment_id: int, action: str):
    attachment = access.load_attachment_for_editors(attachment_id)
    if action == "mask":
        state = message_files.mask_attachment(attachment, current_user)
    else:
        state = message_files.send_anyway(attachment, current_user,
                                          ResolveAttachmentForm().reason.data or "")
    flash(_("The attachment is on its way to the reviewer.") if state == "ready"
          else _("The masked attachment still names an author; it stays held."), "success")
    thread = attachment.message.thread
    return redirect(url_for("review.reviewer_messages", assignment_id=thread.assignment_id))
