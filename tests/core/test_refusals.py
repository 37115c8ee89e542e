"""The one refusal path (core/refusals.py) and the request's unit of work (core/unitofwork.py).

The session's app has served requests, so no route can be added to it: the views under test
answer at /lang/<code> for the length of a test, in place of the language switch, and change
the data the way a service does (they flush; whether the change stays is the request's
answer).
"""

import pytest
from sqlalchemy import select

from core.extensions import db
from core.refusals import Conflict, Invalid, Missing, NotAllowed, Stale
from core.unitofwork import keep_changes
from journal.models import Column
from tests.factories import make_column

URL = "/lang/test"
HOME = "http://localhost/"
REFUSED = "您输入的内容有误：栏目名称不能为空。"


@pytest.fixture
def answer_with(app, monkeypatch):
    """answer_with(view): GET and POST at URL answer with `view()` in this test."""
    def install(view):
        for endpoint in ("journal.set_language", "journal.choose_language"):
            monkeypatch.setitem(app.view_functions, endpoint, lambda code: view())

    return install


def refusing(error):
    """A view that adds a column (as a service would, flushed) and is then refused."""
    def view():
        make_column(slug="refused")
        raise error

    return view


def saved_columns(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(Column.slug)))


def text(response) -> str:
    return response.get_data(as_text=True)


# --------------------------------------------------------------------------- the answers


def test_a_refused_form_post_goes_back_to_its_page_with_the_message(app, client, answer_with):
    answer_with(refusing(Invalid(REFUSED)))
    response = client.post(URL, data={"name_zh": ""}, headers={"Referer": HOME + "?tab=2"})
    assert response.status_code == 303 and response.headers["Location"] == "/?tab=2"
    page = text(client.get(response.headers["Location"]))
    assert f'<div class="alert alert-danger" role="alert">{REFUSED}</div>' in page
    assert saved_columns(app) == []  # nothing saved


def test_the_way_back_is_the_errors_own_then_this_sites_referrer_then_the_form_itself(
        client, answer_with):
    answer_with(refusing(Conflict(REFUSED, back_url="/manuscripts/")))
    assert client.post(URL, data={"x": "1"}, headers={"Referer": HOME}
                       ).headers["Location"] == "/manuscripts/"
    answer_with(refusing(Conflict(REFUSED)))
    for referrer in ("https://evil.example/", None):
        headers = {"Referer": referrer} if referrer else {}
        assert client.post(URL, data={"x": "1"}, headers=headers).headers["Location"] == URL


def test_a_referrer_that_only_answers_posts_is_not_where_the_form_goes_back(client,
                                                                          answer_with):
    """A form shown as the answer to a post has a referrer that a browser cannot GET: the
    refusal goes to the nearest page above it instead of a 405."""
    answer_with(refusing(Conflict(REFUSED)))
    referrer = "http://localhost/desk/manuscripts/5/move?x=1"  # answers a post only
    response = client.post(URL, data={"x": "1"}, headers={"Referer": referrer})
    assert response.headers["Location"] == "/desk/manuscripts/5"


def test_a_refusal_of_an_xhr_or_json_request_is_json(app, client, answer_with):
    answer_with(refusing(Invalid(REFUSED)))
    for headers, body in (({"X-Requested-With": "XMLHttpRequest"}, {"data": {"x": "1"}}),
                          ({"Accept": "application/json"}, {"data": {"x": "1"}}),
                          ({}, {"json": {"x": "1"}})):
        response = client.post(URL, headers=headers, **body)
        assert response.status_code == 400, headers
        assert response.get_json() == {"error": REFUSED, "status": 400}
    assert saved_columns(app) == []


def test_a_refused_get_is_the_error_page_with_its_status_and_message(app, client, answer_with):
    answer_with(refusing(Conflict(REFUSED)))
    response = client.get(URL, headers={"Referer": HOME})
    assert response.status_code == 409
    assert '<h1 class="display-5">409</h1>' in text(response) and REFUSED in text(response)
    assert saved_columns(app) == []


def test_a_stale_form_goes_back_with_the_message_and_is_a_409_to_a_script(client, answer_with):
    stale = "此稿件已被他人修改，请刷新页面。"
    answer_with(refusing(Stale(stale)))
    response = client.post(URL, data={"version": "3"}, headers={"Referer": HOME})
    assert response.status_code == 303 and stale in text(client.get("/"))
    response = client.post(URL, data={"version": "3"},
                           headers={"X-Requested-With": "XMLHttpRequest"})
    assert response.status_code == 409 and response.get_json()["error"] == stale


@pytest.mark.parametrize(("kind", "status"), [(Missing, 404), (NotAllowed, 403)])
def test_not_found_and_not_allowed_are_the_error_page_even_for_a_form(app, client, answer_with,
                                                                      kind, status):
    answer_with(refusing(kind("没有这份稿件。")))
    response = client.post(URL, data={"x": "1"}, headers={"Referer": HOME})
    assert response.status_code == status and "没有这份稿件。" in text(response)
    assert "没有这份稿件。" not in text(client.get("/"))  # not flashed as well
    assert saved_columns(app) == []


def test_an_informative_refusal_keeps_its_category(client, answer_with):
    class AlreadyDone(Conflict):
        category = "info"

    answer_with(refusing(AlreadyDone("已经提交过了。")))
    client.post(URL, data={"x": "1"}, headers={"Referer": HOME})
    page = text(client.get("/"))
    assert '<div class="alert alert-info" role="alert">已经提交过了。</div>' in page


# --------------------------------------------------------------------------- the unit of work


def changing(status: int, keep: bool = False):
    """A view that adds a column (flushed, never committed by itself) and answers `status`."""
    def view():
        make_column(slug=f"answered-{status}")
        if keep:
            keep_changes()
        return "", status

    return view


@pytest.mark.parametrize(("status", "kept"), [(200, True), (302, True), (303, True),
                                              (400, False), (404, False), (409, False),
                                              (410, False)])
def test_a_request_keeps_its_changes_only_if_its_answer_is_below_400(app, client, answer_with,
                                                                     status, kept):
    answer_with(changing(status))
    assert client.post(URL, data={"x": "1"}).status_code == status
    assert saved_columns(app) == ([f"answered-{status}"] if kept else [])


def test_keep_changes_keeps_what_an_error_answer_recorded(app, client, answer_with):
    answer_with(changing(410, keep=True))  # e.g. a spent link, recorded as spent
    assert client.get(URL).status_code == 410
    assert saved_columns(app) == ["answered-410"]
    answer_with(changing(409))  # and the next request starts afresh
    assert client.get(URL).status_code == 409
    assert saved_columns(app) == ["answered-410"]
