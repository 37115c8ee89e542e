"""The gate through the pages: a held copy never reaches a reviewer; the editor sees each hit
in its context and resolves it; nobody else can; the authors' upload link works for its one
file; the reason for sending anyway stays with the editors."""

import io
import re

import pytest

from core.extensions import db
from review.models import ReviewFile
from tests.review.conftest import from_page, refused
from tests.review.gate_support import (
    leaky_docx,
    leaky_pdf,
    passthrough_cleaner,
    plain_docx,
    start_round,
    use_file,
)

REASON = "作者姓名已公开于会议论文集"


def _state(app, file_id: int) -> tuple[str, list[str]]:
    with app.app_context():
        review_file = db.session.get(ReviewFile, file_id)
        return review_file.state, [e.action for e in review_file.events]


@pytest.fixture
def held(app, scene, monkeypatch):
    passthrough_cleaner(monkeypatch)
    use_file(app, scene.manuscript, leaky_docx())
    return start_round(app, scene)


@pytest.fixture
def reviewer_at_work(review_flow, scene):
    """Reviewer 1 has accepted; the id of their assignment."""
    assignment_id = review_flow.invite(scene.reviewers[0])
    review_flow.accept(scene.reviewers[0], "rev1@example.org")
    return assignment_id


def _resolve(client, file_id, action, **data):
    """Posted as the manage page's form is, its csrf_token with it (a refusal leads back to
    the page, with the reason)."""
    with client.application.app_context():
        manuscript_id = db.session.get(ReviewFile, file_id).round.manuscript_id
    return client.post(f"/review/files/{file_id}/{action}", data={"csrf_token": "-", **data},
                       content_type="multipart/form-data", follow_redirects=True,
                       headers=from_page(f"/review/manuscripts/{manuscript_id}"))


def test_a_held_copy_never_reaches_an_accepted_reviewer(app, client, login, outbox, scene, held,
                                                        reviewer_at_work):
    login(client, scene.reviewers[0])
    form = client.get(f"/review/assignments/{reviewer_at_work}").get_data(as_text=True)
    assert f"/files/{held}" not in form and "审稿文件仍在准备中" in form
    assert client.get(f"/review/assignments/{reviewer_at_work}/files/{held}").status_code == 404

    login(client, scene.editor)
    page = _resolve(client, held, "send-anyway", reason=REASON).get_data(as_text=True)
    assert "已发给审稿人" in page
    login(client, scene.reviewers[0])
    download = client.get(f"/review/assignments/{reviewer_at_work}/files/{held}")
    assert download.status_code == 200 and download.data.startswith(b"PK")
    download.close()
    told = [m for m in outbox.deliver() if "review-file-ready" in m["X-Kanwu-Dedupe-Key"]]
    assert [m["To"] for m in told] == ["rev1@example.org"]


def test_the_editor_sees_each_hit_in_context_and_four_ways_out(app, client, login, scene,
                                                                held):
    login(client, scene.editor)
    html = client.get(f"/review/manuscripts/{scene.manuscript}").get_data(as_text=True)
    assert "已被匿名检查扣留" in html
    assert "zhangwei@hbu.example.org" in html and "<mark>张伟</mark>" in html
    for action in ("mask", "replace", "ask-authors", "send-anyway"):
        assert f"/review/files/{held}/{action}" in html
    console = client.get(f"/desk/manuscripts/{scene.manuscript}").get_data(as_text=True)
    assert "被匿名检查扣留" in console


@pytest.mark.parametrize("action", ["mask", "replace", "ask-authors", "send-anyway"])
def test_nobody_but_the_manuscripts_editors_resolves(app, client, login, scene, held,
                                                     reviewer_at_work, action):
    for intruder in (scene.author, scene.reviewers[0]):
        login(client, intruder)
        response = client.post(f"/review/files/{held}/{action}", data={
            "reason": REASON, "file": (io.BytesIO(plain_docx("正文")), "clean.docx")},
            content_type="multipart/form-data")
        assert response.status_code == 404
    anonymous = app.test_client().post(f"/review/files/{held}/{action}")
    assert anonymous.status_code == 302 and "/account/login" in anonymous.location
    assert _state(app, held) == ("held", ["held"])


def test_sending_anyway_twice_releases_once(app, client, login, scene, held):
    login(client, scene.editor)
    _resolve(client, held, "send-anyway", reason=REASON)
    again = _resolve(client, held, "send-anyway", reason=REASON).get_data(as_text=True)
    assert "没有需要处理的" in again
    assert _state(app, held) == ("ready", ["held", "send_anyway"])


def test_bad_input_gets_a_message_and_changes_nothing(app, client, login, scene, held):
    login(client, scene.editor)
    page = _resolve(client, held, "send-anyway", reason="  ").get_data(as_text=True)
    assert "请说明" in page
    page = _resolve(client, held, "replace",
                    file=(io.BytesIO(b"GIF89a not a manuscript"), "clean.docx")).get_data(
        as_text=True)
    assert "既不是 Word 文档" in page
    page = _resolve(client, held, "replace").get_data(as_text=True)
    assert "请选择" in page
    assert _state(app, held) == ("held", ["held"])


def test_masking_a_pdf_says_why_not(app, client, login, scene):
    use_file(app, scene.manuscript, leaky_pdf(), "application/pdf")
    file_id = start_round(app, scene)
    login(client, scene.editor)
    response = _resolve(client, file_id, "mask")
    assert response.status_code == 200 and 'alert-danger' in response.get_data(as_text=True)
    assert _state(app, file_id) == ("held", ["held"])


def test_the_reason_stays_with_the_editors(app, client, login, scene, held, reviewer_at_work):
    login(client, scene.editor)
    _resolve(client, held, "send-anyway", reason=REASON)
    assert REASON in client.get(f"/review/manuscripts/{scene.manuscript}").get_data(as_text=True)
    login(client, scene.author)
    for url in (f"/manuscripts/{scene.manuscript}", f"/review/manuscripts/{scene.manuscript}"
                "/reviews", "/manuscripts/"):
        assert REASON not in client.get(url).get_data(as_text=True)
    login(client, scene.reviewers[0])
    for url in (f"/review/assignments/{reviewer_at_work}", "/review/mine"):
        assert REASON not in client.get(url).get_data(as_text=True)


def _upload_link(outbox) -> str:
    mail = [m for m in outbox.deliver() if "review-gate-request" in m["X-Kanwu-Dedupe-Key"]][-1]
    url = re.search(r"http://\S+/review/anonymised-file/\S+", mail.get_body(("plain",))
                    .get_content()).group(0)
    return re.sub(r"^https?://[^/]+", "", url)


def test_the_authors_upload_link_from_the_mail(app, client, login, outbox, scene, held):
    login(client, scene.editor)
    page = _resolve(client, held, "ask-authors").get_data(as_text=True)
    assert "zhangwei@hbu.example.org" in page
    link = _upload_link(outbox)
    client = app.test_client()  # the authors' link needs no account
    assert "上传匿名稿件" in client.get(link).get_data(as_text=True)
    response = client.post(link, data={"file": (io.BytesIO(b"not a file"), "x.docx")},
                           content_type="multipart/form-data")
    assert "既不是 Word 文档" in refused(client, response, link)
    assert _state(app, held)[0] == "held"
    still = client.post(link, data={"file": (io.BytesIO(leaky_docx()), "a.docx")},
                        content_type="multipart/form-data").get_data(as_text=True)
    assert "仍" in still and _state(app, held)[0] == "held"
    done = client.post(link, data={"file": (io.BytesIO(plain_docx("正文")), "a.docx")},
                       content_type="multipart/form-data").get_data(as_text=True)
    assert "通过了匿名检查" in done
    assert _state(app, held) == ("ready", ["held", "ask_authors", "author_upload",
                                           "author_upload"])
    gone = client.get(link)
    assert gone.status_code == 410 and "不再需要" in gone.get_data(as_text=True)
    assert client.get(link[:-3] + "abc").status_code == 410

