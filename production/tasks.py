"""Production's background work: the signed agreement's PDF, and the hourly sweep that sends
the reminders (agreements and proofs) and makes any PDF whose hand-off after commit was lost."""

from celery import shared_task

from core.extensions import db
from core.jobs import tracking, waiting_jobs


@shared_task(ignore_result=True, acks_late=True)
def render_agreement_pdf(manuscript_id: int, job_id: int | None = None) -> None:
    from production.documents import make_agreement_pdf

    with tracking(job_id):
        make_agreement_pdf(manuscript_id)
        db.session.commit()


@shared_task(ignore_result=True)
def send_production_reminders() -> dict:
    from core.jobs import Job
    from production.agreements import AGREEMENT_PDF, remind_unsigned
    from production.proofs import remind_due

    reminded, proofs = remind_unsigned(), remind_due()
    db.session.commit()
    for job_id in waiting_jobs(AGREEMENT_PDF):
        job = db.session.get(Job, job_id)
        render_agreement_pdf(job.about_id, job_id)
    return {"agreements": reminded, "proofs": proofs}
