"""The review settings in the admin's journal settings: each one saved, bad values refused
with a clear message and nothing saved, and only admins may change them."""

import pytest

from journal.models import get_journal

GOOD = {"review_mode": "open", "response_due_days": "5", "review_due_days": "30",
        "revision_due_days": "45", "reminder_days_before": "7，2, 3",
        "reminder_days_after": "1,14", "required_reviews": "3", "chief_editor_step": "y",
        "tell_reviewers_outcome": "", "review_hard_lock": "y"}
SAVED = {"review_mode": "open", "response_due_days": 5, "review_due_days": 30,
         "revision_due_days": 45, "reminder_days_before": "2,3,7",
         "reminder_days_after": "1,14", "required_reviews": 3, "chief_editor_step": True,
         "tell_reviewers_outcome": False, "review_hard_lock": True}


def _settings(app) -> dict:
    with app.app_context():
        journal = get_journal()
        return {name: getattr(journal, name) for name in SAVED}


@pytest.fixture
def admin(client, make_user, login):
    login(client, make_user(email="admin@example.org", roles=("admin",)))
    return client


def test_the_settings_page_shows_every_review_setting(admin):
    html = admin.get("/admin/journal").get_data(as_text=True)
    for name in SAVED:
        assert f'name="{name}"' in html, name
    assert "主编终审" in html


def test_admin_saves_every_review_setting(app, admin):
    response = admin.post("/admin/journal/review", data=GOOD)
    assert response.status_code == 302
    assert _settings(app) == SAVED
    assert "外审设置已保存" in admin.get(response.location).get_data(as_text=True)
    # And back: a checkbox left out turns the step off.
    admin.post("/admin/journal/review", data=GOOD | {"chief_editor_step": "",
                                                     "reminder_days_before": ""})
    assert _settings(app) | {"chief_editor_step": True, "reminder_days_before": "2,3,7"} == SAVED
    assert _settings(app)["reminder_days_before"] == ""


@pytest.mark.parametrize(("field", "value", "message"), [
    ("required_reviews", "0", "1 到 10"),
    ("required_reviews", "11", "1 到 10"),
    ("required_reviews", "two", "整数"),
    ("response_due_days", "0", "1 到 60"),
    ("review_due_days", "400", "1 到 180"),
    ("revision_due_days", "-3", "1 到 365"),
    ("reminder_days_before", "3, x", "逗号"),
    ("reminder_days_after", "99", "1 到 60"),
    ("review_mode", "secret", "选择"),
])
def test_bad_review_settings_are_explained_and_nothing_is_saved(app, admin, field, value,
                                                                message):
    before = _settings(app)
    response = admin.post("/admin/journal/review", data=GOOD | {field: value})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert message in html
    assert f'value="{value}"' in html or field == "review_mode"  # the input is kept
    assert _settings(app) == before


def test_only_admins_change_review_settings(app, client, make_user, login):
    for roles in (("editor",), ("chief_editor", "editor"), ("author",)):
        login(client, make_user(roles=roles))
        assert client.post("/admin/journal/review", data=GOOD).status_code == 403
    assert _settings(app)["required_reviews"] == 2


def test_the_saved_settings_take_effect(app, admin, make_user, login, client):
    """Required reviews and the chief-editor step are what the decision flow reads."""
    from review.decisions import summary
    from review.models import ReviewRound
    from tests.factories import make_manuscript

    admin.post("/admin/journal/review", data=GOOD)
    editor = make_user(roles=("editor",))
    with app.app_context():
        from accounts.models import User
        from accounts.policy import can
        from core.extensions import db

        author = make_user(email="a@example.org")
        manuscript = make_manuscript(author, state="under_review")
        review_round = ReviewRound(manuscript_id=manuscript.id, number=1)
        db.session.add(review_round)
        db.session.flush()
        assert summary(review_round).required == 3
        assert not can(db.session.get(User, editor), "review.decide", manuscript)
