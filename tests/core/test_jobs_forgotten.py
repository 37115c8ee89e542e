"""Finished background jobs are forgotten after KEEP_FINISHED, with what they left behind (a
yearly report's file); running, waiting and recent ones stay."""

from datetime import timedelta

from core.clock import utcnow
from core.extensions import db
from core.jobs import KEEP_FINISHED, Job, JobState
from core.tasks import forget_finished_jobs
from reports.annual import ANNUAL_REPORT, report_path


def test_old_finished_jobs_go_with_their_files(app):
    long_ago = utcnow() - KEEP_FINISHED - timedelta(hours=1)
    with app.app_context():
        jobs = {
            "old report": Job(kind=ANNUAL_REPORT, state=JobState.DONE, finished_at=long_ago),
            "old build": Job(kind="site_build", state=JobState.FAILED, finished_at=long_ago),
            "recent": Job(kind=ANNUAL_REPORT, state=JobState.DONE,
                          finished_at=utcnow() - timedelta(days=1)),
            "waiting": Job(kind="site_build", state=JobState.QUEUED),
            "running long": Job(kind="site_build", state=JobState.RUNNING),
        }
        db.session.add_all(jobs.values())
        db.session.commit()
        ids = {name: job.id for name, job in jobs.items()}
        for name in ("old report", "recent"):
            report_path(ids[name]).parent.mkdir(parents=True, exist_ok=True)
            report_path(ids[name]).write_bytes(b"%PDF-1.7")
        assert forget_finished_jobs() == 2
        kept = {job.id for job in db.session.scalars(db.select(Job))}
        assert kept == {ids["recent"], ids["waiting"], ids["running long"]}
        assert not report_path(ids["old report"]).exists()
        assert report_path(ids["recent"]).exists()
