"""Celery tasks started once the caller's transaction commits, never for one rolled back.

A service calls `run_after_commit(task, *args, switch=...)` inside its transaction; after the
commit each distinct (task, args) is queued once. `switch` names a config flag: tests and
benchmarks set it False to run the work themselves. A broker outage only delays the work:
every caller has a beat sweep that picks up what could not be queued.
"""

import logging

from flask import current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

from journal.extensions import db

log = logging.getLogger(__name__)
PENDING = "after_commit_tasks"


def run_after_commit(task, *args, switch: str) -> None:
    pending = db.session.info.setdefault(PENDING, {})
    pending.setdefault((task.name, args), (task, switch))


def pending_after_commit() -> list[tuple[str, tuple]]:
    """What the current transaction will queue when it commits: [(task name, args)]."""
    return list(db.session.info.get(PENDING, {}))


def _queue_after_commit(session: Session) -> None:
    if session.in_nested_transaction():
        # A savepoint was released (queue_email uses one for its dedupe key): the rows are not
        # committed yet, and a worker that ran now would not find them.
        return
    pending = session.info.pop(PENDING, None)
    for (name, args), (task, switch) in (pending or {}).items():
        if not current_app.config.get(switch, True):
            continue
        try:
            task.apply_async(args, retry=False)
        except Exception:  # broker down: the caller's beat sweep does it later
            log.warning("%s%s not queued: broker unavailable", name, args, exc_info=True)


def _forget_after_rollback(session: Session, previous_transaction) -> None:
    if previous_transaction.parent is None:  # the outermost transaction rolled back
        session.info.pop(PENDING, None)


if not event.contains(Session, "after_commit", _queue_after_commit):
    event.listen(Session, "after_commit", _queue_after_commit)
    event.listen(Session, "after_soft_rollback", _forget_after_rollback)
