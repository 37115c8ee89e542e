"""Review rules of the one permission policy."""

from accounts.models import Role
from accounts.policy import rule
from journal.models import get_journal
from submission.workflow import roles_of


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
    """With the chief-editor step (终审) only a chief editor decides; others recommend."""
    if not _manage(user, manuscript):
        return False
    return not get_journal().chief_editor_step or user.has_role(Role.CHIEF_EDITOR)


@rule("review.assignment", hide=True)
def _own_assignment(user, assignment) -> bool:
    return assignment is not None and assignment.reviewer_id == user.id


@rule("review.author_view", hide=True)
def _author_view(user, manuscript) -> bool:
    return manuscript is not None and is_author(user, manuscript)


@rule("review.reviewer_pages")
def _reviewer_pages(user, _obj) -> bool:
    return user.has_role(Role.REVIEWER)


@rule("review.edit_templates")
def _edit_templates(user, _obj) -> bool:
    return user.has_role(Role.EDITOR, Role.CHIEF_EDITOR, Role.ADMIN)
