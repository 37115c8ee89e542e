"""The author's pages and the wizard through the test client, with the bad inputs."""

import io

import pytest
from sqlalchemy import func, select

from core.extensions import db
from core.outbox import OutboxEmail
from submission.models import Manuscript, ManuscriptFile
from submission.samples import sample_docx
from tests.factories import make_column
from tests.submission.helpers import ready_draft, submitted


@pytest.fixture
def author(quick_user):
    return quick_user(name="张伟", email="zhangwei@example.org")


@pytest.fixture
def editor(quick_user):
    return quick_user(roles=("editor",), name="编辑赵敏", email="editor@example.org")


@pytest.fixture
def column_id(app):
    with app.app_context():
        column = make_column(name_zh="理论研究", description_zh="基础理论", length_limit_chars=8000)
        db.session.commit()
        return column.id


def make(app, builder, *args, **kwargs) -> int:
    with app.test_request_context("/"):
        manuscript = builder(*args, **kwargs)
        db.session.commit()
        return manuscript.id


def get(app, manuscript_id) -> Manuscript:
    with app.app_context():
        manuscript = db.session.get(Manuscript, manuscript_id)
        db.session.expunge(manuscript)
        return manuscript


def upload(client, manuscript_id, data, name="paper.docx"):
    return client.post(f"/manuscripts/{manuscript_id}/wizard/files",
                       data={"file": (io.BytesIO(data), name), "kind": "manuscript"},
                       content_type="multipart/form-data", follow_redirects=True)


def text(response) -> str:
    return response.get_data(as_text=True)


def from_page(path: str) -> dict:
    """The headers of a form posted from `path` (a browser names the page it was on)."""
    return {"Referer": f"http://localhost{path}"}


def test_the_wizard_step_by_step(app, client, login, author, column_id, outbox):
    login(client, author)
    page = text(client.get("/submit"))
    assert "理论研究" in page and "基础理论" in page and "8000" in page
    response = client.post("/submit", data={"column": column_id})
    manuscript_id = int(response.location.split("/")[2])
    assert "一稿多投" in text(client.get(response.location))
    client.post(f"/manuscripts/{manuscript_id}/wizard/checklist",
                data={"checklist": "y", "declaration": "y"})
    # Resumable: the wizard remembers where the author got to.
    assert client.get(f"/manuscripts/{manuscript_id}/wizard").location.endswith("/metadata")
    page = text(upload(client, manuscript_id, sample_docx()))
    assert "compliance-report" in page and "list-group-item-danger" not in page
    client.post(f"/manuscripts/{manuscript_id}/prefill")
    page = text(client.get(f"/manuscripts/{manuscript_id}/wizard/metadata"))
    assert "高校图书馆数据服务研究" in page and "G250.7" in page
    response = client.post(f"/manuscripts/{manuscript_id}/wizard/metadata", data={
        "title_zh": "高校图书馆数据服务研究", "title_en": "Data Services",
        "abstract_zh": "摘要" * 120, "abstract_en": "Abstract", "keywords_zh": "图书馆；数据；服务",
        "keywords_en": "library; data; services", "clc_number": "G250.7", "document_code": "A",
        "grants": "河北省社会科学基金 | HB21TQ001"})
    assert response.location.endswith("/authors")
    client.post(f"/manuscripts/{manuscript_id}/wizard/authors", data={
        "name": "李娜", "email": "lina@example.org", "affiliation": "河北师范大学", "locale": "en"})
    page = text(client.get(f"/manuscripts/{manuscript_id}/wizard/authors"))
    assert "Li Na" in page  # pinyin filled in
    page = text(client.get(f"/manuscripts/{manuscript_id}/wizard/review"))
    assert "河北省社会科学基金（HB21TQ001）" in page and "alert-danger" not in page
    version = get(app, manuscript_id).version_id
    response = client.post(f"/manuscripts/{manuscript_id}/submit",
                           data={"expected_version": version}, follow_redirects=True)
    manuscript = get(app, manuscript_id)
    assert manuscript.state == "submitted" and manuscript.number in text(response)
    mails = outbox.deliver()
    assert sorted(m["To"] for m in mails) == ["lina@example.org", "zhangwei@example.org"]
    subjects = {m["To"]: m["Subject"] for m in mails}
    assert subjects["lina@example.org"] == f"Manuscript received: {manuscript.number}"
    assert subjects["zhangwei@example.org"].startswith("投稿确认")


def test_missing_fields_are_listed_and_block_submit(app, client, login, author, column_id):
    login(client, author)
    manuscript_id = int(client.post("/submit", data={"column": column_id}).location.split("/")[2])
    response = client.post(f"/manuscripts/{manuscript_id}/wizard/metadata",
                           data={"title_zh": "只有题名"})
    page = text(response)
    assert response.status_code == 200 and "只有题名" in page  # nothing lost
    assert get(app, manuscript_id).title_zh == "只有题名"  # saved as a draft
    review = f"/manuscripts/{manuscript_id}/wizard/review"
    page = text(client.get(review))
    assert "alert-danger" in page and 'id="submit-form"' not in page
    response = client.post(f"/manuscripts/{manuscript_id}/submit",
                           data={"expected_version": get(app, manuscript_id).version_id},
                           headers=from_page(review))
    assert response.status_code == 303 and response.headers["Location"] == review
    assert "请填写英文题名。; 请填写中文摘要。" in text(client.get(review))  # the refusal, flashed
    assert get(app, manuscript_id).state == "draft"


@pytest.mark.parametrize(("data", "name"), [
    (b"MZ\x90\x00" + b"\x00" * 2000, "paper.docx"),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 2000, "paper.docx"),
    (b"PK\x03\x04garbage" * 10, "paper.docx"),
], ids=["executable", "image", "not-word"])
def test_wrong_files_get_a_message_and_leave_nothing(app, client, login, author, data, name):
    manuscript_id = make(app, ready_draft, author)
    login(client, author)
    response = upload(client, manuscript_id, data, name)
    assert [r.status_code for r in response.history] == [303]  # back to the form, with why
    assert response.request.path == f"/manuscripts/{manuscript_id}/wizard/files"
    page = text(response)
    assert "content was checked" in page or "按内容" in page
    with app.app_context():
        assert db.session.scalar(select(func.count(ManuscriptFile.id))) == 1


def test_oversize_upload_gets_a_friendly_413(app, client, login, author):
    manuscript_id = make(app, ready_draft, author)
    login(client, author)
    app.config["MAX_CONTENT_LENGTH"] = 50_000
    try:
        response = upload(client, manuscript_id, b"\0" * 100_000)
    finally:
        app.config["MAX_CONTENT_LENGTH"] = 60 * 2**20
    assert response.status_code == 413
    page = text(response)
    assert "超过 0 MB" not in page and "未保存任何内容" in page
    assert f'href="/manuscripts/{manuscript_id}/wizard/files"' in page  # back to the step


def test_the_413_names_the_journal_limit(app, client, login, author):
    manuscript_id = make(app, ready_draft, author)
    login(client, author)
    with app.app_context():
        from journal.models import get_journal

        get_journal().max_file_mb = 1
        db.session.commit()
    app.config["MAX_CONTENT_LENGTH"] = 2 * 2**20  # above the journal's 1 MB
    try:
        response = client.post(f"/manuscripts/{manuscript_id}/wizard/files",
                               data=b"\0" * (3 * 2**20), content_type="multipart/form-data")
    finally:
        app.config["MAX_CONTENT_LENGTH"] = 60 * 2**20
    assert response.status_code == 413
    assert "文件超过 1 MB" in text(response)


def test_the_checklist_says_which_rules_block_and_which_warn(app, client, login, author):
    manuscript_id = make(app, ready_draft, author)
    login(client, author)
    page = text(client.get(f"/manuscripts/{manuscript_id}/wizard/checklist"))
    blocking, warning = page.split("以下要求必须满足")[1].split("以下各项也会检查")
    assert "参考文献按 [1]" in blocking and "题名不超过 20 字" not in blocking
    assert "题名不超过 20 字" in warning and "摘要 200–300 字" in warning
    page = text(client.get(f"/manuscripts/{manuscript_id}/wizard/files"))
    assert 'data-max-bytes="20971520"' in page and "js/upload-limit.js" in page


def test_double_click_on_submit_gives_one_number_and_one_mail(app, client, login, author,
                                                             outbox):
    manuscript_id = make(app, ready_draft, author)
    login(client, author)
    version = get(app, manuscript_id).version_id
    first = client.post(f"/manuscripts/{manuscript_id}/submit", data={"expected_version": version})
    second = client.post(f"/manuscripts/{manuscript_id}/submit",
                         data={"expected_version": version})
    assert first.status_code == 302 and second.status_code == 303
    assert second.headers["Location"] == f"/manuscripts/{manuscript_id}"  # where its number is
    assert '<div class="alert alert-info" role="alert">此稿件已经提交' in text(
        client.get(second.headers["Location"]))
    with app.app_context():
        assert db.session.scalar(select(func.count(Manuscript.id))) == 1
        assert db.session.scalar(select(func.count(OutboxEmail.id))) == 3  # three authors
    assert len(outbox.deliver()) == 3


def test_after_withdrawal_no_edit_and_no_submit(app, client, login, author):
    manuscript_id = make(app, submitted, author)
    login(client, author)
    page = text(client.get(f"/manuscripts/{manuscript_id}/withdraw"))
    assert "reason" in page
    version = get(app, manuscript_id).version_id
    client.post(f"/manuscripts/{manuscript_id}/withdraw",
                data={"reason": "另投", "expected_version": version})  # not confirmed
    assert get(app, manuscript_id).state == "submitted"
    client.post(f"/manuscripts/{manuscript_id}/withdraw",
                data={"reason": "另投", "confirm": "y", "expected_version": version})
    assert get(app, manuscript_id).state == "withdrawn"
    metadata = f"/manuscripts/{manuscript_id}/wizard/metadata"
    response = client.post(metadata, data={"title_zh": "新题名"}, headers=from_page(metadata))
    assert response.status_code == 303 and response.headers["Location"] == metadata
    assert "已撤稿" in text(client.get(f"/manuscripts/{manuscript_id}"))  # flashed
    detail = f"/manuscripts/{manuscript_id}"
    response = client.post(f"/manuscripts/{manuscript_id}/submit",
                           data={"expected_version": get(app, manuscript_id).version_id},
                           headers=from_page(detail))
    assert response.status_code == 303 and response.headers["Location"] == detail
    assert "已撤稿" in text(client.get(detail))
    assert get(app, manuscript_id).title_zh != "新题名"
    assert get(app, manuscript_id).state == "withdrawn"


def test_another_authors_manuscript_is_not_found(app, client, login, author, quick_user):
    manuscript_id = make(app, submitted, author)
    with app.app_context():
        file_id = db.session.scalar(select(ManuscriptFile.id))
    login(client, quick_user())
    for url in [f"/manuscripts/{manuscript_id}", f"/manuscripts/{manuscript_id}/wizard/metadata",
                f"/manuscripts/{manuscript_id}/withdraw",
                f"/manuscripts/{manuscript_id}/files/{file_id}",
                f"/manuscripts/{manuscript_id}/receipt.pdf", "/manuscripts/99999"]:
        response = client.get(url)
        assert response.status_code == 404, url
        assert "高校图书馆" not in text(response)
    assert "高校图书馆" not in text(client.get("/manuscripts/"))


def test_receipt_return_and_resubmission(app, client, login, author, editor, outbox):
    manuscript_id = make(app, submitted, author)
    number = get(app, manuscript_id).number
    outbox.deliver()
    login(client, editor)
    version = get(app, manuscript_id).version_id
    client.post(f"/desk/manuscripts/{manuscript_id}/move", data={
        "action": "return_to_author", "note": "请补充英文摘要。", "expected_version": version})
    assert get(app, manuscript_id).state == "draft"
    login(client, author)
    page = text(client.get(f"/manuscripts/{manuscript_id}"))
    assert "请补充英文摘要。" in page and "编辑赵敏" not in page
    client.post(f"/manuscripts/{manuscript_id}/wizard/metadata", data={
        "title_zh": "高校图书馆数据服务研究", "title_en": "Data", "abstract_zh": "摘要",
        "abstract_en": "An English abstract.", "keywords_zh": "甲；乙；丙",
        "keywords_en": "a; b; c", "clc_number": "G250", "document_code": "A"})
    client.post(f"/manuscripts/{manuscript_id}/submit",
                data={"expected_version": get(app, manuscript_id).version_id})
    manuscript = get(app, manuscript_id)
    assert (manuscript.state, manuscript.number) == ("submitted", number)
    login(client, editor)
    client.post(f"/desk/manuscripts/{manuscript_id}/move",
                data={"action": "receive", "expected_version": manuscript.version_id})
    assert get(app, manuscript_id).state == "received"
    login(client, author)
    page = text(client.get(f"/manuscripts/{manuscript_id}"))
    assert "已收稿" in page and "receipt.pdf" in page
    pdf = client.get(f"/manuscripts/{manuscript_id}/receipt.pdf")
    assert pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    receipts = [m for m in outbox.deliver() if "收稿回执" in m["Subject"] or
                "Receipt" in m["Subject"]]
    assert len(receipts) == 3
    attachment = next(receipts[0].iter_attachments())
    assert attachment.get_filename() == f"receipt-{number}.pdf"
    assert attachment.get_content().startswith(b"%PDF")


def test_desk_reject_sends_the_letter(app, client, login, author, editor, outbox):
    """From the console's receipt panel, through the decision flow (peer review's)."""
    manuscript_id = make(app, submitted, author)
    acknowledgements = len(outbox.deliver())
    login(client, editor)
    client.post(f"/review/manuscripts/{manuscript_id}/desk-rejection", data={
        "letter": "超出本刊范围。", "letter_en": "Outside the journal's scope.",
        "version": get(app, manuscript_id).version_id})
    assert get(app, manuscript_id).state == "rejected"
    letters = outbox.deliver()[acknowledgements:]
    english = [m for m in letters if m["Subject"].startswith("Decision")]
    assert len(letters) == 3 and len(english) == 1  # a co-author reads English
    assert all("超出本刊范围。" in m.get_body().get_content() for m in letters
               if m not in english)
    assert "Outside the journal's scope." in english[0].get_body().get_content()


def test_move_from_wrong_state_and_stale_form_are_refused(app, client, login, author, editor):
    manuscript_id = make(app, ready_draft, author)
    login(client, editor)
    console = f"/desk/manuscripts/{manuscript_id}"
    response = client.post(f"{console}/move", data={
        "action": "receive", "expected_version": get(app, manuscript_id).version_id},
        headers=from_page(console))
    assert response.status_code == 303 and response.headers["Location"] == console
    assert "稿件处于“草稿”状态时不能“登记收稿”" in text(client.get(console))  # flashed
    assert get(app, manuscript_id).state == "draft"
    manuscript_id = make(app, submitted, author)
    console = f"/desk/manuscripts/{manuscript_id}"
    stale = get(app, manuscript_id).version_id
    client.post(f"{console}/move", data={"action": "receive", "expected_version": stale})
    response = client.post(f"{console}/move", data={
        "action": "return_to_author", "note": "x", "expected_version": stale},
        headers=from_page(console))
    assert response.status_code == 303 and "他人修改" in text(client.get(console))
    assert get(app, manuscript_id).state == "received"


def test_broker_outage_at_submit_saves_and_mails_later(app, client, login, author, outbox,
                                                       monkeypatch):
    from core.outbox import SEND_TASK

    send_email = app.extensions["celery"].tasks[SEND_TASK]  # the task the handoff uses

    def broker_down(*args, **kwargs):
        raise ConnectionError("broker unreachable")

    monkeypatch.setattr(send_email, "apply_async", broker_down)
    app.config["MAIL_DISPATCH_AFTER_COMMIT"] = True
    manuscript_id = make(app, ready_draft, author)
    login(client, author)
    try:
        response = client.post(f"/manuscripts/{manuscript_id}/submit",
                               data={"expected_version": get(app, manuscript_id).version_id})
    finally:
        app.config["MAIL_DISPATCH_AFTER_COMMIT"] = False
    assert response.status_code == 302 and get(app, manuscript_id).state == "submitted"
    assert outbox.messages == []
    assert len(outbox.deliver()) == 3  # the sweep, once the broker is back
    assert outbox.deliver() == outbox.messages and len(outbox.messages) == 3


def test_my_manuscripts_and_the_timeline_hide_editors(app, client, login, author, editor):
    manuscript_id = make(app, submitted, author)
    login(client, editor)
    client.post(f"/desk/manuscripts/{manuscript_id}/move",
                data={"action": "receive", "expected_version": get(app, manuscript_id).version_id})
    client.post(f"/desk/manuscripts/{manuscript_id}/move", data={
        "action": "send_to_review", "note": "请陈教授审稿",
        "expected_version": get(app, manuscript_id).version_id})
    login(client, author)
    page = text(client.get("/manuscripts/"))
    assert get(app, manuscript_id).number in page and "外审中" in page
    page = text(client.get(f"/manuscripts/{manuscript_id}"))
    assert "编辑部" in page and "编辑赵敏" not in page and "陈教授" not in page


def test_fill_in_from_the_file_is_offered_right_after_the_upload(app, client, login, author,
                                                                column_id):
    login(client, author)
    manuscript_id = int(client.post("/submit", data={"column": column_id}).location.split("/")[2])
    before = text(client.get(f"/manuscripts/{manuscript_id}/wizard/files"))
    assert "从文件中填入" not in before  # nothing uploaded, nothing to offer
    page = text(upload(client, manuscript_id, sample_docx()))
    assert "从文件中填入" in page and f"/manuscripts/{manuscript_id}/prefill" in page
    response = client.post(f"/manuscripts/{manuscript_id}/prefill")
    assert response.location.endswith("/wizard/metadata")  # where the filled fields are checked
    assert get(app, manuscript_id).title_zh == "高校图书馆数据服务研究"
