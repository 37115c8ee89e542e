"""Messages on a manuscript: the authors' thread and a reviewer's thread, through the views."""

import io
import re
import zipfile
from urllib.parse import unquote

from sqlalchemy import func, select

from core.extensions import db
from review.message_models import AttachmentState, Message, MessageAttachment, MessageThread
from tests.review.conftest import from_page, make_docx, make_pdf, path_of
from tests.review.gate_support import leaky_docx, leaky_pdf
from tests.review.messaging_support import post_message, reviewing


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_editor_and_authors_write_to_each_other(app, client, login, outbox, review_flow, scene):
    review_flow.start()
    url = f"/review/manuscripts/{scene.manuscript}/messages"
    login(client, scene.editor)
    assert post_message(client, url, "请补充数据来源。").status_code == 302
    login(client, scene.author)
    page = client.get(url).get_data(as_text=True)
    assert "请补充数据来源。" in page and "编辑部" in page and "编辑赵敏" not in page
    assert post_message(client, url, "已补充，见附件。",
                        files=[("答复.docx", make_docx("答复"))]).status_code == 302
    detail = client.get(f"/manuscripts/{scene.manuscript}").get_data(as_text=True)
    assert "请补充数据来源。" in detail and url in detail  # in the manuscript's timeline
    mails = outbox.deliver()
    to_author = [m for m in mails if "review-message" in m["X-Kanwu-Dedupe-Key"]
                 and m["To"] == "zhangwei@hbu.example.org"]
    to_editor = [m for m in mails if "review-message" in m["X-Kanwu-Dedupe-Key"]
                 and m["To"] == "editor@example.org"]
    assert len(to_author) == 1 and "编辑部" in to_author[0]["Subject"]
    assert len(to_editor) == 1 and "作者" in to_editor[0]["Subject"]
    login(client, scene.editor)
    response = client.get(f"/desk/manuscripts/{scene.manuscript}")
    console = response.get_data(as_text=True)
    assert "已补充，见附件。" in console and "与作者的消息" in console


def test_double_post_is_stored_once(app, client, login, outbox, review_flow, scene):
    review_flow.start()
    url = f"/review/manuscripts/{scene.manuscript}/messages"
    login(client, scene.author)
    for _ in range(2):
        assert post_message(client, url, "同一条消息", nonce="same-nonce-1").status_code == 302
    with app.app_context():
        assert _count(Message) == 1 and _count(MessageThread) == 1
    assert len([m for m in outbox.deliver() if "review-message" in m["X-Kanwu-Dedupe-Key"]]) == 1


def test_bad_input_keeps_the_text(app, client, login, review_flow, scene):
    review_flow.start()
    url = f"/review/manuscripts/{scene.manuscript}/messages"
    login(client, scene.author)
    response = post_message(client, url, "我写了很长的一段话",
                            files=[("notes.txt", b"plain text, not a document")])
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "我写了很长的一段话" in html and "notes.txt" in html and "Word" in html
    assert post_message(client, url, "   ").status_code == 400
    with app.app_context():
        assert _count(Message) == 0


def test_reviewer_thread_and_resolution(app, client, login, outbox, review_flow, scene):
    assignment_id = reviewing(review_flow, scene)
    url = f"/review/assignments/{assignment_id}/messages"
    login(client, scene.editor)
    assert post_message(client, url, "请在周五前提交。").status_code == 302
    login(client, scene.reviewers[0])
    form = client.get(f"/review/assignments/{assignment_id}").get_data(as_text=True)
    assert url in form  # reached from the review work page
    page = client.get(url).get_data(as_text=True)
    assert "请在周五前提交。" in page and "编辑部" in page and "编辑赵敏" not in page
    assert post_message(client, url, "好的，附上批注。",
                        files=[("陈晓明批注.pdf", make_pdf("陈晓明"))]).status_code == 302
    login(client, scene.editor)
    page = client.get(url).get_data(as_text=True)
    assert "审稿人 1" in page or "审稿人1" in page
    assert "陈晓明批注.pdf" in page  # the editors see the reviewer's file as uploaded
    with app.app_context():
        thread = db.session.scalar(select(MessageThread))
    assert client.post(f"/review/threads/{thread.id}/resolve").status_code == 302
    assert "已解决" in client.get(url).get_data(as_text=True)
    assert client.post(f"/review/threads/{thread.id}/resolve").status_code == 409  # already
    login(client, scene.reviewers[0])
    assert client.post(f"/review/threads/{thread.id}/reopen").status_code == 404
    post_message(client, url, "还有一个问题。")
    with app.app_context():
        assert db.session.get(MessageThread, thread.id).resolved_at is None  # reopened
    reviewer_mails = [m for m in outbox.deliver() if m["To"] == "rev1@example.org"
                      and "review-message" in m["X-Kanwu-Dedupe-Key"]]
    assert len(reviewer_mails) == 1 and "/review/work/" in reviewer_mails[0].get_body(
        ("plain",)).get_content()


def test_attachment_to_a_reviewer_passes_the_gate(app, client, login, review_flow, scene):
    assignment_id = reviewing(review_flow, scene)
    url = f"/review/assignments/{assignment_id}/messages"
    login(client, scene.editor)
    post_message(client, url, "请参考这两份说明。",
                 files=[("张伟-说明.pdf", leaky_pdf()), ("张伟-附录.docx", leaky_docx())])
    with app.app_context():
        held, cleaned = db.session.scalars(select(MessageAttachment).order_by(
            MessageAttachment.id)).all()
        assert held.state == AttachmentState.HELD and held.hits  # a PDF's text is not masked
        assert cleaned.state == AttachmentState.READY  # the Word file was cleaned
    download = f"/review/message-attachments/{held.id}"
    login(client, scene.reviewers[0])
    page = client.get(url).get_data(as_text=True)
    assert download not in page and "张伟" not in page
    assert client.get(download).status_code == 404
    response = client.get(f"/review/message-attachments/{cleaned.id}")
    data = response.data
    response.close()
    assert unquote(response.headers["Content-Disposition"]).endswith(f"附件-{cleaned.id}.docx")
    with zipfile.ZipFile(io.BytesIO(data)) as docx:
        assert "张伟" not in docx.read("word/document.xml").decode()
    login(client, scene.editor)
    assert client.post(f"{download}/send-anyway", data={"reason": ""}).status_code == 303
    assert client.post(f"{download}/mask", data={"reason": ""},
                       headers=from_page(url)).status_code == 303  # a PDF: not masked
    assert client.post(f"{download}/send-anyway",
                       data={"reason": "作者姓名出现在参考文献中，无妨"}).status_code == 302
    with app.app_context():
        assert db.session.get(MessageAttachment, held.id).resolution == "send_anyway"
    login(client, scene.reviewers[0])
    response = client.get(download)
    response.close()
    assert response.status_code == 200
    assert unquote(response.headers["Content-Disposition"]).endswith(f"附件-{held.id}.pdf")


def test_editor_text_naming_an_author_is_refused_in_double_blind(app, client, login,
                                                                  review_flow, scene):
    assignment_id = reviewing(review_flow, scene)
    login(client, scene.editor)
    response = post_message(client, f"/review/assignments/{assignment_id}/messages",
                            "作者张伟希望您尽快审稿")
    assert response.status_code == 400
    assert "作者张伟希望您尽快审稿" in response.get_data(as_text=True)  # the text comes back
    with app.app_context():
        assert _count(Message) == 0


def test_a_reviewer_without_an_account_answers_through_the_mailed_link(app, client, login,
                                                                        outbox, review_flow,
                                                                        scene):
    assignment_id = reviewing(review_flow, scene)
    url = f"/review/assignments/{assignment_id}/messages"
    login(client, scene.editor)
    post_message(client, url, "能否提前一周提交？")
    mail = [m for m in outbox.deliver() if m["To"] == "rev1@example.org"
            and "review-message" in m["X-Kanwu-Dedupe-Key"]][-1]
    link = re.search(r"http://\S+", mail.get_body(("plain",)).get_content()).group(0)
    review_flow.sign_out()
    response = client.get(path_of(link))
    assert response.status_code == 302 and response.location.endswith(url)
    assert "能否提前一周提交？" in client.get(url).get_data(as_text=True)
    assert post_message(client, url, "可以。").status_code == 302
    with app.app_context():
        answer = db.session.scalars(select(Message).order_by(Message.id)).all()[-1]
        assert answer.side == "reviewer" and answer.sender_id == scene.reviewers[0]
