"""Account services: they own user state; views only call them and commit."""

from flask_babel import lazy_gettext as _l
from pypinyin import Style, lazy_pinyin

from accounts.models import Role, User, find_user_by_email, normalise_email
from accounts.passwords import hash_password, verify_password
from journal.clock import utcnow
from journal.extensions import db


class AccountError(Exception):
    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def suggest_pinyin(name: str) -> str:
    """张三丰 -> "Zhang Sanfeng": family name first, given name joined, as journals print it."""
    syllables = [s for s in lazy_pinyin(name.strip(), style=Style.NORMAL) if s.strip()]
    if not syllables:
        return ""
    if len(syllables) == 1:
        return syllables[0].capitalize()
    return f"{syllables[0].capitalize()} {''.join(syllables[1:]).capitalize()}"


def register_user(*, email: str, password: str, name: str, name_pinyin: str = "",
                  affiliation: str = "", orcid: str = "", locale: str = "zh_CN",
                  roles: tuple[Role, ...] = (Role.AUTHOR,), confirmed: bool = False) -> User:
    if find_user_by_email(email) is not None:
        raise AccountError(_l("An account with this email address already exists."))
    user = User(
        email=normalise_email(email),
        password_hash=hash_password(password),
        name=name.strip(),
        name_pinyin=name_pinyin.strip() or suggest_pinyin(name),
        affiliation=affiliation.strip(),
        orcid=orcid.strip(),
        locale=locale,
        email_confirmed_at=utcnow() if confirmed else None,
    )
    for role in roles:
        user.grant(role)
    db.session.add(user)
    db.session.flush()
    return user


def authenticate(email: str, password: str) -> User | None:
    """The user for these credentials, or None (never saying which part was wrong)."""
    user = find_user_by_email(email)
    if user is None:
        hash_password(password)  # same work either way: no timing hint that the email exists
        return None
    if not verify_password(user.password_hash, password) or not user.active:
        return None
    user.last_login_at = utcnow()
    return user
