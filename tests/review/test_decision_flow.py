"""The one decision flow: desk rejection (初审) and decisions after review are recorded, written
to every author, and end every open invitation and review with a short notice."""

import pytest
from sqlalchemy import func, select

from core.extensions import db
from review.models import Decision, DecisionKind, ReviewAssignment, ReviewFile
from submission.models import Manuscript, WorkflowEvent

AUTHOR_ADDRESSES = {"zhangwei@hbu.example.org", "lina@hbu.example.org"}


def _state(app, manuscript_id) -> str:
    with app.app_context():
        return db.session.get(Manuscript, manuscript_id).state


def _version(app, manuscript_id) -> int:
    with app.app_context():
        return db.session.get(Manuscript, manuscript_id).version_id


def _desk_reject(client, app, manuscript_id, letter="稿件主题超出本刊范围，建议改投。"):
    return client.post(f"/review/manuscripts/{manuscript_id}/desk-rejection", data={
        "letter": letter, "version": _version(app, manuscript_id)})


@pytest.mark.parametrize("state", ["submitted", "received"])
def test_desk_rejection_is_a_recorded_decision_with_a_letter_to_every_author(
        app, client, login, outbox, scene, state):
    with app.app_context():
        db.session.get(Manuscript, scene.manuscript).state = state
        db.session.commit()
    outbox.deliver()
    login(client, scene.editor)
    page = client.get(f"/review/manuscripts/{scene.manuscript}/decision")
    assert page.status_code == 200 and "desk-rejection-form" in page.get_data(as_text=True)
    response = _desk_reject(client, app, scene.manuscript)
    assert response.status_code == 302
    assert _state(app, scene.manuscript) == "rejected"
    with app.app_context():
        decision = db.session.scalar(select(Decision))
        assert (decision.kind, decision.verdict, decision.manuscript_id, decision.round_id,
                decision.actor_id) == (DecisionKind.DESK_REJECTION, "reject", scene.manuscript,
                                       None, scene.editor)
        assert "超出本刊范围" in decision.letter_body
    letters = [m for m in outbox.deliver() if "稿件主题超出本刊范围" in
               m.get_body(("plain",)).get_content()]
    assert {m["To"] for m in letters} == AUTHOR_ADDRESSES  # the co-author too


def test_desk_rejection_refuses_an_empty_letter_a_second_post_and_an_author(
        app, client, login, outbox, scene):
    login(client, scene.editor)
    empty = _desk_reject(client, app, scene.manuscript, letter="  ")
    assert empty.status_code == 400 and "desk-rejection-form" in empty.get_data(as_text=True)
    assert _state(app, scene.manuscript) == "received"
    login(client, scene.author)
    assert _desk_reject(client, app, scene.manuscript).status_code == 404
    assert _state(app, scene.manuscript) == "received"
    login(client, scene.editor)
    stale = _version(app, scene.manuscript)
    assert _desk_reject(client, app, scene.manuscript).status_code == 302
    twice = client.post(f"/review/manuscripts/{scene.manuscript}/desk-rejection",
                        data={"letter": "再退一次", "version": stale})
    assert twice.status_code == 303  # refused: back to the form with the reason
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Decision)) == 1
        assert db.session.scalar(select(func.count()).select_from(WorkflowEvent)) == 1


def test_a_decision_closes_every_open_assignment_with_a_short_notice(
        app, client, login, outbox, review_flow, scene, make_user):
    """One reviewer only invited, one accepted but not done: the decision ends both."""
    review_flow.start()
    invited = review_flow.invite(scene.reviewers[0])
    accepted = review_flow.invite(scene.reviewers[1])
    review_flow.accept(scene.reviewers[1], "rev2@example.org")
    old_accept, _decline = review_flow.invitation_links("rev1@example.org")
    outbox.deliver()
    sent_before = len(outbox.messages)
    assert review_flow.decide("reject", override_reason="超出范围").status_code == 302
    with app.app_context():
        states = {a.id: a.state for a in db.session.scalars(select(ReviewAssignment))}
        file_id = db.session.scalar(select(ReviewFile.id))
    assert states == {invited: "cancelled", accepted: "cancelled"}
    notices = [m for m in outbox.deliver()[sent_before:]
               if "review-closed" in m["X-Kanwu-Dedupe-Key"]]
    assert {m["To"] for m in notices} == {"rev1@example.org", "rev2@example.org"}
    zh = next(m for m in notices if m["To"] == "rev1@example.org")
    en = next(m for m in notices if m["To"] == "rev2@example.org")
    assert "作出处理决定" in zh.get_body(("plain",)).get_content()
    assert "reached a decision" in en.get_body(("plain",)).get_content()
    assert not [m for m in outbox.messages[sent_before:]
                if "review-cancelled" in m["X-Kanwu-Dedupe-Key"]]  # not the generic one
    # The invitation link is dead and the closed reviewer has no more access to the file.
    assert client.get(old_accept).status_code == 410
    login(client, scene.reviewers[1])
    assert client.get(f"/review/assignments/{accepted}/files/{file_id}").status_code == 404
    assert client.get(f"/review/assignments/{accepted}").status_code == 404


def test_a_manuscript_awaiting_revision_is_rejected_through_the_decision_page(
        app, client, login, outbox, review_flow, scene):
    review_flow.two_reviews()
    assert review_flow.decide("major_revision").status_code == 302
    login(client, scene.editor)
    page = client.get(f"/review/manuscripts/{scene.manuscript}/decision").get_data(as_text=True)
    assert 'value="reject"' in page and 'value="accept"' not in page
    outbox.deliver()
    sent_before = len(outbox.messages)
    assert review_flow.decide("reject").status_code == 302
    assert _state(app, scene.manuscript) == "rejected"
    letters = [m for m in outbox.deliver()[sent_before:]
               if "review-decision" in m["X-Kanwu-Dedupe-Key"]]
    assert {m["To"] for m in letters} == AUTHOR_ADDRESSES
    with app.app_context():
        kinds = list(db.session.scalars(select(Decision.verdict).order_by(Decision.id)))
    assert kinds == ["major_revision", "reject"]


def test_the_decision_service_keeps_its_safeguards(app, review_flow, scene, make_user):
    """Called directly (as any future caller would): the chief-editor step, the required
    reviews and the letter are checked by the service itself, not only by its pages."""
    from werkzeug.exceptions import NotFound

    from accounts.models import User
    from journal.models import get_journal
    from review.decisions import decide
    from review.errors import ReviewError

    review_flow.start()
    chief = make_user(email="chief@example.org", roles=("chief_editor", "editor"))
    with app.test_request_context("/"):
        manuscript = db.session.get(Manuscript, scene.manuscript)
        editor, chief = db.session.get(User, scene.editor), db.session.get(User, chief)
        letter = {"letter_subject": "决定", "letter_body": "正文"}
        get_journal().chief_editor_step = True
        with pytest.raises(NotFound):
            decide(manuscript, editor, verdict="accept", override_reason="急稿", **letter)
        with pytest.raises(ReviewError, match="理由"):
            decide(manuscript, chief, verdict="accept", **letter)
        with pytest.raises(ReviewError):
            decide(manuscript, chief, verdict="accept", override_reason="急稿",
                   letter_subject=" ", letter_body="正文")
        assert manuscript.state == "under_review"
        assert db.session.scalar(select(func.count()).select_from(Decision)) == 0
        decide(manuscript, chief, verdict="accept", override_reason="急稿", **letter)
        assert manuscript.state == "accepted"


def test_a_withdrawal_under_review_ends_every_open_assignment(app, outbox, review_flow, scene):
    from accounts.models import User
    from submission.services import withdraw_manuscript

    review_flow.start()
    invited = review_flow.invite(scene.reviewers[0])
    outbox.deliver()
    sent_before = len(outbox.messages)
    with app.test_request_context("/"):
        manuscript = db.session.get(Manuscript, scene.manuscript)
        withdraw_manuscript(manuscript, db.session.get(User, scene.author), "另投他刊")
        db.session.commit()
        assert db.session.get(ReviewAssignment, invited).state == "cancelled"
    mails = [m for m in outbox.deliver()[sent_before:] if m["To"] == "rev1@example.org"]
    assert [m["X-Kanwu-Dedupe-Key"].split(":")[0] for m in mails] == ["review-cancelled"]
    notices = [m for m in outbox.messages[sent_before:]
               if m["X-Kanwu-Dedupe-Key"].startswith("review-withdrawn")]
    assert [m["To"] for m in notices] == ["editor@example.org"]  # the round's editor only
    assert "另投他刊" in notices[0].get_body(("plain",)).get_content()
