"""The editors' statistics: the page (tables, each with its chart as an SVG image of its own,
so the page does not wait for the drawing), each table as CSV, XLSX and SVG, and the yearly
report (PDF, made by the worker). The figures are defined in figures.py, people.py and
content.py; tables.py lays them out."""

from datetime import date

from flask import (
    Blueprint,
    Flask,
    Response,
    abort,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from accounts.policy import permission_required
from core.clock import journal_today
from core.extensions import db
from core.i18n import current_locale, localized
from core.inputs import parse_id
from core.jobs import Job, JobState, latest_job
from journal.models import active_columns
from reports import annual
from reports.charts import chart_svg
from reports.exports import table_csv, workbook
from reports.figures import FIRST_YEAR, Period
from reports.freshness import cache
from reports.tables import TABLES, Report, report

bp = Blueprint("reports", __name__, url_prefix="/editor/stats")
ALL = "all"  # the workbook of every table


def _period() -> Period:
    """From the query string: ?year=2026, ?from=…&to=… (journal days), else the last twelve
    months. A malformed value falls back to the last twelve months."""
    year = parse_id(request.args.get("year"))
    if year and FIRST_YEAR <= year <= journal_today().year:
        return Period.year(year)
    try:
        start = date.fromisoformat(request.args.get("from", ""))
        end = date.fromisoformat(request.args.get("to", ""))
    except ValueError:
        return Period.last_twelve_months()
    return Period.between(start, end)


def _report() -> Report:
    """The tables the query string asks for (its period and column)."""
    return report(_period(), parse_id(request.args.get("column")))


def _period_line(found: Report) -> str:
    line = _("Period: %(start)s to %(end)s (the journal's calendar days).",
             start=found.period.start, end=found.period.end)
    column = next((c for c in active_columns() if c.id == found.column_id), None)
    return f"{line} {_('Column')}: {localized(column, 'name')}" if column else line


def _chart(found: Report, name: str) -> str | None:
    """A table's chart, drawn once per change of the data (no chart draws a figure of the
    clock's, such as the reviews overdue now)."""
    return cache.get(("chart", name, found.period, found.column_id, current_locale()),
                     lambda: chart_svg(found.tables[name]))


def _download(data: bytes, found: Report, name: str, extension: str, mimetype: str):
    filename = f"kanwu-{name}-{found.period.start}-{found.period.end}.{extension}"
    return Response(data, mimetype=mimetype,
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.get("/")
@permission_required("editorial.desk")
def stats():
    found = _report()
    this_year = journal_today().year
    year = parse_id(request.args.get("year")) or this_year
    return render_template(
        "reports/stats.html", report=found, period_line=_period_line(found),
        columns=active_columns(), years=range(this_year, this_year - 10, -1),
        annual_year=year if FIRST_YEAR <= year <= this_year else this_year,
        annual_job=latest_job(annual.ANNUAL_REPORT, ("year", year)))


@bp.get("/<name>.csv")
@permission_required("editorial.desk")
def table_as_csv(name: str):
    if name not in TABLES:
        abort(404)
    found = _report()
    return _download(table_csv(found.tables[name]), found, name, "csv", "text/csv")


@bp.get("/<name>.xlsx")
@permission_required("editorial.desk")
def table_as_xlsx(name: str):
    if name not in TABLES and name != ALL:
        abort(404)
    found = _report()
    data = workbook(found, _period_line(found), None if name == ALL else [name])
    return _download(data, found, name, "xlsx",
                     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@bp.get("/<name>.svg")
@permission_required("editorial.desk")
def table_as_svg(name: str):
    found = _report()
    svg = _chart(found, name) if name in TABLES else None
    if svg is None:
        abort(404)
    return Response(svg, mimetype="image/svg+xml")


@bp.post("/annual")
@permission_required("editorial.desk")
def ask_for_annual_report():
    year = parse_id(request.form.get("year")) or 0
    annual.request_annual_report(year, current_user, current_locale())
    db.session.commit()
    return redirect(url_for("reports.stats", year=year) + "#annual")


@bp.get("/annual/<int:job_id>.pdf")
@permission_required("editorial.desk")
def annual_pdf(job_id: int):
    job = db.session.get(Job, job_id)
    path = annual.report_path(job_id)
    if job is None or job.kind != annual.ANNUAL_REPORT or job.state != JobState.DONE \
            or not path.exists():
        abort(404)
    return Response(path.read_bytes(), mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="kanwu-annual-report-{job.about_id}.pdf"'})


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
