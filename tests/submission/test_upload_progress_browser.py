"""The wizard's upload says how far it is: a bar with its percentage and speed, then "checking
the file…" until the report; a cancelled upload keeps nothing."""

import io
import os
import re
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func, select

from core.extensions import db
from submission.models import ManuscriptFile
from submission.samples import sample_docx
from tests.accounts.test_browser import log_in
from tests.conftest import PASSWORD
from tests.factories import make_column, make_manuscript

pytestmark = pytest.mark.browser
MB = 1024 * 1024
UPLOAD = "form[data-upload-progress] button[type=submit]"


def _large_docx(size: int) -> bytes:
    """A valid manuscript with an unreferenced part that makes it `size` bytes or so."""
    buffer = io.BytesIO(sample_docx())
    with zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_STORED) as docx:
        docx.writestr("customXml/padding.bin", os.urandom(size))
    return buffer.getvalue()


def _slow_uploads(page, bytes_per_second: int) -> None:
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", {
        "offline": False, "latency": 20, "downloadThroughput": -1,
        "uploadThroughput": bytes_per_second})


def _draft_at_the_files_step(app, page, make_user) -> int:
    author = make_user(email="upload.author@example.org", name="张伟")
    with app.app_context():
        column = make_column(name_zh="信息技术应用")
        manuscript_id = make_manuscript(author, state="draft", column=column).id
        db.session.commit()
    log_in(page, "upload.author@example.org", PASSWORD)
    page.goto(f"/manuscripts/{manuscript_id}/wizard/files")
    return manuscript_id


def _files(app, manuscript_id: int) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(ManuscriptFile).where(
            ManuscriptFile.manuscript_id == manuscript_id))


def test_the_bar_moves_then_the_file_is_checked(app, page, make_user, tmp_path):
    manuscript_id = _draft_at_the_files_step(app, page, make_user)
    upload = tmp_path / "论文.docx"
    upload.write_bytes(_large_docx(3 * MB))
    _slow_uploads(page, 1 * MB)
    page.set_input_files("input[type=file]", str(upload))
    # Every text the status line shows is recorded as it changes (polling it could miss the
    # short "checking" state); the console outlives the page the answer replaces.
    texts = []
    page.on("console", lambda message: texts.append(message.text))
    page.evaluate("""() => {
        const status = document.querySelector('.upload-status');
        new MutationObserver(() => console.log(status.textContent))
            .observe(status, {childList: true, characterData: true, subtree: true});
    }""")
    page.click(UPLOAD)
    page.wait_for_selector("text=文件已上传并完成格式检查", timeout=30_000)
    seen = {int(found.group(1)) for found in (re.search(r"(\d+)%", t) for t in texts) if found}
    assert len(seen) >= 3 and max(seen) > min(seen), seen  # the bar moved
    assert any("MB/s" in t for t in texts) and any("正在检查" in t for t in texts), texts
    page.wait_for_selector("text=文件已上传并完成格式检查")
    assert "参考文献" in page.locator(".compliance-report").inner_text()
    assert _files(app, manuscript_id) == 1


def test_a_cancelled_upload_keeps_nothing(app, page, make_user, tmp_path):
    manuscript_id = _draft_at_the_files_step(app, page, make_user)
    stored_before = sorted(Path(app.config["UPLOAD_DIR"]).rglob("*"))
    upload = tmp_path / "论文.docx"
    upload.write_bytes(_large_docx(6 * MB))
    _slow_uploads(page, 512 * 1024)
    page.set_input_files("input[type=file]", str(upload))
    page.click(UPLOAD)
    page.wait_for_selector(".upload-cancel:visible")
    for _ in range(200):  # some of it has been sent
        if re.search(r"[1-9]\d*%", page.locator(".upload-status").inner_text()):
            break
        page.wait_for_timeout(50)
    page.click(".upload-cancel")
    page.wait_for_selector("text=已取消上传")
    assert page.locator(UPLOAD).is_enabled()
    page.wait_for_timeout(500)
    assert _files(app, manuscript_id) == 0
    assert sorted(Path(app.config["UPLOAD_DIR"]).rglob("*")) == stored_before
