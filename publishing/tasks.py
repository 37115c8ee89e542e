"""The publish step as a Celery task, asked for by services after their commit."""

import logging

from celery import shared_task
from flask import Flask, current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

from journal.extensions import db

log = logging.getLogger(__name__)


@shared_task(ignore_result=True, acks_late=True)
def render_site() -> dict:
    """Render what changed into SITE_DIR (waits for a build already running)."""
    from publishing.build import build_site

    return build_site(wait=True).summary()


def request_site_build() -> None:
    """Ask for a site build once the caller's transaction commits."""
    db.session.info["site_build_requested"] = True


def _dispatch_after_commit(session: Session) -> None:
    if not session.info.pop("site_build_requested", False):
        return
    if not current_app.config.get("SITE_BUILD_AFTER_COMMIT", True):
        return
    try:
        render_site.apply_async(retry=False)
    except Exception:  # broker down: the beat schedule builds again soon
        log.warning("site build not queued: broker unavailable", exc_info=True)


def _forget_after_rollback(session: Session, previous_transaction) -> None:
    if previous_transaction.parent is None:
        session.info.pop("site_build_requested", None)


def init_app(app: Flask) -> None:
    if not event.contains(Session, "after_commit", _dispatch_after_commit):
        event.listen(Session, "after_commit", _dispatch_after_commit)
        event.listen(Session, "after_soft_rollback", _forget_after_rollback)
