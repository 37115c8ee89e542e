"""The transactional outbox: written in the caller's transaction, delivered once, retried with
backoff, marked failed in the end, and redelivered after a broker or SMTP outage."""

import threading
from datetime import timedelta

import pytest
import time_machine
from sqlalchemy import func, select

from core import outbox as ob
from core.aftercommit import wait_for_handoff
from core.celery import broker_options
from core.clock import utcnow
from core.extensions import db
from tests.conftest import dispatching_to, free_port

CONTEXT = {"name": "李华", "link": "http://example.org/x", "hours": 2}


def queue(key="k1", locale="zh_CN", to="li@example.org"):
    return ob.queue_email(to=to, template="accounts/reset_password", context=CONTEXT,
                          locale=locale, dedupe_key=key, about=("user", 7))


def count() -> int:
    return db.session.scalar(select(func.count(ob.OutboxEmail.id)))


@pytest.fixture
def dispatched(app, monkeypatch):
    """Record what the after-commit hook hands to Celery instead of sending it."""
    from core.outbox import SEND_TASK

    send_email = app.extensions["celery"].tasks[SEND_TASK]  # the task the handoff uses

    sent = []
    monkeypatch.setitem(app.config, "MAIL_DISPATCH_AFTER_COMMIT", True)
    monkeypatch.setattr(send_email, "apply_async", lambda args, **kw: sent.append(args[0]))
    return sent


def test_mail_is_rendered_in_the_recipients_language(app_ctx):
    zh, en = queue("zh", "zh_CN"), queue("en", "en")
    assert "设置新密码" in zh.subject and "李华 您好" in zh.body_text
    assert en.subject.startswith("Choose a new password") and "Dear 李华" in en.body_text
    assert "<a href=\"http://example.org/x\">" in en.body_html
    assert (en.subject_type, en.subject_id) == ("user", 7)


def test_queue_email_joins_the_callers_transaction(app_ctx, dispatched):
    queue()
    db.session.rollback()
    assert count() == 0 and dispatched == []
    row = queue()
    assert dispatched == []  # nothing leaves before the commit
    db.session.commit()
    assert wait_for_handoff() and dispatched == [row.id]


def test_several_mails_leave_only_when_the_whole_transaction_commits(app_ctx, dispatched):
    """Each queued mail takes a savepoint (its dedupe key); releasing one is no commit, and a
    worker handed the mail then would not find it (it waited for the outbox sweep)."""
    rows = [queue("first"), queue("second"), queue("third")]
    assert dispatched == []
    db.session.commit()
    assert wait_for_handoff()
    assert sorted(dispatched) == sorted(row.id for row in rows)


def test_a_rolled_back_savepoint_keeps_the_outer_mail(app_ctx, dispatched):
    row = queue()
    with db.session.begin_nested() as nested:
        queue("inner")
        nested.rollback()
    db.session.commit()
    assert wait_for_handoff() and count() == 1 and row.id in dispatched


def test_same_dedupe_key_gives_one_mail_delivered_once(app_ctx, outbox):
    first = queue("same")
    assert queue("same") is first
    db.session.commit()
    assert count() == 1
    assert len(outbox.deliver()) == 1
    assert ob.deliver(first.id) == "skipped"  # a second task for it finds it sent
    assert len(outbox.messages) == 1


def test_claimed_row_is_not_sent_twice_but_a_stuck_claim_is_redelivered(app_ctx, outbox):
    row_id = queue().id
    db.session.commit()
    assert ob.claim(row_id) is not None
    assert ob.claim(row_id) is None  # another worker has it
    assert ob.due_for_redelivery() == []
    with time_machine.travel(utcnow() + ob.CLAIM_LEASE + timedelta(seconds=1), tick=False):
        assert ob.due_for_redelivery() == [row_id]  # that worker died
        assert ob.deliver(row_id) == ob.MailState.SENT
    assert len(outbox.messages) == 1


def smtp_on(app, monkeypatch, port):
    monkeypatch.setitem(app.config, "MAIL_BACKEND", "smtp")
    monkeypatch.setitem(app.config, "SMTP_HOST", "127.0.0.1")
    monkeypatch.setitem(app.config, "SMTP_PORT", port)
    monkeypatch.setitem(app.config, "SMTP_TIMEOUT", 2)


def test_failures_back_off_and_end_as_failed(app, app_ctx, monkeypatch):
    smtp_on(app, monkeypatch, free_port())  # nothing listens there
    row_id = queue().id
    db.session.commit()
    pauses = []
    for attempt in range(1, ob.MAX_ATTEMPTS + 1):
        row = db.session.get(ob.OutboxEmail, row_id)
        with time_machine.travel(row.next_attempt_at, tick=False):
            assert ob.due_for_redelivery() == [row_id]
            with pytest.raises(OSError):
                ob.deliver(row_id)
            row = db.session.get(ob.OutboxEmail, row_id)
            assert row.attempts == attempt and "ConnectionRefusedError" in row.last_error
            assert ob.due_for_redelivery() == []  # not before the pause is over
            pauses.append(row.next_attempt_at - utcnow())
    assert row.state == ob.MailState.FAILED
    assert pauses[:3] == [timedelta(seconds=10), timedelta(seconds=20), timedelta(seconds=40)]
    with time_machine.travel(utcnow() + timedelta(days=1), tick=False):
        assert ob.due_for_redelivery() == []  # failed mail waits for a person
        ob.retry_failed(row)
        db.session.commit()
        assert ob.due_for_redelivery() == [row_id]


def test_smtp_down_keeps_mail_pending_then_delivers_it_exactly_once(app, app_ctx, monkeypatch,
                                                                     smtp_sink):
    from core.tasks import sweep_outbox

    port = free_port()
    smtp_on(app, monkeypatch, port)
    row_id = queue().id
    db.session.commit()
    sweep_outbox.run()  # the SMTP server is down
    row = db.session.get(ob.OutboxEmail, row_id)
    assert row.state == ob.MailState.PENDING and row.attempts == 1
    assert smtp_sink.messages == []

    monkeypatch.setitem(app.config, "SMTP_PORT", smtp_sink.port)  # it is back
    with time_machine.travel(row.next_attempt_at, tick=False):
        sweep_outbox.run()
        sweep_outbox.run()
    assert len(smtp_sink.wait_for(1)) == 1
    [message] = smtp_sink.messages
    assert message["To"] == "li@example.org" and message["X-Kanwu-Dedupe-Key"] == "k1"
    assert db.session.get(ob.OutboxEmail, row_id).state == ob.MailState.SENT


def test_file_backend_writes_eml_files(app, app_ctx, monkeypatch, tmp_path):
    monkeypatch.setitem(app.config, "MAIL_BACKEND", "file")
    monkeypatch.setitem(app.config, "MAIL_DIR", str(tmp_path))
    row_id = queue().id
    db.session.commit()
    ob.deliver(row_id)
    [eml] = tmp_path.glob("*.eml")
    assert b"li@example.org" in eml.read_bytes()


def test_external_links_work_inside_and_outside_a_request(app, app_ctx):
    assert ob.external_url("journal.page", slug="aims") == "http://127.0.0.1:5000/pages/aims"
    with app.test_request_context("/"):
        assert ob.external_url("journal.page", slug="aims").endswith("/pages/aims")


def test_registration_succeeds_when_the_broker_is_down(app, client, outbox):
    """The after-commit dispatch gives up quickly; the beat sweep sends the mail later."""
    result = {}

    def post():
        result["response"] = client.post("/account/register", data={
            "email": "zhao.liu@example.org", "password": "broker is down today", "name": "赵六"})

    dead_broker = f"redis://127.0.0.1:{free_port()}/0"
    with dispatching_to(app, dead_broker, broker_options(dead_broker, "")):
        thread = threading.Thread(target=post, daemon=True)
        thread.start()
        thread.join(timeout=60)  # a hang detector, not a timing assertion
    assert not thread.is_alive(), "registration hangs while the broker is down"
    assert result["response"].status_code == 302
    assert [m["To"] for m in outbox.deliver()] == ["zhao.liu@example.org"]  # the sweep's work


@pytest.mark.services
def test_real_worker_delivers_the_confirmation_mail_exactly_once(app, client, celery_worker,
                                                                  smtp_sink):
    response = client.post("/account/register", data={
        "email": "sun.qi@example.org", "password": "a real worker delivers", "name": "孙七"})
    assert response.status_code == 302
    [message] = smtp_sink.wait_for(1, timeout=60)
    assert message["To"] == "sun.qi@example.org" and "确认" in message["Subject"]
    smtp_sink.wait_for(2, timeout=3)  # nothing else arrives
    assert len(smtp_sink.messages) == 1
    with app.app_context():
        from core.tasks import sweep_outbox

        assert db.session.scalar(select(ob.OutboxEmail.state)) == ob.MailState.SENT
        sweep_outbox.run()
    assert len(smtp_sink.messages) == 1
