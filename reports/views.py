"""The editors' statistics page and its CSV (the figures are defined in figures.py)."""

import csv
import io
from datetime import date

from flask import Blueprint, Flask, Response, render_template, request
from flask_babel import gettext as _

from accounts.policy import permission_required
from core.clock import journal_today
from core.inputs import parse_id
from journal.models import active_columns
from reports.figures import COUNTS, DURATIONS, RATE_DEFINITION, Figures, Period, figures

bp = Blueprint("reports", __name__, url_prefix="/editor/stats")


def _period() -> Period:
    """From the query string: ?year=2026, ?from=…&to=… (journal days), else the last twelve
    months. A malformed value falls back to the last twelve months."""
    year = parse_id(request.args.get("year"))
    if year and 1900 < year < 3000:
        return Period.year(year)
    try:
        start = date.fromisoformat(request.args.get("from", ""))
        end = date.fromisoformat(request.args.get("to", ""))
    except ValueError:
        return Period.last_twelve_months()
    return Period(start, end) if start <= end else Period(end, start)


def _figures() -> Figures:
    """The figures the query string asks for (its period and column)."""
    return figures(_period(), parse_id(request.args.get("column")))


@bp.get("/")
@permission_required("editorial.desk")
def stats():
    found = _figures()
    this_year = journal_today().year
    return render_template("reports/stats.html", figures=found, counts=COUNTS,
                           durations=DURATIONS, rate_definition=RATE_DEFINITION,
                           columns=active_columns(), years=range(this_year, this_year - 10, -1))


@bp.get("/figures.csv")
@permission_required("editorial.desk")
def stats_csv():
    found = _figures()
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows(found):
        writer.writerow(row)
    name = f"kanwu-statistics-{found.period.start}-{found.period.end}.csv"
    return Response("\ufeff" + out.getvalue(), mimetype="text/csv",  # (BOM: Excel reads UTF-8)
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


def rows(found: Figures) -> list[list]:
    """The figures as a table: figure, value, median days, 90th percentile days."""
    table = [[_("Figure"), _("Value"), _("Median (days)"), _("90th percentile (days)")],
             [_("Period"), f"{found.period.start} – {found.period.end}", "", ""]]
    table += [[str(title), found.counts[name], "", ""] for name, (_a, title) in COUNTS.items()]
    rate = found.acceptance_rate
    table.append([_("Acceptance rate"), "" if rate is None else f"{rate:.1%}", "", ""])
    for name, (_moves, title) in DURATIONS.items():
        duration = found.durations[name]
        table.append([str(title), duration.count,
                      "" if duration.median is None else duration.median,
                      "" if duration.p90 is None else duration.p90])
    return table


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
