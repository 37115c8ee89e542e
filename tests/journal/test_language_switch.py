"""Switching the language: no GET changes stored data. A GET (a link, the static site's
switch, `?lang=`) sets the language of this browser only; the menu's POST (with CSRF) also
stores a signed-in person's preferred language."""

import re

from accounts.models import User
from core.extensions import db


def stored_locale(app, uid) -> str:
    with app.app_context():
        return db.session.get(User, uid).locale


def csrf(_app, client) -> str:
    """The token of the forms on a page this browser was shown."""
    html = client.get("/pages/aims").get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def test_a_get_changes_this_browser_not_the_profile(app, client, login, make_user):
    uid = make_user(locale="zh_CN")
    login(client, uid)
    response = client.get("/lang/en?next=/pages/aims")
    assert response.status_code == 302 and response.headers["Location"] == "/pages/aims"
    assert stored_locale(app, uid) == "zh_CN"
    assert "Language: English" in client.get("/").get_data(as_text=True)  # this browser
    client.get("/?lang=zh_CN")
    assert stored_locale(app, uid) == "zh_CN"
    other = login(app.test_client(), uid)  # another browser keeps the stored language
    assert "语言: 中文" in other.get("/").get_data(as_text=True)


def test_the_menu_posts_and_stores_the_choice(app, client, login, make_user):
    uid = make_user(locale="zh_CN")
    login(client, uid)
    html = client.get("/").get_data(as_text=True)
    assert 'id="language-form" method="post"' in html  # the menu is a form, not a link
    assert 'form="language-form"' in html and 'formaction="/lang/en"' in html
    response = client.post("/lang/en", data={"csrf_token": csrf(app, client),
                                             "next": "/pages/aims"})
    assert response.status_code == 302 and response.headers["Location"] == "/pages/aims"
    assert stored_locale(app, uid) == "en"
    other = login(app.test_client(), uid)  # another browser, same person
    assert "Language: English" in other.get("/").get_data(as_text=True)


def test_a_post_without_csrf_changes_nothing(app, client, login, make_user, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    uid = make_user(locale="zh_CN")
    login(client, uid)
    response = client.post("/lang/en", data={"next": "/"})
    assert response.status_code == 400
    assert stored_locale(app, uid) == "zh_CN"


def test_the_post_stays_on_the_site(app, client, login, make_user):
    login(client, make_user())
    for target in ("//evil.example", "https://evil.example/", "/\\evil.example"):
        response = client.post("/lang/en", data={"csrf_token": csrf(app, client),
                                                 "next": target})
        assert response.headers["Location"] == "/", target


def test_anonymous_visitors_switch_with_a_get_or_a_post(app, client):
    assert client.get("/lang/en?next=/").status_code == 302
    assert "Language: English" in client.get("/").get_data(as_text=True)
    client.post("/lang/zh_CN", data={"csrf_token": csrf(app, client), "next": "/"})
    assert "语言: 中文" in client.get("/").get_data(as_text=True)


def test_saving_the_profile_language_wins_over_an_earlier_link(app, client, login, make_user):
    uid = make_user(name="王芳", locale="en")
    login(client, uid)
    client.get("/lang/en")
    client.post("/account/profile", data={"name": "王芳", "locale": "zh_CN"})
    assert stored_locale(app, uid) == "zh_CN"
    assert "语言: 中文" in client.get("/").get_data(as_text=True)
