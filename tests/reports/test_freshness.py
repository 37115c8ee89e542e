"""The statistics are cached per change of the data they read (reports/freshness.py): a page
asked again reads nothing but the generation, and every kind of change shows at once."""

from datetime import date, datetime, timedelta

import time_machine
from lxml import html
from sqlalchemy import event

from accounts.models import User
from core.clock import utcnow
from core.extensions import db
from publishing.models import Article
from review.models import ReviewAssignment, ReviewRound
from submission.models import Manuscript, WorkflowEvent
from tests.factories import make_manuscript
from tests.reports.test_figures import history  # noqa: F401 - the fixture


def _cell(client, table: str, row: str, query: str = "year=2026") -> str:
    page = html.fromstring(client.get(f"/editor/stats/?{query}").get_data(as_text=True))
    for tr in page.xpath(f'//table[@data-table="{table}"]/tbody/tr'):
        if tr[0].text_content().strip() == row:
            return tr[1].text_content().strip()
    return ""


def _change(app, change) -> None:
    with app.app_context():
        change()
        db.session.commit()


def test_a_page_asked_again_reads_only_the_generation_and_the_clock(app, client, login,
                                                                     make_user,
                                                                     history):  # noqa: F811
    login(client, make_user(roles=("editor",), email="fresh@example.org"))
    _change(app, lambda: db.session.add(WorkflowEvent(  # (a generation to cache under)
        manuscript_id=history["A"], action="send_to_review", from_state="received",
        to_state="under_review", created_at=datetime(2026, 1, 5, 3))))
    client.get("/editor/stats/?year=2026")
    statements = []

    def seen(_conn, _cursor, statement, *_args):
        statements.append(statement)

    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", seen)
    try:
        client.get("/editor/stats/?year=2026")
    finally:
        with app.app_context():
            event.remove(db.engine, "before_cursor_execute", seen)
    assert not [s for s in statements if "manuscript_milestones" in s or "articles" in s]
    assert [s for s in statements if "review_assignments" in s]  # the overdue reviews


def test_every_kind_of_change_shows_at_once(app, client, login, make_user,
                                            history):  # noqa: F811
    editor = make_user(roles=("editor",), email="fresh2@example.org", name="原名")
    login(client, editor)
    assert _cell(client, "counts", "已投稿") == "5"

    def submit_another():
        manuscript = make_manuscript(editor, state="draft")
        db.session.add(WorkflowEvent(manuscript_id=manuscript.id, action="submit",
                                     from_state="draft", to_state="submitted",
                                     created_at=datetime(2026, 6, 1, 2)))

    _change(app, submit_another)
    assert _cell(client, "counts", "已投稿") == "6"

    column_query = f"year=2026&column={history['other']}"
    assert _cell(client, "counts", "已投稿", column_query) == "1"
    _change(app, lambda: setattr(db.session.get(Manuscript, history["A"]), "column_id",
                                 history["other"]))
    assert _cell(client, "counts", "已投稿", column_query) == "2"

    def a_round_and_a_move_by_the_editor():
        db.session.add(ReviewRound(manuscript_id=history["E"], number=1, editor_id=editor))
        db.session.add(WorkflowEvent(manuscript_id=history["E"], action="request_revision",
                                     actor_id=editor, from_state="under_review",
                                     to_state="revision_requested",
                                     created_at=datetime(2026, 12, 10, 2)))

    _change(app, a_round_and_a_move_by_the_editor)
    assert _cell(client, "editors", "原名") == "0"  # registered: none; decisions follow
    _change(app, lambda: setattr(db.session.get(User, editor), "name", "新名"))
    assert _cell(client, "editors", "新名") == "0"

    def a_review_due_tomorrow():
        review_round = db.session.query(ReviewRound).one()
        reviewer = User(email="late@example.org", name="审稿人")
        db.session.add(reviewer)
        db.session.flush()
        db.session.add(ReviewAssignment(
            round_id=review_round.id, reviewer_id=reviewer.id, state="accepted",
            invited_at=utcnow(), response_due_at=utcnow(),
            review_due_at=utcnow() + timedelta(days=1)))

    _change(app, a_review_due_tomorrow)
    assert _cell(client, "reviewers", "当前逾期未交的审稿") == "0"
    with time_machine.travel(utcnow() + timedelta(days=2)):  # the clock moves, not the data
        assert _cell(client, "reviewers", "当前逾期未交的审稿") == "1"

    _change(app, lambda: db.session.add(Article(title_zh="新文", funding="基金",
                                                published_on=date(2026, 5, 1))))
    assert _cell(client, "content", "基金论文数") == "1"
    _change(app, lambda: setattr(db.session.query(Article).one(), "funding", ""))
    assert _cell(client, "content", "基金论文数") == "0"
