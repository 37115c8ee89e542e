"""Celery tasks of the journal shell: mail delivery and the outbox sweep."""

import logging

from celery import shared_task

from journal import outbox

log = logging.getLogger(__name__)


@shared_task(
    bind=True, ignore_result=True, max_retries=outbox.MAX_ATTEMPTS, acks_late=True
)
def send_email(self, outbox_id: int) -> str:
    try:
        return outbox.deliver(outbox_id)
    except Exception as exc:
        log.warning("mail %s not sent: %s", outbox_id, exc)
        raise self.retry(exc=exc, countdown=min(600, 5 * 2**self.request.retries)) from exc


@shared_task(ignore_result=True)
def sweep_outbox() -> int:
    """Redeliver what is still pending (the broker was down, SMTP failed, a worker died)."""
    ids = outbox.due_for_redelivery()
    for outbox_id in ids:
        try:
            outbox.deliver(outbox_id)
        except Exception:
            log.warning("mail %s still pending", outbox_id, exc_info=True)
    return len(ids)
