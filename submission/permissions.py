"""Who may see and change a manuscript (registered in the one policy, accounts.policy).

Manuscript permissions answer 404, not 403: another author must not learn that a manuscript
exists. Authorship means the submitter or a co-author who confirmed it from the link mailed to
the listed address (Manuscript.is_author); a listed address alone grants nothing.
"""

from accounts.models import Role
from accounts.policy import can, rule
from core.extensions import db
from core.letterbox import mail_readers
from submission.models import Manuscript


@rule("manuscript.view", hide=True)
def _view(user, manuscript) -> bool:
    """Its authors read and follow it (page, timeline, letters, decisions); so do editors."""
    return manuscript.is_author(user) or user.has_role(Role.EDITOR, Role.CHIEF_EDITOR)


@rule("manuscript.edit", hide=True)
def _edit(user, manuscript) -> bool:
    """Acting for the authors (the wizard, withdrawal, resubmission, the revision): the
    submitter, or a confirmed co-author made corresponding author. Other co-authors read."""
    return manuscript.submitter_id == user.id or manuscript.is_corresponding(user)


@rule("manuscript.manage", hide=True)
def _manage(user, manuscript) -> bool:
    """Editorial moves and the console, never on a manuscript the editor wrote. Whether a move
    is possible now is the state machine's answer (submission.workflow.allowed_moves)."""
    return user.has_role(Role.EDITOR, Role.CHIEF_EDITOR) and (
        manuscript is None or not manuscript.is_author(user))


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
