"""Sessions end for good: logout and a new password end every session and remember cookie of
the account, a replayed cookie finds nobody, a remembered login expires."""

import re
from datetime import timedelta

import pytest
import time_machine

from tests.conftest import PASSWORD

EMAIL = "session@example.org"
NEW_PASSWORD = "a brand new passphrase"  # noqa: S105


def log_in(app, email=EMAIL, password=PASSWORD, remember=False):
    """A fresh client logged in through the form, as a browser would be."""
    client = app.test_client()
    data = {"email": email, "password": password} | ({"remember": "y"} if remember else {})
    assert client.post("/account/login", data=data).status_code == 302
    return client


def cookie(client, name):
    found = client.get_cookie(name)
    assert found is not None, f"no {name} cookie"
    return found.value


def replay(app, **cookies):
    """A client that has nothing but copies of these cookies (an attacker's browser)."""
    client = app.test_client()
    for name, value in cookies.items():
        client.set_cookie(name, value)
    return client


def signed_in(client) -> bool:
    response = client.get("/account/profile")
    return response.status_code == 200 and EMAIL in response.get_data(as_text=True)


@pytest.fixture
def account(make_user):
    return make_user(email=EMAIL)


def reset_password(client, outbox):
    client.post("/account/reset", data={"email": EMAIL})
    body = outbox.deliver()[-1].get_body(("plain",)).get_content()
    path = re.search(r"http://\S+", body).group(0).split("5000", 1)[1]
    form = {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    assert client.post(path, data=form).status_code == 302


def test_session_cookie_replayed_after_logout_is_anonymous(app, account):
    client = log_in(app)
    stolen = cookie(client, "session")
    assert signed_in(replay(app, session=stolen))
    client.post("/account/logout")
    assert not signed_in(replay(app, session=stolen))
    assert not signed_in(client)


def test_logout_ends_the_sessions_on_other_computers_too(app, account):
    office, home = log_in(app), log_in(app, remember=True)
    office.post("/account/logout")
    assert not signed_in(home)
    assert not signed_in(replay(app, remember_token=cookie(home, "remember_token")))


def test_remember_cookie_replayed_after_logout_is_anonymous(app, account):
    client = log_in(app, remember=True)
    stolen = cookie(client, "remember_token")
    assert signed_in(replay(app, remember_token=stolen))  # it does work before the logout
    client.post("/account/logout")
    assert client.get_cookie("remember_token") is None
    assert not signed_in(replay(app, remember_token=stolen))


@pytest.mark.parametrize("resets", [1, 2])
def test_session_and_remember_cookie_replayed_after_password_reset_are_anonymous(
        app, account, outbox, resets):
    victim = log_in(app, remember=True)
    stolen_session, stolen_remember = cookie(victim, "session"), cookie(victim, "remember_token")
    for _ in range(resets):
        reset_password(app.test_client(), outbox)
    assert not signed_in(replay(app, session=stolen_session))
    assert not signed_in(replay(app, remember_token=stolen_remember))
    assert not signed_in(victim)
    assert signed_in(log_in(app, password=NEW_PASSWORD))  # the new password does work


def test_remembered_login_expires_after_the_remember_duration(app, account):
    lifetime = app.config["REMEMBER_COOKIE_DURATION"]
    assert timedelta(days=1) <= lifetime <= timedelta(days=14)
    with time_machine.travel("2026-05-01 08:00", tick=False) as traveller:
        client = log_in(app, remember=True)
        stolen = cookie(client, "remember_token")
        traveller.shift(lifetime - timedelta(hours=1))
        assert signed_in(replay(app, remember_token=stolen))
        traveller.shift(timedelta(hours=2))
        assert not signed_in(replay(app, remember_token=stolen))
        assert not signed_in(client)  # the browser session of that login ends too


def test_remember_cookie_of_one_account_cannot_be_pointed_at_another(app, account, make_user):
    other = make_user(email="other@example.org")
    client = log_in(app, remember=True)
    value = cookie(client, "remember_token")
    forged = value.replace(value.split(":", 1)[0], str(other), 1)
    assert not signed_in(replay(app, remember_token=forged))


@pytest.mark.parametrize("value", ["1", "1:", ":x:1", "x:y:z", "1:abc:١٢", "9" * 40 + ":a:1", ""])
def test_malformed_session_values_find_nobody(app, account, value):
    from accounts.models import load_user

    with app.app_context():
        assert load_user(value) is None


# --------------------------------------------------------------------------- password change


def change_password(client, current=PASSWORD, new=NEW_PASSWORD, confirm=None):
    return client.post("/account/password", data={
        "current_password": current, "password": new, "confirm": confirm or new})


def test_password_change_ends_every_other_session_and_keeps_this_one(app, account):
    here = log_in(app, remember=True)
    elsewhere, laptop = log_in(app), log_in(app, remember=True)
    stolen = cookie(laptop, "remember_token")
    old_here = cookie(here, "session")
    response = change_password(here)
    assert response.status_code == 302 and response.headers["Location"] == "/account/profile"
    assert signed_in(here)  # the person who changed it stays in
    assert signed_in(replay(app, remember_token=cookie(here, "remember_token")))
    assert not signed_in(elsewhere) and not signed_in(laptop)
    assert not signed_in(replay(app, remember_token=stolen))
    assert not signed_in(replay(app, session=old_here))  # this browser's old cookie too
    assert signed_in(log_in(app, password=NEW_PASSWORD))


def test_password_change_needs_the_current_password(app, account):
    client = log_in(app)
    html = change_password(client, current="not my password").get_data(as_text=True)
    assert "当前密码不正确" in html
    assert signed_in(log_in(app))  # nothing changed, nobody logged out
    assert signed_in(client)


def test_password_change_checks_the_new_password(app, account):
    client = log_in(app)
    assert "至少 10 个字符" in change_password(client, new="short").get_data(as_text=True)
    assert "两次输入的密码不一致" in change_password(
        client, confirm="another long phrase").get_data(as_text=True)
    assert signed_in(log_in(app))


def test_guessing_the_current_password_from_a_stolen_session_is_limited(app, account,
                                                                        rate_limits):
    from limits import parse

    client = log_in(app)
    for _ in range(parse(app.config["LOGIN_ACCOUNT_FAILURES"]).amount):
        change_password(client, current="a guess at it")
    response = change_password(client)  # even the right one waits now
    assert response.status_code == 429 and "失败次数过多" in response.get_data(as_text=True)
    locked = app.test_client().post("/account/login", data={"email": EMAIL,
                                                            "password": PASSWORD})
    assert locked.status_code == 429  # the same count as failed logins of the account


def test_password_change_needs_a_login(client):
    response = change_password(client)
    assert response.status_code == 302 and "/account/login" in response.headers["Location"]
