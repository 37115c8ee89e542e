"""Author pages: the reviews (without reviewer identities), the revision upload, 录用通知."""

from io import BytesIO

from flask import abort, flash, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from core.extensions import db
from core.i18n import current_locale
from journal.models import ReviewMode, get_journal
from review import deadlines, revisions
from review.blueprint import bp
from review.forms import ExtensionForm, RevisionForm
from review.letters import acceptance_notice_pdf
from review.models import AssignmentState, Decision, DecisionKind, ReviewAssignment
from review.rounds import current_round, rounds_of
from submission import compliance
from submission.access import load_manuscript
from submission.models import FileKind, Manuscript
from submission.workflow import AFTER_ACCEPTANCE


@bp.get("/manuscripts/<int:manuscript_id>/reviews")
@login_required
def author_reviews(manuscript_id: int, form: RevisionForm | None = None,
                   extension_form: ExtensionForm | None = None, status: int = 200):
    manuscript = load_manuscript(manuscript_id, "review.author_view")
    rounds = rounds_of(manuscript)
    round_ids = [r.id for r in rounds]
    letters = list(db.session.scalars(select(Decision).where(
        Decision.round_id.in_(round_ids), Decision.kind == DecisionKind.DECISION)))
    decided = {d.round_id for d in letters}
    reviews = list(db.session.scalars(select(ReviewAssignment).where(
        ReviewAssignment.round_id.in_(decided),
        ReviewAssignment.state == AssignmentState.SUBMITTED.value)
        .order_by(ReviewAssignment.label)))
    review_round = current_round(manuscript)
    return render_template(
        "review/author_reviews.html", manuscript=manuscript, rounds=rounds,
        letters={d.round_id: d.letter_in(current_locale()) for d in letters},
        reviews={r: [a for a in reviews if a.round_id == r] for r in decided},
        review_round=review_round, form=form or RevisionForm(version=manuscript.version_id),
        extension_form=extension_form or ExtensionForm(formdata=None),
        extension=deadlines.open_request(review_round),
        open_review=get_journal().review_mode == ReviewMode.OPEN,
        can_download_notice=manuscript.state in AFTER_ACCEPTANCE,
        revision_report=_revision_report(manuscript), describe=compliance.describe), status


def _revision_report(manuscript: Manuscript) -> dict | None:
    """The format check of the latest revised manuscript, once one was uploaded."""
    report = manuscript.compliance_report or {}
    latest = manuscript.latest_file(FileKind.REVISION)
    return report if latest is not None and report.get("file_id") == latest.id else None


@bp.post("/manuscripts/<int:manuscript_id>/revision")
@login_required
def submit_revision(manuscript_id: int):
    manuscript = load_manuscript(manuscript_id)  # the service asks who may revise it
    form = RevisionForm()
    if not form.validate_on_submit():
        return author_reviews(manuscript_id, form)
    revisions.submit_revision(
        manuscript, current_user,
        revised=form.revised.data.read() if form.revised.data else b"",
        response_letter=form.response_letter.data.read() if form.response_letter.data else b"",
        expected_version=form.version.data or None)
    flash(_("Thank you. Your revision has been received and goes back to the editor."), "success")
    if compliance.blocking_items(manuscript.compliance_report or {}):
        flash(_("The format check found items to fix in the revised manuscript: see the list "
                "below. The editor sees them too."), "warning")
    return redirect(url_for("review.author_reviews", manuscript_id=manuscript.id))


@bp.post("/manuscripts/<int:manuscript_id>/revision/extension")
@login_required
def ask_extension(manuscript_id: int):
    """More time to revise: a new due date and a reason, for the editor to grant or refuse."""
    manuscript = load_manuscript(manuscript_id, "review.revise")
    form = ExtensionForm()
    form.review_round = deadlines.revision_round(manuscript)
    if not form.validate_on_submit():
        return author_reviews(manuscript_id, extension_form=form, status=400)
    deadlines.request_extension(manuscript, current_user, day=form.new_due.data,
                                reason=form.reason.data)
    flash(_("Your request has been sent to the editorial office. You will hear by mail."),
          "success")
    return redirect(url_for("review.author_reviews", manuscript_id=manuscript.id))


@bp.get("/manuscripts/<int:manuscript_id>/acceptance.pdf")
@login_required
def acceptance_notice(manuscript_id: int):
    manuscript = load_manuscript(manuscript_id)  # its authors and editors
    if manuscript.state not in AFTER_ACCEPTANCE:
        abort(404)
    pdf = acceptance_notice_pdf(manuscript, current_locale())
    return send_file(BytesIO(pdf), mimetype="application/pdf", as_attachment=True,
                     download_name=f"{manuscript.number}-acceptance.pdf")
