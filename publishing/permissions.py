"""Publishing rules of the one permission policy."""

from accounts.models import Role
from accounts.policy import rule


@rule("publishing.manage")
def _manage(user, _obj) -> bool:
    """Issues, production files, final metadata, publishing and corrections."""
    return user.has_role(Role.EDITOR, Role.CHIEF_EDITOR)
