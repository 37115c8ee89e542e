"""Who may see and change a manuscript (registered in the one policy, accounts.policy).

Manuscript permissions answer 404, not 403: another author must not learn that a manuscript
exists.
"""

from accounts.models import Role
from accounts.policy import can, rule
from journal.extensions import db
from journal.letterbox import mail_readers
from submission.models import Manuscript


@rule("manuscript.view", hide=True)
def _view(user, manuscript) -> bool:
    return manuscript.is_author(user) or user.has_role(Role.EDITOR, Role.CHIEF_EDITOR)


@rule("manuscript.edit", hide=True)
def _edit(user, manuscript) -> bool:
    """The author's own actions: the wizard, withdrawal, resubmission."""
    return manuscript.is_author(user)


@rule("manuscript.manage", hide=True)
def _manage(user, manuscript) -> bool:
    """Editorial moves and the console. Whether a move is possible now is the state
    machine's answer (submission.workflow.allowed_moves), not the policy's."""
    return user.has_role(Role.EDITOR, Role.CHIEF_EDITOR)


@rule("manuscript.read_mail", hide=True)
def _read_mail(user, manuscript) -> bool:
    """Every mail about a manuscript (to its reviewers too) is for its editors; an editor who
    wrote it is an author here and reads only the mail addressed to them."""
    return user.has_role(Role.EDITOR, Role.CHIEF_EDITOR) and not manuscript.is_author(user)


@mail_readers("manuscript")
def _reads_all_mail(user, manuscript_id: int) -> bool:
    manuscript = db.session.get(Manuscript, manuscript_id)
    return manuscript is not None and can(user, "manuscript.read_mail", manuscript)


@rule("manuscript.submit")
def _submit(user, _obj) -> bool:
    return user.is_authenticated
