"""Login limits that count failed attempts only.

Strict per account (whatever address the attempts come from), loose per address (an office or
a campus shares one). A correct login is never counted, and it forgives the account's earlier
typos. The counts live in the rate-limit storage (RATELIMIT_STORAGE_URI: Redis where it is
configured, so every web worker sees the same numbers; memory in tests and on one process).
If Redis is down, counting goes on in memory rather than refusing every login.
"""

import logging
import math
import time

from flask import Flask, current_app
from flask_babel import lazy_gettext as _l
from flask_limiter.util import get_remote_address
from limits import RateLimitItem, parse
from limits.storage import MemoryStorage, Storage, storage_from_string
from limits.strategies import MovingWindowRateLimiter

from accounts.models import normalise_email
from core.extensions import limiter

EXTENSION = "kanwu_login_throttle"
ACCOUNT_LOCKED = _l("Too many failed attempts to log in to this account. Please wait "
                    "%(minutes)s minutes, or choose a new password with \"Forgot your "
                    "password?\".")
ADDRESS_LOCKED = _l("Too many failed logins from your network. Please wait %(minutes)s minutes "
                    "and try again.")

log = logging.getLogger(__name__)


class LoginThrottle:
    def __init__(self, storage: str | Storage, **options):
        self.storage = storage_from_string(storage, **options) if isinstance(storage, str) \
            else storage
        self.shared = MovingWindowRateLimiter(self.storage)
        self.local = MovingWindowRateLimiter(MemoryStorage())

    def _run(self, method: str, *args):
        try:
            return getattr(self.shared, method)(*args)
        except Exception:  # storage unreachable: a login must still get an answer
            log.warning("login limit storage unreachable; counting in memory", exc_info=True)
            return getattr(self.local, method)(*args)

    def refusal(self, email: str) -> str | None:
        """Why a login attempt for `email` from this address is refused now, or None."""
        for limit, key, message in _checks(email):
            if not self._run("test", limit, *key):
                stats = self._run("get_window_stats", limit, *key)
                minutes = max(1, math.ceil((stats.reset_time - time.time()) / 60))
                return str(message % {"minutes": minutes})
        return None

    def failed(self, email: str) -> None:
        for limit, key, _message in _checks(email):
            self._run("hit", limit, *key)

    def succeeded(self, email: str) -> None:
        limit, key, _message = _checks(email)[0]
        self._run("clear", limit, *key)


def _checks(email: str) -> list[tuple[RateLimitItem, tuple[str, ...], str]]:
    config = current_app.config
    return [
        (parse(config["LOGIN_ACCOUNT_FAILURES"]), ("login-failures", "account",
                                                   normalise_email(email or "")), ACCOUNT_LOCKED),
        (parse(config["LOGIN_ADDRESS_FAILURES"]), ("login-failures", "address",
                                                   get_remote_address() or ""), ADDRESS_LOCKED),
    ]


def current() -> LoginThrottle | None:
    """The app's throttle, or None while rate limits are switched off."""
    if not limiter.enabled:
        return None
    return current_app.extensions.get(EXTENSION)


def init_app(app: Flask) -> None:
    for key in ("LOGIN_ACCOUNT_FAILURES", "LOGIN_ADDRESS_FAILURES"):
        parse(app.config[key])  # a mistyped limit stops the start, not a login
    # Flask-Limiter's own storage when it is initialised (one reset clears both).
    storage = limiter.storage if limiter.initialized else app.config["RATELIMIT_STORAGE_URI"]
    app.extensions[EXTENSION] = LoginThrottle(storage)
