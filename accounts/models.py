"""People and their roles. A person may hold several roles."""

import secrets
from datetime import UTC, datetime

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import Boolean, ForeignKey, String, Text, UniqueConstraint, func, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.clock import utcnow
from core.enums import TitledEnum, enum_check
from core.extensions import db, login_manager


class Role(TitledEnum):
    AUTHOR = "author", _l("Author")
    REVIEWER = "reviewer", _l("Reviewer")
    EDITOR = "editor", _l("Editor")
    CHIEF_EDITOR = "chief_editor", _l("Chief editor")
    ADMIN = "admin", _l("Administrator")


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(255), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255), default="")
    name: Mapped[str] = mapped_column(String(100))
    name_pinyin: Mapped[str] = mapped_column(String(200), default="")
    affiliation: Mapped[str] = mapped_column(String(300), default="")
    orcid: Mapped[str] = mapped_column(String(19), default="")
    locale: Mapped[str] = mapped_column(String(10), default="zh_CN")
    expertise: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    email_confirmed_at: Mapped[datetime | None] = mapped_column(nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(nullable=True)
    # Part of every session and remember cookie (see get_id); a new value ends them all.
    session_token: Mapped[str] = mapped_column(String(32), default=lambda: new_session_token())

    role_rows: Mapped[list["UserRole"]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )

    @property
    def roles(self) -> set[Role]:
        return {Role(r.role) for r in self.role_rows}

    def has_role(self, *roles: Role) -> bool:
        return bool(self.roles & set(roles))

    def grant(self, role: Role) -> None:
        if role not in self.roles:
            self.role_rows.append(UserRole(role=role.value))

    def revoke(self, role: Role) -> None:
        self.role_rows = [r for r in self.role_rows if r.role != role.value]

    def get_id(self) -> str:
        """What Flask-Login keeps in the session and the remember cookie: the id and the
        current session token, so that replaying an old cookie finds nobody."""
        return f"{self.id}:{self.session_token}"

    def end_sessions(self) -> None:
        """Log this account out everywhere: every session and remember cookie stops working."""
        self.session_token = new_session_token()

    @property
    def is_active(self) -> bool:  # Flask-Login: a deactivated account cannot log in
        return self.active

    @property
    def is_editor(self) -> bool:
        return self.has_role(Role.EDITOR, Role.CHIEF_EDITOR)

    @property
    def expertise_keywords(self) -> list[str]:
        return self.split_keywords(self.expertise)

    @staticmethod
    def split_keywords(raw: str) -> list[str]:
        """Keywords separated by commas or semicolons (Chinese or Latin), without repeats."""
        for sep in ("，", "；", ";", "、", "\n"):
            raw = raw.replace(sep, ",")
        return list(dict.fromkeys(k.strip() for k in raw.split(",") if k.strip()))


class UserRole(db.Model):
    __tablename__ = "user_roles"
    __table_args__ = (UniqueConstraint("user_id", "role"), enum_check("role", Role))

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[Role] = mapped_column(String(20))
    user: Mapped[User] = relationship(back_populates="role_rows")


def new_session_token() -> str:
    return secrets.token_hex(16)


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


def session_id(user: User) -> str:
    """The value a new login keeps in the session and the remember cookie: the id, the
    account's session token and the time of the login (a login lasts REMEMBER_COOKIE_DURATION
    at most, whatever the browser does with the cookie)."""
    return f"{user.get_id()}:{int(utcnow().replace(tzinfo=UTC).timestamp())}"


@login_manager.user_loader
def load_user(value: str) -> User | None:
    """The user of a session or remember cookie "<id>:<token>:<login time>", or nobody.

    An old token (the account logged out, changed or reset its password), a login older than
    REMEMBER_COOKIE_DURATION, a bare id (a cookie from before session tokens) or a deactivated
    account finds nobody. (A login time in the future passes: the value is signed with the
    secret, and the web processes' clocks may differ by a little.)
    """
    parts = (value or "").split(":")
    if len(parts) != 3 or not all(p.isascii() and p.isdigit() for p in (parts[0], parts[2])):
        return None
    user_id, token, issued = parts[0], parts[1], int(parts[2])
    age = utcnow().replace(tzinfo=UTC).timestamp() - issued
    lifetime = current_app.config["REMEMBER_COOKIE_DURATION"]
    if len(user_id) > 18 or age > lifetime.total_seconds():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.active:
        return None
    return user if secrets.compare_digest(user.session_token.encode(), token.encode()) else None
