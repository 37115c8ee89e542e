"""The production journey in the browser: from an accepted manuscript, the author signs the
copyright agreement from the mailed link, the editor uploads a proof, the author approves it,
the editor schedules the manuscript into an issue and publishes it. Screenshots of the main
steps go to SHOTS."""

import os
import re
import tempfile
from pathlib import Path

import pytest

from accounts.models import Role
from core.extensions import db
from core.outbox import OutboxEmail
from publishing import services
from publishing.demo import docx_bytes
from tests.conftest import PASSWORD
from tests.factories import make_column
from tests.production.test_proofs import proof_pdf

pytestmark = pytest.mark.browser
# The screenshots of the journey's main steps (KANWU_SHOTS to put them elsewhere).
SHOTS = Path(os.environ.get("KANWU_SHOTS") or tempfile.gettempdir()) / "production-shots"


def _link(template: str, pattern: str) -> str:
    mail = db.session.scalars(db.select(OutboxEmail).where(OutboxEmail.template == template)
                              .order_by(OutboxEmail.id.desc())).first()
    return re.search(pattern, mail.body_text).group(0)


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / name), full_page=True)


def _signed_in_page(browser, live_server, email):
    context = browser.new_context(base_url=live_server.url, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto("/account/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form [type=submit]")
    page.wait_for_url(lambda url: "/account/login" not in url)
    return page


def test_from_acceptance_to_publication(page, browser, live_server, app, accepted, editor,
                                        make_user):
    make_user(roles=(Role.EDITOR,), email="desk@example.org", name="责任编辑")
    manuscript = accepted(column=make_column(), authors=[
        {"name": "张伟", "name_pinyin": "Zhang Wei", "email": "zhangwei@example.org",
         "affiliation": "河北大学图书馆", "corresponding": True},
        {"name": "王强", "name_pinyin": "Wang Qiang", "affiliation": "河北大学图书馆"}])
    issue = services.create_issue(editor, year=2027, number=1, volume=40)
    db.session.commit()
    manuscript_id, issue_id = manuscript.id, issue.id

    # The author signs from the link in the mail (no login): 1 click, 1 tick, the name typed.
    page.goto(_link("production/agreement_request", r"/agreement/\S+"))
    page.get_by_label("您的姓名（作为签名）").fill("张伟")
    page.get_by_label("本人已阅读上述协议，并以本作品作者的身份同意该协议。").check()
    _shot(page, "01-author-signs-agreement.png")
    page.get_by_role("button", name="签署协议").click()
    page.locator("#signed").wait_for()
    _shot(page, "02-agreement-signed.png")

    # The editor sees the signature in the console and sends the first proof: 3 clicks.
    desk = _signed_in_page(browser, live_server, "desk@example.org")
    desk.goto(f"/desk/manuscripts/{manuscript_id}")
    assert desk.locator("#production-panel .signature[data-signed=yes]").count() == 1
    desk.locator("#production-page").click()
    desk.set_input_files("#proof-upload input[type=file]", files=[{
        "name": "proof-1.pdf", "mimeType": "application/pdf", "buffer": proof_pdf()}])
    desk.locator("#proof-upload [type=submit]").click()
    desk.locator(".proof-round[data-state=sent]").wait_for()
    _shot(desk, "03-editor-sent-proof.png")

    # The author reads the proof (inline PDF) and approves it: 1 click (2 with reading it).
    db.session.expire_all()
    proof_path = _link("production/proof_sent", r"/proof/\S+")
    page.goto(proof_path)
    pdf = page.request.get(proof_path + "/proof.pdf")
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.headers["content-disposition"].startswith("inline")
    _shot(page, "04-author-reads-proof.png")
    page.get_by_role("button", name="确认校样无误").click()
    page.locator("#proof-answered").wait_for()
    _shot(page, "05-author-approved-proof.png")

    # The editor schedules into the issue, sets the pages, uploads the final manuscript and
    # publishes: 6 clicks.
    desk.goto(f"/desk/manuscripts/{manuscript_id}")
    desk.locator(f"form[action$='/editor/manuscripts/{manuscript_id}/schedule'] "
                 "[type=submit]").click()
    desk.wait_for_url(f"**/editor/issues/{issue_id}")
    desk.fill("input[name$=page_start]", "1")
    desk.fill("input[name$=page_end]", "8")
    desk.locator("form[action*='/arrange'] [type=submit]").click()
    desk.locator("td a[href*='/editor/articles/']").first.click()
    desk.set_input_files("form[action$='/final'] input[type=file]", files=[{
        "name": "final.docx", "buffer": docx_bytes([("1 引言", ["正文。"])]),
        "mimeType": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}])
    desk.locator("form[action$='/final'] [type=submit]").click()
    desk.goto(f"/editor/issues/{issue_id}")
    desk.locator(f"form[action$='/editor/issues/{issue_id}/publish'] [type=submit]").click()
    desk.locator(".badge.text-bg-success").wait_for()
    _shot(desk, "06-editor-published-issue.png")
    db.session.expire_all()
    assert db.session.get(type(manuscript), manuscript_id).state == "published"
