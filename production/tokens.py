"""Production links: capabilities, never logins.

An agreement link lets its holder sign one author's agreement: signed (itsdangerous), expiring
LINK_DAYS after it was mailed (each reminder mails a fresh one), bound to the signature's nonce;
once signed, the link shows the signature and signs nothing again. A proof link does the same
for one proof round. Whoever acts through it
is a `LinkHolder` to the policy: no account, no roles. Part of the salt names what the link
opens, so one kind of link never opens another.
"""

import secrets

from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from core.extensions import db
from core.refusals import DomainError

LINK_DAYS = 30


class LinkGone(DomainError):
    """A link that is expired, forged, or already used (HTTP 410)."""

    status = 410


class LinkHolder:
    """The actor behind a link: may act on one object while its nonce is current."""

    is_authenticated = True  # to the policy: a known principal, though not an account
    is_active = True
    is_anonymous = False
    id = None

    def __init__(self, obj):
        self.kind, self.object_id, self.nonce = type(obj).__name__, obj.id, obj.nonce

    def holds(self, obj) -> bool:
        return (type(obj).__name__ == self.kind and obj.id == self.object_id
                and bool(obj.nonce) and secrets.compare_digest(self.nonce or "", obj.nonce))

    def has_role(self, *_roles) -> bool:
        return False


def new_nonce() -> str:
    return secrets.token_hex(16)


def _serializer(model) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"],
                                  salt=f"production-{model.__tablename__}")


def make_token(obj) -> str:
    return _serializer(type(obj)).dumps({"i": obj.id, "n": obj.nonce})


EXPIRED = _l("This link has expired. The editorial office mails a new one with each "
             "reminder; you may also ask them for one.")
INVALID = _l("This link is not valid. Please use the link from your most recent mail.")
USED = _l("This link has already been used, or replaced by a newer one.")


def load_token(model, token: str):
    """The object a link opens while its nonce is current, or LinkGone saying why not."""
    try:
        data = _serializer(model).loads(token, max_age=LINK_DAYS * 24 * 3600)
    except SignatureExpired as exc:
        raise LinkGone(EXPIRED) from exc
    except BadSignature as exc:
        raise LinkGone(INVALID) from exc
    found = db.session.get(model, data.get("i")) if isinstance(data, dict) \
        and isinstance(data.get("i"), int) else None
    if found is None or not found.nonce or not secrets.compare_digest(
            found.nonce, str(data.get("n", ""))):
        raise LinkGone(USED)
    return found
