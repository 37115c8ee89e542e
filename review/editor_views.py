"""Editor pages: the review of a manuscript (rounds, reviewers, invitations), the decision."""

from datetime import datetime, time

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from accounts.models import User
from accounts.policy import can, permission_required
from core.errors import render_error
from core.extensions import db
from core.inputs import parse_id
from journal.models import Column, active_columns, get_journal
from review import decisions, invitations, letter_templates
from review.blueprint import bp
from review.forms import (
    DecisionForm,
    DeskRejectionForm,
    ExtendForm,
    InviteForm,
    LetterForm,
    LetterTemplateForm,
    RubricForm,
)
from review.invitations import ReviewError
from review.models import ReviewAssignment, Verdict
from review.rounds import current_round, rounds_of
from review.rubric import RubricError, rubric_lines, set_rubric
from submission.access import load_manuscript
from submission.models import Manuscript
from submission.storage import path_for
from submission.workflow import AT_DESK, IN_REVIEW, Action, State, TransitionError, advance


def managed(manuscript_id: int, permission: str = "review.manage") -> Manuscript:
    return load_manuscript(manuscript_id, permission)


def _back(manuscript: Manuscript):
    return redirect(url_for("review.manage", manuscript_id=manuscript.id))


@bp.get("/editor")
@permission_required("editorial.desk")
def editor_index():
    manuscripts = list(db.session.scalars(
        select(Manuscript).where(Manuscript.state.in_(
            {State.RECEIVED, *IN_REVIEW, State.ACCEPTED}))
        .order_by(Manuscript.updated_at.desc()).limit(200)))
    return render_template("review/editor_index.html", manuscripts=manuscripts)


@bp.get("/manuscripts/<int:manuscript_id>")
@login_required
def manage(manuscript_id: int):
    manuscript = managed(manuscript_id)
    review_round = current_round(manuscript)
    query = request.args.get("q", "").strip()
    found = invitations.search_reviewers(manuscript, query) if query else []
    return render_template(
        "review/manage.html", manuscript=manuscript, review_round=review_round,
        rounds=rounds_of(manuscript), query=query, found=found, invite_form=InviteForm(),
        extend_form=ExtendForm(), journal_settings=get_journal(),
        can_decide=can(current_user, "review.decide", manuscript))


@bp.post("/manuscripts/<int:manuscript_id>/start")
@login_required
def start_review(manuscript_id: int):
    manuscript = managed(manuscript_id)
    try:
        advance(manuscript, Action.SEND_TO_REVIEW, current_user,
                expected_version=request.form.get("version"))
        db.session.commit()
    except TransitionError as exc:
        db.session.rollback()
        return render_error(409, exc.message)
    flash(_("The manuscript is now in peer review. Invite reviewers below."), "success")
    return _back(manuscript)


@bp.post("/manuscripts/<int:manuscript_id>/invite")
@login_required
def invite(manuscript_id: int):
    manuscript = managed(manuscript_id)
    form = InviteForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for error in errors:
                flash(error, "error")
        return _back(manuscript)
    try:
        if form.reviewer_id.data:
            reviewer = db.session.get(User, parse_id(form.reviewer_id.data) or 0) or abort(404)
        elif form.email.data:
            reviewer = invitations.find_or_create_reviewer(form.email.data, form.name.data or "")
        else:
            raise ReviewError(_("Choose a reviewer from the search, or give the email of a new "
                                "reviewer."))
        assignment = invitations.invite(current_round(manuscript), reviewer, current_user,
                                        response_days=form.response_days.data,
                                        review_days=form.review_days.data)
        db.session.commit()
    except ReviewError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return _back(manuscript)
    flash(_("%(name)s has been invited.", name=assignment.reviewer.name), "success")
    if assignment.affiliation_warning:
        flash(_("Note: the reviewer shares an affiliation with an author."), "warning")
    return _back(manuscript)


@bp.post("/manuscripts/<int:manuscript_id>/reinvite")
@login_required
def reinvite(manuscript_id: int):
    manuscript = managed(manuscript_id)
    try:
        invited = invitations.reinvite_previous_reviewers(current_round(manuscript), current_user)
        db.session.commit()
    except ReviewError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return _back(manuscript)
    flash(_("%(n)s reviewer(s) of the previous round invited again.", n=len(invited)), "success")
    return _back(manuscript)


def _end_of_day(day) -> datetime | None:
    return datetime.combine(day, time(23, 59, 59)) if day else None


@bp.post("/assignments/<int:assignment_id>/<any(resend, cancel, extend):action>")
@login_required
def assignment_action(assignment_id: int, action: str):
    assignment = db.session.get(ReviewAssignment, assignment_id) or abort(404)
    manuscript = managed(assignment.round.manuscript_id)
    try:
        if action == "resend":
            invitations.resend(assignment, current_user)
        elif action == "cancel":
            invitations.cancel(assignment, current_user)
        else:
            form = ExtendForm()
            if not form.validate_on_submit():
                raise ReviewError(_("Give a valid review due date."))
            invitations.extend(assignment, current_user,
                               response_due=_end_of_day(form.response_due.data),
                               review_due=_end_of_day(form.review_due.data))
        db.session.commit()
    except ReviewError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return _back(manuscript)
    flash({"resend": _("The invitation has been sent again with new links."),
           "cancel": _("The invitation has been cancelled."),
           "extend": _("The due dates have been changed.")}[action], "success")
    return _back(manuscript)


@bp.get("/assignments/<int:assignment_id>/annotated")
@login_required
def annotated_file(assignment_id: int):
    assignment = db.session.get(ReviewAssignment, assignment_id) or abort(404)
    managed(assignment.round.manuscript_id)
    if not assignment.annotated_sha256:
        abort(404)
    return send_file(path_for(assignment.annotated_sha256), mimetype=assignment.annotated_mimetype,
                     as_attachment=True, download_name=f"review-{assignment.label}-annotated"
                     f"{'.pdf' if assignment.annotated_mimetype.endswith('pdf') else '.docx'}")


# --------------------------------------------------------------------------- decision


def _decision_page(manuscript: Manuscript, form: DecisionForm, status: int = 200):
    review_round = current_round(manuscript) or abort(404)
    return render_template(
        "review/decision.html", manuscript=manuscript, review_round=review_round,
        info=decisions.summary(review_round), form=form,
        can_decide=can(current_user, "review.decide", manuscript)), status


@bp.get("/manuscripts/<int:manuscript_id>/decision")
@login_required
def decision(manuscript_id: int):
    manuscript = managed(manuscript_id)
    if manuscript.state in AT_DESK:  # the only decision is the desk rejection (退稿)
        return render_template("review/desk_rejection.html", manuscript=manuscript,
                               form=DeskRejectionForm(version=manuscript.version_id))
    form = DecisionForm(version=manuscript.version_id)
    if manuscript.state == State.REVISION_REQUESTED:  # the revision is not coming: reject only
        form.verdict.choices = [c for c in form.verdict.choices if c.value == Verdict.REJECT]
    return _decision_page(manuscript, form)


@bp.post("/manuscripts/<int:manuscript_id>/desk-rejection")
@login_required
def desk_rejection(manuscript_id: int):
    manuscript = managed(manuscript_id)
    form = DeskRejectionForm()
    if not form.validate_on_submit():
        return render_template("review/desk_rejection.html", manuscript=manuscript,
                               form=form), 400
    try:
        decisions.desk_reject(manuscript, current_user, letter=form.letter.data,
                              expected_version=form.version.data or None)
        db.session.commit()
    except (ReviewError, TransitionError) as exc:
        db.session.rollback()
        return render_error(409, exc.message)
    flash(_("The manuscript has been rejected and the letter sent to every author."), "success")
    return _back(manuscript)


@bp.post("/manuscripts/<int:manuscript_id>/decision/letter")
@login_required
def decision_letter(manuscript_id: int):
    """Step 2: the letter drafted from the template, for the editor to edit before sending."""
    manuscript = managed(manuscript_id, "review.decide")
    form = DecisionForm()
    if not form.validate_on_submit():
        return _decision_page(manuscript, form, 400)
    verdict = Verdict(form.verdict.data)
    subject, body = decisions.draft_letter(manuscript, verdict, current_user)
    letter = LetterForm(formdata=None, verdict=verdict.value, version=form.version.data,
                        override_reason=form.override_reason.data or "",
                        letter_subject=subject, letter_body=body)
    return render_template("review/letter.html", manuscript=manuscript, form=letter,
                           verdict=verdict)


@bp.post("/manuscripts/<int:manuscript_id>/decision/send")
@login_required
def decision_send(manuscript_id: int):
    manuscript = managed(manuscript_id, "review.decide")
    form = LetterForm()
    if not form.validate_on_submit():
        return render_template("review/letter.html", manuscript=manuscript, form=form,
                               verdict=Verdict(form.verdict.data) if form.verdict.data in
                               set(Verdict) else Verdict.ACCEPT), 400
    try:
        decisions.decide(manuscript, current_user, verdict=Verdict(form.verdict.data),
                         letter_subject=form.letter_subject.data,
                         letter_body=form.letter_body.data,
                         override_reason=form.override_reason.data or "",
                         expected_version=form.version.data or None)
        db.session.commit()
    except (ReviewError, TransitionError) as exc:
        db.session.rollback()
        return render_error(409, exc.message)
    flash(_("The decision has been recorded and the letter sent to the authors."), "success")
    return _back(manuscript)


@bp.post("/manuscripts/<int:manuscript_id>/recommend")
@login_required
def recommend(manuscript_id: int):
    manuscript = managed(manuscript_id)
    form = DecisionForm()
    if not form.validate_on_submit():
        return _decision_page(manuscript, form, 400)
    try:
        decisions.recommend(manuscript, current_user, verdict=Verdict(form.verdict.data),
                            note=form.note.data or "",
                            override_reason=form.override_reason.data or "")
        db.session.commit()
    except ReviewError as exc:
        db.session.rollback()
        return render_error(409, exc.message)
    flash(_("Your recommendation has been sent to the chief editor."), "success")
    return _back(manuscript)


@bp.route("/letter-templates/<any(accept, minor_revision, major_revision, reject):verdict>",
          methods=["GET", "POST"])
@permission_required("review.edit_templates")
def letter_template(verdict: str):
    template = letter_templates.editable_template(Verdict(verdict),
                                                  decisions.DEFAULT_LETTERS[Verdict(verdict)])
    form = LetterTemplateForm(obj=template)
    if form.validate_on_submit():
        try:
            letter_templates.save_letter_template(
                template, current_user,
                **{field: form[field].data for field in letter_templates.FIELDS})
            db.session.commit()
        except letter_templates.LetterTemplateError as exc:
            for field, problem in exc.problems.items():
                form[field].errors.append(problem)
        else:
            flash(_("The letter template has been saved."), "success")
            return redirect(url_for("review.letter_template", verdict=verdict))
    return render_template("review/letter_template.html", form=form, verdict=Verdict(verdict),
                           verdicts=list(Verdict), placeholders=letter_templates.PLACEHOLDERS)


@bp.route("/rubrics/<int:column_id>", methods=["GET", "POST"])
@bp.route("/rubrics/default", methods=["GET", "POST"], defaults={"column_id": None})
@permission_required("review.edit_templates")
def rubric(column_id: int | None):
    column = db.session.get(Column, column_id) or abort(404) if column_id is not None else None
    form = RubricForm()
    if form.validate_on_submit():
        try:
            set_rubric(column_id, form.criteria.data or "", current_user)
            db.session.commit()
        except RubricError as exc:
            db.session.rollback()
            form.criteria.errors = exc.errors
        else:
            flash(_("The rubric has been saved. Rounds that have started keep their rubric."),
                  "success")
            return redirect(request.path)
    elif request.method == "GET":
        form.criteria.data = rubric_lines(column_id)
        db.session.rollback()  # the default rubric is shown, not stored: a GET changes nothing
    return render_template("review/rubric.html", form=form, column=column,
                           columns=active_columns())
