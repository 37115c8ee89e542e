"""The statistics page and its CSV: who may see them, what they show, bad filters."""

import csv
import io

from tests.reports.test_figures import history  # noqa: F401 - the fixture


def _login_editor(client, login, make_user):
    login(client, make_user(roles=("editor",), email="stats.editor@example.org"))


def test_only_editors_see_the_statistics(client, login, make_user, history):  # noqa: F811
    assert client.get("/editor/stats/").status_code == 302  # to the login page
    login(client, make_user(roles=("author",), email="an.author@example.org"))
    assert client.get("/editor/stats/").status_code == 403
    assert client.get("/editor/stats/figures.csv").status_code == 403


def test_the_page_shows_the_years_figures(client, login, make_user, history):  # noqa: F811
    _login_editor(client, login, make_user)
    page = client.get("/editor/stats/?year=2026").get_data(as_text=True)
    assert '<td class="text-end" data-figure="submitted">5</td>' in page
    assert '<td class="text-end" data-figure="acceptance_rate">33.3%</td>' in page
    assert "统计期：2026-01-01 至 2026-12-31" in page and "撤稿不算决定" in page
    english = client.get("/editor/stats/?year=2026&lang=en").get_data(as_text=True)
    assert "Submission to first decision" in english and "Acceptance rate" in english


def test_the_csv_holds_the_same_figures(client, login, make_user, history):  # noqa: F811
    _login_editor(client, login, make_user)
    response = client.get(f"/editor/stats/figures.csv?year=2026&column={history['other']}")
    assert response.mimetype == "text/csv"
    assert "kanwu-statistics-2026-01-01-2026-12-31.csv" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    table = {row[0]: row[1:] for row in rows}
    assert table["已投稿"] == ["1", "", ""] and table["外审后退稿"] == ["1", "", ""]
    assert table["录用率"] == ["0.0%", "", ""]
    assert table["投稿至登记收稿"] == ["1", "4.0", "4.0"]


def test_bad_filters_fall_back_and_never_fail(client, login, make_user, history):  # noqa: F811
    _login_editor(client, login, make_user)
    for query in ("year=abc", "year=99999999999999999999", "from=2026-13-01&to=x",
                  "column=-1", "column=abc", "from=2026-12-31&to=2026-01-01"):
        assert client.get(f"/editor/stats/?{query}").status_code == 200, query
    swapped = client.get("/editor/stats/?from=2026-12-31&to=2026-01-01").get_data(as_text=True)
    assert "统计期：2026-01-01 至 2026-12-31" in swapped
