"""The one state machine of a manuscript.

`TRANSITIONS` is the whole table: (state, action) -> (next state, roles allowed, and the roles
allowed when the journal has the chief-editor step). It is the only answer to "who may make
this move". `advance` is the only code that assigns `Manuscript.state`: it checks the move and
the actor's role, changes the state, writes the audit event and sends the
`manuscript_advanced` signal, on which each package queues its notifications (in the same
transaction). Optimistic locking on the manuscript (`version_id_col`) makes a second editor
acting on a stale copy fail at flush.

The named groups of states below the table are what the packages ask about a manuscript.
"""

from dataclasses import dataclass
from typing import NamedTuple

from blinker import signal
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm.exc import StaleDataError

from accounts.models import Role
from core.clock import utcnow
from core.extensions import db
from core.refusals import Conflict, Stale
from journal.models import get_journal
from submission.models import Manuscript, WorkflowEvent
from submission.states import Action, State

# "author" means an author of this very manuscript, not the global role.
AUTHOR = frozenset({Role.AUTHOR})
EDITORS = frozenset({Role.EDITOR, Role.CHIEF_EDITOR})
CHIEF_EDITORS = frozenset({Role.CHIEF_EDITOR})


class Transition(NamedTuple):
    target: State
    roles: frozenset[Role]
    # Who may make the move when the journal has the chief-editor step (终审), if not `roles`.
    roles_with_chief_editor_step: frozenset[Role] | None = None


S, A = State, Action
TRANSITIONS: dict[tuple[State, Action], Transition] = {
    (S.DRAFT, A.SUBMIT): Transition(S.SUBMITTED, AUTHOR),
    (S.DRAFT, A.WITHDRAW): Transition(S.WITHDRAWN, AUTHOR),
    (S.SUBMITTED, A.RECEIVE): Transition(S.RECEIVED, EDITORS),
    (S.SUBMITTED, A.RETURN_TO_AUTHOR): Transition(S.DRAFT, EDITORS),
    (S.SUBMITTED, A.DESK_REJECT): Transition(S.REJECTED, EDITORS),
    (S.SUBMITTED, A.WITHDRAW): Transition(S.WITHDRAWN, AUTHOR),
    (S.RECEIVED, A.SEND_TO_REVIEW): Transition(S.UNDER_REVIEW, EDITORS),
    (S.RECEIVED, A.DESK_REJECT): Transition(S.REJECTED, EDITORS),
    (S.RECEIVED, A.WITHDRAW): Transition(S.WITHDRAWN, AUTHOR),
    # The decisions after review: with the chief-editor step only a chief editor makes them
    # (the other editors recommend, review.decisions.recommend).
    (S.UNDER_REVIEW, A.REQUEST_REVISION): Transition(S.REVISION_REQUESTED, EDITORS,
                                                     CHIEF_EDITORS),
    (S.UNDER_REVIEW, A.ACCEPT): Transition(S.ACCEPTED, EDITORS, CHIEF_EDITORS),
    (S.UNDER_REVIEW, A.REJECT): Transition(S.REJECTED, EDITORS, CHIEF_EDITORS),
    (S.UNDER_REVIEW, A.WITHDRAW): Transition(S.WITHDRAWN, AUTHOR),
    (S.REVISION_REQUESTED, A.SUBMIT_REVISION): Transition(S.UNDER_REVIEW, AUTHOR),
    (S.REVISION_REQUESTED, A.REJECT): Transition(S.REJECTED, EDITORS, CHIEF_EDITORS),
    (S.REVISION_REQUESTED, A.WITHDRAW): Transition(S.WITHDRAWN, AUTHOR),
    (S.ACCEPTED, A.SCHEDULE): Transition(S.SCHEDULED, EDITORS),
    (S.SCHEDULED, A.UNSCHEDULE): Transition(S.ACCEPTED, EDITORS),
    (S.SCHEDULED, A.PUBLISH): Transition(S.PUBLISHED, EDITORS),
}

# At the desk check (初审): the only decision is the desk rejection.
AT_DESK = frozenset({S.SUBMITTED, S.RECEIVED})
# In peer review: a round is under way or waits for the authors' revision.
IN_REVIEW = frozenset({S.UNDER_REVIEW, S.REVISION_REQUESTED})
# Accepted, and on to publication: the acceptance notice is the authors'.
AFTER_ACCEPTANCE = frozenset({S.ACCEPTED, S.SCHEDULED, S.PUBLISHED})
# A decision was made: the authors have a decision letter.
DECIDED = frozenset({S.REVISION_REQUESTED, S.REJECTED}) | AFTER_ACCEPTANCE
# No move leads out.
CLOSED = frozenset({S.PUBLISHED, S.REJECTED, S.WITHDRAWN})

# The moves that decide a manuscript. They are made only through the decision flow (the
# review package's decision page and service), which keeps the decision record, the required
# reviews, the recommendations to the chief editor and the letter to every author; the desk's
# generic move refuses them.
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
# Sent before a move is made, with (manuscript, action=Action, actor=User): a receiver refuses
# the move by raising a DomainError (production: a fee not yet confirmed).
manuscript_advancing = signal("manuscript-advancing")


class TransitionError(Conflict):
    """An impossible move: wrong state, or an actor who may not make it (HTTP 409)."""


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
        roles -= EDITORS
    return roles


def allowed_roles(transition: Transition) -> frozenset[Role]:
    """Who may make the move now. The journal's chief-editor step is read only for the moves
    it changes (reading it may flush the session)."""
    if transition.roles_with_chief_editor_step is None or not get_journal().chief_editor_step:
        return transition.roles
    return transition.roles_with_chief_editor_step


def allowed_moves(manuscript: Manuscript, actor) -> list[Move]:
    """Exactly the moves this actor may make on this manuscript now."""
    state = State(manuscript.state)
    roles = roles_of(actor, manuscript)
    return [
        Move(action, transition.target)
        for (from_state, action), transition in TRANSITIONS.items()
        if from_state == state and roles & allowed_roles(transition)
    ]


def decides_after_review(roles: set[Role]) -> bool:
    """Whether someone with these roles makes the decisions after review (accept, revision,
    reject): the table's answer, with the chief-editor step a chief editor only."""
    return bool(roles & allowed_roles(TRANSITIONS[(State.UNDER_REVIEW, Action.ACCEPT)]))


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
    transition = TRANSITIONS.get((state, Action(action)))
    if transition is None:
        raise TransitionError(
            str(_l("“%(action)s” is not possible while the manuscript is “%(state)s”.",
                   action=Action(action).title, state=state.title))
        )
    target = transition.target
    if actor is not None and not roles_of(actor, manuscript) & allowed_roles(transition):
        raise TransitionError(
            str(_l("You may not “%(action)s” this manuscript.", action=Action(action).title))
        )
    manuscript_advancing.send(manuscript, action=Action(action), actor=actor)
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
