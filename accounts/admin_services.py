"""Services behind the administration pages: roles, journal settings, guideline pages, columns,
the mail outbox. Each asks the policy, changes, flushes and tells the other packages."""


from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select

from accounts.models import Role, User
from accounts.policy import require
from accounts.services import AccountError
from core.extensions import db
from core.outbox import MailState, OutboxEmail, retry_failed


def search_users(query: str, limit: int = 50) -> list[User]:
    stmt = select(User).order_by(User.created_at.desc(), User.id.desc()).limit(limit)
    if query.strip():
        like = f"%{query.strip().lower()}%"
        stmt = stmt.where(or_(func.lower(User.email).like(like), func.lower(User.name).like(like),
                              func.lower(User.name_pinyin).like(like)))
    return list(db.session.scalars(stmt))


def set_roles(user: User, roles: set[Role], active: bool, *, actor: User) -> None:
    require(actor, "admin.manage")
    if user.id == actor.id and (Role.ADMIN not in roles or not active):
        raise AccountError(_l("You cannot remove your own administrator role or deactivate "
                              "yourself; ask another administrator."))
    for role in Role:
        if role in roles:
            user.grant(role)
        else:
            user.revoke(role)
    user.active = active
    db.session.flush()


def retry_mail(row: OutboxEmail, *, actor: User) -> None:
    require(actor, "admin.manage")
    if row.state not in (MailState.PENDING, MailState.FAILED):
        raise AccountError(_l("This mail has already been sent or is being sent right now."))
    retry_failed(row)
    db.session.flush()
