"""Every figure of a period as titled tables: what the page shows, each chart draws, and the
CSV, XLSX and yearly PDF hold, in the reader's language (render inside the locale wanted).

A table's chart reads the table's own rows (`Chart`: which column labels the points, which
columns are series), so a chart and the table beside it can never disagree.
"""

from dataclasses import dataclass, field

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from core.i18n import current_locale
from reports.content import NOT_NAMED_TITLE, column_names, content
from reports.figures import COUNTS, DURATIONS, FUNNEL, MONTHLY, RATE_DEFINITION, Period, figures
from reports.freshness import cache
from reports.people import EDITOR_WORK, editors, overdue_now, reviewers
from reports.regions import region_name

TABLES = {  # name -> title, in the order shown
    "counts": _l("Manuscripts"),
    "durations": _l("Days from submission"),
    "monthly": _l("Month by month"),
    "funnel": _l("From submission to publication"),
    "reviewers": _l("Reviewers"),
    "editors": _l("Editors' workload"),
    "content": _l("Published articles"),
    "issues": _l("Articles and pages per issue"),
    "columns": _l("Articles per column"),
    "regions": _l("Authors by region"),
    "institutions": _l("Authors by institution"),
}


@dataclass(frozen=True)
class Chart:
    kind: str  # "bar", "hbar", "line", "funnel"
    label: int = 0  # the column that labels the points
    series: tuple[int, ...] = (1,)  # the columns drawn, each a series named by its header


@dataclass
class Table:
    name: str
    title: str
    headers: list[str]
    rows: list[list] = field(default_factory=list)
    note: str = ""
    chart: Chart | None = None

    @property
    def charted(self) -> bool:
        """Whether it has a chart to show (an empty table has none)."""
        return self.chart is not None and bool(self.rows)


@dataclass(frozen=True)
class Report:
    period: Period
    column_id: int | None
    tables: dict[str, Table]


def cell_number(cell) -> float | None:
    """A cell as a number (shares written "12.5%" as 0.125); None when it is not one."""
    if isinstance(cell, int | float):
        return cell
    text = str(cell)
    try:
        value = float(text.rstrip("%"))
    except ValueError:
        return None
    return value / 100 if text.endswith("%") else value


def _share(value: float | None) -> str:
    return "" if value is None else f"{value:.1%}"


def _blank(value):
    return "" if value is None else value


def report(period: Period, column_id: int | None = None) -> Report:
    """Every table for the period and column (a constant number of queries; none but the
    generation's and the overdue reviews' while the data has not changed)."""
    lang = "en" if current_locale() == "en" else "zh"
    found, people, loads, published, names = cache.get(
        ("data", period, column_id, lang),
        lambda: (figures(period, column_id), reviewers(period, column_id),
                 editors(period, column_id), content(period, column_id, lang),
                 column_names(lang)))
    t = {name: Table(name, str(title), []) for name, title in TABLES.items()}

    t["counts"].headers = [_("Figure"), _("Manuscripts")]
    t["counts"].rows = [[str(title), found.counts[name]] for name, (_f, title) in COUNTS.items()]
    t["counts"].rows.append([_("Acceptance rate"), _share(found.acceptance_rate)])
    t["counts"].note = str(RATE_DEFINITION)

    t["durations"].headers = [_("Figure"), _("Manuscripts"), _("Median (days)"),
                              _("90th percentile (days)")]
    t["durations"].rows = [[str(title), d.count, _blank(d.median), _blank(d.p90)]
                           for name, (_b, _e, title) in DURATIONS.items()
                           for d in [found.durations[name]]]
    t["durations"].note = _("Days from first submission, for the manuscripts that made the "
                            "move in the period; manuscripts still waiting are not counted.")
    t["durations"].chart = Chart("hbar", series=(2, 3))

    t["monthly"].headers = [_("Month"), *[str(COUNTS[name][1]) for name in MONTHLY]]
    t["monthly"].rows = [[f"{year}-{month:02d}", *[counts[name] for name in MONTHLY]]
                         for (year, month), counts in found.monthly.items()]
    t["monthly"].chart = Chart("line", series=(1, 2, 3))

    submitted = found.funnel["submitted"]
    t["funnel"].headers = [_("Stage"), _("Manuscripts"), _("Share of those submitted")]
    t["funnel"].rows = [[str(title), found.funnel[stage],
                         _share(found.funnel[stage] / submitted if submitted else None)]
                        for stage, (_f, title) in FUNNEL.items()]
    t["funnel"].note = _("The manuscripts first submitted in the period, and how far they "
                         "had come by its end.")
    t["funnel"].chart = Chart("funnel")

    t["reviewers"].headers = [_("Figure"), _("Value")]
    t["reviewers"].rows = [
        [_("Invitations sent"), people.invited],
        [_("Share agreed (of those answered)"), _share(people.agreed_share)],
        [_("Reviews submitted"), people.review_days.count],
        [_("Days from invitation to review: median"), _blank(people.review_days.median)],
        [_("Days from invitation to review: 90th percentile"), _blank(people.review_days.p90)],
        [_("Reviews in by their due date"), _share(people.on_time_share)],
        [_("Reviews overdue today"), overdue_now(column_id)]]  # (the clock's: not cached)
    t["reviewers"].note = _("Shares agreed count the invitations sent in the period that were "
                            "answered; days count the reviews submitted in the period.")

    t["editors"].headers = [_("Editor"), *[str(title) for _m, title in EDITOR_WORK.values()],
                            _("Open review rounds today")]
    t["editors"].rows = [[load.name, *load.work.values(), load.open_rounds]
                         for load in loads]
    t["editors"].chart = Chart("hbar", series=(1, 2, 3))

    t["content"].headers = [_("Figure"), _("Value")]
    t["content"].rows = [[_("Articles published"), published.articles],
                         [_("Funded articles"), published.funded],
                         [_("Funded-paper ratio"), _share(published.funded_ratio)]]
    t["content"].note = _("Funded-paper ratio: the articles with a funding statement ÷ the "
                          "articles published in the period.")

    t["issues"].headers = [_("Issue"), _("Articles"), _("Pages"), _("Mean pages per article")]
    t["issues"].rows = [[row.label, row.articles, row.pages, _blank(row.mean_pages)]
                        for row in published.issues]
    t["issues"].chart = Chart("bar", series=(1,))

    t["columns"].headers = [_("Column"), _("Articles")]
    t["columns"].rows = sorted(([names.get(i, _("No column")) if i else _("No column"), n]
                                for i, n in published.columns.items()), key=lambda r: -r[1])
    t["columns"].chart = Chart("hbar")

    authors = sum(n for _r, n in published.regions)
    t["regions"].headers = [_("Region"), _("Authors"), _("Share")]
    t["regions"].rows = [[region_name(region, lang) or str(NOT_NAMED_TITLE), n, _share(n / authors)]
                         for region, n in published.regions]
    t["regions"].note = _("Each author of each article, by the province its affiliation or "
                          "city names.")
    t["regions"].chart = Chart("hbar")

    t["institutions"].headers = [_("Institution"), _("Authors")]
    t["institutions"].rows = [[name, n] for name, n in published.institutions]
    t["institutions"].chart = Chart("hbar")
    return Report(period, column_id, t)
