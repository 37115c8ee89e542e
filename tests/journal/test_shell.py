from journal.models import GUIDELINE_PAGES


def test_home_shows_journal_name_and_six_pages(client, journal_pages):
    html = client.get("/").get_data(as_text=True)
    assert "河北科技图苑" in html
    for slug, title_zh, _title_en in GUIDELINE_PAGES:
        assert f'href="/pages/{slug}"' in html
        assert title_zh in html


def test_english_ui_with_lang_parameter(client, journal_pages):
    html = client.get("/?lang=en").get_data(as_text=True)
    assert "Aims and Scope" in html and "Home" in html
    assert "首页" not in html
    # remembered for the next request
    assert "Author Guidelines" in client.get("/").get_data(as_text=True)


def test_unknown_language_falls_back_to_chinese(client):
    html = client.get("/?lang=xx").get_data(as_text=True)
    assert "首页" in html and "语言: 中文" in html
    response = client.get("/lang/klingon?next=/pages/aims")
    assert response.headers["Location"] == "/pages/aims"
    assert "首页" in client.get("/").get_data(as_text=True)


def test_language_menu_choice_is_remembered_for_the_user(app, client, make_user, login):
    from accounts.models import User
    from core.extensions import db

    uid = make_user(locale="zh_CN")
    login(client, uid)
    response = client.post("/lang/en", data={"next": "//evil.example"})  # the menu's form
    assert response.headers["Location"] == "/"
    with app.app_context():
        assert db.session.get(User, uid).locale == "en"
    other = app.test_client()  # another browser, same person
    login(other, uid)
    assert "Language: English" in other.get("/").get_data(as_text=True)


def test_healthz_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "broker", "storage"}


def test_healthz_names_failing_part(app, client, monkeypatch):
    from journal import views

    def broken():
        raise ConnectionError("broker down")

    monkeypatch.setattr(views, "_check_broker", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["failing"] == ["broker"]


def test_404_page_in_both_languages(client):
    assert "您访问的页面不存在" in client.get("/nope").get_data(as_text=True)
    assert "does not exist" in client.get("/nope?lang=en").get_data(as_text=True)


def test_favicon_is_served(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response.mimetype == "image/vnd.microsoft.icon"
    assert response.data[:4] == b"\x00\x00\x01\x00"  # an ICO file
