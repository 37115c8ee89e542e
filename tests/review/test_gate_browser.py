"""The gate in Chromium: four reviewers' copies are held because they name an author, and the
editor resolves one by each way: masking, uploading a cleaned copy, asking the authors (who
upload through the mailed link, signed in as nobody), and sending anyway with a reason."""

import re

import pytest

from core.extensions import db
from review.models import FileState, ReviewFile
from tests.review.conftest import path_of
from tests.review.gate_support import leaky_docx, passthrough_cleaner, plain_docx, start_round
from tests.review.test_browser import _login, _shot

pytestmark = pytest.mark.browser
REASON = "作者姓名已在会议预印本中公开，编辑部决定照常送审"


def _four_held_copies(app, scene, monkeypatch) -> list[int]:
    from review.rounds import add_review_file, current_round
    from review.tasks import anonymise_pending
    from submission.models import Manuscript, ManuscriptFile
    from submission.storage import save_bytes

    start_round(app, scene)  # the manuscript's own copy: clean, ready
    passthrough_cleaner(monkeypatch)  # a cleaner that misses the byline: held, maskable
    data = leaky_docx()
    with app.test_request_context():
        manuscript = db.session.get(Manuscript, scene.manuscript)
        review_round = current_round(manuscript)
        ids = []
        for n in range(4):
            source = ManuscriptFile(
                manuscript=manuscript, kind="supplementary", version=1, original_name="a.docx",
                sha256=save_bytes(data), size=len(data), uploaded_by_id=scene.author,
                mimetype="application/vnd.openxmlformats-officedocument.wordprocessingml."
                         "document")
            db.session.add(source)
            db.session.flush()
            ids.append(add_review_file(review_round, source, f"-s{n}").id)
        db.session.commit()
    anonymise_pending()
    return ids


def _states(app, ids) -> list[str]:
    with app.app_context():
        db.session.expire_all()
        return [db.session.get(ReviewFile, i).state for i in ids]


def test_the_editor_resolves_held_copies_four_ways(app, browser, live_server, outbox, scene,
                                                   page, monkeypatch, tmp_path):
    masked, replaced, asked, sent = ids = _four_held_copies(app, scene, monkeypatch)
    assert _states(app, ids) == [FileState.HELD] * 4
    clean_file = tmp_path / "cleaned.docx"
    clean_file.write_bytes(plain_docx("高校图书馆数据服务研究", "摘要：本文研究数据服务。"))

    editor = _login(browser, live_server, "editor@example.org")
    editor.goto(f"/review/manuscripts/{scene.manuscript}")
    _shot(editor, "gate-held-copies")
    card = editor.locator(f"#gate-{masked}")
    assert "zhangwei@hbu.example.org" in card.locator("table.gate-hits").inner_text()
    card.get_by_role("button", name="遮盖这些出现之处").click()
    editor.get_by_text("审稿副本现已匿名").wait_for()
    assert editor.locator(f"#gate-{masked}").count() == 0

    card = editor.locator(f"#gate-{replaced}")
    card.locator("input[type=file]").set_input_files(str(clean_file))
    card.get_by_role("button", name="上传已清理的副本", exact=True).click()
    editor.get_by_text("审稿副本现已匿名").wait_for()

    editor.locator(f"#gate-{asked}").get_by_role("button", name="请作者提供匿名稿件").click()
    editor.get_by_text("已请作者提供匿名稿件").first.wait_for()
    mail = [m for m in outbox.deliver() if "review-gate-request" in m["X-Kanwu-Dedupe-Key"]][-1]
    link = re.search(r"http://\S+/review/anonymised-file/\S+",
                     mail.get_body(("plain",)).get_content()).group(0)
    author = browser.new_context(base_url=live_server.url, locale="zh-CN").new_page()
    author.goto(path_of(link))
    author.locator("input[type=file]").set_input_files(str(clean_file))
    author.get_by_role("button", name="上传", exact=True).click()
    author.get_by_text("通过了匿名检查").wait_for()
    author.context.close()

    editor.reload()
    card = editor.locator(f"#gate-{sent}")
    card.locator("textarea[name=reason]").fill(REASON)
    card.get_by_role("button", name="仍然发送").click()
    editor.get_by_text("副本已发给审稿人").wait_for()
    assert REASON in editor.locator("#gate").inner_text()
    assert editor.locator(".gate-held").count() == 0
    _shot(editor, "gate-resolved")
    assert _states(app, ids) == [FileState.READY] * 4
    editor.context.close()
