"""Loading the journal's objects: a guideline page (public), a column (for its administration).

Their permissions are not about one page or column: the administration page asks its
permission before anything is loaded (`permission_required`); a loader only loads, or
answers 404.
"""

from flask_login import current_user
from sqlalchemy import select

from accounts.policy import require
from core.extensions import db
from core.jobs import Job
from journal.models import Column, GuidelinePage


def load_page(slug: str) -> GuidelinePage:
    return db.first_or_404(select(GuidelinePage).where(GuidelinePage.slug == slug))


def load_column(column_id: int) -> Column:
    return db.get_or_404(Column, column_id)


def load_job(job_id: int, permission: str = "job.view") -> Job:
    """Background work (core.jobs), for its starter and those its kind names; else 404."""
    job = db.get_or_404(Job, job_id)
    require(current_user, permission, job)
    return job
