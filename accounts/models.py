"""People and their roles. A person may hold several roles."""

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import Boolean, ForeignKey, String, Text, UniqueConstraint, func, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from journal.clock import utcnow
from journal.extensions import db, login_manager


class Role(enum.StrEnum):
    AUTHOR = "author"
    REVIEWER = "reviewer"
    EDITOR = "editor"
    CHIEF_EDITOR = "chief_editor"
    ADMIN = "admin"

    @property
    def title(self) -> str:
        return str(ROLE_TITLES[self])


ROLE_TITLES = {
    Role.AUTHOR: _l("Author"),
    Role.REVIEWER: _l("Reviewer"),
    Role.EDITOR: _l("Editor"),
    Role.CHIEF_EDITOR: _l("Chief editor"),
    Role.ADMIN: _l("Administrator"),
}


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
    __table_args__ = (UniqueConstraint("user_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    user: Mapped[User] = relationship(back_populates="role_rows")


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    user = db.session.get(User, int(user_id))
    return user if user is not None and user.active else None  # deactivation ends sessions
