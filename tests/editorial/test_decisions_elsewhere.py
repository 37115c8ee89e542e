"""The desk's generic move makes no decision: accept, reject, revision and desk rejection go
through the decision page (review.decisions), which keeps the decision record, the required
reviews, the chief-editor step and the letter to every author."""

import pytest
from sqlalchemy import func, select

from core.extensions import db
from core.outbox import OutboxEmail
from submission.models import Manuscript, WorkflowEvent
from submission.workflow import TRANSITIONS, Action
from tests.factories import make_manuscript

DECISION_ACTIONS = {Action.ACCEPT, Action.REJECT, Action.REQUEST_REVISION, Action.DESK_REJECT}
DECISION_MOVES = [(state, action) for (state, action) in TRANSITIONS
                  if action in DECISION_ACTIONS]


def test_the_table_marks_exactly_the_decisions():
    from submission.workflow import DECISIONS

    assert set(DECISIONS) == DECISION_ACTIONS
    assert {a for (_s, a) in TRANSITIONS} >= DECISIONS


@pytest.fixture
def desk(quick_user):
    return {"editor": quick_user(roles=("editor",), name="编辑赵敏"),
            "chief": quick_user(roles=("chief_editor", "editor"), name="主编"),
            "author": quick_user(name="张伟")}


@pytest.mark.parametrize("who", ["editor", "chief"])
@pytest.mark.parametrize(("state", "action"), DECISION_MOVES,
                         ids=[f"{s.value}-{a.value}" for s, a in DECISION_MOVES])
def test_generic_move_refuses_every_decision(app, client, login, desk, state, action, who):
    with app.app_context():
        manuscript = make_manuscript(desk["author"], state=state.value,
                                     authors=[{"name": "张伟", "email": "zw@example.org"},
                                              {"name": "李娜", "email": "ln@example.org"}])
        db.session.commit()
        manuscript_id, version = manuscript.id, manuscript.version_id
    login(client, desk[who])
    response = client.post(f"/desk/manuscripts/{manuscript_id}/move", data={
        "action": action.value, "note": "决定", "expected_version": version})
    # refused: back to the manuscript's console, the message there, nothing changed
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/desk/manuscripts/{manuscript_id}")
    text = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "决定页面" in text
    assert f"/review/manuscripts/{manuscript_id}/decision" in text
    with app.app_context():
        assert db.session.get(Manuscript, manuscript_id).state == state.value
        assert db.session.scalar(select(func.count()).select_from(WorkflowEvent)) == 0
        assert db.session.scalar(select(func.count()).select_from(OutboxEmail)) == 0


@pytest.mark.parametrize(("state", "action"), DECISION_MOVES,
                         ids=[f"{s.value}-{a.value}" for s, a in DECISION_MOVES])
def test_move_service_refuses_every_decision(req_ctx, desk, state, action):
    from accounts.models import User
    from submission.services import move_manuscript
    from submission.workflow import TransitionError

    manuscript = make_manuscript(desk["author"], state=state.value)
    with pytest.raises(TransitionError, match="决定页面"):
        move_manuscript(manuscript, action, db.session.get(User, desk["chief"]), note="n")
    assert manuscript.state == state.value


def test_console_offers_no_decision_as_a_plain_move(app, client, login, desk):
    with app.app_context():
        from review.models import ReviewRound

        ids = {s: make_manuscript(desk["author"], state=s).id
               for s in ("submitted", "received", "under_review", "revision_requested")}
        for state in ("under_review", "revision_requested"):
            db.session.add(ReviewRound(manuscript_id=ids[state], number=1))
        db.session.commit()
    login(client, desk["editor"])
    for state, manuscript_id in ids.items():
        page = client.get(f"/desk/manuscripts/{manuscript_id}").get_data(as_text=True)
        offered = {a for a in DECISION_ACTIONS if f'name="action" value="{a.value}"' in page}
        assert offered == set(), state
        # ... but the way to decide is there: the decision flow's forms and pages.
        way = "desk-rejection" if state in ("submitted", "received") else "decision"
        assert f"/review/manuscripts/{manuscript_id}/{way}" in page, state
