"""Each role's journey from the login form, never through a mail link: the author reaches their
manuscript and its letters, the editor lands on the desk, the reviewer on my reviews; the
static pages show who is signed in."""

import re
import shutil

import pytest
from playwright.sync_api import expect

from core.clock import utcnow
from core.extensions import db
from tests.conftest import PASSWORD
from tests.factories import make_manuscript

pytestmark = pytest.mark.browser


def log_in(page, email):
    page.goto("/account/login")
    page.get_by_label("电子邮箱").fill(email)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()


@pytest.fixture
def built_site(app):
    """The static pages, removed afterwards (the app serves them in place of its own home)."""
    from publishing.build import build_site

    app.config["SITE_BUILD_AFTER_COMMIT"] = False
    with app.app_context():
        build_site()
    yield
    app.config["SITE_BUILD_AFTER_COMMIT"] = True
    shutil.rmtree(app.config["SITE_DIR"], ignore_errors=True)


def test_author_reaches_the_manuscript_and_its_letters(page, app, make_user, journal_pages,
                                                      built_site):
    author = make_user(email="author@example.org", name="周敏")
    with app.app_context():
        manuscript = make_manuscript(author, state="accepted", title_zh="高校图书馆数据服务研究")
        manuscript.received_at = utcnow()
        db.session.commit()
        manuscript_id = manuscript.id

    log_in(page, "author@example.org")
    expect(page).to_have_url(re.compile(r"/manuscripts/$"))
    page.get_by_role("link", name="高校图书馆数据服务研究").click()
    expect(page).to_have_url(re.compile(rf"/manuscripts/{manuscript_id}$"))
    expect(page.locator("#acceptance-notice")).to_be_visible()
    page.get_by_role("link", name="审稿意见与决定信").click()
    expect(page.locator("h1")).to_have_text("审稿意见与处理决定")

    # the static home page: the same file for everybody, with this person's links filled in
    page.goto("/")
    expect(page.locator("[data-signed-in]")).to_have_text("周敏")
    expect(page.get_by_role("link", name="投稿 / 登录")).to_have_count(0)
    page.get_by_role("link", name="投稿 / 我的稿件").click()
    expect(page).to_have_url(re.compile(r"/manuscripts/$"))
    expect(page.get_by_role("link", name="过刊浏览")).to_be_visible()  # one label everywhere


def test_editor_lands_on_the_desk(page, make_user):
    make_user(email="editor@example.org", roles=("editor",))
    log_in(page, "editor@example.org")
    expect(page).to_have_url(re.compile(r"/desk/$"))
    expect(page.locator("h1")).to_have_text("编辑工作台")


def test_reviewer_lands_on_my_reviews(page, make_user):
    make_user(email="reviewer@example.org", roles=("reviewer",))
    log_in(page, "reviewer@example.org")
    expect(page).to_have_url(re.compile(r"/review/mine$"))
    expect(page.locator("h1")).to_have_text("我的审稿")
