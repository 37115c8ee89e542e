"""The submission mails: snapshots in both languages, and the acknowledgement travelling
through a real Celery worker on Redis to a real SMTP sink."""

import os
import time
from datetime import datetime
from pathlib import Path

import pytest
import time_machine

from core.extensions import db
from core.outbox import due_for_redelivery, render_email
from journal.models import get_journal
from submission.models import Manuscript, ManuscriptAuthor, WorkflowEvent
from tests.submission.helpers import ready_draft

SNAPSHOTS = Path(__file__).parent / "snapshots"
MAILS = ["acknowledgement", "receipt", "returned", "desk_rejected", "withdrawn",
         "revision_received"]


def sample_manuscript() -> Manuscript:
    manuscript = Manuscript(id=7, number="HBKJTY-2026-0042", title_zh="高校图书馆数据服务研究",
                            title_en="Data Services in University Libraries",
                            submitted_at=datetime(2026, 3, 1, 8, 30),
                            received_at=datetime(2026, 3, 3, 9, 0))
    manuscript.authors = [ManuscriptAuthor(name="张伟"), ManuscriptAuthor(name="李娜")]
    return manuscript


@pytest.mark.parametrize("locale", ["zh_CN", "en"])
@pytest.mark.parametrize("template", MAILS)
def test_mail_snapshots(req_ctx, template, locale):
    manuscript = sample_manuscript()
    context = {"manuscript": manuscript, "name": "张伟", "note": "请补充英文摘要。",
               "journal": get_journal(), "link": "https://kanwu.example/manuscripts/7",
               "event": WorkflowEvent(), "locale": locale}
    subject, body, _html = render_email(f"submission/{template}", context, locale)
    rendered = f"Subject: {subject}\n\n{body}"
    snapshot = SNAPSHOTS / f"{template}.{locale}.txt"
    if os.environ.get("KANWU_UPDATE_SNAPSHOTS") == "1" or not snapshot.exists():
        snapshot.parent.mkdir(exist_ok=True)
        snapshot.write_text(rendered, encoding="utf-8")
    assert rendered == snapshot.read_text(encoding="utf-8")


@pytest.mark.services
def test_acknowledgement_through_a_real_worker_exactly_once(app, client, login, quick_user,
                                                            celery_worker, smtp_sink):
    author = quick_user(name="张伟", email="zhangwei@example.org")
    with app.test_request_context("/"), time_machine.travel(datetime(2026, 5, 4, 2, 0)):
        manuscript = ready_draft(author)
        db.session.commit()
        manuscript_id, version = manuscript.id, manuscript.version_id
    login(client, author)
    response = client.post(f"/manuscripts/{manuscript_id}/submit",
                           data={"expected_version": version})
    assert response.status_code == 302
    messages = smtp_sink.wait_for(3, timeout=30)
    time.sleep(1.0)  # anything doubled would arrive now
    assert len(smtp_sink.messages) == 3
    with app.app_context():
        number = db.session.get(Manuscript, manuscript_id).number
        assert due_for_redelivery() == []  # all sent; the sweep has nothing to redo
    subjects = {m["To"]: m["Subject"] for m in messages}
    assert subjects == {
        "zhangwei@example.org": f"投稿确认：{number}",
        "lina@example.org": f"Manuscript received: {number}",
        "wangqiang@example.org": f"投稿确认：{number}",
    }
    english = next(m for m in messages if m["To"] == "lina@example.org")
    assert "Dear Li Na" in english.get_body().get_content()  # her name as English writes it
