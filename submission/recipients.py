"""Who a mail about a manuscript goes to, each in their own language.

Every package that writes about a manuscript asks `recipients(manuscript, audience, ...)`: the
submission moves, the co-authors' answers, the review letters and requests, the publication
notice. A person is listed once (by address; the first listing wins), in the language of their
letters, named as that language writes them (pinyin in English). One account written to on its
own (a reviewer, a round's editor) is `recipient(user)`.
"""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from accounts.models import Role, User, UserRole
from core.enums import TitledEnum
from core.extensions import db
from core.i18n import DEFAULT_LOCALE, LANGUAGES, name_in
from submission.models import Manuscript, ManuscriptAuthor


class Audience(TitledEnum):
    # who submitted it: the one who fixes the format, and who is told first
    SUBMITTER = "submitter", _l("Submitter")
    # the submitter and every listed author with an address, confirmed or not (a pending
    # co-author's mail carries the link to confirm); one who declined is not written to again
    AUTHORS = "authors", _l("Authors")
    # the submitter and the corresponding authors: those who answer for the files
    RESPONSIBLE = "responsible", _l("Submitter and corresponding authors")
    # the listed authors with an address who have not declined: those the article names
    LISTED = "listed", _l("Listed authors")
    # the active editors and chief editors who are not among its authors
    EDITORS = "editors", _l("Editors")
    # the active chief editors who are not among its authors (终审)
    CHIEF_EDITORS = "chief_editors", _l("Chief editors")


STAFF = {Audience.EDITORS: (Role.EDITOR, Role.CHIEF_EDITOR),
         Audience.CHIEF_EDITORS: (Role.CHIEF_EDITOR,)}


@dataclass(frozen=True)
class Recipient:
    email: str
    name: str  # as `locale` writes it
    locale: str
    person: User | ManuscriptAuthor  # the account, or the listed author without one


def recipient(person: User | ManuscriptAuthor, locale: str | None = None) -> Recipient:
    """One person, in `locale` (else the language they chose; else the journal's)."""
    locale = locale or person.locale
    locale = locale if locale in LANGUAGES else DEFAULT_LOCALE
    return Recipient(person.email, name_in(person, locale), locale, person)


def recipients(manuscript: Manuscript, *audiences: Audience) -> list[Recipient]:
    """The people of these audiences, in order, each once."""
    people, seen = [], set()
    for audience in audiences:
        for person in _members(manuscript, Audience(audience)):
            if person.email and person.email.lower() not in seen:
                seen.add(person.email.lower())
                people.append(person)
    return people


def _members(manuscript: Manuscript, audience: Audience) -> list[Recipient]:
    if audience in STAFF:
        return [recipient(user) for user in _staff(STAFF[audience])
                if not manuscript.is_author(user)]
    people = []
    submitter = manuscript.submitter
    if submitter is not None and audience != Audience.LISTED:
        # The language chosen for the submitter's letters on this manuscript, else the account's.
        own = next((a for a in manuscript.authors if a.user_id == submitter.id), None)
        people.append(recipient(submitter, own.locale if own else None))
    if audience != Audience.SUBMITTER:
        people += [recipient(author) for author in manuscript.authors
                   if author.email and author.declined_at is None
                   and (audience != Audience.RESPONSIBLE or author.corresponding)]
    return people


def _staff(roles: tuple[Role, ...]) -> list[User]:
    return list(db.session.scalars(
        select(User).join(UserRole)
        .where(UserRole.role.in_([role.value for role in roles]), User.active)
        .distinct().order_by(User.id)))
