"""Delivery of one outbox row: no transaction held across the send, the "sent" mark retried on
its own (never the send), a stable Message-ID, a short claim lease the sender renews, one retry
schedule, and an after-commit handoff that never holds up the response."""

import threading
import time
from datetime import timedelta

import pytest
import time_machine
from sqlalchemy import event, select
from sqlalchemy.exc import OperationalError

from core import aftercommit, mail
from core import outbox as ob
from core.celery import broker_options
from core.clock import utcnow
from core.extensions import db
from kanwu.app import BEAT_SCHEDULE
from tests.conftest import dispatching_to, free_port

CONTEXT = {"name": "李华", "link": "http://example.org/x", "hours": 2}


def queue(key="k1"):
    return ob.queue_email(to="li@example.org", template="accounts/reset_password",
                          context=CONTEXT, locale="zh_CN", dedupe_key=key)


def state(row_id):
    with db.engine.connect() as conn:  # its own connection: what another worker would see
        return conn.execute(select(ob.OutboxEmail.state).where(ob.OutboxEmail.id == row_id)
                            ).scalar_one()


def test_no_transaction_is_open_while_the_mail_is_sent(app_ctx, monkeypatch):
    row_id = queue().id
    db.session.commit()
    seen = []
    real_send = mail.send_message

    def send(row, attachments):
        seen.append((db.session().in_transaction(), db.engine.pool.checkedout()))
        real_send(row, attachments)

    monkeypatch.setattr(mail, "send_message", send)
    assert ob.deliver(row_id) == ob.MailState.SENT
    assert seen == [(False, 0)]  # no transaction, not even a connection held during SMTP


def test_a_lost_sent_mark_is_retried_on_its_own_and_the_mail_is_not_sent_again(
        app_ctx, outbox, monkeypatch):
    """The database connection is cut after SMTP accepted the mail: the write that marks the
    row sent is tried again; the mail is not."""
    monkeypatch.setattr(ob, "MARK_SENT_PAUSE", 0.01)
    row_id = queue().id
    db.session.commit()
    cuts = []

    def cut_once(conn, cursor, statement, params, context, executemany):
        if statement.startswith("UPDATE outbox_emails") and "sent_at" in statement and not cuts:
            cuts.append(statement)
            raise OperationalError(statement, params, ConnectionError("connection cut"))

    event.listen(db.engine, "before_cursor_execute", cut_once)
    try:
        assert ob.deliver(row_id) == ob.MailState.SENT
    finally:
        event.remove(db.engine, "before_cursor_execute", cut_once)
    assert len(cuts) == 1 and len(outbox.messages) == 1
    assert state(row_id) == ob.MailState.SENT
    with time_machine.travel(utcnow() + timedelta(hours=1), tick=False):
        assert outbox.deliver() == outbox.messages and len(outbox.messages) == 1


def test_every_copy_of_a_mail_carries_the_same_message_id(app, app_ctx, outbox):
    first, other = queue("ack:7:li@example.org"), queue("ack:8:li@example.org")
    db.session.commit()
    ids = [mail.build_message(first, [])["Message-ID"] for _ in range(2)]
    assert ids[0] == ids[1] and ids[0].startswith("<") and ids[0].endswith("@kanwu.localhost>")
    assert mail.build_message(other, [])["Message-ID"] != ids[0]
    outbox.deliver()
    assert sorted(m["Message-ID"] for m in outbox.messages) == sorted(
        [ids[0], mail.build_message(other, [])["Message-ID"]])


def test_a_mail_claimed_by_a_killed_worker_is_sent_again_within_a_minute(app_ctx, outbox):
    row_id = queue().id
    db.session.commit()
    assert ob.claim(row_id) is not None  # ...and the worker is killed with SIGKILL
    assert ob.due_for_redelivery() == []
    with time_machine.travel(utcnow() + timedelta(seconds=50), tick=False):
        assert ob.due_for_redelivery() == [row_id]
        assert ob.deliver(row_id) == ob.MailState.SENT
    assert len(outbox.messages) == 1
    # the lease plus the sweep's period: the longest a killed worker's mail waits
    assert ob.CLAIM_LEASE.total_seconds() + BEAT_SCHEDULE["sweep-outbox"]["schedule"] <= 60


def test_the_sender_renews_its_lease_so_a_slow_send_is_not_taken_over(app, app_ctx,
                                                                       monkeypatch):
    monkeypatch.setattr(ob, "CLAIM_LEASE", timedelta(seconds=0.6))
    row_id = queue().id
    db.session.commit()
    real_send, during = mail.send_message, {}

    def slow_send(row, attachments):
        time.sleep(1.5)  # longer than two leases: only renewal keeps the claim
        with app.app_context():
            during["due"] = ob.due_for_redelivery()
            during["second"] = ob.deliver(row_id)
        real_send(row, attachments)

    monkeypatch.setattr(mail, "send_message", slow_send)
    assert ob.deliver(row_id) == ob.MailState.SENT
    assert during == {"due": [], "second": "skipped"}
    assert len(mail.SENT_IN_MEMORY) == 1


def test_the_task_follows_the_outboxs_one_retry_schedule(app, app_ctx, monkeypatch):
    """A failed send is recorded on the row (pause 10 s, 20 s, ...) and left to the sweep; the
    task does not run a schedule of its own."""
    from core.outbox import SEND_TASK

    send_email = app.extensions["celery"].tasks[SEND_TASK]  # the task the handoff uses

    monkeypatch.setitem(app.config, "MAIL_BACKEND", "smtp")
    monkeypatch.setitem(app.config, "SMTP_HOST", "127.0.0.1")
    monkeypatch.setitem(app.config, "SMTP_PORT", free_port())
    row_id = queue().id
    db.session.commit()
    before = utcnow()
    assert send_email.run(row_id) == ob.MailState.PENDING
    row = db.session.get(ob.OutboxEmail, row_id)
    assert row.attempts == 1 and "ConnectionRefusedError" in row.last_error
    assert timedelta(seconds=9) <= row.next_attempt_at - before <= timedelta(seconds=12)
    assert ob.retry_delay(1) == timedelta(seconds=10) and ob.retry_delay(3) == timedelta(
        seconds=40)


def test_a_hanging_broker_does_not_hold_up_the_response(app, client, outbox, monkeypatch):
    """The handoff happens beside the request: the page answers while the broker still
    hangs, and the sweep sends the mail."""
    from core.outbox import SEND_TASK

    send_email = app.extensions["celery"].tasks[SEND_TASK]  # the task the handoff uses

    release, calls = threading.Event(), []

    def hanging(args, **kwargs):
        calls.append(args)
        release.wait(30)
        raise ConnectionError("broker unreachable")

    monkeypatch.setattr(send_email, "apply_async", hanging)
    result = {}

    def post():
        result["response"] = client.post("/account/register", data={
            "email": "zhou.ba@example.org", "password": "the broker hangs today", "name": "周八"})

    dead_broker = f"redis://127.0.0.1:{free_port()}/0"
    try:
        with dispatching_to(app, dead_broker, broker_options(dead_broker, "")):
            thread = threading.Thread(target=post, daemon=True)
            thread.start()
            thread.join(timeout=20)  # a hang detector: the broker never answers meanwhile
            answered = not thread.is_alive()
    finally:
        release.set()
    assert answered, "the request waited for the broker"
    assert result["response"].status_code == 302
    assert aftercommit.wait_for_handoff(timeout=30)
    assert len(calls) == 1
    assert [m["To"] for m in outbox.deliver()] == ["zhou.ba@example.org"]


def test_the_mail_folder_keeps_one_copy_of_a_mail_sent_again(app, app_ctx, monkeypatch,
                                                              tmp_path, caplog):
    """File backend (the embedded default): a sender killed between writing the file and
    marking the row sent leaves a row that is sent again; the folder recognises the message
    and keeps one copy, as a mail system that knows the Message-ID would."""
    monkeypatch.setitem(app.config, "MAIL_BACKEND", "file")
    monkeypatch.setitem(app.config, "MAIL_DIR", str(tmp_path))
    row = queue()
    db.session.commit()
    for _ in range(2):
        mail.send_message(row, [])
    [eml] = tmp_path.glob("*.eml")
    assert mail.message_id("k1") in eml.read_text()
    assert not [p for p in tmp_path.iterdir() if p.suffix == ".tmp"]
    assert "already in the mail folder" in caplog.text


def test_an_attachment_that_cannot_be_built_is_a_failed_attempt(app_ctx, monkeypatch):
    def broken(**_args):
        raise ValueError("no such manuscript")

    monkeypatch.setitem(ob.ATTACHMENT_BUILDERS, "broken", broken)
    row = ob.queue_email(to="li@example.org", template="accounts/reset_password",
                         context=CONTEXT, locale="zh_CN", dedupe_key="att",
                         attachments=[{"builder": "broken", "args": {}}])
    db.session.commit()
    with pytest.raises(ValueError):
        ob.deliver(row.id)
    row = db.session.get(ob.OutboxEmail, row.id)
    assert row.state == ob.MailState.PENDING and "no such manuscript" in row.last_error
    assert row.next_attempt_at > utcnow()  # on the retry schedule, not waiting for a lease
