"""Signed, expiring, single-use links for email confirmation and password reset.

The tokens are stateless (itsdangerous): each carries a fingerprint of the state it may change
(the unconfirmed email, the current password hash), so it stops working once it has been used.
"""

import hashlib

from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from accounts.models import User
from core.extensions import db
from core.refusals import Invalid

CONFIRM = "confirm-email"
RESET = "reset-password"


class TokenError(Invalid):
    """A link that is expired, altered or already used."""


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"kanwu-{purpose}")


def _fingerprint(purpose: str, user: User) -> str:
    if purpose == CONFIRM:  # confirming changes the state, so the link works once
        state = f"{user.email}|{user.email_confirmed_at is None}"
    else:
        state = user.password_hash
    return hashlib.sha256(f"{purpose}:{state}".encode()).hexdigest()[:16]


def max_age(purpose: str) -> int:
    key = "TOKEN_MAX_AGE_SECONDS" if purpose == CONFIRM else "RESET_TOKEN_MAX_AGE_SECONDS"
    return current_app.config[key]


def make_token(purpose: str, user: User) -> str:
    return _serializer(purpose).dumps({"u": user.id, "f": _fingerprint(purpose, user)})


def read_token(purpose: str, token: str) -> User:
    """The user a valid token is for; TokenError with a message for the user otherwise."""
    try:
        data = _serializer(purpose).loads(token, max_age=max_age(purpose))
    except SignatureExpired as exc:
        raise TokenError(_l("This link has expired. Please ask for a new one.")) from exc
    except BadSignature as exc:
        raise TokenError(_l("This link is not valid. Please check that you copied all of it.")) \
            from exc
    user = db.session.get(User, data.get("u")) if isinstance(data, dict) else None
    if user is None or data.get("f") != _fingerprint(purpose, user):
        raise TokenError(_l("This link has already been used or is no longer valid."))
    return user
