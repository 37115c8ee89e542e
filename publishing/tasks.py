"""The publish step as a Celery task, asked for by services after their commit."""

import logging

from celery import shared_task

from core.aftercommit import run_after_commit

log = logging.getLogger(__name__)


@shared_task(ignore_result=True, acks_late=True)
def render_site() -> dict:
    """Render what changed into SITE_DIR (waits for a build already running)."""
    from publishing.build import build_site

    return build_site(wait=True).summary()


def request_site_build() -> None:
    """Ask for a site build once the caller's transaction commits (beat catches up otherwise)."""
    run_after_commit(render_site, switch="SITE_BUILD_AFTER_COMMIT")
