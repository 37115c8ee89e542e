"""Loading what the production pages show and change, for the current user: the one way the
publishing views do it. The policy is asked once, `publishing.view` (whether a change is
allowed is the service's question, `publishing.manage`), then the object is loaded, 404 if
missing. The policy comes first because it does not depend on the object: whoever may not
see these pages learns nothing of which ids exist.

What a form on such a page picks (the manuscript to schedule, the issue to schedule into) is
looked up by `chosen_manuscript` and `chosen_issue`, which leave the policy to the page's
loader and the service.
"""

from flask import abort
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from accounts.policy import require
from core.extensions import db
from core.inputs import parse_id
from publishing.exports import Batch, issue_batch, year_batch
from publishing.models import Article, CrossrefDeposit, Issue
from publishing.services import PublishingInputError
from submission.models import Manuscript

VIEW = "publishing.view"


def _found(model, object_id: int | None):
    found = db.session.get(model, object_id or 0)
    if found is None:
        abort(404)
    return found


def load_issue(issue_id: int) -> Issue:
    require(current_user, VIEW)
    return _found(Issue, issue_id)


def load_article(article_id: int) -> Article:
    require(current_user, VIEW)
    return _found(Article, article_id)


def load_deposit(deposit_id: int) -> CrossrefDeposit:
    require(current_user, VIEW)
    return _found(CrossrefDeposit, deposit_id)


def load_batch(issue_id: int | None, year: int | None) -> Batch:
    """The published articles of an issue (404 if there is none) or of a year, to export."""
    require(current_user, VIEW)
    if issue_id is not None:
        return issue_batch(_found(Issue, issue_id), current_user)
    return year_batch(year, current_user)


def load_manuscript(manuscript_id: int) -> Manuscript:
    """A manuscript to schedule from its console panel."""
    require(current_user, VIEW)
    return _found(Manuscript, manuscript_id)


def chosen_issue(value: str | None) -> Issue:
    """The issue picked in the console panel's list (404 if it names none)."""
    return _found(Issue, parse_id(value))


def chosen_manuscript(value: str | None) -> Manuscript:
    """The accepted manuscript picked on the issue's page; a pick that names none is refused
    as the form's input."""
    manuscript = db.session.get(Manuscript, parse_id(value) or 0)
    if manuscript is None:
        raise PublishingInputError(_l("Choose an accepted manuscript."))
    return manuscript
