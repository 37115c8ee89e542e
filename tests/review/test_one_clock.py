"""One clock: a moment at 2026-12-31 17:30 UTC is 2027-01-01 01:30 in Beijing, and every page,
mail and JSON answer that shows it says so, through the one formatter."""

from datetime import UTC, datetime

import pytest
import time_machine

from core.clock import local_date, local_dt
from core.extensions import db
from core.outbox import render_email
from journal.models import get_journal
from submission.models import Manuscript, WorkflowEvent

MOMENT = datetime(2026, 12, 31, 17, 30, tzinfo=UTC)
BEIJING = "2027-01-01 01:30"


@pytest.fixture
def accepted(review_flow, scene):
    review_flow.start()
    assignment_id = review_flow.invite(scene.reviewers[0])
    review_flow.accept(scene.reviewers[0], "rev1@example.org")
    return assignment_id


def test_the_formatter_shows_the_journal_clock():
    naive_utc = MOMENT.replace(tzinfo=None)
    assert local_dt(naive_utc) == BEIJING
    assert local_date(naive_utc) == "2027-01-01"
    assert local_dt(None) == "" and local_date(MOMENT.date()) == "2026-12-31"


def test_autosave_answer_and_form_show_beijing_time(client, login, accepted, scene):
    login(client, scene.reviewers[0])
    with time_machine.travel(MOMENT, tick=False):
        saved = client.post(f"/review/assignments/{accepted}/autosave",
                            json={"comments_to_author": "自动保存"})
    assert saved.status_code == 200
    assert saved.get_json()["saved_at_display"] == BEIJING
    login(client, scene.reviewers[0])  # back at the real time: a fresh sign-in
    page = client.get(f"/review/assignments/{accepted}").get_data(as_text=True)
    assert BEIJING in page and "UTC" not in page


def test_the_authors_timeline_shows_beijing_time(client, login, review_flow, scene):
    with time_machine.travel(MOMENT, tick=False):
        review_flow.start()  # the move to review is on the author's timeline
    login(client, scene.author)
    page = client.get(f"/manuscripts/{scene.manuscript}").get_data(as_text=True)
    assert BEIJING in page and "2026-12-31 17:30" not in page


def test_the_acknowledgement_mail_shows_beijing_time(app, scene):
    with app.test_request_context():
        manuscript = db.session.get(Manuscript, scene.manuscript)
        manuscript.submitted_at = MOMENT.replace(tzinfo=None)
        for locale in ("zh_CN", "en"):
            _subject, body, _html = render_email(
                "submission/acknowledgement",
                {"manuscript": manuscript, "name": "张伟", "note": "", "journal": get_journal(),
                 "link": "https://kanwu.example/", "event": WorkflowEvent(), "locale": locale},
                locale)
            assert BEIJING in body and "UTC" not in body
        db.session.rollback()
