"""The reviewer picker: each candidate's rating, median days, acceptance share and open load,
computed in SQL for the whole list (the number of queries does not grow with it)."""

from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy import event

from accounts.models import User
from core.clock import utcnow
from core.extensions import db
from review.candidates import reviewer_stats
from tests.review.conftest import past_assignment


def _history(reviewer, author, editor):
    """Three reviews in (10, 20 and 30 days; the second 5 days late), one declined, one in
    progress, two invitations left unanswered past the reply date (one of them cancelled
    since), one still waiting for its reply and one cancelled before its reply date."""
    start = utcnow() - timedelta(days=200)
    for days, due, rating in ((10, 21, 4), (20, 15, 2), (30, 40, None)):
        past_assignment(reviewer, author, invited=start, responded=1, submitted=days,
                        review_days=due, rating=rating, rated_by=editor if rating else None)
    past_assignment(reviewer, author, invited=start, state="declined", responded=2)
    past_assignment(reviewer, author, invited=utcnow() - timedelta(days=5), state="accepted",
                    responded=1)
    past_assignment(reviewer, author, invited=start, state="invited")
    past_assignment(reviewer, author, invited=start, state="cancelled", cancelled=9)
    past_assignment(reviewer, author, invited=utcnow() - timedelta(days=1), state="invited")
    past_assignment(reviewer, author, invited=start, state="cancelled", cancelled=3)


def test_each_figure_follows_its_definition(app, make_user, scene):
    other = make_user(roles=("reviewer",), name="审稿人乙")
    with app.app_context():
        _history(scene.reviewers[0], scene.author, scene.editor)
        start = utcnow() - timedelta(days=100)
        for days in (5, 8):  # an even number of reviews: the mean of the middle two
            past_assignment(other, scene.author, invited=start, responded=1, submitted=days)
        db.session.commit()
        stats = reviewer_stats([scene.reviewers[0], other, scene.reviewers[1]])
    first = stats[scene.reviewers[0]]
    assert first["completed"] == 3 and first["open_load"] == 1
    assert (first["rating"], first["ratings"]) == (3.0, 2)
    assert first["median_days"] == 20.0
    # accepted: the three reviews and the one in progress; asked: those, the declined one and
    # the two that expired (a pending reply and a cancellation before the reply date are not)
    assert (first["accepted"], first["asked"]) == (4, 7)
    second = stats[other]
    assert second["median_days"] == 6.5 and (second["rating"], second["ratings"]) == (None, 0)
    assert scene.reviewers[1] not in stats  # never invited: no record, not zeros
    assert reviewer_stats([]) == {}


def test_a_new_invitation_forgets_the_answer_to_a_cancelled_one(app, client, login, review_flow,
                                                               scene):
    review_flow.start()
    assignment_id = review_flow.invite(scene.reviewers[0])
    review_flow.accept(scene.reviewers[0], "rev1@example.org")
    login(client, scene.editor)
    client.post(f"/review/assignments/{assignment_id}/cancel")
    assert review_flow.invite(scene.reviewers[0]) == assignment_id
    with app.app_context():
        assert reviewer_stats([scene.reviewers[0]])[scene.reviewers[0]]["accepted"] == 0


@contextmanager
def counting_queries(app):
    statements = []

    def count(*_args):
        statements.append(_args[2])

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def test_the_picker_shows_the_record_in_a_constant_number_of_queries(app, client, login,
                                                                    make_user, review_flow,
                                                                    scene):
    review_flow.start()
    page = f"/review/manuscripts/{scene.manuscript}?q=数据服务"
    login(client, scene.editor)
    client.get(page)
    with counting_queries(app) as few:
        assert client.get(page).status_code == 200
    more = [make_user(roles=("reviewer",), name=f"审稿人{n}") for n in range(6)]
    with app.app_context():
        for reviewer in [scene.reviewers[0], *more]:
            db.session.get(User, reviewer).expertise = "数据服务"
            _history(reviewer, scene.author, scene.editor)
        db.session.commit()
    with counting_queries(app) as many:
        html = client.get(page).get_data(as_text=True)
    assert html.count('type="hidden" name="reviewer_id"') == 8
    assert len(many) == len(few), "\n".join(many)
    assert "3.0" in html and "（2 次评分）" in html and "20.0" in html and "57%" in html
    assert "(4/7)" in html


def test_the_picker_in_english(app, client, login, make_user, review_flow, scene):
    review_flow.start()
    english_editor = make_user(roles=("editor",), name="Editor", locale="en")
    with app.app_context():
        _history(scene.reviewers[0], scene.author, scene.editor)
        db.session.commit()
    login(client, english_editor)
    html = client.get(f"/review/manuscripts/{scene.manuscript}?q=数据服务").get_data(as_text=True)
    for heading in ("Quality rating", "Median days to review", "Accepts invitations",
                    "Reviewing now", "(2 ratings)"):
        assert heading in html
