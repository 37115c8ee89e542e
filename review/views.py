"""Reviewer pages: answering an invitation, my reviews, the scoring form, files, certificates,
my record as a reviewer."""

from io import BytesIO

from flask import (
    Flask,
    abort,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from accounts.policy import can
from core.clock import local_dt
from core.extensions import db
from core.i18n import current_locale
from journal.models import ReviewMode, get_journal
from review import access, invitations, records, reviewing, rounds
from review.blueprint import bp
from review.forms import AcceptInvitationForm, DeclineInvitationForm
from review.letters import certificate_pdf, yearly_certificate_pdf
from review.models import (
    AssignmentState,
    FileState,
    ReviewAssignment,
    ReviewRound,
    Verdict,
)
from review.rubric import criterion_name
from review.tokens import mailed_to_current_address
from submission.storage import path_for


@bp.route("/invitation/<token>", methods=["GET", "POST"])
def invitation(token: str):
    """The invitation link: its holder answers; nobody is signed in by it."""
    assignment, actor = access.load_invitation(token)
    answer = "decline" if request.args.get("answer") == "decline" else "accept"
    accept_form, decline_form = AcceptInvitationForm(prefix="a"), DeclineInvitationForm(prefix="d")
    accept_form.reviewer_email = assignment.reviewer.email
    needs_password = not assignment.reviewer.password_hash
    if answer == "accept" and accept_form.validate_on_submit():
        invitations.accept(assignment, actor,
                           competing_interests=accept_form.competing_interests.data or "",
                           password=accept_form.password.data if needs_password else None,
                           confirm_address=mailed_to_current_address(token, assignment))
        access.grant(assignment)
        flash(_("Thank you for accepting. You can start your review now."), "success")
        if not current_user.is_authenticated:
            flash(_("To come back to this review later, use the link in the mail we have "
                    "just sent you."), "info")
        return redirect(url_for("review.review_form", assignment_id=assignment.id))
    if answer == "decline" and decline_form.validate_on_submit():
        invitations.decline(assignment, actor, reason=decline_form.reason.data or "",
                            suggestion=decline_form.suggestion.data or "")
        return render_template("review/declined.html")
    double_blind = get_journal().review_mode == ReviewMode.DOUBLE_BLIND
    return render_template("review/invitation.html", assignment=assignment, answer=answer,
                           double_blind=double_blind,
                           manuscript=assignment.round.manuscript, token=token,
                           accept_form=accept_form, decline_form=decline_form,
                           needs_password=needs_password)


@bp.get("/work/<token>")
def work(token: str):
    """The link of the reviewer's mails: opens that one review in this browser, no login."""
    assignment = access.load_work_link(token)
    access.grant(assignment)
    if request.args.get("to") == "certificate":
        return redirect(url_for("review.certificate", assignment_id=assignment.id))
    if request.args.get("to") == "messages":
        return redirect(url_for("review.reviewer_messages", assignment_id=assignment.id))
    return redirect(url_for("review.review_form", assignment_id=assignment.id))


@bp.get("/mine")
@login_required
def my_reviews():
    assignments = list(db.session.scalars(
        select(ReviewAssignment).where(ReviewAssignment.reviewer_id == current_user.id,
                                       ReviewAssignment.state != AssignmentState.CANCELLED.value)
        .options(selectinload(ReviewAssignment.round).selectinload(ReviewRound.manuscript))
        .order_by(ReviewAssignment.invited_at.desc())))
    groups = {state: [a for a in assignments if a.state == state] for state in AssignmentState}
    return render_template("review/my_reviews.html", groups=groups)


def _form_data() -> dict:
    rubric_keys = [k for k in request.form if k.startswith("score-")]
    upload = request.files.get("annotated")
    return {
        "scores": {k.removeprefix("score-"): request.form[k] for k in rubric_keys},
        "recommendation": request.form.get("recommendation"),
        "comments_to_author": request.form.get("comments_to_author", ""),
        "comments_to_editor": request.form.get("comments_to_editor", ""),
        "annotated": upload.read() if upload and upload.filename else None,
    }


@bp.route("/assignments/<int:assignment_id>", methods=["GET", "POST"])
def review_form(assignment_id: int):
    assignment, actor = access.load_assignment(assignment_id)
    if assignment.state == AssignmentState.INVITED.value:
        flash(_("Please answer the invitation from the link in your mail first."), "info")
        return redirect(url_for("review.my_reviews"))
    if assignment.state == AssignmentState.DECLINED.value:
        flash(_("You have declined this invitation."), "info")
        return redirect(url_for("review.my_reviews"))
    errors: list[str] = []
    if request.method == "POST":
        if request.form.get("action") == "submit":
            errors = reviewing.submit_review(assignment, _form_data())
            done = _("Thank you! Your review has been submitted.")
        else:
            errors = reviewing.save_draft(assignment, _form_data())
            done = _("Your draft has been saved.")
        if not errors:  # (with errors, what was valid is saved and the form shown again)
            flash(done, "success")
            return redirect(url_for("review.review_form", assignment_id=assignment.id))
    return render_template("review/review_form.html", **_review_page(assignment, actor),
                           errors=errors)


def _review_page(assignment: ReviewAssignment, actor) -> dict:
    review_round = assignment.round
    manuscript = review_round.manuscript
    previous = db.session.scalar(select(ReviewRound).where(
        ReviewRound.manuscript_id == manuscript.id, ReviewRound.number == review_round.number - 1))
    open_files = can(actor, "review.files", assignment)
    previous_reviews = [a for a in previous.assignments
                        if a.state == AssignmentState.SUBMITTED.value] if previous else []
    return {
        "assignment": assignment, "manuscript": manuscript, "review_round": review_round,
        "files": [f for f in review_round.files if f.state == FileState.READY] if open_files
        else [],
        "files_pending": open_files and any(f.state == FileState.PENDING
                                            for f in review_round.files),
        # A copy held by the anonymity gate is "being prepared" to the reviewer, never shown.
        "files_held": open_files and any(f.state in (FileState.HELD, FileState.FAILED)
                                         for f in review_round.files),
        "previous_reviews": previous_reviews, "verdicts": Verdict,
        "show_authors": get_journal().review_mode != ReviewMode.DOUBLE_BLIND,
    }


@bp.post("/assignments/<int:assignment_id>/autosave")
def autosave(assignment_id: int):
    """The form's JavaScript saves the draft here (JSON, X-CSRFToken header)."""
    assignment, _actor = access.load_assignment(assignment_id)
    draft = draft_from_json(request.get_json(silent=True))
    if draft is None:  # not what the form sends: refuse rather than overwrite the draft
        return jsonify(error=_("The draft could not be read and was not saved. Please reload "
                               "the page."), status=400), 400
    errors = reviewing.save_draft(assignment, draft)
    return jsonify(saved=True, errors=errors, total=assignment.weighted_total,
                   saved_at=assignment.draft_saved_at.isoformat() + "Z",
                   # shown as the page shows it: the journal's clock, one formatter
                   saved_at_display=local_dt(assignment.draft_saved_at))


TEXT_FIELDS = ("recommendation", "comments_to_author", "comments_to_editor")


def draft_from_json(data) -> dict | None:
    """The autosave body as save_draft takes it, or None when it is not the form's shape:
    an object with text fields (or null) and `scores` an object of numbers or texts."""
    if not isinstance(data, dict):
        return None
    scores = data.get("scores") or {}
    if not isinstance(scores, dict) or not all(
            value is None or (isinstance(value, (int, str)) and not isinstance(value, bool))
            for value in scores.values()):
        return None
    if not all(data.get(name) is None or isinstance(data[name], str) for name in TEXT_FIELDS):
        return None
    return {"scores": scores, "recommendation": data.get("recommendation"),
            "comments_to_author": data.get("comments_to_author") or "",
            "comments_to_editor": data.get("comments_to_editor") or ""}


@bp.get("/assignments/<int:assignment_id>/files/<int:file_id>")
def review_file(assignment_id: int, file_id: int):
    """Only while the review is being written: never before acceptance, nor after it ends."""
    review_file = access.load_reviewer_file(assignment_id, file_id)
    return send_file(path_for(review_file.sha256), mimetype=review_file.mimetype,
                     as_attachment=True, download_name=review_file.filename)


@bp.get("/assignments/<int:assignment_id>/certificate.pdf")
def certificate(assignment_id: int):
    assignment, _actor = access.load_assignment(assignment_id)
    if assignment.state != AssignmentState.SUBMITTED.value:
        abort(404)
    pdf = certificate_pdf(assignment, current_locale())
    return send_file(BytesIO(pdf), mimetype="application/pdf", as_attachment=True,
                     download_name=f"review-certificate-{assignment.id}.pdf")


@bp.get("/reviewers/<int:user_id>/record")
@login_required
def record(user_id: int):
    """The reviewer's own record, year by year, with each year's certificate."""
    reviewer = access.load_record_owner(user_id)
    return render_template("review/record.html", reviewer=reviewer,
                           record=records.reviewer_record(reviewer.id))


@bp.get("/reviewers/<int:user_id>/certificates/<int(min=1900, max=2999):year>.pdf")
@login_required
def yearly_certificate(user_id: int, year: int):
    reviewer = access.load_record_owner(user_id)
    pdf = yearly_certificate_pdf(reviewer, year, current_locale())
    return send_file(BytesIO(pdf), mimetype="application/pdf", as_attachment=True,
                     download_name=f"review-certificate-{year}.pdf")


def init_app(app: Flask) -> None:
    from review import (  # noqa: F401
        author_views,
        demo,
        editor_views,
        gate_views,
        home,
        message_pages,
        message_views,
        panel,
    )

    app.register_blueprint(bp)
    rounds.init_app(app)
    app.jinja_env.globals.update(
        AssignmentState=AssignmentState,
        verdict_title=lambda v: Verdict(v).title if v else "",
        assignment_state_title=lambda s: AssignmentState(s).title,
        criterion_name=criterion_name,
    )
