"""Publishing rules of the one permission policy: the production pages are seen with
`publishing.view` (publishing.access asks it when loading) and changed with
`publishing.manage` (the services ask it)."""

from accounts.models import Role
from accounts.policy import rule


@rule("publishing.view")
def _view(user, _obj) -> bool:
    """The production pages: issues, the articles' final metadata and files, the preview."""
    return user.has_role(Role.EDITOR, Role.CHIEF_EDITOR)


@rule("publishing.manage")
def _manage(user, _obj) -> bool:
    """Issues, production files, final metadata, publishing and corrections."""
    return user.has_role(Role.EDITOR, Role.CHIEF_EDITOR)
