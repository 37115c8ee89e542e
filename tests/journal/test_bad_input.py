"""Bad input is answered, never a 500: ids beyond what a column holds, malformed query-string
ids, autosave bodies of the wrong JSON type, and several submits of one draft at once."""

import threading

import pytest
from sqlalchemy import func, select

from accounts.models import User, session_id
from core.extensions import db
from core.outbox import OutboxEmail
from submission.models import Manuscript
from tests.factories import make_manuscript
from tests.submission.helpers import ready_draft

HUGE = [str(n) for n in (2**31, 2**63, 2**63 + 1, 2**64, 10**30)] + ["9" * 5000]


@pytest.fixture
def editor(quick_user):
    return quick_user(roles=("editor",), email="editor@example.org")


@pytest.fixture
def author(quick_user):
    return quick_user(email="zhangwei@example.org", name="张伟")


@pytest.mark.parametrize("number", HUGE, ids=lambda n: f"{len(n)}-digits")
def test_ids_beyond_a_column_are_404(app, client, login, editor, number):
    login(client, editor)
    for url in (f"/manuscripts/{number}", f"/desk/manuscripts/{number}",
                f"/manuscripts/{number}/files/{number}", f"/review/manuscripts/{number}",
                f"/admin/columns/{number}", f"/editor/issues/{number}"):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/desk/manuscripts/{number}/move").status_code == 404


def test_the_largest_id_a_column_holds_is_still_looked_up(app, client, login, editor):
    login(client, editor)
    assert client.get(f"/manuscripts/{2**31 - 1}").status_code == 404  # looked up, not there


@pytest.mark.parametrize("value", ["99999999999999999999999", str(2**31), "²", "١٢", "-1",
                                   "1e3", "0x10", "\u0000", "9" * 5000])
def test_malformed_desk_filter_ids_are_ignored(app, client, login, editor, value):
    login(client, editor)
    for name in ("before", "year", "column"):
        response = client.get("/desk/", query_string={"queue": "closed", name: value})
        assert response.status_code == 200, (name, value)


@pytest.fixture
def accepted_assignment(app, quick_user, author):
    """An accepted review assignment with a draft already saved."""
    from datetime import timedelta

    from core.clock import utcnow
    from review.models import AssignmentState, ReviewAssignment, ReviewRound
    from review.rubric import criteria_for_column, freeze

    reviewer = quick_user(roles=("reviewer",), email="rev@example.org")
    with app.app_context():
        manuscript = make_manuscript(author, state="under_review")
        rubric = freeze(criteria_for_column(None))
        review_round = ReviewRound(manuscript=manuscript, number=1, rubric=rubric)
        assignment = ReviewAssignment(
            round=review_round, reviewer_id=reviewer, state=AssignmentState.ACCEPTED.value,
            response_due_at=utcnow() + timedelta(days=7),
            review_due_at=utcnow() + timedelta(days=30),
            comments_to_author="已写好的意见")
        db.session.add(review_round)
        db.session.commit()
        return reviewer, assignment.id, rubric[0]["key"]


@pytest.mark.parametrize("body", [
    [], [1, 2], "text", 42, None, True,
    {"scores": "5"}, {"scores": [5]}, {"scores": {"KEY": {"a": 1}}}, {"scores": {"KEY": [4]}},
    {"scores": {"KEY": True}}, {"recommendation": ["accept"]}, {"recommendation": {"a": 1}},
    {"comments_to_author": 5}, {"comments_to_author": {"x": "y"}}, {"comments_to_editor": []},
], ids=repr)
def test_autosave_of_the_wrong_json_type_is_400_and_keeps_the_draft(
        app, client, login, accepted_assignment, body):
    import json

    reviewer, assignment_id, key = accepted_assignment
    if isinstance(body, dict) and isinstance(body.get("scores"), dict):
        body = {"scores": {key: body["scores"]["KEY"]}}
    login(client, reviewer)
    response = client.post(f"/review/assignments/{assignment_id}/autosave",
                           data=json.dumps(body), content_type="application/json")
    assert response.status_code == 400
    assert "未保存" in response.get_json()["error"]
    from review.models import ReviewAssignment

    with app.app_context():
        assert db.session.get(ReviewAssignment, assignment_id).comments_to_author == "已写好的意见"


@pytest.mark.parametrize("raw", [b"{", b"\xff\xfe{}", b"{\"scores\": NaN", b"", b"nul"])
def test_malformed_autosave_json_is_400_in_english_too(app, client, login,
                                                       accepted_assignment, raw):
    reviewer, assignment_id, _key = accepted_assignment
    login(client, reviewer)
    response = client.post(f"/review/assignments/{assignment_id}/autosave?lang=en", data=raw,
                           content_type="application/json")
    assert response.status_code == 400
    assert "saved" in response.get_json()["error"]


@pytest.mark.parametrize("body", ["[1]", "\"rules\"", "42", "{"])
def test_a_json_body_that_is_not_an_object_is_400_on_form_pages(app, client, login, editor,
                                                                body):
    login(client, editor)
    for url in ("/admin/rules", "/account/login", "/account/profile", "/submit"):
        response = client.post(url, data=body, content_type="application/json")
        assert response.status_code == 400, url
        assert "未保存" in response.get_json()["error"]


def test_a_well_formed_autosave_still_saves(app, client, login, accepted_assignment):
    reviewer, assignment_id, key = accepted_assignment
    login(client, reviewer)
    response = client.post(f"/review/assignments/{assignment_id}/autosave", json={
        "scores": {key: "4"}, "recommendation": None, "comments_to_author": "新意见"})
    assert response.status_code == 200 and response.get_json()["saved"] is True


def _submit_at_once(app, manuscript_id: int, author_id: int, count: int) -> list:
    """`count` clients, each its own session and connection, post submit at the same time."""
    barrier = threading.Barrier(count)
    results: list = [None] * count
    version = db.session.get(Manuscript, manuscript_id).version_id
    signed_in = session_id(db.session.get(User, author_id))

    def post(i: int) -> None:
        client = app.test_client()
        with client.session_transaction() as sess:
            sess["_user_id"] = signed_in
            sess["_fresh"] = True
        barrier.wait()
        try:
            response = client.post(f"/manuscripts/{manuscript_id}/submit",
                                   data={"expected_version": version})
            page = client.get(f"/manuscripts/{manuscript_id}").get_data(as_text=True)
            results[i] = (response.status_code, response.headers.get("Location", ""), page)
        except Exception as exc:  # collected and asserted by the caller
            results[i] = exc

    threads = [threading.Thread(target=post, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def _assert_one_submission(app, manuscript_id: int, results: list) -> None:
    assert not [r for r in results if isinstance(r, Exception)], results
    assert all(r[0] in (302, 303) and r[1].endswith(f"/manuscripts/{manuscript_id}")
               for r in results), [r[:2] for r in results]
    thanked = [r for r in results if "投稿成功" in r[2]]
    already = [r for r in results if "已经提交。" in r[2] and r[0] == 303]
    assert len(thanked) == 1 and len(already) == len(results) - 1
    with app.app_context():
        manuscript = db.session.get(Manuscript, manuscript_id)
        assert manuscript.state == "submitted" and manuscript.number.endswith("-0001")
        assert db.session.scalar(select(func.count(Manuscript.id))
                                 .where(Manuscript.number.is_not(None))) == 1
        # one acknowledgement per author (three authors), not one per request
        assert db.session.scalar(select(func.count(OutboxEmail.id))) == 3


def test_simultaneous_submits_of_one_draft_on_this_database(app, author):
    with app.test_request_context("/"):
        manuscript_id = ready_draft(author).id
        db.session.commit()
        results = _submit_at_once(app, manuscript_id, author, 3)
    _assert_one_submission(app, manuscript_id, results)


@pytest.mark.services
def test_simultaneous_submits_of_one_draft_on_postgresql(app, author):
    from tests.conftest import need_service

    with app.app_context():
        need_service("PostgreSQL", db.engine.dialect.name == "postgresql",
                     "set KANWU_TEST_DATABASE_URL")
    with app.test_request_context("/"):
        manuscript_id = ready_draft(author).id
        db.session.commit()
        results = _submit_at_once(app, manuscript_id, author, 6)
    _assert_one_submission(app, manuscript_id, results)


@pytest.mark.parametrize("value", ["abc", "99999999999999999999999", str(2**31), "-3", "1.5"])
def test_malformed_ids_in_forms_are_not_found(app, client, login, value):
    from tests.journal.world import build_world

    with app.test_request_context("/"):
        world = build_world()
    login(client, world.users["editor"])
    invite = client.post(f"/review/manuscripts/{world.main}/invite", data={"reviewer_id": value})
    assert invite.status_code == 404
    issue_page = f"/editor/issues/{world.issue}"
    schedule = client.post(f"{issue_page}/schedule", data={"manuscript_id": value},
                           headers={"Referer": f"http://localhost{issue_page}"})
    assert schedule.status_code == 303 and schedule.location == issue_page  # back to the issue
    assert "请选择一篇已录用的稿件。" in client.get(issue_page).get_data(as_text=True)
    other = client.post(f"/editor/manuscripts/{world.accepted}/schedule", data={"issue_id": value})
    assert other.status_code == 404


@pytest.mark.parametrize("version", ["abc", "", "1.0", "9" * 5000])
def test_a_version_field_that_is_not_a_number_is_a_stale_form(app, client, login, version):
    from tests.journal.world import build_world

    with app.test_request_context("/"):
        world = build_world()
        received = make_manuscript(world.users["submitter"], state="received").id
        db.session.commit()
    login(client, world.users["editor"])
    response = client.post(f"/review/manuscripts/{received}/start", data={"version": version})
    assert response.status_code == 303  # refused as a stale form: back, with the reason
    with app.app_context():
        assert db.session.get(Manuscript, received).state == "received"
    login(client, world.users["submitter"])
    response = client.post(f"/manuscripts/{world.draft}/submit",
                           data={"expected_version": version})
    # a stale form is refused back with its reason (303); an empty one is a form error that
    # sends the author back to the review step (302)
    assert response.status_code in (302, 303)
    with app.app_context():
        assert db.session.get(Manuscript, world.draft).state == "draft"


@pytest.mark.parametrize("verdict", ["<script>", "ACCEPT", "publish", ""])
def test_an_unknown_verdict_is_a_form_error_not_a_crash(app, client, login, verdict):
    from tests.journal.world import build_world

    with app.test_request_context("/"):
        world = build_world()
    login(client, world.users["editor"])
    response = client.post(f"/review/manuscripts/{world.main}/decision/send", data={
        "verdict": verdict, "letter_subject": "决定", "letter_body": "正文"})
    assert response.status_code == 400
    with app.app_context():
        assert db.session.get(Manuscript, world.main).state == "under_review"


def test_nul_characters_never_reach_a_view(app, client, login, accepted_assignment):
    """No person types NUL, and PostgreSQL refuses text containing it: removed from query
    strings, forms and JSON, and a URL segment with one names nothing (404)."""
    from accounts.models import User
    from review.models import ReviewAssignment
    from tests.journal.world import build_world

    reviewer, assignment_id, key = accepted_assignment
    with app.test_request_context("/"):
        world = build_world()
    login(client, world.users["editor"])
    assert client.get("/desk/?q=%E5%BC%A0%00%E4%BC%9F").status_code == 200
    assert client.get(f"/review/manuscripts/{world.main}?q=a%00b").status_code == 200
    assert client.get("/search?q=a%00b").status_code == 200
    assert client.get("/pages/aims%00").status_code == 404
    assert client.get("/static/css/kanwu.css%00").status_code == 404
    response = client.post("/account/profile", data={"name": "赵\x00敏", "locale": "zh_CN"})
    assert response.status_code == 302
    login(client, reviewer)
    response = client.post(f"/review/assignments/{assignment_id}/autosave",
                           json={"comments_to_author": "意见\x00", "scores": {key: "4"}})
    assert response.status_code == 200
    with app.app_context():
        assert db.session.get(User, world.users["editor"]).name == "赵敏"
        assert db.session.get(ReviewAssignment, assignment_id).comments_to_author == "意见"
