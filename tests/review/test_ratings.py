"""Editors rate a submitted review (quality 1 to 5): the service, the form on the review page,
its bad input, who may rate, and the CSRF token."""

import re

import pytest

from core.extensions import db
from review.errors import ReviewError, ReviewInputError
from review.models import ReviewAssignment
from review.ratings import rate_review
from tests.review.conftest import from_page, refused


@pytest.fixture
def submitted(review_flow, scene):
    """Reviewer 1's submitted review (reviewer 2 is invited, not yet answering)."""
    review_flow.start()
    assignment_id = review_flow.invite(scene.reviewers[0])
    review_flow.accept(scene.reviewers[0], "rev1@example.org")
    assert review_flow.review(scene.reviewers[0], assignment_id).status_code == 302
    return assignment_id


def _rating(app, assignment_id) -> tuple:
    with app.app_context():
        a = db.session.get(ReviewAssignment, assignment_id)
        return a.quality_rating, a.rated_by_id, a.rated_at


def test_rating_again_replaces_the_rating_and_who_gave_it(app, make_user, submitted, scene):
    other_editor = make_user(roles=("editor",), name="编辑钱")
    with app.app_context():
        from accounts.models import User

        assignment = db.session.get(ReviewAssignment, submitted)
        rate_review(assignment, db.session.get(User, scene.editor), 4)
        db.session.commit()
        first_rated_at = assignment.rated_at
        rate_review(assignment, db.session.get(User, other_editor), 2)
        db.session.commit()
    quality, rated_by, rated_at = _rating(app, submitted)
    assert (quality, rated_by) == (2, other_editor) and rated_at >= first_rated_at


def test_only_a_submitted_review_and_only_1_to_5(app, review_flow, submitted, scene):
    invited = review_flow.invite(scene.reviewers[1])
    with app.app_context():
        from accounts.models import User

        editor = db.session.get(User, scene.editor)
        with pytest.raises(ReviewError):
            rate_review(db.session.get(ReviewAssignment, invited), editor, 3)
        for bad in (0, 6, -1):
            with pytest.raises(ReviewInputError):
                rate_review(db.session.get(ReviewAssignment, submitted), editor, bad)
        db.session.rollback()
    assert _rating(app, submitted) == (None, None, None)


def test_editor_rates_on_the_review_page(app, client, login, submitted, scene):
    login(client, scene.editor)
    page = f"/review/manuscripts/{scene.manuscript}"
    html = client.get(page).get_data(as_text=True)
    assert f'action="/review/assignments/{submitted}/rating"' in html and "审稿质量" in html
    assert "天后提交" in html and "按期" in html
    response = client.post(f"/review/assignments/{submitted}/rating", data={"quality": "4"})
    assert response.status_code == 302 and response.location.endswith(page)
    html = client.get(page).get_data(as_text=True)
    assert "已保存您对审稿人 1 审稿意见的评分" in html
    assert '<option value="4" selected>' in html and "编辑赵敏" in html
    assert _rating(app, submitted)[:2] == (4, scene.editor)


@pytest.mark.parametrize("value", ["0", "6", "abc", "", "4.5"])
def test_bad_ratings_get_a_message_and_change_nothing(app, client, login, submitted, scene,
                                                      value):
    login(client, scene.editor)
    client.post(f"/review/assignments/{submitted}/rating", data={"quality": "3"})
    response = client.post(f"/review/assignments/{submitted}/rating", data={"quality": value})
    html = client.get(response.location).get_data(as_text=True)
    assert "请用 1 到 5 的整数评价审稿质量" in html
    assert _rating(app, submitted)[:2] == (3, scene.editor)


def test_the_message_in_english(app, client, login, make_user, submitted):
    english_editor = make_user(roles=("editor",), name="Editor", locale="en")
    login(client, english_editor)
    response = client.post(f"/review/assignments/{submitted}/rating", data={"quality": "9"})
    html = client.get(response.location).get_data(as_text=True)
    assert "Rate the quality of the review with a whole number from 1 to 5." in html
    assert _rating(app, submitted)[0] is None


def test_a_review_not_submitted_cannot_be_rated(app, client, login, review_flow, submitted,
                                                scene):
    invited = review_flow.invite(scene.reviewers[1])
    login(client, scene.editor)
    page = f"/review/manuscripts/{scene.manuscript}"
    response = client.post(f"/review/assignments/{invited}/rating", data={"quality": "3"},
                           headers=from_page(page))
    assert "只能评价已提交的审稿意见" in refused(client, response, page)
    assert _rating(app, invited)[0] is None


def test_only_the_manuscripts_editors_rate(app, client, login, make_user, submitted, scene):
    stranger = make_user(roles=("reviewer",), name="审稿人丙")
    url = f"/review/assignments/{submitted}/rating"
    for person in (scene.author, scene.reviewers[0], scene.reviewers[1], stranger):
        login(client, person)
        assert client.post(url, data={"quality": "5"}).status_code == 404
    with client.session_transaction() as sess:
        sess.clear()
    response = client.post(url, data={"quality": "5"})
    assert response.status_code == 302 and "/account/login" in response.location
    assert _rating(app, submitted)[0] is None


def test_the_form_carries_its_csrf_token(app, client, login, submitted, scene):
    app.config["WTF_CSRF_ENABLED"] = True  # (the clean-up switches it off again)
    login(client, scene.editor)
    url = f"/review/assignments/{submitted}/rating"
    assert client.post(url, data={"quality": "5"}).status_code == 400
    assert _rating(app, submitted)[0] is None
    html = client.get(f"/review/manuscripts/{scene.manuscript}").get_data(as_text=True)
    form = re.search(rf'action="{url}".*?name="csrf_token" value="([^"]+)"', html, re.S)
    assert client.post(url, data={"quality": "5", "csrf_token": form.group(1)}).status_code == 302
    assert _rating(app, submitted)[0] == 5
