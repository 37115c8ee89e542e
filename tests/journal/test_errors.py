"""Friendly error pages in both languages: 403, 404, 500, a missing or stale CSRF token, 429."""

import pytest

from tests.conftest import PASSWORD


@pytest.mark.parametrize(("lang", "text"), [("zh_CN", "您的数据没有丢失"),
                                           ("en", "Your data is safe")])
def test_500_page_is_friendly_in_both_languages(app, client, monkeypatch, lang, text):
    def broken():
        raise RuntimeError("boom")

    monkeypatch.setitem(app.view_functions, "journal.home", broken)
    response = client.get(f"/?lang={lang}")
    assert response.status_code == 500
    html = response.get_data(as_text=True)
    assert text in html and "Traceback" not in html and "boom" not in html


def test_403_in_both_languages(client, make_user, login):
    login(client, make_user(roles=("author",)))
    assert "您无权访问此页面" in client.get("/admin/users").get_data(as_text=True)
    assert "You do not have permission" in client.get("/admin/users?lang=en").get_data(
        as_text=True)


def test_json_clients_get_json_errors(client):
    response = client.get("/nope", headers={"Accept": "application/json"})
    assert response.status_code == 404 and response.get_json()["status"] == 404


@pytest.mark.parametrize(("lang", "text"), [("zh_CN", "表单已过期"),
                                           ("en", "This form has expired")])
def test_missing_csrf_token_gets_a_friendly_page(app, client, lang, text):
    app.config["WTF_CSRF_ENABLED"] = True
    client.get(f"/?lang={lang}")
    response = client.post("/account/login", data={"email": "a@example.org", "password": "x"})
    assert response.status_code == 400
    assert text in response.get_data(as_text=True)


def test_stale_csrf_token_gets_the_same_friendly_page(app, client):
    app.config["WTF_CSRF_ENABLED"] = True
    client.get("/account/login")
    response = client.post("/account/login", data={"csrf_token": "IjEyMyI.stale.token",
                                                   "email": "a@example.org", "password": "x"})
    assert response.status_code == 400 and "表单已过期" in response.get_data(as_text=True)


def test_too_many_failed_logins_get_429_with_a_message(app, client, make_user, rate_limits):
    from limits import parse

    make_user(email="target@example.org")
    data = {"email": "target@example.org", "password": "wrong password!"}
    n = parse(app.config["LOGIN_ACCOUNT_FAILURES"]).amount
    codes = [client.post("/account/login", data=data).status_code for _ in range(n + 1)]
    assert codes[:n] == [200] * n and codes[n] == 429
    response = client.post("/account/login", data=data | {"password": PASSWORD})
    assert response.status_code == 429  # even the right password waits
    assert "失败次数过多" in response.get_data(as_text=True)
    assert "Too many failed attempts" in client.post("/account/login?lang=en", data=data).get_data(
        as_text=True)
    assert client.get("/account/login").status_code == 200  # reading the form is not limited


def test_password_reset_requests_are_limited_too(client, rate_limits):
    from limits import parse

    from accounts.views import MAILING_FORM_LIMIT

    n = parse(MAILING_FORM_LIMIT).amount
    codes = [client.post("/account/reset", data={"email": f"x{i}@example.org"}).status_code
             for i in range(n + 1)]
    assert codes[:n] == [302] * n and codes[-1] == 429
