"""The editors' publishing pages, through the client."""

import io

from flask import g
from sqlalchemy import select

from core.extensions import db
from publishing.demo import docx_bytes
from publishing.models import Article, Issue
from tests.publishing.conftest import BODY, accepted

BASE = "http://localhost"  # the test client's host: a Referer from the same site


def test_only_editors_reach_the_publishing_pages(client, login, make_user):
    assert client.get("/editor/issues").status_code == 302  # to the login page
    login(client, make_user(roles=("author",)))
    assert client.get("/editor/issues").status_code == 403
    assert client.post("/editor/issues/1/publish").status_code == 403


def test_an_editor_builds_and_publishes_an_issue(app, client, login, editor, author_id):
    login(client, editor.id)
    page = client.post("/editor/issues", data={"year": 2026, "number": 1, "volume": 39},
                       follow_redirects=True).get_data(as_text=True)
    assert "Issue created." in page or "期次已创建" in page
    issue = db.session.scalar(select(Issue))
    manuscript = accepted(author_id, title_zh="待出版的文章")
    db.session.commit()
    page = client.get(f"/editor/issues/{issue.id}").get_data(as_text=True)
    assert "待出版的文章" in page
    client.post(f"/editor/issues/{issue.id}/schedule", data={"manuscript_id": manuscript.id})
    article = db.session.scalar(select(Article))
    issue_page = f"/editor/issues/{issue.id}"
    refused = client.post(f"{issue_page}/publish", data={"date_override": ""},
                          headers={"Referer": BASE + issue_page})
    assert refused.status_code == 303 and refused.location == issue_page  # back to the form
    text = client.get(issue_page).get_data(as_text=True)
    assert "本期暂不能出版" in text  # the refusal, flashed
    assert "终稿（docx）" in text and "页码范围" in text  # the list of what is missing
    db.session.expire_all()
    assert not db.session.get(Issue, issue.id).is_published
    client.post(f"/editor/articles/{article.id}/arrange",
                data={f"a{article.id}-position": 1, f"a{article.id}-page_start": 5,
                      f"a{article.id}-page_end": 9})
    article_page = f"/editor/articles/{article.id}"
    bad = client.post(f"{article_page}/final", headers={"Referer": BASE + article_page},
                      data={"file": (io.BytesIO(b"not a docx"), "x.docx")},
                      content_type="multipart/form-data", follow_redirects=True)
    assert "Word" in bad.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Article, article.id).final_sha256 is None
    client.post(f"/editor/articles/{article.id}/final",
                data={"file": (io.BytesIO(docx_bytes(BODY)), "final.docx")},
                content_type="multipart/form-data")
    done = client.post(f"/editor/issues/{issue.id}/publish", follow_redirects=True)
    assert "本期已出版" in done.get_data(as_text=True)
    again = client.post(f"/editor/issues/{issue.id}/publish", follow_redirects=True)
    assert "没有任何变化" in again.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Article, article.id).path == f"qikandaodu/2026/0101/{article.id}.html"


def test_metadata_form_round_trip(client, login, editor, author_id):
    login(client, editor.id)
    from publishing import services

    issue = services.create_issue(editor, year=2026, number=1, volume=39)
    article = services.schedule(accepted(author_id), issue, editor)
    db.session.commit()
    form = client.get(f"/editor/articles/{article.id}").get_data(as_text=True)
    assert "张伟 | Zhang Wei | 河北大学图书馆" in form
    client.post(f"/editor/articles/{article.id}", data={
        "title_zh": "改过的题名", "title_en": "Edited", "abstract_zh": "摘要", "abstract_en": "A",
        "keywords_zh": "甲；乙", "keywords_en": "a; b", "clc_number": "G251",
        "document_code": "A", "funding": "",
        "authors": "王五 | Wang Wu | 河北图书馆 | Hebei Library | 石家庄 | 050000 | *"})
    db.session.expire_all()
    article = db.session.get(Article, article.id)
    assert article.title_zh == "改过的题名" and article.keywords_zh == ["甲", "乙"]
    assert article.authors == [{"name": "王五", "name_pinyin": "Wang Wu",
                                "affiliation": "河北图书馆", "affiliation_en": "Hebei Library",
                                "city": "石家庄", "postcode": "050000", "corresponding": True,
                                "orcid": ""}]


def test_a_refused_metadata_edit_keeps_what_the_editor_typed(client, login, editor, publish):
    article = publish(n=1).articles[0]
    title = article.title_zh
    g.pop("_login_user", None)  # the mails of publishing were rendered here for nobody
    login(client, editor.id)
    page = client.post(f"/editor/articles/{article.id}", data={
        "title_zh": "未写更正说明的新题名", "authors": "王五 | Wang Wu | 河北图书馆"})
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "未写更正说明的新题名" in text  # the form, as typed
    assert "请填写更正说明" in text  # ... asking for the correction note
    db.session.expire_all()
    assert db.session.get(Article, article.id).title_zh == title and not article.corrections


def test_scheduling_refusals_go_back_to_the_page_with_the_reason(client, login, editor,
                                                                 author_id):
    from publishing import services

    issue = services.create_issue(editor, year=2026, number=1, volume=39)
    manuscript = accepted(author_id)
    article = services.schedule(manuscript, issue, editor)
    db.session.commit()
    login(client, editor.id)
    issue_page, console = f"/editor/issues/{issue.id}", f"/desk/manuscripts/{manuscript.id}"
    none = client.post(f"{issue_page}/schedule", data={"manuscript_id": "x"},
                       headers={"Referer": BASE + issue_page})
    assert none.status_code == 303 and none.location == issue_page
    assert "请选择一篇已录用的稿件。" in client.get(issue_page).get_data(as_text=True)
    again = client.post(f"/editor/manuscripts/{manuscript.id}/schedule",
                        data={"issue_id": issue.id}, headers={"Referer": BASE + console},
                        follow_redirects=True)
    assert "时不能" in again.get_data(as_text=True)  # the state machine's reason
    db.session.expire_all()
    assert db.session.get(Article, article.id).position == 1
    assert db.session.get(Article, article.id).manuscript.state == "scheduled"


def test_refusals_answer_a_script_with_their_status(client, login, editor, author_id):
    from publishing import services

    issue = services.create_issue(editor, year=2026, number=1, volume=39)
    article = services.schedule(accepted(author_id), issue, editor)
    db.session.commit()
    login(client, editor.id)
    script = {"X-Requested-With": "XMLHttpRequest"}
    not_ready = client.post(f"/editor/issues/{issue.id}/publish", headers=script)
    assert not_ready.status_code == 409 and not_ready.json["status"] == 409  # the state
    pages = client.post(f"/editor/articles/{article.id}/arrange", headers=script, data={
        f"a{article.id}-position": 1, f"a{article.id}-page_start": 9,
        f"a{article.id}-page_end": 3})
    assert pages.status_code == 400 and pages.json["error"]  # the input
    db.session.expire_all()
    assert db.session.get(Article, article.id).page_start is None


def test_the_console_panel_schedules_an_accepted_manuscript(client, login, editor, author_id):
    from publishing import services

    login(client, editor.id)
    issue = services.create_issue(editor, year=2026, number=2, volume=39)
    manuscript = accepted(author_id, title_zh="从控制台排期")
    db.session.commit()
    console = client.get(f"/desk/manuscripts/{manuscript.id}").get_data(as_text=True)
    assert "2026年第2期" in console or "2026, No. 2" in console
    client.post(f"/editor/manuscripts/{manuscript.id}/schedule", data={"issue_id": issue.id})
    db.session.expire_all()
    article = db.session.scalar(select(Article))
    assert article.issue_id == issue.id and article.manuscript.state == "scheduled"
    console = client.get(f"/desk/manuscripts/{manuscript.id}").get_data(as_text=True)
    assert f"/editor/articles/{article.id}" in console


def test_editors_preview_an_issue_before_publishing_it(app, client, login, editor, author_id):
    from publishing import services
    from tests.publishing.conftest import ready_article

    issue = services.create_issue(editor, year=2026, number=1, volume=39)
    article = ready_article(accepted(author_id, title_zh="预览中的文章"), issue, editor)
    db.session.commit()
    login(client, editor.id)
    base = f"/editor/issues/{issue.id}/preview/"
    assert base in client.get(f"/editor/issues/{issue.id}").get_data(as_text=True)
    toc = client.get(base + "issues/2026/1/index.html")
    page = toc.get_data(as_text=True)
    assert toc.status_code == 200 and "预览中的文章" in page and "尚未公开" in page
    link = f"{base}qikandaodu/2026/0101/{article.id}.html"
    assert f'href="{link}"' in page  # the preview's links stay in the preview
    article_page = client.get(link).get_data(as_text=True)
    assert "预览中的文章" in article_page and "科研数据服务是高校图书馆的新职能。" in article_page
    assert client.get(base + "en/issues/2026/1/index.html").status_code == 200
    assert client.get(base + "qikandaodu/2026/0101/999.html").status_code == 404
    assert client.get(f"/qikandaodu/2026/0101/{article.id}.html").status_code == 404  # not public
    db.session.expire_all()
    assert db.session.get(Article, article.id).path is None  # the preview changed nothing


def test_authors_cannot_preview(client, login, editor, author_id):
    from publishing import services

    issue = services.create_issue(editor, year=2026, number=1, volume=39)
    db.session.commit()
    login(client, author_id)
    assert client.get(f"/editor/issues/{issue.id}/preview/").status_code == 403
