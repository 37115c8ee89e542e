"""The state machine: every (state, action, role) of the table, allowed and refused, the audit
event, the signal, and optimistic locking."""

import pytest
from sqlalchemy import update

from accounts.models import User
from core.extensions import db
from journal.models import get_journal
from submission.models import Manuscript, WorkflowEvent
from submission.workflow import (
    AFTER_ACCEPTANCE,
    AT_DESK,
    CLOSED,
    DECIDED,
    DECISIONS,
    IN_REVIEW,
    STAMPS,
    TRANSITIONS,
    Action,
    StaleManuscriptError,
    State,
    TransitionError,
    advance,
    allowed_moves,
    manuscript_advanced,
)
from tests.factories import make_manuscript

# Who acts: "author" wrote the manuscript; the others did not.
ACTORS = {
    "author": ("author",),
    "editor": ("editor",),
    "chief_editor": ("chief_editor", "editor"),
    "admin": ("admin",),
    "reviewer": ("reviewer",),
    "other_author": ("author",),
}
EXPECTED_ROLE = {"author": "author", "editor": "editor", "chief_editor": "chief_editor"}


def allowed(state: State, action: Action, actor: str) -> bool:
    move = TRANSITIONS.get((state, action))
    return move is not None and actor in EXPECTED_ROLE and \
        EXPECTED_ROLE[actor] in {r.value for r in move[1]}


@pytest.fixture
def people(req_ctx, quick_user):
    return {name: quick_user(roles=roles) for name, roles in ACTORS.items()}


def attempt(people, state: State, action: Action, actor: str) -> str | None:
    """Try one move on a fresh manuscript in `state`; None when it behaved as the table says."""
    manuscript = make_manuscript(people["author"], state=state.value)
    user = db.session.get(User, people[actor])
    events_before = db.session.query(WorkflowEvent).count()
    if allowed(state, action, actor):
        event = advance(manuscript, action, user, note="n")
        target = TRANSITIONS[(state, action)][0]
        stamp = STAMPS.get(target)
        if manuscript.state != target or manuscript.state_changed_at is None:
            return "state not changed"
        if (event.from_state, event.to_state, event.action, event.actor_id, event.note) != \
                (state.value, target.value, action.value, user.id, "n"):
            return "wrong audit event"
        if stamp and getattr(manuscript, stamp) is None:
            return f"{stamp} not stamped"
        return None
    try:
        advance(manuscript, action, user)
    except TransitionError as refused:
        if not refused.message:
            return "refused without a message"
    else:
        return "allowed, but the table refuses it"
    if manuscript.state != state or db.session.query(WorkflowEvent).count() != events_before:
        return "a refused move changed something"
    return None


@pytest.mark.parametrize("state", list(State), ids=[s.value for s in State])
def test_every_action_and_role_from(people, state):
    """From `state`: every action by every kind of actor, allowed and refused."""
    problems = {
        (action.value, actor): problem
        for action in Action for actor in ACTORS
        if (problem := attempt(people, state, action, actor))
    }
    assert problems == {}


def test_every_move_of_the_table_is_allowed_to_someone():
    assert all(transition.roles and transition.roles_with_chief_editor_step != frozenset()
               for transition in TRANSITIONS.values())


def reachable(start: State) -> set[State]:
    """`start` and every state the table's moves lead to from it."""
    seen, todo = set(), [start]
    while todo:
        state = todo.pop()
        if state not in seen:
            seen.add(state)
            todo += [t.target for (source, _a), t in TRANSITIONS.items() if source == state]
    return seen


def test_the_named_groups_follow_the_table():
    assert set(State) - {state for state, _action in TRANSITIONS} == CLOSED
    assert {state for state, action in TRANSITIONS if action == Action.DESK_REJECT} == AT_DESK
    assert {state for state, action in TRANSITIONS if action == Action.REJECT} == IN_REVIEW
    assert reachable(State.ACCEPTED) == AFTER_ACCEPTANCE
    decided = {t.target for (_s, action), t in TRANSITIONS.items() if action in DECISIONS}
    assert decided | AFTER_ACCEPTANCE == DECIDED


def test_with_the_chief_editor_step_only_a_chief_editor_decides_after_review(people):
    get_journal().chief_editor_step = True
    editor = db.session.get(User, people["editor"])
    chief = db.session.get(User, people["chief_editor"])
    stepped = {key: t for key, t in TRANSITIONS.items() if t.roles_with_chief_editor_step}
    assert {action for _state, action in stepped} == DECISIONS - {Action.DESK_REJECT}
    for (state, action), transition in stepped.items():
        manuscript = make_manuscript(people["author"], state=state.value)
        assert action not in {m.action for m in allowed_moves(manuscript, editor)}
        with pytest.raises(TransitionError):
            advance(manuscript, action, editor)
        assert action in {m.action for m in allowed_moves(manuscript, chief)}
        advance(manuscript, action, chief)
        assert manuscript.state == transition.target
    # The desk rejection is no decision after review: the step leaves it to every editor.
    manuscript = make_manuscript(people["author"], state="received")
    advance(manuscript, Action.DESK_REJECT, editor, note="n")
    assert manuscript.state == "rejected"


def test_allowed_moves_match_the_table(people):
    for state in State:
        manuscript = make_manuscript(people["author"], state=state.value)
        for actor in ACTORS:
            user = db.session.get(User, people[actor])
            moves = {m.action for m in allowed_moves(manuscript, user)}
            assert moves == {a for a in Action if allowed(state, a, actor)}, (state, actor)


def test_an_editor_does_not_decide_on_own_manuscript(people):
    editor = db.session.get(User, people["editor"])
    manuscript = make_manuscript(editor.id, state="submitted")
    assert {m.action for m in allowed_moves(manuscript, editor)} == {Action.WITHDRAW}
    with pytest.raises(TransitionError):
        advance(manuscript, Action.RECEIVE, editor)


def test_signal_carries_event_actor_and_context(people):
    seen = []

    def receiver(sender, **kwargs):
        seen.append((sender, kwargs["event"].action, kwargs["actor"].id, kwargs["context"]))

    manuscript = make_manuscript(people["author"], state="submitted")
    editor = db.session.get(User, people["editor"])
    with manuscript_advanced.connected_to(receiver):
        advance(manuscript, Action.RECEIVE, editor, extra=1)
    assert seen == [(manuscript, "receive", editor.id, {"extra": 1})]


def test_wrong_state_message_names_action_and_state(people):
    manuscript = make_manuscript(people["author"], state="draft")
    editor = db.session.get(User, people["editor"])
    with pytest.raises(TransitionError, match="登记收稿"):
        advance(manuscript, Action.RECEIVE, editor)


def test_stale_form_is_refused(people):
    manuscript = make_manuscript(people["author"], state="submitted")
    editor = db.session.get(User, people["editor"])
    with pytest.raises(StaleManuscriptError):
        advance(manuscript, Action.RECEIVE, editor, expected_version=manuscript.version_id - 1)
    assert manuscript.state == "submitted"


def test_two_editors_at_once_one_wins(app, people):
    """Editor B loaded the manuscript; editor A's move is committed first; B's flush fails."""
    with app.app_context():
        manuscript_id = make_manuscript(people["author"], state="submitted").id
        db.session.commit()
    with app.test_request_context("/"):
        mine = db.session.get(Manuscript, manuscript_id)
        version = mine.version_id
        # Editor A, in another transaction, receives it meanwhile.
        with db.engine.begin() as other:
            other.execute(update(Manuscript).where(Manuscript.id == manuscript_id)
                          .values(state="received", version_id=version + 1))
        with pytest.raises(StaleManuscriptError):
            advance(mine, Action.DESK_REJECT, db.session.get(User, people["editor"]), note="x")
    with app.app_context():
        assert db.session.get(Manuscript, manuscript_id).state == "received"
        assert db.session.query(WorkflowEvent).count() == 0
