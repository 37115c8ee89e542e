"""The review form: drafts, validation, submit-and-lock, races, other people's assignments."""

from datetime import timedelta

import pytest
import time_machine

from core.clock import utcnow
from core.extensions import db
from journal.models import get_journal
from review.models import ReviewAssignment
from tests.review.conftest import refused


@pytest.fixture
def accepted(review_flow, scene):
    review_flow.start()
    assignment_id = review_flow.invite(scene.reviewers[0])
    review_flow.accept(scene.reviewers[0], "rev1@example.org")
    return assignment_id


def _get(app, assignment_id) -> ReviewAssignment:
    with app.app_context():
        a = db.session.get(ReviewAssignment, assignment_id)
        db.session.expunge(a)
        return a


def test_form_shows_rubric_and_anonymised_file(client, login, accepted, scene):
    login(client, scene.reviewers[0])
    html = client.get(f"/review/assignments/{accepted}").get_data(as_text=True)
    for name in ("创新性", "科学性", "学术价值", "写作规范"):
        assert name in html
    assert "-R1.docx" in html and "加权总分" in html


def test_save_draft_without_js_keeps_everything(app, client, login, accepted, scene):
    login(client, scene.reviewers[0])
    response = client.post(f"/review/assignments/{accepted}", data={
        "score-c1": "4", "score-c2": "5", "comments_to_author": "草稿意见", "action": "save"})
    assert response.status_code == 302
    a = _get(app, accepted)
    assert a.scores == {"c1": 4, "c2": 5} and a.comments_to_author == "草稿意见"
    assert a.state == "accepted" and a.weighted_total is None


def test_out_of_range_score_is_refused_and_the_rest_kept(app, client, login, accepted, scene):
    login(client, scene.reviewers[0])
    response = client.post(f"/review/assignments/{accepted}", data={
        "score-c1": "9", "score-c2": "3", "comments_to_author": "意见", "action": "save"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "必须是 1 到 5 之间的整数" in html
    a = _get(app, accepted)
    assert a.scores == {"c2": 3} and a.comments_to_author == "意见"


def test_submit_with_a_missing_criterion_is_refused(app, review_flow, accepted, scene):
    response = review_flow.review(scene.reviewers[0], accepted, scores=(4, 4, 4))
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "请为“写作规范”打分" in html
    a = _get(app, accepted)
    assert a.state == "accepted" and a.comments_to_author == "论证充分，建议小修。"


def test_submit_locks_double_submit_and_edit_are_refused(app, client, login, outbox,
                                                        review_flow, accepted, scene):
    assert review_flow.review(scene.reviewers[0], accepted).status_code == 302
    a = _get(app, accepted)
    assert a.state == "submitted" and a.weighted_total == 80.0
    page = f"/review/assignments/{accepted}"
    again = review_flow.review(scene.reviewers[0], accepted, text="第二次")
    assert "已提交，不能再修改" in refused(client, again, page)
    edit = client.post(page, data={"comments_to_author": "改了", "action": "save"})
    assert "已提交，不能再修改" in refused(client, edit, page)
    assert _get(app, accepted).comments_to_author == "论证充分，建议小修。"
    thanks = [m for m in outbox.deliver() if "review-thanks" in m["X-Kanwu-Dedupe-Key"]]
    body = thanks[0].get_body(("plain",)).get_content()
    assert len(thanks) == 1 and "/review/work/" in body and "to=certificate" in body
    login(client, scene.reviewers[0])
    certificate = client.get(f"/review/assignments/{accepted}/certificate.pdf")
    assert certificate.status_code == 200 and certificate.data.startswith(b"%PDF")


def test_autosave_json_and_autosave_after_submit_loses_nothing(app, client, login, review_flow,
                                                               accepted, scene):
    login(client, scene.reviewers[0])
    url = f"/review/assignments/{accepted}/autosave"
    saved = client.post(url, json={"scores": {"c1": "5", "c2": "5", "c3": "5", "c4": "5"},
                                   "recommendation": "accept", "comments_to_author": "自动保存"})
    assert saved.status_code == 200 and saved.get_json()["total"] == 100.0
    assert review_flow.review(scene.reviewers[0], accepted, text="最终意见").status_code == 302
    late = client.post(url, json={"comments_to_author": "迟到的自动保存"})
    assert late.status_code == 409 and "已提交" in late.get_json()["error"]
    assert _get(app, accepted).comments_to_author == "最终意见"


def test_autosave_racing_with_submit_keeps_the_submitted_text(app, accepted, scene):
    """The submit commits first; a save computed on the stale, still-accepted copy fails."""
    from review.errors import ReviewError
    from review.reviewing import _write, submit_review

    with app.test_request_context():
        stale = db.session.get(ReviewAssignment, accepted)  # loaded before the submit
        data = {"scores": {"c1": 4, "c2": 4, "c3": 4, "c4": 4}, "recommendation": "accept",
                "comments_to_author": "提交的意见"}
        submit_review(db.session.get(ReviewAssignment, accepted), data)
        db.session.commit()
        with pytest.raises(ReviewError):
            _write(stale, {"comments_to_author": "自动保存"})
        db.session.rollback()
        assert db.session.get(ReviewAssignment, accepted).comments_to_author == "提交的意见"


def test_another_reviewers_assignment_is_404(client, login, accepted, scene):
    login(client, scene.reviewers[1])
    assert client.get(f"/review/assignments/{accepted}").status_code == 404
    assert client.post(f"/review/assignments/{accepted}/autosave", json={}).status_code == 404
    assert client.get(f"/review/assignments/{accepted}/certificate.pdf").status_code == 404
    login(client, scene.author)
    assert client.get(f"/review/assignments/{accepted}").status_code == 404


def test_hard_lock_after_the_due_date(app, client, login, accepted, scene):
    with app.app_context():
        get_journal().review_hard_lock = True
        db.session.commit()
    login(client, scene.reviewers[0])
    page = f"/review/assignments/{accepted}"
    with time_machine.travel(utcnow() + timedelta(days=30), tick=False):  # due after 28 days
        response = client.post(page, data={"comments_to_author": "太晚了", "action": "save"})
        assert "已锁定" in refused(client, response, page)
    assert _get(app, accepted).comments_to_author != "太晚了"


def test_annotated_file_is_checked_by_content_and_stripped(app, client, login, accepted, scene):
    import io

    from tests.review.conftest import make_pdf

    login(client, scene.reviewers[0])
    bad = client.post(f"/review/assignments/{accepted}", data={
        "action": "save", "annotated": (io.BytesIO(b"MZ not a pdf"), "notes.pdf")},
        content_type="multipart/form-data")
    assert "必须是 PDF 或 Word" in bad.get_data(as_text=True)
    client.post(f"/review/assignments/{accepted}", data={
        "action": "save", "annotated": (io.BytesIO(make_pdf("审稿人陈晓明")), "notes.pdf")},
        content_type="multipart/form-data")
    from submission.storage import read_bytes

    a = _get(app, accepted)
    with app.app_context():
        assert "审稿人陈晓明".encode("utf-16-be") not in read_bytes(a.annotated_sha256)
        assert b"/Author" not in read_bytes(a.annotated_sha256)
