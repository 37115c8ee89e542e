"""Review rules of the one permission policy."""

from accounts.models import Role
from accounts.policy import can, rule
from review.models import AGREED_STATES, AssignmentState
from review.tokens import LinkHolder
from submission.workflow import decides_after_review, roles_of


def is_author(user, manuscript) -> bool:
    return Role.AUTHOR in roles_of(user, manuscript)


@rule("review.manage", hide=True)
def _manage(user, manuscript) -> bool:
    """Editors run the review of a manuscript, unless they wrote it."""
    if not user.has_role(Role.EDITOR, Role.CHIEF_EDITOR):
        return False
    return manuscript is None or not is_author(user, manuscript)


@rule("review.decide", hide=True)
def _decide(user, manuscript) -> bool:
    """The decision after review, by whom the workflow table names: with the chief-editor step
    (终审) a chief editor only; the other editors recommend."""
    return _manage(user, manuscript) and decides_after_review(user.roles)


@rule("review.rate", hide=True)
def _rate(user, manuscript) -> bool:
    """Rating the reviews of a manuscript: the editors of the desk, unless they wrote it."""
    return can(user, "editorial.desk") and (manuscript is None or not is_author(user, manuscript))


@rule("review.record", hide=True)
def _record(user, reviewer) -> bool:
    """A reviewer's record and certificates: that reviewer's own account only."""
    return reviewer is not None and reviewer.id == user.id


@rule("review.answer", hide=True)
def _answer(user, assignment) -> bool:
    """Only through the invitation link: its holder answers, signed in or not."""
    return isinstance(user, LinkHolder) and assignment is not None and user.holds(assignment)


@rule("review.assignment", hide=True)
def _own_assignment(user, assignment) -> bool:
    """The reviewer's account, or the holder of that one assignment's work link or grant."""
    if assignment is None:
        return False
    if isinstance(user, LinkHolder):
        return user.holds(assignment)
    return assignment.reviewer_id == user.id


@rule("review.files", hide=True)
def _files(user, assignment) -> bool:
    """The manuscript files: from acceptance until the review is in or the round decided."""
    return (_own_assignment(user, assignment)
            and assignment.state == AssignmentState.ACCEPTED.value
            and assignment.round.decided_at is None)


@rule("review.author_view", hide=True)
def _author_view(user, manuscript) -> bool:
    return manuscript is not None and is_author(user, manuscript)


@rule("review.reviewer_pages")
def _reviewer_pages(user, _obj) -> bool:
    return user.has_role(Role.REVIEWER)


@rule("review.edit_templates")
def _edit_templates(user, _obj) -> bool:
    return user.has_role(Role.EDITOR, Role.CHIEF_EDITOR, Role.ADMIN)


@rule("review.author_messages", hide=True)
def _author_messages(user, manuscript) -> bool:
    """The thread between the editorial office and the authors: its editors and its authors."""
    return manuscript is not None and (_manage(user, manuscript) or is_author(user, manuscript))


@rule("review.reviewer_messages", hide=True)
def _reviewer_messages(user, assignment) -> bool:
    """A reviewer's thread with the editorial office: the manuscript's editors, and the
    reviewer (or their link's holder) once they agreed to review. Never an author."""
    if assignment is None:
        return False
    if _manage(user, assignment.round.manuscript):
        return True
    return _own_assignment(user, assignment) and assignment.state in AGREED_STATES


@rule("review.revise", hide=True)
def _revise(user, manuscript) -> bool:
    """The revision and its due date: the submitter, as for the manuscript's other acts."""
    return _author_view(user, manuscript) and can(user, "manuscript.edit", manuscript)
