"""Celery tasks started once the caller's transaction commits, never for one rolled back.

A service calls `run_after_commit(task, *args, switch=...)` inside its transaction (a task or
its registered name); after the commit each distinct (task, args) is queued once, on the Celery
app of the Flask app that committed (never on whichever Celery app is "current" in a thread).
`switch` names a config flag: tests and benchmarks set it False to run the work themselves.
A broker outage only delays the work: every caller has a beat sweep that picks up what could
not be queued.

The handoff to the broker runs in a small background thread of the process, never in the
request: a broker that is down or slow (Redis: a connect timeout of seconds) must not hold up
the response. What the thread has not handed off when the process ends is left to the sweeps.
"""

import logging
import os
import queue
import threading
import time

from flask import current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

from core.extensions import db

log = logging.getLogger(__name__)
PENDING = "after_commit_tasks"


def run_after_commit(task, *args, switch: str) -> None:
    pending = db.session.info.setdefault(PENDING, {})
    name = task if isinstance(task, str) else task.name
    pending.setdefault((name, args), switch)


def pending_after_commit() -> list[tuple[str, tuple]]:
    """What the current transaction will queue when it commits: [(task name, args)]."""
    return list(db.session.info.get(PENDING, {}))


def _queue_after_commit(session: Session) -> None:
    if session.in_nested_transaction():
        # A savepoint was released (queue_email uses one for its dedupe key): the rows are not
        # committed yet, and a worker that ran now would not find them.
        return
    pending = session.info.pop(PENDING, None)
    for (name, args), switch in (pending or {}).items():
        if not current_app.config.get(switch, True):
            continue
        task = current_app.extensions["celery"].tasks[name]
        try:
            _handoff_queue().put_nowait((task, args))
        except queue.Full:  # the broker has been away a while: the sweeps catch up
            log.warning("%s%s not queued: handoff queue full", name, args)


_handoff: dict = {}  # "pid", "queue": one queue and one thread per process (gunicorn forks)
_handoff_lock = threading.Lock()


def _handoff_queue() -> queue.Queue:
    with _handoff_lock:
        if _handoff.get("pid") != os.getpid():
            _handoff.update(pid=os.getpid(), queue=queue.Queue(maxsize=10_000))
            threading.Thread(target=_hand_off, args=(_handoff["queue"],),
                             name="after-commit-handoff", daemon=True).start()
        return _handoff["queue"]


def _hand_off(pending: queue.Queue) -> None:
    while True:
        task, args = pending.get()
        try:
            task.apply_async(args, retry=False)
        except Exception:  # broker down: the caller's beat sweep does it later
            log.warning("%s%s not queued: broker unavailable", task.name, args, exc_info=True)
        finally:
            pending.task_done()


def wait_for_handoff(timeout: float = 10.0) -> bool:
    """Wait until everything committed so far was handed to the broker (tests, benchmarks);
    False if that took longer than `timeout` seconds."""
    pending = _handoff.get("queue") if _handoff.get("pid") == os.getpid() else None
    deadline = time.monotonic() + timeout
    while pending is not None and pending.unfinished_tasks:
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def _forget_after_rollback(session: Session, previous_transaction) -> None:
    if previous_transaction.parent is None:  # the outermost transaction rolled back
        session.info.pop(PENDING, None)


if not event.contains(Session, "after_commit", _queue_after_commit):
    event.listen(Session, "after_commit", _queue_after_commit)
    event.listen(Session, "after_soft_rollback", _forget_after_rollback)
