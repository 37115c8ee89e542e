"""The DOI settings on the journal settings page: a prefix and a suffix pattern, previewed on
an example article, a bad pattern refused with a message saying what is wrong."""

import pytest

from journal.doi import example_doi, normalise_doi, pattern_problem
from journal.models import get_journal


@pytest.fixture
def admin(client, make_user, login):
    login(client, make_user(email="admin@example.org", roles=("admin",)))
    return client


def _saved(app) -> tuple[str, str]:
    with app.app_context():
        journal = get_journal()
        return journal.doi_prefix, journal.doi_suffix_pattern


@pytest.mark.parametrize("pattern", ["hbkjty.{year}.{issue}.{seq:03d}", "{id}",
                                     "hbkjty-{volume}({issue})-{seq}", "a/{year}/{id:05d}"])
def test_good_patterns(pattern):
    assert pattern_problem(pattern) is None


@pytest.mark.parametrize(("pattern", "problem"), [
    ("hbkjty.{year", "not well formed"),
    ("hbkjty.{month}.{seq}", "Unknown placeholder {month}"),
    ("hbkjty.{}.{seq}", "Unknown placeholder {}"),
    ("hbkjty.{seq!r}", "Unknown placeholder {seq}"),
    ("hbkjty.{year}.{issue}", "needs {seq} or {id}"),
    ("hbkjty.{seq:q}", "format"),
    ("hbkjty {seq}", "only Latin letters"),
    ("河北.{seq}", "only Latin letters"),
])
def test_bad_patterns_say_what_is_wrong(app, pattern, problem):
    with app.test_request_context("/?lang=en"):
        assert problem in str(pattern_problem(pattern))


def test_example_and_normalised_dois():
    assert example_doi("10.12345", "hbkjty.{year}.{issue}.{seq:03d}") == \
        "10.12345/hbkjty.2026.1.001"
    assert example_doi("", "{seq}") == "" and example_doi("10.12345", "{year}") == ""
    assert normalise_doi("https://doi.org/10.12345/ABC.1") == "10.12345/ABC.1"
    assert normalise_doi("doi: 10.12345/x") == "10.12345/x"
    assert normalise_doi("10.123/x") == "" and normalise_doi("10.12345/a b") == ""


def test_admin_previews_then_saves_the_doi_settings(app, admin):
    page = admin.get("/admin/journal").get_data(as_text=True)
    assert 'name="doi_prefix"' in page and "前缀为空时不分配 DOI" in page
    form = {"doi_prefix": "10.12345", "doi_suffix_pattern": "hbkjty.{year}.{issue}.{seq:03d}"}
    preview = admin.post("/admin/journal/doi", data=form | {"preview": "y"})
    assert preview.status_code == 200
    assert "<code>10.12345/hbkjty.2026.1.001</code>" in preview.get_data(as_text=True)
    assert _saved(app)[0] == ""  # a preview saves nothing
    saved = admin.post("/admin/journal/doi", data=form | {"save_doi": "y"})
    assert saved.status_code == 302
    assert _saved(app) == ("10.12345", "hbkjty.{year}.{issue}.{seq:03d}")
    page = admin.get(saved.location).get_data(as_text=True)
    assert "DOI 设置已保存" in page and "<code>10.12345/hbkjty.2026.1.001</code>" in page


@pytest.mark.parametrize(("form", "message"), [
    ({"doi_prefix": "10.12", "doi_suffix_pattern": "{seq}"}, "DOI 前缀形如 10.12345"),
    ({"doi_prefix": "10.12345", "doi_suffix_pattern": "hbkjty.{year}"}, "{seq} 或 {id}"),
    ({"doi_prefix": "10.12345", "doi_suffix_pattern": "hbkjty.{yaer}.{seq}"}, "{yaer}"),
])
def test_bad_doi_settings_are_explained_and_nothing_is_saved(app, admin, form, message):
    response = admin.post("/admin/journal/doi", data=form | {"save_doi": "y"})
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert _saved(app) == ("", "hbkjty.{year}.{issue}.{seq:03d}")
