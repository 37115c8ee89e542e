"""The one state machine of a manuscript.

`TRANSITIONS` is the whole table: (state, action) -> (next state, roles allowed). `advance` is
the only code that assigns `Manuscript.state`: it checks the move and the actor's role, changes
the state, writes the audit event and sends the `manuscript_advanced` signal, on which each
package queues its notifications (in the same transaction). Optimistic locking on the
manuscript (`version_id_col`) makes a second editor acting on a stale copy fail at flush.
"""

import enum
from dataclasses import dataclass

from blinker import signal
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm.exc import StaleDataError

from accounts.models import Role
from core.clock import utcnow
from core.extensions import db
from core.refusals import Conflict, Stale
from submission.models import Manuscript, WorkflowEvent


class State(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RECEIVED = "received"
    UNDER_REVIEW = "under_review"
    REVISION_REQUESTED = "revision_requested"
    ACCEPTED = "accepted"
    SCHEDULED = "scheduled"
    PUBLISHED = "published"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"

    @property
    def title(self) -> str:
        return str(STATE_TITLES[self])


STATE_TITLES = {
    State.DRAFT: _l("Draft"),
    State.SUBMITTED: _l("Submitted"),
    State.RECEIVED: _l("Received"),
    State.UNDER_REVIEW: _l("Under review"),
    State.REVISION_REQUESTED: _l("Revision requested"),
    State.ACCEPTED: _l("Accepted"),
    State.SCHEDULED: _l("Scheduled"),
    State.PUBLISHED: _l("Published"),
    State.REJECTED: _l("Rejected"),
    State.WITHDRAWN: _l("Withdrawn"),
}


class Action(enum.StrEnum):
    SUBMIT = "submit"
    RETURN_TO_AUTHOR = "return_to_author"
    RECEIVE = "receive"
    DESK_REJECT = "desk_reject"
    SEND_TO_REVIEW = "send_to_review"
    REQUEST_REVISION = "request_revision"
    SUBMIT_REVISION = "submit_revision"
    ACCEPT = "accept"
    REJECT = "reject"
    SCHEDULE = "schedule"
    UNSCHEDULE = "unschedule"
    PUBLISH = "publish"
    WITHDRAW = "withdraw"

    @property
    def title(self) -> str:
        return str(ACTION_TITLES[self])


ACTION_TITLES = {
    Action.SUBMIT: _l("Submit"),
    Action.RETURN_TO_AUTHOR: _l("Return to author for format fixes"),
    Action.RECEIVE: _l("Register receipt"),
    Action.DESK_REJECT: _l("Desk reject"),
    Action.SEND_TO_REVIEW: _l("Send to peer review"),
    Action.REQUEST_REVISION: _l("Request revision"),
    Action.SUBMIT_REVISION: _l("Submit revision"),
    Action.ACCEPT: _l("Accept"),
    Action.REJECT: _l("Reject"),
    Action.SCHEDULE: _l("Schedule into an issue"),
    Action.UNSCHEDULE: _l("Remove from issue"),
    Action.PUBLISH: _l("Publish"),
    Action.WITHDRAW: _l("Withdraw"),
}

# "author" means an author of this very manuscript, not the global role.
AUTHOR = frozenset({Role.AUTHOR})
EDITORS = frozenset({Role.EDITOR, Role.CHIEF_EDITOR})
DECIDERS = frozenset({Role.EDITOR, Role.CHIEF_EDITOR})

S, A = State, Action
TRANSITIONS: dict[tuple[State, Action], tuple[State, frozenset[Role]]] = {
    (S.DRAFT, A.SUBMIT): (S.SUBMITTED, AUTHOR),
    (S.DRAFT, A.WITHDRAW): (S.WITHDRAWN, AUTHOR),
    (S.SUBMITTED, A.RECEIVE): (S.RECEIVED, EDITORS),
    (S.SUBMITTED, A.RETURN_TO_AUTHOR): (S.DRAFT, EDITORS),
    (S.SUBMITTED, A.DESK_REJECT): (S.REJECTED, EDITORS),
    (S.SUBMITTED, A.WITHDRAW): (S.WITHDRAWN, AUTHOR),
    (S.RECEIVED, A.SEND_TO_REVIEW): (S.UNDER_REVIEW, EDITORS),
    (S.RECEIVED, A.DESK_REJECT): (S.REJECTED, EDITORS),
    (S.RECEIVED, A.WITHDRAW): (S.WITHDRAWN, AUTHOR),
    (S.UNDER_REVIEW, A.REQUEST_REVISION): (S.REVISION_REQUESTED, DECIDERS),
    (S.UNDER_REVIEW, A.ACCEPT): (S.ACCEPTED, DECIDERS),
    (S.UNDER_REVIEW, A.REJECT): (S.REJECTED, DECIDERS),
    (S.UNDER_REVIEW, A.WITHDRAW): (S.WITHDRAWN, AUTHOR),
    (S.REVISION_REQUESTED, A.SUBMIT_REVISION): (S.UNDER_REVIEW, AUTHOR),
    (S.REVISION_REQUESTED, A.REJECT): (S.REJECTED, DECIDERS),
    (S.REVISION_REQUESTED, A.WITHDRAW): (S.WITHDRAWN, AUTHOR),
    (S.ACCEPTED, A.SCHEDULE): (S.SCHEDULED, EDITORS),
    (S.SCHEDULED, A.UNSCHEDULE): (S.ACCEPTED, EDITORS),
    (S.SCHEDULED, A.PUBLISH): (S.PUBLISHED, EDITORS),
}

# The moves that decide a manuscript. They are made only through the decision flow (the
# review package's decision page and service), which keeps the decision record, the required
# reviews, the chief editor's final say and the letter to every author; the desk's generic
# move refuses them.
DECISIONS = frozenset({A.DESK_REJECT, A.REQUEST_REVISION, A.ACCEPT, A.REJECT})

# Dates stamped on the manuscript the first time it enters a state.
STAMPS = {
    State.SUBMITTED: "submitted_at",
    State.RECEIVED: "received_at",
    State.ACCEPTED: "accepted_at",
    State.PUBLISHED: "published_at",
}

# Sent after every move, with (manuscript, event=WorkflowEvent, actor=User, context=dict).
manuscript_advanced = signal("manuscript-advanced")


class TransitionError(Conflict):
    """An impossible move: wrong state, or an actor who may not make it (HTTP 409)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class StaleManuscriptError(TransitionError, Stale):
    """Someone else changed the manuscript since this copy was loaded."""


def is_stale(expected_version, manuscript: Manuscript) -> bool:
    """Whether a form's version (a text from a hidden field, or None for "not asked") differs
    from the manuscript's; one that is not a number was not rendered by us: stale too."""
    if expected_version is None:
        return False
    try:
        return int(expected_version) != manuscript.version_id
    except (TypeError, ValueError):
        return True


@dataclass(frozen=True)
class Move:
    action: Action
    target: State


def roles_of(actor, manuscript: Manuscript) -> set[Role]:
    """The actor's roles for this manuscript: editorial roles, plus author if they wrote it."""
    roles = {r for r in actor.roles if r in (Role.EDITOR, Role.CHIEF_EDITOR, Role.ADMIN)}
    if manuscript.is_author(actor):  # confirmed authorship only (Manuscript.is_author)
        roles.add(Role.AUTHOR)
        # No editor decides on a manuscript they wrote.
        roles -= {Role.EDITOR, Role.CHIEF_EDITOR}
    return roles


def allowed_moves(manuscript: Manuscript, actor) -> list[Move]:
    """Exactly the moves this actor may make on this manuscript now."""
    state = State(manuscript.state)
    roles = roles_of(actor, manuscript)
    return [
        Move(action, target)
        for (from_state, action), (target, allowed) in TRANSITIONS.items()
        if from_state == state and roles & allowed
    ]


STALE_MESSAGE = _l(
    "This manuscript was changed by someone else while you were working on it. "
    "Reload the page to see its current state."
)


def advance(manuscript: Manuscript, action: Action, actor, note: str | None = None,
            expected_version: int | None = None, **context) -> WorkflowEvent:
    """Make one move of the table; the only code that assigns `manuscript.state`.

    `expected_version` is the `version_id` the actor's form was rendered with: a stale form
    is refused even when the other change was committed long ago.
    """
    if is_stale(expected_version, manuscript):
        raise StaleManuscriptError(str(STALE_MESSAGE))
    state = State(manuscript.state)
    move = TRANSITIONS.get((state, Action(action)))
    if move is None:
        raise TransitionError(
            str(_l("“%(action)s” is not possible while the manuscript is “%(state)s”.",
                   action=Action(action).title, state=state.title))
        )
    target, allowed = move
    if actor is not None and not roles_of(actor, manuscript) & allowed:
        raise TransitionError(
            str(_l("You may not “%(action)s” this manuscript.", action=Action(action).title))
        )
    manuscript.state = target.value
    stamp = STAMPS.get(target)
    if stamp and getattr(manuscript, stamp) is None:
        setattr(manuscript, stamp, utcnow())
    manuscript.updated_at = manuscript.state_changed_at = utcnow()
    event = WorkflowEvent(
        manuscript=manuscript,
        actor_id=actor.id if actor is not None else None,
        action=Action(action).value,
        from_state=state.value,
        to_state=target.value,
        note=note or "",
    )
    db.session.add(event)
    try:
        db.session.flush()
    except StaleDataError as exc:
        db.session.rollback()
        raise StaleManuscriptError(str(STALE_MESSAGE)) from exc
    manuscript_advanced.send(manuscript, event=event, actor=actor, context=context)
    return event
