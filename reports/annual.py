"""The yearly report (年度统计) as a printable PDF, for the journal's annual review (年度核验):
every table and chart of the year, made by the worker and kept under the instance folder.

An editor asks for it on the statistics page; that starts an `annual_report` job (core.jobs)
the page follows, and the job's link downloads the file. The file is named by its job, so a
report asked for again never overwrites one being read.
"""

import base64
import os
from datetime import datetime
from pathlib import Path

from celery import shared_task
from flask import current_app, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from core.aftercommit import run_after_commit
from core.clock import journal_today, to_journal_time, utcnow
from core.jobs import Job, job_kind, start_job, tracking
from core.pdf import render_pdf
from core.refusals import Invalid
from journal.models import get_journal
from reports.charts import chart_svg
from reports.figures import FIRST_YEAR, Period
from reports.tables import report

ANNUAL_REPORT = "annual_report"


def request_annual_report(year: int, actor, locale: str) -> Job:
    """Start the job that writes `year`'s report in `locale` (after the caller commits)."""
    if not FIRST_YEAR <= year <= journal_today().year:
        raise Invalid(_("Choose a year from %(first)s to this year.", first=FIRST_YEAR))
    job = start_job(ANNUAL_REPORT, about=("year", year), started_by=actor.id)
    job.result_url = url_for("reports.annual_pdf", job_id=job.id)
    run_after_commit(render_annual_report, job.id, year, locale, switch="REPORTS_AFTER_COMMIT")
    return job


def report_path(job_id: int) -> Path:
    return Path(current_app.instance_path) / "reports" / f"annual-{job_id}.pdf"


job_kind(ANNUAL_REPORT, _l("Writing the yearly report"), "editorial.desk",
         _l("The report is ready: download it (PDF)"),
         forget=lambda job: report_path(job.id).unlink(missing_ok=True))


def _data_uri(svg: str | None) -> str | None:
    if svg is None:
        return None
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def annual_pdf(year: int, locale: str) -> bytes:
    """The year's report, rendered now."""
    with force_locale(locale):
        found = report(Period.year(year))
        charts = {name: _data_uri(chart_svg(table, width=680))
                  for name, table in found.tables.items()}
    return render_pdf("reports/annual.html", locale=locale, report=found, charts=charts,
                      journal=get_journal(), year=year,
                      made_at=to_journal_time(utcnow()).strftime("%Y-%m-%d %H:%M"))


@shared_task(ignore_result=True, acks_late=True)
def render_annual_report(job_id: int, year: int, locale: str) -> None:
    """Write the report to its job's file (a temporary file renamed, never half a PDF)."""
    path = report_path(job_id)
    path.unlink(missing_ok=True)  # (a file left by an earlier database with this job's id)
    with tracking(job_id) as progress:
        data = annual_pdf(year, locale)
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.{datetime.now().timestamp()}.tmp")
        temporary.write_bytes(data)
        temporary.replace(path)
        progress(1, 1)
