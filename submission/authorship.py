"""Co-authorship by consent.

Listing an address on a manuscript grants its owner nothing. Mails to a pending co-author
carry a link: a signed, expiring capability to answer for that one author row (confirm or
decline). Confirming links the signed-in account whose address is the one mailed (or an
account created through the link for that address) and makes it an author of the manuscript:
it may read and follow it, and conflict-of-interest rules apply to it. Declining tells the
submitter and the editors. Either answer spends the link.

The link is a capability, never a login: it signs nobody in, and a signed-in account with
another address is refused.
"""

import hmac
import secrets

from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from accounts.models import Role, User, find_user_by_email, normalise_email
from accounts.policy import can, require, rule
from accounts.services import register_user
from core.clock import utcnow
from core.extensions import db
from core.outbox import external_url
from core.refusals import Invalid
from submission.events import coauthor_declined, coauthor_link_resent
from submission.models import Manuscript, ManuscriptAuthor
from submission.workflow import TransitionError

DEFAULT_MAX_AGE = 30 * 24 * 3600  # co-authors may be travelling; the submitter can resend


class LinkRefused(Invalid):
    """A link that cannot be used (expired, altered, spent): HTTP 400 with the message."""


class WrongAccount(LinkRefused):
    """Signed in as an account whose address is not the one the link was mailed to."""

    status = 403


@rule("authorship.answer")
def _answer(user, author) -> bool:
    """Only the owner of the listed address answers for it."""
    return author is not None and bool(author.email) and \
        normalise_email(user.email) == normalise_email(author.email)


def max_age() -> int:
    return int(current_app.config.get("COAUTHOR_TOKEN_MAX_AGE_SECONDS", DEFAULT_MAX_AGE))


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="kanwu-coauthorship")


def needs_link(author: ManuscriptAuthor) -> bool:
    manuscript = author.manuscript
    return (author.pending and bool(author.email) and author.user_id != manuscript.submitter_id
            and normalise_email(author.email) != normalise_email(manuscript.submitter.email))


def link_for(author: ManuscriptAuthor) -> str:
    """A fresh link for the author row (each mail signs its own timestamp; all share the
    row's nonce, so answering once spends every copy)."""
    if author.link_nonce is None:
        author.link_nonce = secrets.token_hex(16)
        db.session.flush()
    token = _serializer().dumps({"a": author.id, "n": author.link_nonce})
    return external_url("submission.authorship_link", token=token)


def read_link(token: str) -> ManuscriptAuthor:
    """The pending author row a valid link answers for; LinkRefused otherwise."""
    try:
        data = _serializer().loads(token, max_age=max_age())
    except SignatureExpired as exc:
        raise LinkRefused(_l("This link has expired. Please ask the submitting author to send "
                             "you a new one from the manuscript's page.")) from exc
    except BadSignature as exc:
        raise LinkRefused(_l("This link is not valid. Please check that you copied all of "
                             "it.")) from exc
    author_id = data.get("a") if isinstance(data, dict) else None
    author = db.session.get(ManuscriptAuthor, author_id) if isinstance(author_id, int) else None
    if author is None:
        raise LinkRefused(_l("You are no longer listed as an author of this manuscript."))
    if author.confirmed_at is not None:
        raise LinkRefused(_l("This authorship has already been confirmed."))
    if author.declined_at is not None:
        raise LinkRefused(_l("This authorship has already been declined."))
    if author.link_nonce is None or not hmac.compare_digest(str(data.get("n")),
                                                            author.link_nonce):
        raise LinkRefused(_l("This link has already been used or is no longer valid."))
    return author


def _check_holder(author: ManuscriptAuthor, actor) -> None:
    if getattr(actor, "is_authenticated", False) and not can(actor, "authorship.answer", author):
        raise WrongAccount(_l(
            "This link was sent to %(listed)s, but you are signed in as %(you)s. Log out, then "
            "open the link again and sign in (or register) with that address.",
            listed=masked(author.email), you=actor.email))


def masked(email: str) -> str:
    """l***@example.org: enough for its owner to recognise, little for a passer-by."""
    local, _at, domain = email.partition("@")
    return f"{local[:1]}***@{domain}"


def open_link(token: str, actor) -> ManuscriptAuthor:
    author = read_link(token)
    _check_holder(author, actor)
    return author


def _confirm(author: ManuscriptAuthor, user: User) -> ManuscriptAuthor:
    """Link the row to the account; the profile's ORCID iD fills the row's when it has none."""
    author.user_id = user.id
    author.orcid = author.orcid or user.orcid or ""
    author.confirmed_at = utcnow()
    author.link_nonce = None
    db.session.flush()
    return author


def confirm_authorship(token: str, actor) -> ManuscriptAuthor:
    """The signed-in owner of the listed address becomes an author of the manuscript."""
    author = open_link(token, actor)
    require(actor, "authorship.answer", author)
    return _confirm(author, actor)


def register_and_confirm(token: str, actor, *, password: str, name: str, name_pinyin: str = "",
                         affiliation: str = "", orcid: str = "", locale: str = "zh_CN") -> User:
    """An account for the listed address (confirmed: the link reached that mailbox), and the
    authorship confirmed for it. The person then logs in with the password they chose."""
    author = open_link(token, actor)
    if getattr(actor, "is_authenticated", False):
        raise LinkRefused(_l("You are already signed in: confirm your authorship instead."))
    if find_user_by_email(author.email) is not None:
        # The holder of the link proved they read this mailbox: telling them is no leak.
        raise LinkRefused(_l("An account with this address already exists. Log in, then open "
                             "this link again to confirm."))
    user = register_user(email=author.email, password=password, name=name,
                         name_pinyin=name_pinyin, affiliation=affiliation, orcid=orcid,
                         locale=locale, roles=(Role.AUTHOR,), confirmed=True)
    _confirm(author, user)
    return user


def decline_authorship(token: str, actor) -> ManuscriptAuthor:
    """"I am not an author of this paper": the row stays listed (the submitter corrects the
    list), gets no more mail and no access; the submitter and the editors are told."""
    author = open_link(token, actor)
    author.declined_at = utcnow()
    author.link_nonce = None
    author.user_id = None
    db.session.flush()
    coauthor_declined.send(author)
    return author


def resend_link(manuscript: Manuscript, actor, author_id: int) -> ManuscriptAuthor:
    require(actor, "manuscript.edit", manuscript)
    author = next((a for a in manuscript.authors if a.id == author_id), None)
    if author is None or manuscript.number is None or not needs_link(author):
        raise TransitionError(str(_l("This co-author has nothing to confirm.")))
    coauthor_link_resent.send(author)
    return author
