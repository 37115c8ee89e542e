"""The one permission policy. Every view and service asks `can` or `require`.

Packages register their rules here with `@rule("manuscript.view")`; a permission with no rule
is refused. `require` raises NotFound where revealing that the object exists would leak
(e.g. another author's manuscript), Forbidden otherwise.
"""

from collections.abc import Callable

from werkzeug.exceptions import Forbidden, NotFound

from accounts.models import Role
from core.jobs import JOB_KINDS

RULES: dict[str, Callable[..., bool]] = {}
HIDDEN: set[str] = set()  # permissions answered with 404, not 403


def rule(permission: str, *, hide: bool = False):
    def register(fn: Callable[..., bool]) -> Callable[..., bool]:
        RULES[permission] = fn
        if hide:
            HIDDEN.add(permission)
        return fn

    return register


def can(user, permission: str, obj=None) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    check = RULES.get(permission)
    if check is None:
        return False
    return bool(check(user, obj) if obj is not None else check(user, None))


def require(user, permission: str, obj=None) -> None:
    if not can(user, permission, obj):
        raise NotFound() if permission in HIDDEN else Forbidden()


@rule("admin.manage")
def _admin(user, _obj) -> bool:
    return user.has_role(Role.ADMIN)


@rule("accounts.edit_profile")
def _edit_profile(user, profile_owner) -> bool:
    return profile_owner is not None and profile_owner.id == user.id


@rule("journal.edit_pages")
def _edit_pages(user, _obj) -> bool:
    return user.has_role(Role.EDITOR, Role.CHIEF_EDITOR, Role.ADMIN)


@rule("journal.manage_columns")
def _manage_columns(user, _obj) -> bool:
    return user.has_role(Role.EDITOR, Role.CHIEF_EDITOR, Role.ADMIN)


@rule("admin.enter")
def _enter_admin(user, _obj) -> bool:
    """The administration pages: admins, and editors for pages and columns."""
    return user.has_role(Role.ADMIN, Role.EDITOR, Role.CHIEF_EDITOR)


@rule("editorial.desk")
def _desk(user, _obj) -> bool:
    return user.has_role(Role.EDITOR, Role.CHIEF_EDITOR)


@rule("job.view", hide=True)
def _job_view(user, job) -> bool:
    """Background work: its starter, and whoever holds the permission its kind declares."""
    kind = JOB_KINDS.get(job.kind)
    return job.started_by_id == user.id or (kind is not None and can(user, kind.permission))


@rule("job.retry", hide=True)
def _job_retry(user, job) -> bool:
    kind = JOB_KINDS.get(job.kind)
    return kind is not None and kind.retry is not None and can(user, kind.permission)


def permission_required(permission: str):
    """View decorator: log in first, then ask the policy."""
    from functools import wraps

    from flask_login import current_user

    from core.extensions import login_manager

    def decorate(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            require(current_user, permission)
            return view(*args, **kwargs)

        return wrapped

    return decorate
