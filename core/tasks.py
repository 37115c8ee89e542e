"""Celery tasks of the journal shell: mail delivery, the outbox sweep, and forgetting old
background jobs."""

import logging

from celery import shared_task

from core import jobs, outbox
from core.extensions import db

log = logging.getLogger(__name__)


@shared_task(name=outbox.SEND_TASK, ignore_result=True, acks_late=True)
def send_email(outbox_id: int) -> str:
    """Send one mail. A failure is recorded on its row with the outbox's one retry schedule
    (outbox.retry_delay); the beat sweep sends it again when it is due, so no Celery retry."""
    try:
        return outbox.deliver(outbox_id)
    except Exception as exc:
        log.warning("mail %s not sent: %s", outbox_id, exc)
        return outbox.MailState.PENDING


@shared_task(ignore_result=True)
def sweep_outbox() -> int:
    """Redeliver what is due: pending after a failure, never handed to the broker, or claimed
    by a sender that died (its lease lapsed)."""
    ids = outbox.due_for_redelivery()
    for outbox_id in ids:
        try:
            outbox.deliver(outbox_id)
        except Exception:
            log.warning("mail %s still pending", outbox_id, exc_info=True)
    return len(ids)


@shared_task(ignore_result=True)
def forget_finished_jobs() -> int:
    """Daily: the jobs finished long ago, and what they left behind (core.jobs)."""
    forgotten = jobs.forget_finished_jobs()
    db.session.commit()
    return forgotten
