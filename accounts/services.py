"""Account services: they own user state; views only call them (the request commits)."""

import re
from dataclasses import dataclass

from flask import url_for
from flask_babel import lazy_gettext as _l
from pypinyin import Style, lazy_pinyin

from accounts import throttle, tokens
from accounts.events import confirmation_requested, password_reset_requested, registration_attempted
from accounts.models import Role, User, find_user_by_email, normalise_email
from accounts.passwords import hash_password, verify_password
from accounts.policy import require
from core.clock import utcnow
from core.extensions import db
from core.i18n import normalise_locale
from core.refusals import Invalid


class AccountError(Invalid):
    """A refused account change or link, with a message for the person."""


@dataclass(frozen=True)
class Refused:
    """A password that did not open the door: the form is shown again with `message`, like a
    field that did not validate (and what the attempt recorded, e.g. a new confirmation link,
    is kept). `status` is 429 while the failed attempts are over the limit."""

    message: str
    status: int = 200


WRONG_CREDENTIALS = _l("Wrong email or password.")
WRONG_CURRENT_PASSWORD = _l("Your current password is not correct.")
DEACTIVATED = _l("This account has been deactivated. Please contact the editorial office.")
CONFIRM_FIRST = _l("Please confirm your email address first. We have sent you a new "
                   "confirmation link; it may take a minute to arrive.")


HAN = re.compile(r"([\u3400-\u9fff\uf900-\ufaff]+)")


def suggest_pinyin(name: str) -> str:
    """张三丰 -> "Zhang Sanfeng": family name first, given name joined, as journals print it.
    Only Han characters are converted: a Western name ("Maria Keller") is kept as typed."""
    if not HAN.search(name):
        return " ".join(name.split())
    if HAN.fullmatch(name.strip()) is None:  # mixed: convert each Han run, keep the rest
        return " ".join(_han_pinyin(part) if HAN.fullmatch(part) else " ".join(part.split())
                        for part in HAN.split(name) if part.strip())
    return _han_pinyin(name)


def _han_pinyin(name: str) -> str:
    syllables = [s for s in lazy_pinyin(name.strip(), style=Style.NORMAL) if s.strip()]
    if not syllables:
        return ""
    if len(syllables) == 1:
        return syllables[0].capitalize()
    return f"{syllables[0].capitalize()} {''.join(syllables[1:]).capitalize()}"


def register_user(*, email: str, password: str, name: str, name_pinyin: str = "",
                  affiliation: str = "", orcid: str = "", locale: str = "zh_CN",
                  roles: tuple[Role, ...] = (Role.AUTHOR,), confirmed: bool = False) -> User:
    """Create an account; an unconfirmed one is sent a confirmation link."""
    if find_user_by_email(email) is not None:
        raise AccountError(_l("An account with this email address already exists. "
                              "Log in, or ask for a new password if you forgot it."))
    user = User(
        email=normalise_email(email),
        password_hash=hash_password(password),
        name=name.strip(),
        name_pinyin=name_pinyin.strip() or suggest_pinyin(name),
        affiliation=affiliation.strip(),
        orcid=orcid.strip(),
        locale=normalise_locale(locale) or "zh_CN",
        email_confirmed_at=utcnow() if confirmed else None,
    )
    for role in roles:
        user.grant(role)
    db.session.add(user)
    db.session.flush()
    if not confirmed:
        send_confirmation(user, occasion="registered")
    return user


def register_or_notify(*, email: str, password: str, locale: str, **fields) -> None:
    """Register a new account; for an address that has one, mail its owner instead.

    The caller answers the same either way, so the form does not tell who has an account; the
    owner learns of the attempt and is shown the way in (log in, or choose a new password).
    """
    owner = find_user_by_email(email)
    if owner is None:
        register_user(email=email, password=password, locale=locale, **fields)
        return
    hash_password(password)  # the same work as a registration: the answer takes as long
    registration_attempted.send(owner)


def send_confirmation(user: User, occasion: str) -> None:
    """Mail the confirmation link; `occasion` keeps one mail per registration or resend."""
    confirmation_requested.send(user, occasion=occasion)


def confirm_email(token: str) -> User:
    try:
        user = tokens.read_token(tokens.CONFIRM, token)
    except tokens.TokenError as exc:
        raise AccountError(exc.message) from exc
    user.email_confirmed_at = utcnow()
    db.session.flush()
    return user


def authenticate(email: str, password: str) -> User | Refused:
    """The user for these credentials, or why not.

    A wrong email and a wrong password get the same answer (and the same hashing work), so the
    form does not reveal who has an account; they count against the login limits
    (accounts/throttle.py), and a correct login forgives the account's earlier typos. An
    unconfirmed account is sent a fresh link.
    """
    guard = throttle.current()
    locked = guard.refusal(email) if guard else None
    if locked:
        return Refused(locked, status=429)
    user = find_user_by_email(email)
    if user is None:
        hash_password(password)
    if user is None or not verify_password(user.password_hash, password):
        if guard:
            guard.failed(email)
        return Refused(str(WRONG_CREDENTIALS))
    if not user.active:
        return Refused(str(DEACTIVATED))
    if user.email_confirmed_at is None:
        send_confirmation(user, occasion=f"login-{utcnow():%Y%m%d%H}")
        return Refused(str(CONFIRM_FIRST))
    user.last_login_at = utcnow()
    if guard:
        guard.succeeded(email)
    return user


def request_password_reset(email: str) -> None:
    """Mail a reset link if an active account exists; the caller answers the same either way."""
    user = find_user_by_email(email)
    if user is None or not user.active:
        return
    password_reset_requested.send(user)


def check_reset_token(token: str) -> User:
    try:
        return tokens.read_token(tokens.RESET, token)
    except tokens.TokenError as exc:  # the form posted with it leads to asking for a new link
        raise AccountError(exc.message, back_url=url_for("accounts.request_reset")) from exc


def reset_password(token: str, new_password: str) -> User:
    """Set a new password; the token stops working because the password hash changed."""
    user = check_reset_token(token)
    set_password(user, new_password)
    if user.email_confirmed_at is None:  # the link reached the mailbox, so the address works
        user.email_confirmed_at = utcnow()
    db.session.flush()
    return user


def set_password(user: User, new_password: str) -> None:
    """A new password ends every session and remember cookie of the account, whoever holds
    them (whoever knew the old password, or copied a cookie, is out)."""
    user.password_hash = hash_password(new_password)
    user.end_sessions()
    db.session.flush()


def change_password(user: User, *, actor: User, current: str, new: str) -> Refused | None:
    """A new password for someone who knows the current one; every other session ends.
    Wrong guesses count like failed logins: a stolen session must not guess it either."""
    require(actor, "accounts.edit_profile", user)
    guard = throttle.current()
    locked = guard.refusal(user.email) if guard else None
    if locked:
        return Refused(locked, status=429)
    if not verify_password(user.password_hash, current):
        if guard:
            guard.failed(user.email)
        return Refused(str(WRONG_CURRENT_PASSWORD))
    set_password(user, new)
    return None


def log_out_everywhere(user: User, *, actor: User) -> None:
    """Logging out ends the account's sessions on every computer, and its remember cookies."""
    require(actor, "accounts.edit_profile", user)
    user.end_sessions()
    db.session.flush()


def update_profile(user: User, *, actor: User, name: str, name_pinyin: str, affiliation: str,
                   orcid: str, locale: str, expertise: str) -> User:
    require(actor, "accounts.edit_profile", user)
    user.name = name.strip()
    user.name_pinyin = name_pinyin.strip() or suggest_pinyin(name)
    user.affiliation = affiliation.strip()
    user.orcid = orcid.strip()
    user.locale = normalise_locale(locale) or user.locale
    user.expertise = ", ".join(User.split_keywords(expertise))
    db.session.flush()
    return user
