"""Editor pages: the review of a manuscript (rounds, reviewers, invitations), the decision."""

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from accounts.policy import can, permission_required
from core.clock import end_of_journal_day, local_date
from core.extensions import db
from core.jobs import latest_job
from journal.models import Column, active_columns, get_journal
from review import deadlines, decisions, invitations, letter_templates, ratings
from review.access import load_assignment_for_editors, load_extension_for_editors
from review.blueprint import bp
from review.candidates import search_reviewers
from review.forms import (
    DecisionForm,
    DeskRejectionForm,
    ExtendForm,
    InviteForm,
    LetterForm,
    LetterTemplateForm,
    RatingForm,
    RubricForm,
)
from review.models import FileState, Verdict
from review.rounds import current_round, rounds_of
from review.rubric import rubric_lines, set_rubric
from review.tasks import REVIEWER_COPY
from submission.access import load_manuscript
from submission.models import Manuscript
from submission.storage import path_for
from submission.workflow import AT_DESK, Action, State, advance


def _back(manuscript: Manuscript):
    return redirect(url_for("review.manage", manuscript_id=manuscript.id))


def _refused(form, manuscript: Manuscript):
    """A small form of the review page that did not validate: its messages, and back."""
    for errors in form.errors.values():
        for error in errors:
            flash(error, "error")
    return _back(manuscript)


@bp.get("/editor")
def former_review_list():
    """The list of manuscripts in review is the editors' desk now: old bookmarks go there."""
    return redirect(url_for("editorial.desk", queue="in_review"), 301)


@bp.get("/manuscripts/<int:manuscript_id>")
@login_required
def manage(manuscript_id: int):
    manuscript = load_manuscript(manuscript_id, "review.manage")
    review_round = current_round(manuscript)
    query = request.args.get("q", "").strip()
    found = search_reviewers(manuscript, query) if query else []
    pending = [f for f in review_round.files if f.state == FileState.PENDING] \
        if review_round else []
    return render_template(
        "review/manage.html", manuscript=manuscript, review_round=review_round,
        rounds=rounds_of(manuscript), query=query, found=found, invite_form=InviteForm(),
        extend_form=ExtendForm(), journal_settings=get_journal(),
        can_decide=can(current_user, "review.decide", manuscript),
        can_rate=can(current_user, "review.rate", manuscript),
        copy_jobs={f.id: latest_job(REVIEWER_COPY, ("review_file", f.id)) for f in pending})


@bp.post("/manuscripts/<int:manuscript_id>/start")
@login_required
def start_review(manuscript_id: int):
    manuscript = load_manuscript(manuscript_id, "review.manage")
    advance(manuscript, Action.SEND_TO_REVIEW, current_user,
            expected_version=request.form.get("version"))
    flash(_("The manuscript is now in peer review. Invite reviewers below."), "success")
    return _back(manuscript)


# The invitations' services ask the policy themselves: their pages load with the read permission.


@bp.post("/manuscripts/<int:manuscript_id>/invite")
@login_required
def invite(manuscript_id: int):
    manuscript = load_manuscript(manuscript_id)
    form = InviteForm()
    if not form.validate_on_submit():
        return _refused(form, manuscript)
    assignment = invitations.invite_chosen(
        manuscript, current_user, reviewer_id=form.reviewer_id.data, email=form.email.data,
        name=form.name.data or "", response_days=form.response_days.data,
        review_days=form.review_days.data)
    flash(_("%(name)s has been invited.", name=assignment.reviewer.name), "success")
    if assignment.affiliation_warning:
        flash(_("Note: the reviewer shares an affiliation with an author."), "warning")
    return _back(manuscript)


@bp.post("/manuscripts/<int:manuscript_id>/reinvite")
@login_required
def reinvite(manuscript_id: int):
    manuscript = load_manuscript(manuscript_id)
    invited = invitations.reinvite_previous_reviewers(manuscript, current_user)
    flash(_("%(n)s reviewer(s) of the previous round invited again.", n=len(invited)), "success")
    return _back(manuscript)


@bp.post("/assignments/<int:assignment_id>/<any(resend, cancel, extend):action>")
@login_required
def assignment_action(assignment_id: int, action: str):
    assignment = load_assignment_for_editors(assignment_id, "manuscript.view")
    if action == "resend":
        invitations.resend(assignment, current_user)
    elif action == "cancel":
        invitations.cancel(assignment, current_user)
    else:
        form = ExtendForm()  # (a date that is not one is None: the service asks for a valid one)
        response_day, review_day = form.response_due.data, form.review_due.data
        invitations.extend(assignment, current_user,
                           response_due=end_of_journal_day(response_day) if response_day else None,
                           review_due=end_of_journal_day(review_day) if review_day else None)
    flash({"resend": _("The invitation has been sent again with new links."),
           "cancel": _("The invitation has been cancelled."),
           "extend": _("The due dates have been changed.")}[action], "success")
    return _back(assignment.round.manuscript)


@bp.post("/assignments/<int:assignment_id>/rating")
@login_required
def rate_review(assignment_id: int):
    assignment = load_assignment_for_editors(assignment_id, "review.rate")
    form = RatingForm()
    if not form.validate_on_submit():
        return _refused(form, assignment.round.manuscript)
    ratings.rate_review(assignment, current_user, int(form.quality.data))
    flash(_("Your rating of Reviewer %(n)s's review has been saved.", n=assignment.label),
          "success")
    return _back(assignment.round.manuscript)


@bp.get("/assignments/<int:assignment_id>/annotated")
@login_required
def annotated_file(assignment_id: int):
    assignment = load_assignment_for_editors(assignment_id, "review.manage")
    if not assignment.annotated_sha256:
        abort(404)
    return send_file(path_for(assignment.annotated_sha256), mimetype=assignment.annotated_mimetype,
                     as_attachment=True, download_name=f"review-{assignment.label}-annotated"
                     f"{'.pdf' if assignment.annotated_mimetype.endswith('pdf') else '.docx'}")


@bp.post("/extensions/<int:extension_id>/<any(grant, refuse):answer>")
@login_required
def answer_extension(extension_id: int, answer: str):
    """The authors' request for more time to revise, granted or refused in one click."""
    extension = load_extension_for_editors(extension_id)
    deadlines.answer_extension(extension, current_user, grant=answer == "grant")
    flash(_("Granted: the revision is now due on %(date)s.",
            date=local_date(extension.round.revision_due_at)) if answer == "grant"
          else _("Refused: the due date stays. The authors have been told."), "success")
    return redirect(url_for("editorial.console", manuscript_id=extension.round.manuscript_id))


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
    manuscript = load_manuscript(manuscript_id, "review.manage")
    if manuscript.state in AT_DESK:  # the only decision is the desk rejection (退稿)
        return _desk_rejection_page(manuscript, DeskRejectionForm(version=manuscript.version_id))
    form = DecisionForm(version=manuscript.version_id)
    if manuscript.state == State.REVISION_REQUESTED:  # the revision is not coming: reject only
        form.verdict.choices = [c for c in form.verdict.choices if c.value == Verdict.REJECT]
    return _decision_page(manuscript, form)


@bp.get("/manuscripts/<int:manuscript_id>/desk-rejection")
@bp.get("/manuscripts/<int:manuscript_id>/decision/letter")
@bp.get("/manuscripts/<int:manuscript_id>/decision/send")
@bp.get("/manuscripts/<int:manuscript_id>/recommend")
@login_required
def decision_step(manuscript_id: int):
    """The steps of a decision are posted; opened again (or returned to after a refusal) they
    are the decision page."""
    load_manuscript(manuscript_id, "review.manage")
    return redirect(url_for("review.decision", manuscript_id=manuscript_id))


# These pages show or check their form before the service runs: they load the manuscript for
# what the service needs (review.manage; the decision itself asks review.decide).


@bp.post("/manuscripts/<int:manuscript_id>/desk-rejection")
@login_required
def desk_rejection(manuscript_id: int):
    manuscript = load_manuscript(manuscript_id, "review.manage")
    form = DeskRejectionForm()
    form.english_required = decisions.needs_english_letter(manuscript)
    if not form.validate_on_submit():
        return _desk_rejection_page(manuscript, form, 400)
    decisions.desk_reject(manuscript, current_user, letter=form.letter.data,
                          letter_en=form.letter_en.data or "",
                          expected_version=form.version.data or None)
    flash(_("The manuscript has been rejected and the letter sent to every author."), "success")
    return _back(manuscript)


def _desk_rejection_page(manuscript: Manuscript, form: DeskRejectionForm, status: int = 200):
    """The desk rejection's letter: a second one in English when an author reads English."""
    return render_template("review/desk_rejection.html", manuscript=manuscript, form=form,
                           languages=decisions.letter_locales(manuscript)), status


@bp.post("/manuscripts/<int:manuscript_id>/decision/letter")
@login_required
def decision_letter(manuscript_id: int):
    """Step 2: the letter drafted from the template, for the editor to edit before sending."""
    manuscript = load_manuscript(manuscript_id, "review.decide")
    form = DecisionForm()
    if not form.validate_on_submit():
        return _decision_page(manuscript, form, 400)
    verdict = Verdict(form.verdict.data)
    drafts = decisions.draft_letters(manuscript, verdict, current_user)
    (subject, body), *others = drafts.values()
    subject_en, body_en = others[0] if others else ("", "")
    letter = LetterForm(formdata=None, verdict=verdict.value, version=form.version.data,
                        override_reason=form.override_reason.data or "",
                        letter_subject=subject, letter_body=body,
                        letter_subject_en=subject_en, letter_body_en=body_en)
    return _letter_page(manuscript, letter, verdict)


def _letter_page(manuscript: Manuscript, form: LetterForm, verdict: Verdict, status: int = 200):
    """The letter to edit: one per language the authors read (Chinese first)."""
    return render_template("review/letter.html", manuscript=manuscript, form=form,
                           verdict=verdict, languages=decisions.letter_locales(manuscript)), status


@bp.post("/manuscripts/<int:manuscript_id>/decision/send")
@login_required
def decision_send(manuscript_id: int):
    manuscript = load_manuscript(manuscript_id, "review.manage")
    form = LetterForm()
    form.english_required = decisions.needs_english_letter(manuscript)
    if not form.validate_on_submit():
        verdict = Verdict(form.verdict.data) if form.verdict.data in set(Verdict) else None
        return _letter_page(manuscript, form, verdict or Verdict.ACCEPT, 400)
    decisions.decide(manuscript, current_user, verdict=Verdict(form.verdict.data),
                     letter_subject=form.letter_subject.data, letter_body=form.letter_body.data,
                     letter_subject_en=form.letter_subject_en.data or "",
                     letter_body_en=form.letter_body_en.data or "",
                     override_reason=form.override_reason.data or "",
                     expected_version=form.version.data or None)
    flash(_("The decision has been recorded and the letter sent to the authors."), "success")
    return _back(manuscript)


@bp.post("/manuscripts/<int:manuscript_id>/recommend")
@login_required
def recommend(manuscript_id: int):
    manuscript = load_manuscript(manuscript_id, "review.manage")
    form = DecisionForm()
    if not form.validate_on_submit():
        return _decision_page(manuscript, form, 400)
    decisions.recommend(manuscript, current_user, verdict=Verdict(form.verdict.data),
                        note=form.note.data or "",
                        override_reason=form.override_reason.data or "")
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
        letter_templates.save_letter_template(
            template, **{field: form[field].data for field in letter_templates.FIELDS})
        flash(_("The letter template has been saved."), "success")
        return redirect(url_for("review.letter_template", verdict=verdict))
    return render_template("review/letter_template.html", form=form, verdict=Verdict(verdict),
                           verdicts=list(Verdict), placeholders=letter_templates.PLACEHOLDERS)


@bp.route("/rubrics/<int:column_id>", methods=["GET", "POST"])
@bp.route("/rubrics/default", methods=["GET", "POST"], defaults={"column_id": None})
@permission_required("review.edit_templates")
def rubric(column_id: int | None):
    column = db.get_or_404(Column, column_id) if column_id is not None else None
    form = RubricForm()
    form.column_id = column_id
    if form.validate_on_submit():
        set_rubric(column_id, form.criteria.data or "")
        flash(_("The rubric has been saved. Rounds that have started keep their rubric."),
              "success")
        return redirect(request.path)
    if request.method == "GET":
        form.criteria.data = rubric_lines(column_id)
    return render_template("review/rubric.html", form=form, column=column,
                           columns=active_columns())
