"""Production fixtures: an editor, and a manuscript accepted through the workflow (so that
acceptance opens production as it does in the app)."""

import pytest
from flask import g

from accounts.models import Role, User
from core.extensions import db
from submission.workflow import Action, advance
from tests.factories import make_manuscript

AUTHORS = [
    {"name": "张伟", "name_pinyin": "Zhang Wei", "email": "zhangwei@example.org",
     "affiliation": "河北大学图书馆", "corresponding": True},
    {"name": "李娜", "name_pinyin": "Li Na", "email": "lina@example.org", "locale": "en",
     "affiliation": "河北大学图书馆"},
    {"name": "王强", "affiliation": "河北大学图书馆"},  # no address: not asked
]


@pytest.fixture(autouse=True)
def _tasks_run_by_the_tests(app):
    app.config["PRODUCTION_TASKS_AFTER_COMMIT"] = False
    app.config["SITE_BUILD_AFTER_COMMIT"] = False
    yield
    app.config["PRODUCTION_TASKS_AFTER_COMMIT"] = True
    app.config["SITE_BUILD_AFTER_COMMIT"] = True


@pytest.fixture
def request_ctx(app, app_ctx):
    with app.test_request_context("/?lang=en"):
        yield


@pytest.fixture
def editor(request_ctx, make_user):
    return db.session.get(User, make_user(roles=(Role.EDITOR,), email="ed@example.org",
                                          name="编辑"))


@pytest.fixture
def author_id(app_ctx, make_user):
    return make_user(roles=(Role.AUTHOR,), email="zhangwei@example.org", name="张伟")


@pytest.fixture
def accepted(editor, author_id):
    """accepted(**fields) -> a manuscript just accepted (committed), its agreement open."""

    def make(**fields):
        manuscript = make_manuscript(author_id, state="under_review",
                                     authors=fields.pop("authors", AUTHORS), clc_number="G250",
                                     **fields)
        manuscript.authors[0].user_id = author_id
        advance(manuscript, Action.ACCEPT, editor)
        db.session.commit()
        # The mails rendered here asked for the current user (anonymous) and Flask-Login keeps
        # it in `g`, which the test client's requests share with this context: forget it.
        g.pop("_login_user", None)
        return manuscript

    return make


@pytest.fixture
def sign_in(login):
    """sign_in(client, user_id): log in, forgetting whoever an earlier request in this shared
    context was (Flask-Login keeps the current user in `g`)."""

    def do(client, user_id):
        login(client, user_id)
        g.pop("_login_user", None)
        return client

    return do
