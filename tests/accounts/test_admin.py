"""The administration pages, through the client: roles, settings, pages, columns, outbox."""

from datetime import datetime

import pytest
from sqlalchemy import select

from accounts.models import Role, User
from core.extensions import db
from core.outbox import MailState, OutboxEmail, queue_email
from core.signals import column_changed, guideline_page_changed
from journal.models import Column, GuidelinePage, get_journal


@pytest.fixture
def admin(client, make_user, login):
    login(client, make_user(email="admin@example.org", roles=("admin",)))
    return client


@pytest.fixture
def editor(client, make_user, login):
    login(client, make_user(email="editor@example.org", roles=("editor",)))
    return client


@pytest.mark.parametrize("url", ["/admin/users", "/admin/journal", "/admin/outbox",
                                 "/admin/pages", "/admin/columns", "/admin/"])
def test_authors_are_refused_everywhere(client, make_user, login, url):
    login(client, make_user(roles=("author",)))
    response = client.get(url)
    assert response.status_code == 403
    assert "您无权访问此页面" in response.get_data(as_text=True)
    assert "permission" in client.get(url + "?lang=en").get_data(as_text=True)


@pytest.mark.parametrize("url", ["/admin/users", "/admin/journal", "/admin/outbox"])
def test_editors_cannot_manage_people_settings_or_mail(editor, url):
    assert editor.get(url).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get("/admin/users")
    assert response.status_code == 302 and "/account/login" in response.headers["Location"]


def test_admin_finds_a_person_and_grants_and_removes_roles(app, admin, make_user):
    uid = make_user(email="wang@example.org", name="王小明")
    html = admin.get("/admin/users?q=王小").get_data(as_text=True)
    assert "wang@example.org" in html and "admin@example.org" not in html
    admin.post(f"/admin/users/{uid}", data={"roles": ["author", "reviewer", "editor"],
                                            "active": "y"})
    with app.app_context():
        assert db.session.get(User, uid).roles == {Role.AUTHOR, Role.REVIEWER, Role.EDITOR}
    admin.post(f"/admin/users/{uid}", data={"roles": ["reviewer"]})
    with app.app_context():
        person = db.session.get(User, uid)
        assert person.roles == {Role.REVIEWER} and not person.active


def test_admin_cannot_lock_themself_out(app, admin):
    with app.app_context():
        me = db.session.scalar(select(User).where(User.email == "admin@example.org"))
    html = admin.post(f"/admin/users/{me.id}", data={"roles": ["editor"], "active": "y"},
                      follow_redirects=True).get_data(as_text=True)
    assert "不能取消自己的管理员角色" in html
    with app.app_context():
        assert Role.ADMIN in db.session.get(User, me.id).roles


SETTINGS = {"name_zh": "河北科技图苑", "name_en": "Hebei Sci-Tech Library Journal",
            "former_name": "河北图苑", "issn": "1234-567X", "cn": "13-1234/G2",
            "sponsor_zh": "河北省高校图工委", "sponsor_en": "Hebei committee",
            "frequency_zh": "双月刊", "frequency_en": "Bimonthly", "issues_per_year": "6",
            "number_prefix": "hbkj", "contact_email": "", "time_zone": "Asia/Shanghai"}


def test_admin_edits_journal_settings(app, admin):
    admin.post("/admin/journal", data=SETTINGS)
    with app.app_context():
        journal = get_journal()
        assert (journal.issn, journal.cn, journal.number_prefix) == \
            ("1234-567X", "13-1234/G2", "HBKJ")
    assert "ISSN 1234-567X" in admin.get("/").get_data(as_text=True)


def test_bad_journal_settings_are_explained_and_not_saved(app, admin):
    html = admin.post("/admin/journal", data=SETTINGS | {"issn": "12345", "number_prefix": "-"}
                      ).get_data(as_text=True)
    assert "ISSN 格式如 1234-567X" in html and "以字母开头" in html
    with app.app_context():
        assert get_journal().issn == ""


def test_editor_previews_then_saves_a_guideline_page(app, editor, journal_pages):
    seen = []
    def remember(page, actor):
        seen.append((page.slug, actor.email))

    guideline_page_changed.connect(remember)  # other packages' receivers stay connected
    try:
        form = {"title_zh": "刊物宗旨", "title_en": "Aims and Scope",
                "body_zh": "## 新的宗旨\n\n服务读者。<script>alert(1)</script>",
                "body_en": "## New aims"}
        html = editor.post("/admin/pages/aims", data=form | {"preview": "y"}).get_data(
            as_text=True)
        assert "<h2>新的宗旨</h2>" in html and "<script>alert" not in html
        with app.app_context():
            assert "新的宗旨" not in db.session.scalar(
                select(GuidelinePage.body_zh).where(GuidelinePage.slug == "aims"))
        assert seen == []
        response = editor.post("/admin/pages/aims", data=form | {"submit": "y"})
        assert response.headers["Location"] == "/pages/aims"
        assert seen == [("aims", "editor@example.org")]
        public = editor.get("/pages/aims").get_data(as_text=True)
        assert "<h2>新的宗旨</h2>" in public and "alert(1)" not in public.split("<main")[1]
    finally:
        guideline_page_changed.disconnect(remember)


def test_submission_rules_are_edited_beside_the_guidelines(app, editor, journal_pages):
    html = editor.get("/admin/pages/guidelines").get_data(as_text=True)
    assert "投稿规则" in html and 'name="abstract_max_chars"' in html
    preview = editor.post("/admin/pages/guidelines", data={
        "title_zh": "征稿要求", "title_en": "Guidelines", "body_zh": "草稿", "body_en": "",
        "preview": "y"}).get_data(as_text=True)
    assert 'name="abstract_max_chars" required type="number" value="300"' in preview
    assert 'name="abstract_max_chars"' not in editor.get("/admin/pages/aims").get_data(
        as_text=True)
    rules = {"title_max_chars": "25", "abstract_min_chars": "150", "abstract_max_chars": "400",
             "keywords_min": "4", "keywords_max": "6", "length_limit_chars": "9000",
             "allowed_file_types": ["docx"], "max_file_mb": "10"}
    editor.post("/admin/rules", data=rules)
    with app.app_context():
        journal = get_journal()
        assert (journal.title_max_chars, journal.abstract_min_chars, journal.abstract_max_chars,
                journal.keywords_min, journal.keywords_max, journal.allowed_extensions,
                journal.max_file_mb) == (25, 150, 400, 4, 6, ["docx"], 10)
    response = editor.post("/admin/rules", data=rules | {"abstract_min_chars": "500",
                                                         "keywords_max": "2"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "摘要字数上限不能小于下限" in html and "关键词最多个数不能小于最少个数" in html


def test_editor_adds_edits_and_deactivates_columns(app, editor, journal_pages):
    events = []
    def remember(column, actor, created):
        events.append((column.slug, created))

    column_changed.connect(remember)
    try:
        form = {"name_zh": "数字人文", "name_en": "Digital Humanities", "description_zh": "",
                "description_en": "", "position": "3", "length_limit_chars": "6000",
                "active": "y"}
        editor.post("/admin/columns/new", data=form)
        with app.app_context():
            column = db.session.scalar(select(Column).where(Column.name_zh == "数字人文"))
        assert column.slug == "digital-humanities" and column.length_limit_chars == 6000
        assert "数字人文" in editor.get("/pages/columns").get_data(as_text=True)
        editor.post(f"/admin/columns/{column.id}", data=form | {"active": ""})
        assert "数字人文" not in editor.get("/pages/columns").get_data(as_text=True)
        assert events == [("digital-humanities", True), ("digital-humanities", False)]
    finally:
        column_changed.disconnect(remember)


def test_outbox_lists_mail_and_retries_failed_ones(app, admin):
    with app.app_context():
        queue_email(to="a@example.org", template="accounts/reset_password", locale="zh_CN",
                    context={"name": "甲", "link": "http://x/y", "hours": 2}, dedupe_key="t1")
        row = db.session.scalar(select(OutboxEmail))
        row.state, row.attempts, row.last_error = MailState.FAILED, 8, "SMTPServerDisconnected"
        db.session.commit()
        row_id = row.id
    html = admin.get("/admin/outbox?state=failed").get_data(as_text=True)
    assert "a@example.org" in html and "SMTPServerDisconnected" in html and "重新发送" in html
    admin.post(f"/admin/outbox/{row_id}/retry")
    with app.app_context():
        row = db.session.get(OutboxEmail, row_id)
        assert (row.state, row.attempts) == (MailState.PENDING, 0)
        row.state = MailState.SENT
        db.session.commit()
    html = admin.post(f"/admin/outbox/{row_id}/retry", follow_redirects=True).get_data(
        as_text=True)
    assert "已经发出或正在发送" in html


def test_admin_pages_render_in_both_languages(admin, journal_pages):
    for url in ["/admin/", "/admin/users", "/admin/journal", "/admin/pages",
                "/admin/pages/guidelines", "/admin/columns", "/admin/columns/new",
                "/admin/outbox"]:
        assert admin.get(url).status_code == 200, url
        assert admin.get(url + ("&" if "?" in url else "?") + "lang=en").status_code == 200


def test_the_column_table_says_column_name(editor):
    html = editor.get("/admin/columns").get_data(as_text=True)
    header = html[html.index("<thead>"):html.index("</thead>")]
    assert "栏目名称" in header and "姓名" not in header


def test_the_journal_clock_is_a_setting(app, admin):
    from core.clock import local_dt

    html = admin.post("/admin/journal", data=SETTINGS | {"time_zone": "Mars/Olympus"}
                      ).get_data(as_text=True)
    assert "未知的时区" in html
    admin.post("/admin/journal", data=SETTINGS | {"time_zone": "Europe/Berlin"})
    with app.app_context():
        assert get_journal().time_zone == "Europe/Berlin"
        # 17:30 UTC on the last day of 2026 is 18:30 in Berlin (it would be 01:30 in Beijing)
        assert local_dt(datetime(2026, 12, 31, 17, 30)) == "2026-12-31 18:30"
