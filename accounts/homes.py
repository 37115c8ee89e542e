"""Where each person starts after login, and the links that are theirs (their "home").

Each role a person holds offers one home page, stamped with the time of its newest work:

- author: 我的稿件, stamped with the newest change to one of their manuscripts;
- reviewer: 我的审稿, stamped with the newest open invitation or review in progress;
- editor: the desk, stamped with the newest state change of any manuscript (work arriving).

The most recent stamp wins, so a person with several roles lands on the work that moved last.
A home with nothing in it yet counts as oldest; between those, the editor's desk comes before
my reviews, which comes before my manuscripts. A person with no role-specific page at all
(or whose package is not installed) lands on the journal's home page.
"""

from collections.abc import Callable
from datetime import datetime

from flask import current_app, url_for
from flask_babel import gettext as _

from accounts.policy import can

NEVER = datetime.min  # the stamp of a home with nothing in it yet

# endpoint -> (preference when stamps are equal, lower first; stamp function)
_HOMES: dict[str, tuple[int, Callable[[object], datetime | None]]] = {}


def home_page(endpoint: str, preference: int):
    """Register a package's home page: the decorated function gives a person's stamp for it
    (None when the page is not theirs, NEVER when it is empty)."""
    def register(stamp_of):
        _HOMES[endpoint] = (preference, stamp_of)
        return stamp_of

    return register


def _installed(endpoint: str) -> bool:
    return endpoint in current_app.view_functions


def home_endpoint(user) -> str:
    """The endpoint of the page this person should see first after logging in."""
    best, best_stamp = "journal.home", None
    for endpoint, (_preference, stamp_of) in sorted(_HOMES.items(), key=lambda kv: kv[1][0]):
        stamp = stamp_of(user) if _installed(endpoint) else None
        if stamp is not None and (best_stamp is None or stamp > best_stamp):
            best, best_stamp = endpoint, stamp
    return best


def home_url(user) -> str:
    return url_for(home_endpoint(user))


def account_links(user) -> list[dict]:
    """The signed-in person's own links, with the same labels as the app's navigation
    (templates/base.html): the static site's script shows these in place of 投稿 / 登录."""
    offered = [
        ("editorial.desk", "editorial.desk", _("Editors' desk")),
        ("publishing.issues", "publishing.manage", _("Publishing")),
        ("review.my_reviews", "review.reviewer_pages", _("My reviews")),
        ("submission.my_manuscripts", None, _("Submit / my manuscripts")),
    ]
    links = [{"label": label, "url": url_for(endpoint)} for endpoint, permission, label in offered
             if _installed(endpoint) and (permission is None or can(user, permission))]
    links.append({"label": _("Profile"), "url": url_for("accounts.profile")})
    return links
