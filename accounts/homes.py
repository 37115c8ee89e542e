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

from datetime import datetime

from flask import current_app, url_for
from flask_babel import gettext as _
from sqlalchemy import func, select

from accounts.models import Role
from accounts.policy import can
from journal.extensions import db

NEVER = datetime.min


def _installed(endpoint: str) -> bool:
    return endpoint in current_app.view_functions


def _author_stamp(user) -> datetime | None:
    if not user.has_role(Role.AUTHOR) or not _installed("submission.my_manuscripts"):
        return None
    from submission.models import Manuscript

    newest = db.session.scalar(
        select(func.max(Manuscript.updated_at)).where(Manuscript.submitter_id == user.id))
    return newest or NEVER


def _reviewer_stamp(user) -> datetime | None:
    if not can(user, "review.reviewer_pages") or not _installed("review.my_reviews"):
        return None
    from review.models import OPEN_STATES, ReviewAssignment

    newest = db.session.scalar(
        select(func.max(ReviewAssignment.invited_at))
        .where(ReviewAssignment.reviewer_id == user.id, ReviewAssignment.state.in_(OPEN_STATES)))
    return newest or NEVER


def _editor_stamp(user) -> datetime | None:
    if not can(user, "editorial.desk") or not _installed("editorial.desk"):
        return None
    from submission.models import WorkflowEvent

    return db.session.scalar(select(func.max(WorkflowEvent.created_at))) or NEVER


# In order of preference when stamps are equal (e.g. all homes still empty).
CANDIDATES = (
    ("editorial.desk", _editor_stamp),
    ("review.my_reviews", _reviewer_stamp),
    ("submission.my_manuscripts", _author_stamp),
)


def home_endpoint(user) -> str:
    """The endpoint of the page this person should see first after logging in."""
    best, best_stamp = "journal.home", None
    for endpoint, stamp_of in CANDIDATES:
        stamp = stamp_of(user)
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
        ("review.editor_index", "editorial.desk", _("Peer review")),
        ("publishing.issues", "publishing.manage", _("Publishing")),
        ("review.my_reviews", "review.reviewer_pages", _("My reviews")),
        ("submission.my_manuscripts", None, _("Submit / my manuscripts")),
    ]
    links = [{"label": label, "url": url_for(endpoint)} for endpoint, permission, label in offered
             if _installed(endpoint) and (permission is None or can(user, permission))]
    links.append({"label": _("Profile"), "url": url_for("accounts.profile")})
    return links
