"""The embedded broker never shows a reader a half-written message."""

import json
import os
import threading

import pytest
from kombu import Connection
from kombu.transport import filesystem

from core import broker
from core.celery import broker_options, celery_init_app


def options(tmp_path):
    return broker_options("filesystem://", str(tmp_path / "broker"))


def test_a_message_appears_in_the_queue_folder_only_whole(tmp_path, monkeypatch):
    opts = options(tmp_path)
    queue_folder = opts["data_folder_in"]
    seen = []
    real_replace = os.replace

    def replace(source, target):
        # At the moment of the rename the queue folder has nothing yet, and the staged
        # file already holds the complete message.
        with open(source, "rb") as staged:
            seen.append((os.listdir(queue_folder), json.loads(staged.read())))
        real_replace(source, target)

    monkeypatch.setattr(broker.os, "replace", replace)
    with Connection(transport=broker.Transport, transport_options=opts) as conn:
        queue = conn.SimpleQueue("kanwu-test")
        queue.put({"n": 1})
        message = queue.get(timeout=5)
        assert message.payload == {"n": 1}
        message.ack()
        queue.close()
    [(listing, staged)] = seen
    assert [name for name in listing if name.endswith(".msg")] == []
    assert staged["body"]


@pytest.mark.parametrize("transport", [broker.Transport], ids=["atomic"])
def test_a_reader_polling_while_a_writer_writes_reads_every_message(tmp_path, transport):
    """The race seen on `make run`: a reader that moves a file the writer has only opened
    reads an empty message. Big payloads make the window wide."""
    opts = options(tmp_path)
    total, body = 300, "x" * 200_000
    received, errors = [], []

    def read():
        with Connection(transport=transport, transport_options=opts) as conn:
            channel = conn.default_channel
            channel.queue_declare("race")
            while len(received) < total and not errors:
                try:
                    received.append(channel._get("race"))
                except filesystem.Empty:
                    continue
                except Exception as exc:  # noqa: BLE001 - the failure under test
                    errors.append(exc)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    with Connection(transport=transport, transport_options=opts) as conn:
        channel = conn.default_channel
        for n in range(total):
            channel._put("race", {"n": n, "body": body})
    reader.join(timeout=120)
    assert errors == []
    assert sorted(m["n"] for m in received) == list(range(total))


def test_the_celery_app_uses_the_atomic_transport_on_the_embedded_default(app):
    celery = celery_init_app_for(app, "filesystem://")
    assert celery.conf.broker_transport == broker.TRANSPORT
    with celery.connection_for_write() as conn:
        assert isinstance(conn.transport, broker.Transport)
    assert celery_init_app_for(app, "redis://127.0.0.1:6379/0").conf.broker_transport is None


def celery_init_app_for(app, url):
    saved = app.config["CELERY_BROKER_URL"], app.extensions.get("celery")
    app.config["CELERY_BROKER_URL"] = url
    try:
        return celery_init_app(app, [], {})
    finally:
        app.config["CELERY_BROKER_URL"] = saved[0]
        app.extensions["celery"] = saved[1]
        saved[1].set_default()  # else later tests' tasks would go to this test's broker
        saved[1].set_current()  # (a new Celery app makes itself current in this thread)
