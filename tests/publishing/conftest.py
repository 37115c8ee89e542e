"""Publishing fixtures: an editor, accepted manuscripts and a published issue."""

import io
import shutil
from datetime import date, datetime

import pytest
from pypdf import PdfWriter

from accounts.models import Role, User
from core.extensions import db
from publishing import services
from publishing.demo import docx_bytes
from tests.factories import make_column, make_manuscript

BODY = [("1 引言", ["科研数据服务是高校图书馆的新职能。", ["list", ["第一项", "第二项"]]]),
        ("2 方法", [["table", [["指标", "数值"], ["样本", "20"]]]])]


@pytest.fixture(autouse=True)
def _build_only_when_asked(app):
    """Tests build the site themselves instead of queueing the task after each commit."""
    app.config["SITE_BUILD_AFTER_COMMIT"] = False
    shutil.rmtree(app.config["SITE_DIR"], ignore_errors=True)
    yield
    app.config["SITE_BUILD_AFTER_COMMIT"] = True
    shutil.rmtree(app.config["SITE_DIR"], ignore_errors=True)


@pytest.fixture
def request_ctx(app, app_ctx):
    """Services translate their messages: run them as in a request (English UI)."""
    with app.test_request_context("/?lang=en"):
        yield


@pytest.fixture
def editor(request_ctx, make_user):
    return db.session.get(User, make_user(roles=(Role.EDITOR,), email="ed@example.org"))


@pytest.fixture
def author_id(app_ctx, make_user):
    return make_user(roles=(Role.AUTHOR,), email="au@example.org")


def accepted(author_id, column=None, **fields):
    fields.setdefault("authors", [{"name": "张伟", "name_pinyin": "Zhang Wei",
                                   "email": "zhangwei@example.org", "affiliation": "河北大学图书馆",
                                   "affiliation_en": "Hebei University Library",
                                   "city": "保定", "postcode": "071002", "corresponding": True,
                                   "orcid": "0000-0002-1825-0097"},
                                  {"name": "李娜", "name_pinyin": "Li Na",
                                   "affiliation": "河北大学图书馆"}])
    return make_manuscript(author_id, state="accepted", column=column, clc_number="G250",
                           received_at=datetime(2025, 9, 1), accepted_at=datetime(2025, 11, 2),
                           **fields)


def galley_pdf() -> bytes:
    """A one-page PDF (a galley)."""
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def ready_article(manuscript, issue, editor, pages=(1, 6), body=BODY):
    article = services.schedule(manuscript, issue, editor)
    services.arrange(article, editor, position=article.position, page_start=pages[0],
                     page_end=pages[1])
    services.attach_final(article, editor, docx_bytes(body), "final.docx")
    return article


@pytest.fixture
def publish(editor, author_id):
    """publish(n=2, columns=1, year=2026, number=1) -> the published issue (committed)."""

    def make(n=2, columns=1, year=2026, number=1, **fields):
        cols = [make_column(position=i) for i in range(columns)]
        issue = services.create_issue(editor, year=year, number=number, volume=39,
                                      publication_date=date(year, 2 * number - 1, 1))
        for i in range(n):
            manuscript = accepted(author_id, column=cols[i % columns], **fields)
            ready_article(manuscript, issue, editor, pages=(1 + 10 * i, 8 + 10 * i))
        services.publish_issue(issue, editor)
        db.session.commit()
        return issue

    return make
