"""Deciding: the reviews side by side, the required number of reviews, letters, races."""

import pytest
from sqlalchemy import select

from core.extensions import db
from journal.models import get_journal
from review.models import Decision, ReviewRound
from submission.models import Manuscript
from tests.review.conftest import from_page, refused


def test_decision_page_shows_reviews_side_by_side(client, login, review_flow, scene):
    review_flow.two_reviews()
    login(client, scene.editor)
    html = client.get(f"/review/manuscripts/{scene.manuscript}/decision").get_data(as_text=True)
    assert "创新性" in html and "写作规范" in html
    assert "审稿人陈晓明" in html and "审稿人刘洋" in html  # the editor knows the reviewers
    assert "3.50" in html  # mean of 5 and 2 for 创新性
    assert "审稿人意见分歧" in html or "Reviewers disagree" in html  # spread 3 >= 2
    assert "可以录用" in html  # confidential comments reach the editor


def test_minor_revision_sends_the_edited_letter_with_reviewer_comments(app, client, outbox,
                                                                      review_flow, scene):
    review_flow.two_reviews()
    outbox.deliver()
    response = review_flow.decide("minor_revision")
    assert response.status_code == 302
    letters = [m for m in outbox.deliver() if "review-decision" in m["X-Kanwu-Dedupe-Key"]]
    assert {m["To"] for m in letters} == {"zhangwei@hbu.example.org", "lina@hbu.example.org"}
    body = letters[0].get_body(("plain",)).get_content()
    assert "论证充分，建议小修。" in body and "审稿人陈晓明" not in body
    assert "可以录用" not in body  # confidential comments stay with the editor
    with app.app_context():
        manuscript = db.session.get(Manuscript, scene.manuscript)
        assert manuscript.state == "revision_requested"
        review_round = db.session.scalar(select(ReviewRound))
        assert review_round.decision == "minor_revision" and review_round.revision_due_at
    outcome = [m for m in outbox.messages if "review-outcome" in m["X-Kanwu-Dedupe-Key"]]
    assert outcome == []  # the reviewers are told only when the journal says so (test_outcome)


def test_too_few_reviews_needs_a_reason(app, client, login, review_flow, scene):
    review_flow.start()
    login(client, scene.editor)
    letter_page = f"/review/manuscripts/{scene.manuscript}/decision/letter"
    response = client.post(f"/review/manuscripts/{scene.manuscript}/decision/send", data={
        "verdict": "reject", "letter_subject": "s", "letter_body": "b"},
        headers=from_page(letter_page))
    assert "理由" in refused(client, response, letter_page)  # (the decision page again)
    with app.app_context():
        assert db.session.get(Manuscript, scene.manuscript).state == "under_review"
    assert review_flow.decide("reject", override_reason="明显超出本刊范围").status_code == 302
    with app.app_context():
        assert db.session.get(Manuscript, scene.manuscript).state == "rejected"
        assert db.session.scalar(select(Decision.override_reason)) == "明显超出本刊范围"


def test_decision_from_the_wrong_state_is_refused(app, client, login, review_flow, scene):
    review_flow.two_reviews()
    assert review_flow.decide("accept").status_code == 302
    login(client, scene.editor)
    response = client.post(f"/review/manuscripts/{scene.manuscript}/decision/send", data={
        "verdict": "reject", "letter_subject": "s", "letter_body": "b"})
    assert response.status_code == 303  # refused: back with the reason
    with app.app_context():
        assert db.session.get(Manuscript, scene.manuscript).state == "accepted"


def test_two_editors_deciding_at_once_one_wins(app, client, login, make_user, review_flow, scene):
    review_flow.two_reviews()
    with app.app_context():
        version = db.session.get(Manuscript, scene.manuscript).version_id
    other = make_user(email="editor2@example.org", roles=("editor",))
    data = {"letter_subject": "决定", "letter_body": "正文", "version": str(version)}
    login(client, scene.editor)
    first = client.post(f"/review/manuscripts/{scene.manuscript}/decision/send",
                        data=dict(data, verdict="accept"))
    login(client, other)
    second = client.post(f"/review/manuscripts/{scene.manuscript}/decision/send",
                         data=dict(data, verdict="reject"))
    assert first.status_code == 302 and second.status_code == 303  # the second is refused
    assert "已被他人修改" in client.get(second.headers["Location"],
                                  follow_redirects=True).get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Manuscript, scene.manuscript).state == "accepted"
        assert len(db.session.scalars(select(Decision)).all()) == 1


@pytest.mark.services
def test_concurrent_flush_of_two_decisions_one_wins(app, review_flow, scene):
    """Two sessions load the same manuscript; the second flush hits the version lock."""
    review_flow.two_reviews()
    from accounts.models import User
    from review.decisions import decide
    from submission.workflow import StaleManuscriptError

    with app.test_request_context():
        from sqlalchemy.orm import Session

        other_session = Session(db.engine)
        theirs = other_session.get(Manuscript, scene.manuscript)
        theirs.title_zh = theirs.title_zh + "（修订）"
        editor = db.session.get(User, scene.editor)
        manuscript = db.session.get(Manuscript, scene.manuscript)
        other_session.commit()
        other_session.close()
        with pytest.raises(StaleManuscriptError):
            decide(manuscript, editor, verdict="accept", letter_subject="s", letter_body="b")


def test_acceptance_sends_the_notice_pdf_listing_all_authors(app, client, login, outbox,
                                                            review_flow, scene):
    review_flow.two_reviews()
    assert review_flow.decide("accept").status_code == 302
    letters = [m for m in outbox.deliver() if "review-decision" in m["X-Kanwu-Dedupe-Key"]]
    attachment = next(letters[0].iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    import io

    from pypdf import PdfReader

    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(attachment.get_content())).pages)
    assert "张伟" in text and "李娜" in text and "录用通知" in text.replace(" ", "")
    login(client, scene.author)
    response = client.get(f"/review/manuscripts/{scene.manuscript}/acceptance.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")


def test_chief_editor_step_section_editor_recommends_chief_decides(app, client, login, outbox,
                                                                   make_user, review_flow, scene):
    review_flow.two_reviews()
    chief = make_user(email="chief@example.org", roles=("chief_editor", "editor"), name="主编")
    with app.app_context():
        get_journal().chief_editor_step = True
        db.session.commit()
    login(client, scene.editor)
    refused = client.post(f"/review/manuscripts/{scene.manuscript}/decision/letter",
                          data={"verdict": "accept"})
    assert refused.status_code == 404
    response = client.post(f"/review/manuscripts/{scene.manuscript}/recommend",
                           data={"verdict": "accept", "note": "两位专家均认可"})
    assert response.status_code == 302
    mails = [m for m in outbox.deliver() if m["To"] == "chief@example.org"]
    assert mails and "两位专家均认可" in mails[0].get_body(("plain",)).get_content()
    login(client, chief)
    html = client.get(f"/review/manuscripts/{scene.manuscript}/decision").get_data(as_text=True)
    assert "两位专家均认可" in html
    from tests.review.conftest import Scene

    review_flow_chief = review_flow
    scene_backup = scene.editor
    scene.editor = chief
    try:
        assert review_flow_chief.decide("accept").status_code == 302
    finally:
        scene.editor = scene_backup
    with app.app_context():
        assert db.session.get(Manuscript, scene.manuscript).state == "accepted"
    assert Scene


def test_letter_templates_are_editable(app, client, login, review_flow, scene):
    review_flow.two_reviews()
    login(client, scene.editor)
    page = client.get("/review/letter-templates/minor_revision")
    assert page.status_code == 200
    client.post("/review/letter-templates/minor_revision", data={
        "subject_zh": "退修：{{ number }}", "body_zh": "{{ authors }}：请修改。{{ reviews }}",
        "subject_en": "Revise {{ number }}", "body_en": "Dear {{ authors }}"})
    letter = client.post(f"/review/manuscripts/{scene.manuscript}/decision/letter",
                         data={"verdict": "minor_revision"}).get_data(as_text=True)
    assert "张伟、李娜：请修改。" in letter and "退修：HBKJTY" in letter
