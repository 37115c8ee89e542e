"""The review journey in Chromium: a reviewer accepts from the mail link, scores, sees the total
change, saves, reloads, submits; the editor compares two reviews and asks for a minor revision;
the author revises; the editor accepts; the author downloads the 录用通知."""

import os
import re
from pathlib import Path

import pytest

from core.extensions import db
from tests.conftest import PASSWORD
from tests.review.conftest import make_docx, path_of

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("KANWU_SCREENSHOTS")  # a folder: keep screenshots of the journey


def _shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def _prepare(app, outbox, scene):
    """Send to review, invite both reviewers; reviewer 2 has already submitted a review."""
    from accounts.models import User
    from review import invitations, reviewing
    from review.rounds import current_round
    from review.tasks import anonymise_pending
    from review.tokens import LinkHolder
    from submission.models import Manuscript
    from submission.workflow import Action, advance

    with app.test_request_context():
        editor = db.session.get(User, scene.editor)
        manuscript = db.session.get(Manuscript, scene.manuscript)
        advance(manuscript, Action.SEND_TO_REVIEW, editor)
        review_round = current_round(manuscript)
        first = invitations.invite(review_round, db.session.get(User, scene.reviewers[0]), editor)
        second = invitations.invite(review_round, db.session.get(User, scene.reviewers[1]),
                                    editor)
        invitations.accept(second, LinkHolder.of(second), competing_interests="")
        reviewing.submit_review(second, {
            "scores": {"c1": 2, "c2": 3, "c3": 3, "c4": 4}, "recommendation": "major_revision",
            "comments_to_author": "The method section needs more detail."})
        db.session.commit()
        first_id = first.id
    anonymise_pending()
    mail = [m for m in outbox.deliver() if m["To"] == "rev1@example.org"][-1]
    accept = re.findall(r"http://\S+answer=accept", mail.get_body(("plain",)).get_content())[0]
    return first_id, path_of(accept)


def _login(browser, live_server, email):
    context = browser.new_context(base_url=live_server.url, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto("/account/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form [type=submit]")
    page.wait_for_url(lambda url: "/account/login" not in url)
    return page


def _decide(page, manuscript_id, verdict_label, reason=""):
    page.goto(f"/review/manuscripts/{manuscript_id}/decision")
    page.get_by_label(verdict_label, exact=True).check()
    if reason:
        page.fill("textarea[name=override_reason]", reason)
    page.get_by_role("button", name="撰写决定信").click()
    body = page.locator("textarea[name=letter_body]")
    body.fill(body.input_value() + "\n\n编辑补充：请注意参考文献格式。")
    page.get_by_role("button", name="发送处理决定").click()
    page.get_by_text("处理决定已记录").wait_for()


def test_review_journey(app, page, browser, live_server, outbox, scene, tmp_path):
    assignment_id, accept_link = _prepare(app, outbox, scene)

    # The reviewer answers the mail's link: declaration, accept, and lands on the form.
    page.goto(accept_link)
    page.get_by_label(re.compile("我已在上方声明")).check()
    page.get_by_role("button", name="接受邀请").click()
    page.wait_for_url(f"**/review/assignments/{assignment_id}")
    total = page.locator("#weighted-total")
    assert total.inner_text() == "—"
    for key, score in (("c1", 5), ("c2", 4), ("c3", 4)):
        page.check(f"#score-{key}-{score}")
    assert total.inner_text() == "—"  # not all criteria scored yet
    page.check("#score-c4-3")
    assert total.inner_text() == "83.0"  # (0.3*5 + 0.3*4 + 0.25*4 + 0.15*3) / 5 = 83 %
    page.check("#score-c4-5")
    assert total.inner_text() == "89.0"  # the total follows every change
    _shot(page, "journey_review_form")
    page.fill("#comments_to_author", "结构清晰，建议补充样本说明。")
    page.locator("#autosave-status", has_text="草稿已保存于").wait_for()  # autosaved by fetch
    page.get_by_role("button", name="保存草稿").click()  # and the button works too
    page.get_by_text("草稿已保存。").wait_for()
    page.reload()
    assert page.is_checked("#score-c4-5") and total.inner_text() == "89.0"
    assert page.input_value("#comments_to_author") == "结构清晰，建议补充样本说明。"
    page.check("#rec-minor_revision")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="提交审稿意见").click()
    page.get_by_text("您的审稿意见已提交").wait_for()
    assert page.locator("#comments_to_author").is_disabled()  # locked after submit

    # The editor compares the two reviews and asks for a minor revision.
    editor = _login(browser, live_server, "editor@example.org")
    editor.goto(f"/review/manuscripts/{scene.manuscript}/decision")
    table = editor.locator("#comparison")
    assert "审稿人1" in table.inner_text() and "审稿人2" in table.inner_text()
    assert "89.0" in table.inner_text() and "审稿人意见分歧" in table.inner_text()
    _shot(editor, "journey_decision")
    _decide(editor, scene.manuscript, "小修")

    # The author reads the reviews and uploads the revision with a response letter.
    author = _login(browser, live_server, "zhangwei@hbu.example.org")
    author.goto(f"/review/manuscripts/{scene.manuscript}/reviews")
    _shot(author, "journey_author_reviews")
    assert "结构清晰，建议补充样本说明。" in author.content()
    assert "审稿人陈晓明" not in author.content()
    revised, letter = tmp_path / "revised.docx", tmp_path / "letter.docx"
    revised.write_bytes(make_docx("修改稿正文"))
    letter.write_bytes(make_docx("逐条答复"))
    author.set_input_files("input[name=revised]", str(revised))
    author.set_input_files("input[name=response_letter]", str(letter))
    author.get_by_role("button", name="提交修改稿").click()
    author.get_by_text("您的修改稿已收到").wait_for()

    # The editor accepts the revision (one reviewer asked only for minor changes).
    _decide(editor, scene.manuscript, "录用", reason="小修意见已逐条落实，无需再次外审。")

    # The author downloads the acceptance notice.
    author.goto(f"/review/manuscripts/{scene.manuscript}/reviews")
    with author.expect_download() as download:
        author.click("#acceptance-notice")
    pdf = download.value.path().read_bytes()
    assert pdf.startswith(b"%PDF")
    for context in (editor.context, author.context):
        context.close()


def test_an_authors_manuscript_page_shows_no_reviewer(app, browser, live_server, outbox, scene):
    """Both reviewers invited (one has reviewed); the author opens the manuscript page and
    every letter on it: no reviewer's name, address or affiliation, no invitation link."""
    from core.outbox import queue_email
    from submission.models import Manuscript

    _prepare(app, outbox, scene)
    with app.test_request_context():
        manuscript = db.session.get(Manuscript, scene.manuscript)
        queue_email(to="zhangwei@hbu.example.org", template="review/decision_letter",
                    context={"letter_subject": "稿件处理进度通知",
                             "letter_body": "您的稿件正在外审。", "url": "http://127.0.0.1:5000/"},
                    locale="zh_CN",
                    dedupe_key="progress", about=("manuscript", manuscript.id))
        db.session.commit()
    outbox.deliver()
    author = _login(browser, live_server, "zhangwei@hbu.example.org")
    author.goto(f"/manuscripts/{scene.manuscript}")
    for summary in author.locator("details summary").all():
        summary.click()
    author.get_by_text("您的稿件正在外审。").wait_for()  # the author's own letter, opened
    _shot(author, "author_manuscript_page")
    html = author.content()
    for needle in ("审稿人陈晓明", "审稿人刘洋", "rev1@example.org", "rev2@example.org",
                   "北京大学图书馆", "南开大学", "/review/invitation/", "The method section"):
        assert needle not in html, needle
    author.context.close()
