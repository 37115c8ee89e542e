"""The publish step as a Celery task, asked for by services after their commit."""

import logging

from celery import shared_task
from flask_babel import lazy_gettext as _l

from core.aftercommit import run_after_commit
from core.jobs import job_kind, start_job, tracking, waiting_jobs

log = logging.getLogger(__name__)

SITE_BUILD = "site_build"


def _build_again(job, actor):
    """A failed build asked for again: a new job about the same issue."""
    again = start_job(SITE_BUILD, about=(job.about_type, job.about_id) if job.about_type
                      else None, started_by=actor.id, result_url=job.result_url)
    request_site_build(again)
    return again


job_kind(SITE_BUILD, _l("Putting the public pages online"), "publishing.manage",
         _l("The pages are live: view them"), retry=_build_again)


@shared_task(ignore_result=True, acks_late=True)
def render_site(job_id: int | None = None) -> dict:
    """Render what changed into SITE_DIR (waits for a build already running), reporting to
    the job that asked for it and to any other still waiting: everything committed before
    the build starts is in it (so the beat's catch-up build settles jobs whose hand-off was
    lost)."""
    from publishing.build import build_site

    with tracking(job_id, *[j for j in waiting_jobs(SITE_BUILD) if j != job_id]) as progress:
        return build_site(wait=True, progress=progress).summary()


@shared_task(ignore_result=True)
def send_deposit(deposit_id: int) -> str:
    """Send one Crossref deposit; a failed attempt is recorded on it and the sweep tries again
    when it is due (publishing.deposits)."""
    from publishing.deposits import send

    return send(deposit_id)


@shared_task(ignore_result=True)
def sweep_deposits() -> int:
    """Send the deposits that are due and ask Crossref about the submitted ones."""
    from publishing.deposits import sweep

    return sweep()


def request_site_build(job=None) -> None:
    """Ask for a site build once the caller's transaction commits (beat catches up otherwise);
    with a job (core.jobs), the build reports to it."""
    if job is None:
        run_after_commit(render_site, switch="SITE_BUILD_AFTER_COMMIT")
    else:
        run_after_commit(render_site, job.id, switch="SITE_BUILD_AFTER_COMMIT")
