"""Each person lands on their own work after login, and the static pages learn who is signed in."""

from datetime import timedelta

from accounts.models import User
from core.clock import utcnow
from core.extensions import db
from review.models import ReviewAssignment, ReviewRound
from review.rubric import criteria_for_column, freeze
from submission.models import Manuscript, WorkflowEvent
from tests.conftest import PASSWORD
from tests.factories import make_manuscript


def log_in(client, email, next_path=None):
    url = "/account/login" + (f"?next={next_path}" if next_path else "")
    return client.post(url, data={"email": email, "password": PASSWORD})


def test_each_role_lands_on_its_own_page(client, make_user):
    make_user(email="a@example.org", roles=("author",))
    make_user(email="e@example.org", roles=("editor",))
    make_user(email="r@example.org", roles=("reviewer",))
    make_user(email="x@example.org", roles=("admin",))
    for email, home in [("a@example.org", "/manuscripts/"), ("e@example.org", "/desk/"),
                        ("r@example.org", "/review/mine"), ("x@example.org", "/")]:
        assert log_in(client, email).headers["Location"] == home, email
        client.post("/account/logout")


def test_a_safe_next_still_wins_over_the_home(client, make_user):
    make_user(email="e@example.org", roles=("editor",))
    assert log_in(client, "e@example.org", "/pages/aims").headers["Location"] == "/pages/aims"


def test_several_roles_land_on_the_newest_work(app, client, make_user):
    uid = make_user(email="many@example.org", roles=("author", "editor", "reviewer"))
    other = make_user(roles=("author",))
    now = utcnow()
    with app.app_context():
        mine = make_manuscript(uid, state="submitted")
        theirs = make_manuscript(other, state="submitted")
        db.session.add(WorkflowEvent(manuscript_id=theirs.id, action="submit", from_state="draft",
                                     to_state="submitted", created_at=now - timedelta(days=3)))
        mine.updated_at = now - timedelta(days=1)
        db.session.commit()
        mine_id, theirs_id = mine.id, theirs.id
    # my manuscript changed after the desk's last arrival, and no review is open
    assert log_in(client, "many@example.org").headers["Location"] == "/manuscripts/"
    client.post("/account/logout")

    with app.app_context():  # then a new manuscript arrives at the desk
        db.session.add(WorkflowEvent(manuscript_id=theirs_id, action="submit", from_state="draft",
                                     to_state="submitted", created_at=now - timedelta(hours=5)))
        db.session.commit()
    assert log_in(client, "many@example.org").headers["Location"] == "/desk/"
    client.post("/account/logout")

    with app.app_context():  # and then an invitation to review, newer than both
        review_round = ReviewRound(manuscript_id=theirs_id, number=1, editor_id=uid,
                                   rubric=freeze(criteria_for_column(None)))
        db.session.add(review_round)
        db.session.add(ReviewAssignment(round=review_round, reviewer_id=uid, invited_at=now,
                                        response_due_at=now + timedelta(days=7),
                                        review_due_at=now + timedelta(days=30)))
        db.session.commit()
        assert db.session.get(Manuscript, mine_id) is not None
    assert log_in(client, "many@example.org").headers["Location"] == "/review/mine"


def test_whoami_names_the_signed_in_person_and_is_never_cached(app, client, make_user, login):
    anonymous = client.get("/account/whoami")
    assert anonymous.get_json() == {"signed_in": False}
    assert anonymous.headers["Cache-Control"] == "no-store"

    uid = make_user(roles=("author", "editor"), name="王编辑")
    login(client, uid)
    answer = client.get("/account/whoami?lang=zh")
    body = answer.get_json()
    assert answer.headers["Cache-Control"] == "no-store"
    assert body["signed_in"] and body["name"] == "王编辑"
    links = {link["label"]: link["url"] for link in body["links"]}
    assert "/desk/" in links.values()
    assert "/manuscripts/" in links.values() and "/account/profile" in links.values()
    assert "/review/mine" not in links.values()  # not a reviewer
    english = client.get("/account/whoami?lang=en").get_json()
    assert {"label": "Submit / my manuscripts", "url": "/manuscripts/"} in english["links"]
    with app.app_context():
        token = db.session.get(User, uid).session_token
    assert token not in answer.get_data(as_text=True)  # nothing secret in it


def test_app_pages_use_the_static_pages_labels(client, journal_pages):
    html = client.get("/pages/aims").get_data(as_text=True)
    assert "过刊浏览" in html and ">文章<" not in html
