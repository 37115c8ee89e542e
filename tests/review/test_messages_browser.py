"""Messages in Chromium: the editor writes to a reviewer from the manuscript console (a double
click stores one message), the reviewer answers from the review page with an attachment, the
editor reads it and marks the thread resolved; the author never sees the thread."""

import pytest
from sqlalchemy import func, select

from core.extensions import db
from review.message_models import Message
from tests.review.conftest import make_docx
from tests.review.test_browser import _login, _shot

pytestmark = pytest.mark.browser


def _reviewing(app, scene) -> int:
    """In review, the first reviewer has accepted: their assignment's id."""
    from accounts.models import User
    from review import invitations
    from review.rounds import current_round
    from review.tasks import anonymise_pending
    from review.tokens import LinkHolder
    from submission.models import Manuscript
    from submission.workflow import Action, advance

    with app.test_request_context():
        editor = db.session.get(User, scene.editor)
        manuscript = db.session.get(Manuscript, scene.manuscript)
        advance(manuscript, Action.SEND_TO_REVIEW, editor)
        assignment = invitations.invite(current_round(manuscript),
                                        db.session.get(User, scene.reviewers[0]), editor)
        invitations.accept(assignment, LinkHolder.of(assignment), competing_interests="")
        db.session.commit()
        assignment_id = assignment.id
    anonymise_pending()
    return assignment_id


def test_editor_and_reviewer_write_and_the_author_never_sees_it(app, browser, live_server,
                                                                scene, page, tmp_path):
    assignment_id = _reviewing(app, scene)
    notes = tmp_path / "陈晓明-批注.docx"
    notes.write_bytes(make_docx("对第三节的补充意见", author="审稿人陈晓明"))

    editor = _login(browser, live_server, "editor@example.org")
    editor.goto(f"/desk/manuscripts/{scene.manuscript}")
    _shot(editor, "messages-01-editor-console")
    editor.locator("#messages-panel").get_by_role("link", name="与审稿人1的消息").click()
    editor.get_by_label("消息").fill("请重点核对第三节的样本数据。")
    editor.locator("#send-message").dblclick()
    editor.get_by_text("您的消息已发送。").first.wait_for()
    _shot(editor, "messages-02-editor-wrote")
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Message)) == 1

    reviewer = _login(browser, live_server, "rev1@example.org")
    reviewer.goto(f"/review/assignments/{assignment_id}")
    reviewer.locator("#reviewer-messages").click()
    message = reviewer.locator("#messages .message").first
    assert "编辑部" in message.locator(".writer").inner_text()
    assert "编辑赵敏" not in reviewer.content()
    reviewer.get_by_label("消息").fill("已核对，批注见附件。")
    reviewer.locator("input[type=file]").set_input_files(str(notes))
    reviewer.locator("#send-message").click()
    reviewer.get_by_text("您的消息已发送。").first.wait_for()
    _shot(reviewer, "messages-03-reviewer-answered")

    editor.reload()
    assert "已核对，批注见附件。" in editor.locator("#messages").inner_text()
    assert "陈晓明-批注.docx" in editor.locator("#messages").inner_text()
    editor.locator("#resolve-thread").click()
    editor.get_by_text("该对话已标记为已解决。").wait_for()
    assert editor.locator("#thread-state").inner_text() == "已解决"
    _shot(editor, "messages-04-editor-resolved")

    author = _login(browser, live_server, "zhangwei@hbu.example.org")
    author.goto(f"/manuscripts/{scene.manuscript}")
    text = author.content()
    assert "样本数据" not in text and "陈晓明" not in text and "已核对" not in text
    author.locator("#author-messages").click()
    assert "已核对" not in author.content()
    _shot(author, "messages-05-author-own-thread")
    response = author.goto(f"/review/assignments/{assignment_id}/messages")
    assert response.status == 404
    _shot(author, "messages-06-author-404")
