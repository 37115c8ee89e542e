"""Registration, confirmation, log in, password reset and profile, through the client."""

import re

import pytest
import time_machine
from sqlalchemy import select

from accounts.models import User
from core.extensions import db
from tests.conftest import PASSWORD

GOOD = {"email": "li.hua@example.org", "password": "shelf mark catalogue", "name": "李华",
        "name_pinyin": "", "affiliation": "河北大学图书馆", "orcid": ""}


def register(client, **changes):
    return client.post("/account/register", data=GOOD | changes, follow_redirects=True)


def link_in(message) -> str:
    body = message.get_body(("plain",)).get_content()
    return re.search(r"http://\S+", body).group(0).split("5000", 1)[1]


def user(app, email=GOOD["email"]) -> User:
    with app.app_context():
        found = db.session.scalar(select(User).where(User.email == email))
        db.session.expunge_all()
        return found


def test_register_sends_confirmation_then_confirm_and_log_in(app, client, outbox):
    html = register(client).get_data(as_text=True)
    assert "确认链接" in html
    created = user(app)
    assert created.name_pinyin == "Li Hua" and created.email_confirmed_at is None
    [mail] = outbox.deliver()
    assert mail["To"] == GOOD["email"] and "确认" in mail["Subject"]
    assert mail.get_body(("html",)) is not None

    # not confirmed yet: logging in is refused with a clear message and a new link
    credentials = {"email": GOOD["email"], "password": GOOD["password"]}
    html = client.post("/account/login", data=credentials, follow_redirects=True)
    html = html.get_data(as_text=True)
    assert "请先确认" in html
    assert len(outbox.deliver()) == 2

    html = client.get(link_in(mail), follow_redirects=True).get_data(as_text=True)
    assert "已确认" in html
    assert user(app).email_confirmed_at is not None
    # the link works once
    again = client.get(link_in(mail))
    assert again.status_code == 400 and "已使用" in again.get_data(as_text=True)

    response = client.post("/account/login", data={"email": GOOD["email"],
                                                   "password": GOOD["password"]})
    assert response.status_code == 302 and response.headers["Location"] == "/manuscripts/"


def test_confirmation_mail_in_english_for_english_visitor(app, client, outbox):
    client.get("/?lang=en")
    register(client)
    [mail] = outbox.deliver()
    assert mail["Subject"].startswith("Please confirm your email address")
    assert "Dear Li Hua" in mail.get_body(("plain",)).get_content()


def without_token(page: str, address: str) -> str:
    """The page without the address and the CSRF token (a token is signed with the second it
    was made in, and differs per browser)."""
    return re.sub(r'name="csrf_token"[^>]*value="[^"]+"', "", page.replace(address, "X"))


def test_registration_answers_the_same_for_a_new_and_an_existing_address(app, client, make_user,
                                                                         outbox):
    make_user(email="owner@example.org", name="王主人", locale="en")
    existing = register(client, email="OWNER@example.org").get_data(as_text=True)
    new = register(app.test_client(), email="newcomer@example.org").get_data(as_text=True)
    assert without_token(existing, "OWNER@example.org") == \
        without_token(new, "newcomer@example.org")
    assert "确认链接" in existing and "已注册" not in existing
    assert user(app, "owner@example.org").name == "王主人"  # nothing of the account changed
    assert client.post("/account/login", data={"email": "owner@example.org",
                                               "password": PASSWORD}).status_code == 302
    notice, confirmation = sorted(outbox.deliver(), key=lambda m: m["To"], reverse=True)
    assert confirmation["To"] == "newcomer@example.org"
    assert notice["To"] == "owner@example.org"  # in the owner's language, with no token
    body = notice.get_body(("plain",)).get_content()
    assert "tried to register" in body and "Dear Wang Zhuren" in body  # pinyin in English
    assert "/account/login" in body and "/account/reset" in body
    assert re.search(r"/account/(reset|confirm)/\S", body) is None


def test_registering_an_existing_address_again_and_again_mails_its_owner_once(
        app, client, make_user, outbox):
    make_user(email="owner@example.org")
    for _ in range(3):
        register(client, email="owner@example.org")
    assert [m["To"] for m in outbox.deliver()] == ["owner@example.org"]


@pytest.mark.parametrize(("changes", "message"), [
    ({"email": "not-an-address"}, "请输入有效的电子邮箱地址"),
    ({"password": "short"}, "至少 10 个字符"),
    ({"password": "1234567890"}, "太容易被猜到"),
    ({"password": "li.hua@example.org-li.hua"}, "太容易被猜到"),
    ({"name": ""}, "请填写此项"),
    ({"orcid": "0000-0002-1825-0098"}, "ORCID"),
])
def test_bad_registration_input_gets_a_clear_message(app, client, changes, message):
    response = register(client, **changes)
    assert message in response.get_data(as_text=True)
    assert user(app) is None


def test_bad_input_messages_in_english(client):
    client.get("/?lang=en")
    html = register(client, email="nope", password="short").get_data(as_text=True)
    assert "Please enter a valid email address" in html
    assert "at least 10 characters" in html


def test_valid_orcid_is_kept(app, client):
    register(client, orcid="0000-0002-1825-0097")
    assert user(app).orcid == "0000-0002-1825-0097"


def test_pinyin_suggestion_endpoint(client):
    assert client.get("/account/pinyin?name=张伟国").get_json() == {"pinyin": "Zhang Weiguo"}
    assert client.get("/account/pinyin?name=").get_json() == {"pinyin": ""}


def test_pinyin_typed_by_the_person_is_kept(app, client):
    register(client, name="曾小贤", name_pinyin="Zeng Xiaoxian")
    assert user(app).name_pinyin == "Zeng Xiaoxian"


def test_wrong_password_and_unknown_email_get_the_same_answer(client, make_user):
    make_user(email="known@example.org")
    known = client.post("/account/login", data={"email": "known@example.org", "password": "x" * 12},
                        follow_redirects=True).get_data(as_text=True)
    unknown = client.post("/account/login", data={"email": "nobody@example.org",
                                                  "password": "x" * 12},
                          follow_redirects=True).get_data(as_text=True)
    assert "邮箱或密码错误" in known and "邮箱或密码错误" in unknown
    assert without_token(known, "known@") == without_token(unknown, "nobody@")


def test_remember_me_sets_a_lasting_cookie(client, make_user):
    make_user(email="keep@example.org")
    response = client.post("/account/login", data={"email": "keep@example.org",
                                                   "password": PASSWORD, "remember": "y"})
    assert response.status_code == 302
    assert client.get_cookie("remember_token") is not None


def test_login_without_remember_me_sets_no_lasting_cookie(client, make_user):
    make_user(email="once@example.org")
    client.post("/account/login", data={"email": "once@example.org", "password": PASSWORD})
    assert client.get_cookie("remember_token") is None


def test_deactivated_account_cannot_log_in_and_its_session_ends(app, client, make_user, login):
    uid = make_user(email="gone@example.org")
    login(client, uid)
    with app.app_context():
        db.session.get(User, uid).active = False
        db.session.commit()
    assert client.get("/account/profile").status_code == 302  # the old session no longer works
    html = client.post("/account/login", data={"email": "gone@example.org", "password": PASSWORD},
                       follow_redirects=True).get_data(as_text=True)
    assert "已停用" in html


def test_next_parameter_only_redirects_inside_the_site(client, make_user):
    make_user(email="next@example.org")
    data = {"email": "next@example.org", "password": PASSWORD}
    assert client.post("/account/login?next=//evil.example/x", data=data).headers["Location"] == \
        "/manuscripts/"
    client.post("/account/logout")
    assert client.post("/account/login?next=/pages/aims", data=data).headers["Location"] == \
        "/pages/aims"


# --------------------------------------------------------------------------- password reset


def request_reset(client, email):
    return client.post("/account/reset", data={"email": email},
                       follow_redirects=True).get_data(as_text=True)


def test_reset_for_unknown_email_is_answered_like_a_known_one(client, make_user, outbox):
    make_user(email="known@example.org")
    known = request_reset(client, "known@example.org")
    unknown = request_reset(client, "nobody@example.org")
    assert without_token(known, "known@") == without_token(unknown, "nobody@")
    assert [m["To"] for m in outbox.deliver()] == ["known@example.org"]


def test_reset_link_sets_a_new_password_once(app, client, make_user, outbox):
    make_user(email="forgot@example.org")
    request_reset(client, "forgot@example.org")
    [mail] = outbox.deliver()
    path = link_in(mail)
    form = {"password": "a brand new passphrase", "confirm": "a brand new passphrase"}
    html = client.post(path, data=form, follow_redirects=True).get_data(as_text=True)
    assert "新密码已设置" in html
    assert client.post("/account/login", data={"email": "forgot@example.org",
                                               "password": form["password"]}).status_code == 302
    opened = client.get(path)
    assert opened.status_code == 400 and "已使用" in opened.get_data(as_text=True)
    # the form posted again is sent to ask for a new link, with the reason
    used = client.post(path, data={"password": "yet another passphrase",
                                   "confirm": "yet another passphrase"})
    assert used.status_code == 303 and used.headers["Location"] == "/account/reset"
    assert "已使用" in client.get("/account/reset").get_data(as_text=True)
    assert client.post("/account/login", data={"email": "forgot@example.org",
                                               "password": form["password"]}).status_code == 302


def test_reset_link_expires(client, make_user, outbox):
    make_user(email="late@example.org")
    with time_machine.travel("2026-03-01 08:00", tick=False):
        request_reset(client, "late@example.org")
        [mail] = outbox.deliver()
    with time_machine.travel("2026-03-01 10:30", tick=False):
        response = client.get(link_in(mail))
    assert response.status_code == 400 and "已过期" in response.get_data(as_text=True)


def test_forged_or_mangled_token_is_refused(client):
    for token in ("forged", "eyJ1IjoxLCJmIjoiMCJ9.aaaa.bbbb"):
        response = client.get(f"/account/reset/{token}")
        assert response.status_code == 400 and "链接无效" in response.get_data(as_text=True)
        assert client.get(f"/account/confirm/{token}").status_code == 400


def test_reset_requires_matching_strong_passwords(client, make_user, outbox):
    make_user(email="pick@example.org")
    request_reset(client, "pick@example.org")
    path = link_in(outbox.deliver()[0])
    html = client.post(path, data={"password": "another long phrase", "confirm": "different one"}
                       ).get_data(as_text=True)
    assert "两次输入的密码不一致" in html
    html = client.post(path, data={"password": "short", "confirm": "short"}).get_data(as_text=True)
    assert "至少 10 个字符" in html


# --------------------------------------------------------------------------- profile


def test_profile_saves_language_expertise_and_pinyin(app, client, make_user, login):
    uid = make_user(email="prof@example.org", name="王芳")
    login(client, uid)
    html = client.get("/account/profile").get_data(as_text=True)
    assert 'for="expertise"' in html and 'for="locale"' in html
    response = client.post("/account/profile", data={
        "name": "王芳", "name_pinyin": "", "affiliation": "河北师范大学", "orcid": "",
        "locale": "en", "expertise": "信息检索，数字图书馆; 数字图书馆、 科学计量"})
    assert response.status_code == 302
    saved = user(app, "prof@example.org")
    assert saved.locale == "en" and saved.name_pinyin == "Wang Fang"
    assert saved.expertise_keywords == ["信息检索", "数字图书馆", "科学计量"]
    assert "Profile" in client.get("/account/profile").get_data(as_text=True)  # now in English


def test_profile_rejects_invalid_orcid(client, make_user, login):
    login(client, make_user())
    html = client.post("/account/profile", data={"name": "x", "locale": "zh_CN",
                                                 "orcid": "1234"}).get_data(as_text=True)
    assert "不是有效的 ORCID" in html


def test_profile_needs_login(client):
    response = client.get("/account/profile")
    assert response.status_code == 302 and "/account/login" in response.headers["Location"]


def test_pinyin_keeps_western_names_as_typed(client):
    def suggest(name):
        return client.get("/account/pinyin", query_string={"name": name}).get_json()["pinyin"]

    assert suggest("Maria Keller") == "Maria Keller"
    assert suggest("  van der  Berg ") == "van der Berg"
    assert suggest("Maria 张") == "Maria Zhang"  # only the Han characters are converted
    assert suggest("张伟") == "Zhang Wei"
