"""`next=` after logging in (and after switching the language) leads only to a page of this
site: known open-redirect payloads land on the home page."""

from urllib.parse import quote

import pytest

from tests.conftest import PASSWORD

OFF_SITE = [
    "//evil.example/x",
    "///evil.example/x",
    "/%09/evil.example/x",        # a tab, which browsers drop: //evil.example/x
    "/%0a/evil.example/x",
    "/%0d/evil.example/x",
    "%09//evil.example/x",
    "%20//evil.example/x",
    "/\\evil.example/x",
    "\\\\evil.example/x",
    "/\\/evil.example/x",
    "\\/evil.example",
    "https://evil.example/x",
    "http:evil.example",
    "HTTPS://evil.example",
    "javascript:alert(1)",
    "data:text/html,hi",
    "%2F%2Fevil.example/x",
    "/%5Cevil.example",
    "evil.example",
    "@evil.example",
    "/%00/evil.example",
    "/%E3%80%80/evil.example",     # an ideographic space
]


def login_with_next(client, raw_next: str):
    data = {"email": "next@example.org", "password": PASSWORD}
    return client.post(f"/account/login?next={raw_next}", data=data)


@pytest.mark.parametrize("payload", OFF_SITE)
def test_login_never_redirects_off_site(client, make_user, payload):
    make_user(email="next@example.org")
    response = login_with_next(client, payload)
    assert response.status_code == 302
    assert response.headers["Location"] == "/manuscripts/"  # an author's own home


@pytest.mark.parametrize("target", ["/pages/aims", "/manuscripts/3?tab=files",
                                    "/search?q=" + quote("图书馆"), "/account/profile"])
def test_login_returns_to_the_page_of_this_site(client, make_user, target):
    make_user(email="next@example.org")
    response = login_with_next(client, quote(target, safe=""))
    assert response.headers["Location"] == target


@pytest.mark.parametrize("payload", OFF_SITE)
def test_language_switch_never_redirects_off_site(client, payload):
    response = client.get(f"/lang/en?next={payload}")
    assert response.status_code == 302 and response.headers["Location"] == "/"


def test_a_page_that_needs_login_comes_back_after_it(client, make_user):
    make_user(email="next@example.org")
    asked = client.get("/account/profile")
    login_page = asked.headers["Location"]
    response = client.post(login_page, data={"email": "next@example.org", "password": PASSWORD})
    assert response.headers["Location"].rstrip("?") == "/account/profile"
