"""The account mails, queued on the account events, in the owner's language."""

from accounts import tokens
from accounts.events import confirmation_requested, password_reset_requested, registration_attempted
from accounts.models import User
from core.clock import utcnow
from core.i18n import name_in
from core.outbox import external_url, queue_email


@registration_attempted.connect
def _registration_attempt(owner: User, **_):
    queue_email(
        to=owner.email, template="accounts/registration_attempt", locale=owner.locale,
        context={"name": name_in(owner, owner.locale), "login_link": external_url("accounts.login"),
                 "reset_link": external_url("accounts.request_reset")},
        # one notice an hour, however often the form is sent
        dedupe_key=f"accounts/registration-attempt/{owner.id}/{utcnow():%Y%m%d%H}",
        about=("user", owner.id),
    )


@confirmation_requested.connect
def _confirmation(user: User, occasion: str, **_):
    _mail_link(user, tokens.CONFIRM, "accounts/confirm_email", "accounts.confirm_email",
               dedupe_key=f"accounts/confirm/{user.id}/{occasion}")


@password_reset_requested.connect
def _password_reset(user: User, **_):
    _mail_link(user, tokens.RESET, "accounts/reset_password", "accounts.reset_password",
               # a second reset in the same minute is a new request (the token is new)
               dedupe_key=f"accounts/reset/{user.id}/{user.session_token[:8]}/{utcnow():%Y%m%d%H%M}")


def _mail_link(user: User, purpose: str, template: str, endpoint: str, dedupe_key: str) -> None:
    queue_email(
        to=user.email, template=template, locale=user.locale,
        context={"name": name_in(user, user.locale), "hours": tokens.max_age(purpose) // 3600,
                 "link": external_url(endpoint, token=tokens.make_token(purpose, user))},
        dedupe_key=dedupe_key, about=("user", user.id),
    )
