"""The statistics page and its downloads: who may see them, what they show (the tables, the
charts' series, the CSV and XLSX cells), bad filters, and the yearly report's request."""

import csv
import io
import re
import xml.etree.ElementTree as ET

import pytest
from lxml import html
from openpyxl import load_workbook

from core.clock import journal_today
from core.extensions import db
from core.jobs import Job
from tests.reports.test_figures import history  # noqa: F401 - the fixture

SVG = "{http://www.w3.org/2000/svg}"


def _login_editor(client, login, make_user):
    login(client, make_user(roles=("editor",), email="stats.editor@example.org"))


def _table(page: str, name: str) -> dict[str, list[str]]:
    """A table of the page: first cell -> the other cells."""
    tree = html.fromstring(page)
    rows = tree.xpath(f'//table[@data-table="{name}"]/tbody/tr')
    return {row[0].text_content().strip(): [c.text_content().strip() for c in row[1:]]
            for row in rows}


@pytest.mark.parametrize("url", ["/editor/stats/", "/editor/stats/counts.csv",
                                 "/editor/stats/all.xlsx", "/editor/stats/monthly.svg"])
def test_only_editors_see_the_statistics(client, login, make_user, history, url):  # noqa: F811
    assert client.get(url).status_code == 302  # to the login page
    login(client, make_user(roles=("author",), email="an.author@example.org"))
    assert client.get(url).status_code == 403
    login(client, make_user(roles=("reviewer",), email="a.reviewer@example.org"))
    assert client.get(url).status_code == 403


def test_the_page_shows_the_years_figures(client, login, make_user, history):  # noqa: F811
    _login_editor(client, login, make_user)
    page = client.get("/editor/stats/?year=2026").get_data(as_text=True)
    counts = _table(page, "counts")
    assert counts["已投稿"] == ["5"] and counts["录用率"] == ["33.3%"]
    assert _table(page, "durations")["投稿至首次决定"] == ["3", "10.0", "20.0"]
    assert _table(page, "funnel")["已录用"] == ["1", "20.0%"]
    assert _table(page, "monthly")["2026-12"] == ["1", "0", "0"]
    assert "统计期：2026-01-01 至 2026-12-31" in page and "撤稿不算决定" in page
    english = client.get("/editor/stats/?year=2026&lang=en").get_data(as_text=True)
    assert _table(english, "counts")["Acceptance rate"] == ["33.3%"]
    assert "Submission to first decision" in english and "Month by month" in english


def _series(svg: str) -> dict[int, list[str]]:
    """Each series of a pygal SVG, in order: the values its points carry."""
    root = ET.fromstring(svg)
    found = {}
    for serie in root.iter(f"{SVG}g"):
        match = re.fullmatch(r"series serie-(\d+) color-\d+", serie.get("class") or "")
        if match:
            found.setdefault(int(match[1]), []).extend(
                d.text for d in serie.iter(f"{SVG}desc") if d.get("class") == "value")
    return found


def test_the_charts_draw_the_tables_numbers(client, login, make_user, history):  # noqa: F811
    _login_editor(client, login, make_user)
    response = client.get("/editor/stats/monthly.svg?year=2026&lang=en")
    assert response.mimetype == "image/svg+xml"
    svg = response.get_data(as_text=True)
    series = _series(svg)
    assert series[0] == ["1", "1", "1", "1", "0", "0", "0", "0", "0", "0", "0", "1"]  # submitted
    assert series[1][0] == "1" and series[2][2] == "1"  # accepted January, published March
    assert "Month by month" in svg and "<script" not in svg
    page = html.fromstring(client.get("/editor/stats/?year=2026").get_data(as_text=True))
    # each chart an image of its own beside its table (durations, months, funnel: the tables
    # of people and content are empty in this history, and an empty table has no chart)
    images = page.xpath('//div[@class="col-xl-7 stats-chart"]/img')
    assert [img.get("src") for img in images] == [
        f"/editor/stats/{name}.svg?year=2026" for name in ("durations", "monthly", "funnel")]
    assert [img.get("alt") for img in images] == ["Days from submission", "Month by month",
                                                  "From submission to publication"]
    assert client.get("/editor/stats/counts.svg").status_code == 404  # a table without one
    assert client.get("/editor/stats/nothing.svg").status_code == 404


def test_the_csv_holds_the_tables_rows(client, login, make_user, history):  # noqa: F811
    _login_editor(client, login, make_user)
    response = client.get(f"/editor/stats/counts.csv?year=2026&column={history['other']}")
    assert response.mimetype == "text/csv"
    assert "kanwu-counts-2026-01-01-2026-12-31.csv" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    table = {row[0]: row[1:] for row in rows}
    assert table["已投稿"] == ["1"] and table["外审后退稿"] == ["1"]
    assert table["录用率"] == ["0.0%"]
    durations = client.get(f"/editor/stats/durations.csv?year=2026&column={history['other']}")
    table = {row[0]: row[1:] for row in csv.reader(io.StringIO(
        durations.get_data(as_text=True).lstrip("\ufeff")))}
    assert table["投稿至登记收稿"] == ["1", "4.0", "4.0"]
    assert client.get("/editor/stats/nothing.csv").status_code == 404


def test_the_workbook_holds_numbers_in_every_sheet(client, login, make_user,
                                                   history):  # noqa: F811
    _login_editor(client, login, make_user)
    response = client.get("/editor/stats/all.xlsx?year=2026&lang=en")
    assert response.mimetype.endswith("spreadsheetml.sheet")
    book = load_workbook(io.BytesIO(response.data))
    assert book.sheetnames[:3] == ["Manuscripts", "Days from submission", "Month by month"]
    counts = {row[0]: row[1] for row in book["Manuscripts"].iter_rows(min_row=4,
                                                                      values_only=True)}
    assert counts["Submitted"] == 5 and counts["Acceptance rate"] == pytest.approx(1 / 3,
                                                                                  abs=1e-3)
    rate_cell = next(row[1] for row in book["Manuscripts"].iter_rows(min_row=4)
                     if row[0].value == "Acceptance rate")
    assert rate_cell.number_format == "0.0%"
    assert book["Manuscripts"]["A2"].value.startswith("Period: 2026-01-01 to 2026-12-31")
    monthly = list(book["Month by month"].iter_rows(min_row=3, max_row=4, values_only=True))
    assert monthly == [("Month", "Submitted", "Accepted", "Published"), ("2026-01", 1, 1, 0)]
    one = client.get("/editor/stats/funnel.xlsx?year=2026&lang=zh_CN")
    one = load_workbook(io.BytesIO(one.data))
    assert one.sheetnames == ["从投稿到刊出"]


def test_bad_filters_fall_back_and_never_fail(client, login, make_user, history):  # noqa: F811
    _login_editor(client, login, make_user)
    for query in ("year=abc", "year=99999999999999999999", "from=2026-13-01&to=x",
                  "column=-1", "column=abc", "from=2026-12-31&to=2026-01-01",
                  "from=0001-01-01&to=9999-12-30"):
        assert client.get(f"/editor/stats/?{query}").status_code == 200, query
    swapped = client.get("/editor/stats/?from=2026-12-31&to=2026-01-01").get_data(as_text=True)
    assert "统计期：2026-01-01 至 2026-12-31" in swapped
    wide = client.get("/editor/stats/?from=0001-01-01&to=9999-12-30").get_data(as_text=True)
    assert f"统计期：1980-01-01 至 {journal_today().year}-12-31" in wide


def test_asking_for_the_yearly_report_starts_a_job(client, login, make_user, app,
                                                   history):  # noqa: F811
    _login_editor(client, login, make_user)
    app.config["REPORTS_AFTER_COMMIT"] = False  # (the worker's part: test_annual.py)
    try:
        page = client.get("/editor/stats/?year=2026").get_data(as_text=True)
        token = html.fromstring(page).xpath('//form[@action="/editor/stats/annual"]'
                                            '//input[@name="csrf_token"]/@value')[0]
        response = client.post("/editor/stats/annual", data={"year": "2026",
                                                             "csrf_token": token})
        assert response.status_code == 302 and response.location.endswith("year=2026#annual")
        with app.app_context():
            job = db.session.query(Job).order_by(Job.id.desc()).first()
            assert (job.kind, job.about_id, job.state) == ("annual_report", 2026, "queued")
        page = client.get("/editor/stats/?year=2026").get_data(as_text=True)
        assert f'/jobs/{job.id}' in page and "正在撰写年度报告" in page
        # not written yet: nothing to download
        assert client.get(f"/editor/stats/annual/{job.id}.pdf").status_code == 404
        refused = client.post("/editor/stats/annual", data={"year": "1850", "csrf_token": token},
                              follow_redirects=True)
        assert "请选择 1980 年至今年之间的年份" in refused.get_data(as_text=True)
        app.config["WTF_CSRF_ENABLED"] = True
        client.post("/editor/stats/annual", data={"year": "2026"})  # no CSRF token
        with app.app_context():
            assert db.session.query(Job).count() == 1  # neither asked for another
    finally:
        app.config["REPORTS_AFTER_COMMIT"] = True
        app.config["WTF_CSRF_ENABLED"] = False
